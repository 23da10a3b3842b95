# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_outlook_auth_facts.ps1."""

from __future__ import annotations

import datetime

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.device import dsregcmd_status
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.office import click_to_run_configuration, machine_office
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.userstate import read_user_state
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import resolve
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.vaultaccess import credential_state
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.wam import wam_state

EVENT_LOGS = ("Microsoft-Windows-AAD/Operational", "OAlerts")
# WINHTTP_ACCESS_TYPE_NO_PROXY / _NAMED_PROXY.
NO_PROXY, NAMED_PROXY = 1, 3


def _parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def _now(state):
    if state.get("clock"):
        return _parse_time(state["clock"])
    return datetime.datetime.now(datetime.timezone.utc)


def _event_logs(state, days, max_events):
    """Get-RecentEvent for each log: newest first, at most max_events, within days."""
    since = _now(state) - datetime.timedelta(days=days)
    logs = []
    for log in EVENT_LOGS:
        recent = [e for e in state.get("events", []) if e["log"] == log and _parse_time(e["time"]) >= since]
        recent.sort(key=lambda e: e["time"], reverse=True)
        logs.append({"log": log, "error": None, "events": [
            {"log": log, "id": e["id"], "time": e["time"], "level": e["level"], "message": e.get("message")}
            for e in recent[:max_events]]})
    return logs


def _endpoint(state, host):
    reach = state.get("network", {}).get("endpoints", {}).get(host, {"tcp": True, "tls": True})
    error = None
    if not reach["tcp"]:
        error = "TCP 443: no connection within 5000 ms"
    elif not reach["tls"]:
        error = "TLS: The remote certificate is invalid according to the validation procedure."
    return {"host": host, "tcp": reach["tcp"], "tls": reach["tcp"] and reach["tls"], "error": error}


def _proxy(state):
    proxy = state.get("network", {}).get("winhttp_proxy")
    return {"access_type": NAMED_PROXY if proxy else NO_PROXY, "proxy": proxy, "bypass": None, "error": None}


def _windows(state):
    windows = state["windows"]
    return {"build": windows["build"], "ubr": windows.get("ubr"), "version": windows.get("version"),
            "edition": windows.get("edition"), "product_name": None, "computer_name": windows.get("computer_name", "LAB-PC")}


def run(state, args, check_mode, context):
    users = dict((user["sid"], user["name"]) for user in state["users"])
    # Get-Process returns its matches ordered by process id.
    processes = sorted(
        ({"pid": proc["pid"], "session_id": proc["session_id"], "user_name": users.get(proc.get("user_sid"))}
         for proc in state.get("processes", []) if proc["name"].casefold() == "outlook.exe"),
        key=lambda proc: proc["pid"])
    selected, problem = resolve(state, args.get("user", "interactive"))
    probed_users = []
    for profile in selected:
        entry = read_user_state(state, profile, args.get("_read", []), "facts", args.get("_folders", []))
        vault = credential_state(state, profile, args, context)
        entry["vault"] = dict((key, vault[key]) for key in ("access", "error_code", "error", "credentials", "cleanup_error"))
        entry["wam"] = wam_state(state, profile, args, context)
        probed_users.append(entry)
    return {"changed": False, "probe": {
        "click_to_run": click_to_run_configuration(state),
        "machine_office": machine_office(state),
        "windows": _windows(state),
        "outlook_processes": processes,
        "dsregcmd_status": dsregcmd_status(state),
        "dsregcmd_exit_code": 0,
        "event_logs": _event_logs(state, args.get("event_days", 7), args.get("max_events", 50)),
        "winhttp_proxy": _proxy(state),
        "endpoints": [_endpoint(state, host) for host in args.get("endpoints") or []],
        "users": probed_users,
        "user_problem": problem,
    }}
