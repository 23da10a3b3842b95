# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_support_assistant.ps1.

A scenario's ``tools["GetHelpCmd.exe"]`` gives ``path``, and in ``outcomes``: ``sha256``,
``created`` (UTC ``YYYY-MM-DDTHH:MM:SSZ``), ``writable_by_others`` (list of principals) and per scenario ``{"exit_code", "output"}``;
``faults.hanging_tools`` makes a run hang until its timeout.

Fetching: ``outcomes["downloads"]`` scripts what each https URL serves,
``{url: {"sha256", "archive": bool}}`` or ``{url: {"error": "..."}}`` for an unreachable one
(a URL not listed cannot be resolved); a .zip on the target is a ``tools`` entry whose
outcomes give ``sha256`` and ``archive: true``; a controller file is the ``tools`` entry
the seam's put_file made. A verified fetch adds ``tools["cache:<sha256>"]``, a copy of
GetHelpCmd.exe in the cache folder that runs with that entry's scenario outcomes.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op, tool_hangs
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import resolve, user_by_sid
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.wam import in_session, session_access

TOOL = "GetHelpCmd.exe"
CACHE_ROOT = r"C:\ProgramData\officeops\outlook_auth\GetHelpCmd"
MISSING = {"exists": False, "sha256": None, "created": None, "writable_by_others": [], "path": None}
PROFILE_KEYS = ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console")


def _tool(state, source):
    for tool in state.get("tools", {}).values():
        if tool["path"].lower() == source.lower():
            return tool
    return None


def _tool_info(state, tool):
    """Get-OfficeopsToolFile of a tools entry (a cached copy reports its own hash and the
    build's creation time)."""
    if tool is None:
        return dict(MISSING)
    outcomes = tool.get("outcomes", {})
    base = _scenarios(state, tool)
    return {"exists": True, "sha256": outcomes.get("sha256", "0" * 64), "created": outcomes.get("created", base.get("created")),
            "writable_by_others": outcomes.get("writable_by_others", []), "path": tool["path"]}


def _scenarios(state, tool):
    """The scripted outcomes a tool runs with: a cached copy runs like GetHelpCmd.exe."""
    of = tool.get("outcomes", {}).get("of")
    return state.get("tools", {}).get(of, {}).get("outcomes", {}) if of else tool.get("outcomes", {})


def _cache_folder(sha256):
    return "%s\\%s" % (CACHE_ROOT, sha256.lower())


def _cached(state, sha256):
    return state.get("tools", {}).get("cache:" + sha256.lower())


def _source_view(state, args):
    source = args["source"]
    is_url = source.lower().startswith("https://")
    if not is_url and args.get("remote_src", True) and not source.lower().endswith(".zip"):
        return _tool_info(state, _tool(state, source)), None
    source_sha256 = None
    if is_url or not args.get("remote_src", True):
        sha256 = args["checksum"].lower()
    else:
        archive = _tool(state, source)
        if archive is None:
            return dict(MISSING), {"folder": CACHE_ROOT, "ready": False, "source_sha256": None}
        sha256 = source_sha256 = archive["outcomes"]["sha256"]
    cached = _cached(state, sha256)
    return (_tool_info(state, cached) if cached else dict(MISSING)), {"folder": _cache_folder(sha256), "ready": cached is not None,
                                                                      "source_sha256": source_sha256}


def _fetch(state, op, url):
    """fetch_tool: what arrives is judged by its scripted hash, as the wrapper judges bytes.
    ``url``: the whole download URL (protocol option _fetch_url; the op's location omits its query)."""
    outcome = {"op": "fetch_tool", "sid": "", "status": "failed", "error": None, "exit_code": None, "output": None,
               "sha256": None, "tool": None}
    consume_op(state, "fetch_tool %s" % op["kind"])
    tools = state.get("tools", {})
    if op["kind"] == "url":
        if not url:
            outcome["error"] = "the controller sent no download URL (_fetch_url) with the fetch_tool op"
            return outcome
        served = tools.get(TOOL, {}).get("outcomes", {}).get("downloads", {}).get(url)
        if served is None:
            outcome["error"] = "The remote name could not be resolved: '%s'" % url.split("/")[2]
            return outcome
        if served.get("error"):
            outcome["error"] = served["error"]
            return outcome
    else:
        served = (_tool(state, op["location"]) or {}).get("outcomes")
        if served is None:
            outcome["error"] = "Could not find file '%s'." % op["location"]
            return outcome
    if op["kind"] == "controller":
        # The copy in the temporary folder is gone once it is in the cache (or rejected).
        for key in [key for key, tool in tools.items() if tool["path"].lower() == op["location"].lower()]:
            del tools[key]
    outcome["sha256"] = served["sha256"].lower()
    if outcome["sha256"] != op["sha256"].lower():
        outcome["error"] = "SHA-256 %s, expected %s" % (outcome["sha256"], op["sha256"].lower())
        return outcome
    name = TOOL
    if not served.get("archive"):
        last = op["location"].split("?")[0].replace("/", "\\").split("\\")[-1]
        name = last if last.lower() in ("gethelpcmd.exe", "saracmd.exe") else TOOL
    if _cached(state, outcome["sha256"]) is None:
        base = tools.get(TOOL, {}).get("outcomes", {})
        tools["cache:" + outcome["sha256"]] = {
            "path": "%s\\%s" % (_cache_folder(outcome["sha256"]), name),
            # An unpacked exe has its own hash; a downloaded exe is the file that was checked.
            "outcomes": {"of": TOOL, "sha256": base.get("sha256", "0" * 64) if served.get("archive") else outcome["sha256"],
                         "created": base.get("created"), "writable_by_others": []}}
    outcome.update(status="fetched", tool=_tool_info(state, _cached(state, outcome["sha256"])))
    return outcome


def _run(state, op, args, context):
    outcome = {"op": "run_scenario", "sid": op["sid"], "status": "failed", "error": None, "exit_code": None, "output": None,
               "sha256": None, "tool": None}
    tool = _tool(state, op["tool"])
    if tool is None:
        outcome["error"] = "%s was not found" % op["tool"]
        return outcome
    scenario = op["arguments"].split()[1]
    scripted = _scenarios(state, tool).get(scenario)
    if scripted is None:
        outcome["error"] = "the lab scenario scripts no outcome for %s" % scenario
        return outcome

    def run_tool(_who=None):
        consume_op(state, "run_scenario %s" % scenario)
        if tool_hangs(state, TOOL):
            raise RuntimeError("%s did not finish within %d seconds and was stopped" % (op["tool"], op["timeout"]))
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
        tool, cache = _source_view(state, args)
        users, problem = [], None
        if args.get("scenario", "ExpertExperienceAdminTask") == "ExpertExperienceAdminTask":
            selected, problem = resolve(state, args.get("user", "interactive"))
            users = [dict((key, profile[key]) for key in PROFILE_KEYS) for profile in selected]
        return {"changed": False, "probe": {"tool": tool, "cache": cache, "users": users, "user_problem": problem}}
    if check_mode:
        return {"failed": True, "msg": "win_support_assistant: the apply phase was called in check mode; nothing was run"}
    for op in args.get("_ops", []):
        if op["op"] not in ("fetch_tool", "run_scenario"):
            return {"failed": True, "msg": "win_support_assistant: unknown op '%s'" % op["op"]}
    results = []
    for op in args.get("_ops", []):
        if any(r["status"] == "failed" for r in results):
            break
        results.append(_fetch(state, op, args.get("_fetch_url")) if op["op"] == "fetch_tool" else _run(state, op, args, context))
    return {"changed": any(r["status"] in ("ran", "fetched") for r in results), "results": results}
