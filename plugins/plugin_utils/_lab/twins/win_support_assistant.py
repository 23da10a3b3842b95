# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_support_assistant.ps1.

A scenario's ``tools["GetHelpCmd.exe"]`` gives ``path``, and in ``outcomes``: ``sha256``,
``created`` (UTC ``YYYY-MM-DDTHH:MM:SSZ``), ``writable_by_others`` (list of principals) and per scenario ``{"exit_code", "output"}``;
``faults.hanging_tools`` makes a run hang until its timeout.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op, tool_hangs
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import resolve, user_by_sid
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.wam import in_session, session_access

TOOL = "GetHelpCmd.exe"
PROFILE_KEYS = ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console")


def _tool(state, source):
    for tool in state.get("tools", {}).values():
        if tool["path"].lower() == source.lower():
            return tool
    return None


def _run(state, op, args, context):
    outcome = {"op": "run_scenario", "sid": op["sid"], "status": "failed", "error": None, "exit_code": None, "output": None}
    tool = _tool(state, args["source"])
    if tool is None:
        outcome["error"] = "%s was not found" % args["source"]
        return outcome
    scenario = op["arguments"].split()[1]
    scripted = tool.get("outcomes", {}).get(scenario)
    if scripted is None:
        outcome["error"] = "the lab scenario scripts no outcome for %s" % scenario
        return outcome

    def run_tool(_who=None):
        consume_op(state, "run_scenario %s" % scenario)
        if tool_hangs(state, TOOL):
            raise RuntimeError("%s did not finish within %d seconds and was stopped" % (args["source"], op["timeout"]))
        return {"exit_code": scripted.get("exit_code", 0), "output": scripted.get("output", "")}

    try:
        if op["as_user"]:
            profile = [p for p in resolve(state, "all")[0] if p["sid"] == op["sid"]]
            if not profile:
                outcome["error"] = "no profile with SID %s on this machine" % op["sid"]
                return outcome
            access = session_access(profile[0], args, context)
            if access not in ("direct", "interactive_task"):
                outcome["error"] = "the user's session cannot be reached now (%s)" % access
                return outcome
            error, run = in_session(state, user_by_sid(state, op["sid"]), access, args, run_tool)
            if error:
                outcome["error"] = error
                return outcome
        else:
            run = run_tool()
    except RuntimeError as exc:
        outcome["error"] = str(exc)
        return outcome
    outcome.update(status="ran", exit_code=run["exit_code"], output=run["output"][-4000:])
    return outcome


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        tool = _tool(state, args["source"])
        info = {"exists": tool is not None, "sha256": None, "created": None, "writable_by_others": []}
        if tool is not None:
            outcomes = tool.get("outcomes", {})
            info.update(sha256=outcomes.get("sha256", "0" * 64), created=outcomes.get("created"),
                        writable_by_others=outcomes.get("writable_by_others", []))
        users, problem = [], None
        if args.get("scenario", "ExpertExperienceAdminTask") == "ExpertExperienceAdminTask":
            selected, problem = resolve(state, args.get("user", "interactive"))
            users = [dict((key, profile[key]) for key in PROFILE_KEYS) for profile in selected]
        return {"changed": False, "probe": {"tool": info, "users": users, "user_problem": problem}}
    if check_mode:
        return {"failed": True, "msg": "win_support_assistant: the apply phase was called in check mode; nothing was run"}
    for op in args.get("_ops", []):
        if op["op"] != "run_scenario":
            return {"failed": True, "msg": "win_support_assistant: unknown op '%s'" % op["op"]}
    results = [_run(state, op, args, context) for op in args.get("_ops", [])]
    return {"changed": any(r["status"] == "ran" for r in results), "results": results}
