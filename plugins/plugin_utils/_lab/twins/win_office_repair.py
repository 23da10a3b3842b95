# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_office_repair.ps1.

The scenario's ``tools["OfficeClickToRun.exe"]["outcomes"]`` scripts each repair type:
``{"QuickRepair": {"exit_code": 0, "version_after": "16.0...."}}``; ``faults.hanging_tools``
makes it hang until the timeout.

Reinstall: ``tools["setup.exe"]`` is the Office Deployment Tool (``path``; ``outcomes``:
``exit_code``, ``version_after``, ``sha256``, ``writable_by_others``), hanging with
``faults.hanging_tools: ["setup.exe"]``; a configuration file on the host is a ``tools``
entry whose ``outcomes.content`` is its text; the probe returns it with its product keys
hidden, and a run puts them back from the same file. A run records the configuration it
wrote in ``runtime.odt_configurations`` (the tests check it is the one the controller
checked, keys restored).
"""

from __future__ import annotations

import hashlib

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.deployment import hide_product_keys, restore_product_keys

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op, tool_hangs
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.office import CLICK_TO_RUN_KEY, click_to_run_configuration

TOOL = "OfficeClickToRun.exe"
ODT = "setup.exe"
ODT_WORK_FOLDER = r"C:\ProgramData\officeops\outlook_auth\odt"
ONCE_KEY = r"SOFTWARE\officeops\outlook_auth\once\office_repair"
OFFICE_PROGRAMS = ("OUTLOOK", "WINWORD", "EXCEL", "POWERPNT", "ONENOTE", "MSACCESS", "MSPUB", "VISIO", "WINPROJ")


def _tool(state):
    return state.get("tools", {}).get(TOOL)


def _by_path(state, path):
    for tool in state.get("tools", {}).values():
        if tool["path"].lower() == (path or "").lower():
            return tool
    return None


def _sha256(text):
    """The SHA-256 of a configuration file: the twin's files are their text, in UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _configuration_to_write(state, op):
    """Invoke-OdtOp's configuration: the op's XML, with the product keys of the file it came
    from put back (the file must be the one the probe hashed). ValueError says why not."""
    if not op["configuration_path"]:
        return op["configuration_xml"]
    found = _by_path(state, op["configuration_path"])
    content = (found or {}).get("outcomes", {}).get("content")
    if content is None:
        raise ValueError("Could not find file '%s'." % op["configuration_path"])
    if _sha256(content) != op["configuration_sha256"].lower():
        raise ValueError("configuration: %s changed since it was checked; nothing was run, run again" % op["configuration_path"])
    return restore_product_keys(op["configuration_xml"], content)


def _odt_view(state, args):
    """Get-OdtView: setup.exe as Get-OfficeopsToolFile reports it, the configuration file."""
    setup = _by_path(state, args["odt_path"])
    info = {"exists": False, "sha256": None, "created": None, "writable_by_others": [], "path": args["odt_path"]}
    if setup is not None:
        outcomes = setup.get("outcomes", {})
        info.update(exists=True, sha256=outcomes.get("sha256", "0" * 64), created=outcomes.get("created", "2026-01-01T00:00:00Z"),
                    writable_by_others=outcomes.get("writable_by_others", []))
    configuration = None
    given = args.get("configuration")
    if given and not given.lstrip().startswith("<"):
        found = _by_path(state, given)
        content = (found or {}).get("outcomes", {}).get("content")
        configuration = {"exists": found is not None, "content": None, "sha256": None, "error": None}
        if content is not None:
            try:
                configuration.update(content=hide_product_keys(content), sha256=_sha256(content))
            except ValueError as exc:
                configuration["error"] = str(exc)
    return {"setup": info, "configuration": configuration, "work_folder": ODT_WORK_FOLDER}


def _probe(state, args):
    running = sorted(set(p["name"].rsplit(".", 1)[0].upper() for p in state.get("processes", [])
                         if p["name"].rsplit(".", 1)[0].upper() in OFFICE_PROGRAMS))
    once = registry.find_key(state["hklm"], ONCE_KEY)
    return {"click_to_run": click_to_run_configuration(state), "tool": (_tool(state) or {}).get("path"),
            "office_running": [name for name in OFFICE_PROGRAMS if name in running],
            "once": dict((name, value["data"]) for name, value in (once or {}).get("values", {}).items()),
            "odt": _odt_view(state, args) if args.get("repair_type") == "reinstall" and args.get("odt_path") else None}


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
    return _finished(state, outcome, tool.get("outcomes", {}).get(kind, {"exit_code": 0}), "OfficeClickToRun.exe")


def _finished(state, outcome, scripted, program):
    """The scripted end of a repair or reinstall: its exit code, and the version it leaves."""
    outcome["exit_code"] = scripted.get("exit_code", 0)
    if outcome["exit_code"] == 0 and scripted.get("version_after"):
        registry.set_value(state["hklm"], CLICK_TO_RUN_KEY, "VersionToReport", "REG_SZ", scripted["version_after"])
    outcome["version_after"] = (click_to_run_configuration(state) or {}).get("version_to_report")
    if outcome["exit_code"] == 0:
        outcome["status"] = "changed"
    else:
        outcome["error"] = "%s exited with %d" % (program, outcome["exit_code"])
    return outcome


def _reinstall(state, op):
    outcome = {"op": "run_odt", "status": "failed", "error": None, "exit_code": None, "version_after": None}
    setup = _by_path(state, op["setup"])
    if setup is None:
        outcome["error"] = "The system cannot find the file specified: %s" % op["setup"]
        return outcome
    consume_op(state, "run_odt")
    try:
        configuration = _configuration_to_write(state, op)
    except ValueError as exc:
        outcome["error"] = str(exc)
        return outcome
    state.setdefault("runtime", {}).setdefault("odt_configurations", []).append(configuration)
    if tool_hangs(state, ODT):
        outcome.update(status="running", error="%s is still running after %d seconds; it was left running" % (op["setup"], op["timeout"]))
        return outcome
    return _finished(state, outcome, setup.get("outcomes", {}), "setup.exe")


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        return {"changed": False, "probe": _probe(state, args)}
    if check_mode:
        return {"failed": True, "msg": "win_office_repair: the apply phase was called in check mode; nothing was changed"}
    for op in args.get("_ops", []):
        if op["op"] not in ("run_repair", "run_odt", "set_once_marker"):
            return {"failed": True, "msg": "win_office_repair: unknown op '%s'" % op["op"]}
    results = []
    for op in args.get("_ops", []):
        if op["op"] == "run_repair":
            results.append(_repair(state, op))
        elif op["op"] == "run_odt":
            results.append(_reinstall(state, op))
        elif any(r["status"] != "changed" for r in results):
            results.append({"op": "set_once_marker", "status": "not_run", "error": None, "exit_code": None, "version_after": None})
        else:
            registry.set_value(state["hklm"], ONCE_KEY, op["once_id"], "REG_SZ", "lab")
            results.append({"op": "set_once_marker", "status": "changed", "error": None, "exit_code": None, "version_after": None})
    return {"changed": any(r["status"] == "changed" for r in results), "results": results}
