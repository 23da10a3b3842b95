# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_office_repair.ps1.

The scenario's ``tools["OfficeClickToRun.exe"]["outcomes"]`` scripts each repair type:
``{"QuickRepair": {"exit_code": 0, "version_after": "16.0...."}}``; ``faults.hanging_tools``
makes it hang until the timeout.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op, tool_hangs
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.office import CLICK_TO_RUN_KEY, click_to_run_configuration

TOOL = "OfficeClickToRun.exe"
ONCE_KEY = r"SOFTWARE\officeops\outlook_auth\once\office_repair"
OFFICE_PROGRAMS = ("OUTLOOK", "WINWORD", "EXCEL", "POWERPNT", "ONENOTE", "MSACCESS", "MSPUB", "VISIO", "WINPROJ")


def _tool(state):
    return state.get("tools", {}).get(TOOL)


def _probe(state):
    running = sorted(set(p["name"].rsplit(".", 1)[0].upper() for p in state.get("processes", [])
                         if p["name"].rsplit(".", 1)[0].upper() in OFFICE_PROGRAMS))
    once = registry.find_key(state["hklm"], ONCE_KEY)
    return {"click_to_run": click_to_run_configuration(state), "tool": (_tool(state) or {}).get("path"),
            "office_running": [name for name in OFFICE_PROGRAMS if name in running],
            "once": dict((name, value["data"]) for name, value in (once or {}).get("values", {}).items())}


def _repair(state, op):
    outcome = {"op": "run_repair", "status": "failed", "error": None, "exit_code": None, "version_after": None}
    tool = _tool(state)
    if tool is None:
        outcome["error"] = "OfficeClickToRun.exe was not found"
        return outcome
    consume_op(state, "run_repair")
    if tool_hangs(state, TOOL):
        outcome.update(status="running", error="%s is still running after %d seconds; it was left running"
                       % (tool["path"], op["timeout"]))
        return outcome
    kind = "FullRepair" if "RepairType=FullRepair" in op["arguments"] else "QuickRepair"
    scripted = tool.get("outcomes", {}).get(kind, {"exit_code": 0})
    outcome["exit_code"] = scripted.get("exit_code", 0)
    if outcome["exit_code"] == 0 and scripted.get("version_after"):
        registry.set_value(state["hklm"], CLICK_TO_RUN_KEY, "VersionToReport", "REG_SZ", scripted["version_after"])
    outcome["version_after"] = (click_to_run_configuration(state) or {}).get("version_to_report")
    if outcome["exit_code"] == 0:
        outcome["status"] = "changed"
    else:
        outcome["error"] = "OfficeClickToRun.exe exited with %d" % outcome["exit_code"]
    return outcome


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        return {"changed": False, "probe": _probe(state)}
    if check_mode:
        return {"failed": True, "msg": "win_office_repair: the apply phase was called in check mode; nothing was changed"}
    for op in args.get("_ops", []):
        if op["op"] not in ("run_repair", "set_once_marker"):
            return {"failed": True, "msg": "win_office_repair: unknown op '%s'" % op["op"]}
    results = []
    for op in args.get("_ops", []):
        if op["op"] == "run_repair":
            results.append(_repair(state, op))
        elif any(r["status"] != "changed" for r in results):
            results.append({"op": "set_once_marker", "status": "not_run", "error": None, "exit_code": None, "version_after": None})
        else:
            registry.set_value(state["hklm"], ONCE_KEY, op["once_id"], "REG_SZ", "lab")
            results.append({"op": "set_once_marker", "status": "changed", "error": None, "exit_code": None, "version_after": None})
    return {"changed": any(r["status"] == "changed" for r in results), "results": results}
