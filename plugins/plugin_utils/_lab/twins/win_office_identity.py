# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_office_identity.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.regfile import parse
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.office import machine_office
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.userstate import apply_user_ops, read_user_state
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import resolve

ONCE_ACTION = "identity_reset"
OPS = ("set_value", "delete_value", "delete_key", "write_backup", "set_once_marker")


def reg_import(state, user, path):
    """What double-clicking a backup does: regedit imports it into the user's HKCU."""
    sections = parse(user["files"][path]["content"])
    prefix = "HKEY_CURRENT_USER\\"
    for key_path, section in sections.items():
        if not key_path.startswith(prefix):
            raise ValueError("backup %s writes outside HKEY_CURRENT_USER: %s" % (path, key_path))
        relative = key_path[len(prefix):]
        registry.ensure_key(user["hive"], relative)
        for name, value in section["values"].items():
            registry.set_value(user["hive"], relative, name, value["type"], value["data"])


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        selected, problem = resolve(state, args.get("user", "interactive"))
        users = [read_user_state(state, profile, args.get("_read", []), ONCE_ACTION) for profile in selected]
        return {"changed": False, "probe": {"machine": machine_office(state), "users": users, "user_problem": problem}}
    if check_mode:
        return {"failed": True, "msg": "win_office_identity: the apply phase was called in check mode; nothing was changed"}
    for op in args.get("_ops", []):
        if op["op"] not in OPS:
            return {"failed": True, "msg": "win_office_identity: unknown op '%s'" % op["op"]}
    results = apply_user_ops(state, args.get("_ops", []))
    return {"changed": any(r["status"] == "changed" for r in results), "results": results}
