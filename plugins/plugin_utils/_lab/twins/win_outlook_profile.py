# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_outlook_profile.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.office import machine_office
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.userstate import apply_user_ops, read_user_state
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import resolve

ONCE_ACTION = "profile_recreate"
OPS = ("create_key", "set_value", "delete_key", "write_backup", "move_file", "stop_process", "set_once_marker")


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        selected, problem = resolve(state, args.get("user", "interactive"))
        users = [read_user_state(state, profile, args.get("_read", []), ONCE_ACTION, args.get("_folders", []))
                 for profile in selected]
        processes = sorted(({"pid": p["pid"], "session_id": p["session_id"]} for p in state.get("processes", [])
                            if p["name"].lower() == "outlook.exe"), key=lambda p: p["pid"])
        return {"changed": False, "probe": {"machine": machine_office(state), "processes": processes, "users": users,
                                            "user_problem": problem}}
    if check_mode:
        return {"failed": True, "msg": "win_outlook_profile: the apply phase was called in check mode; nothing was changed"}
    for op in args.get("_ops", []):
        if op["op"] not in OPS:
            return {"failed": True, "msg": "win_outlook_profile: unknown op '%s'" % op["op"]}
    results = apply_user_ops(state, args.get("_ops", []))
    return {"changed": any(r["status"] == "changed" for r in results), "results": results}
