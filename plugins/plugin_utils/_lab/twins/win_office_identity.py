# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_office_identity.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.regfile import ENCODING, parse
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.office import machine_office
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.registry import find_key
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import (
    HiveUnloadError, once_markers, profiles, resolve, set_once_marker, user_by_sid, user_hive)

PROFILE_KEYS = ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console")
ONCE_ACTION = "identity_reset"


def _probe(state, args):
    selected, problem = resolve(state, args.get("user", "interactive"))
    users = []
    for profile in selected:
        entry = dict((key, profile[key]) for key in PROFILE_KEYS)
        entry.update(keys={}, once={}, hive=None, error=None)
        user = user_by_sid(state, profile["sid"])
        try:
            mounted = not user.get("hive_loaded", user["logged_on"])
            with user_hive(state, user) as hive:
                entry["keys"] = dict((path, registry.read_tree(find_key(hive, path))) for path in args.get("_read", []))
                entry["once"] = once_markers(hive, ONCE_ACTION)
            entry["hive"] = "mounted" if mounted else "loaded"
        except HiveUnloadError as exc:
            entry["keys"], entry["once"], entry["error"] = {}, {}, str(exc)
        users.append(entry)
    return {"changed": False, "probe": {"machine": machine_office(state), "users": users, "user_problem": problem}}


def write_backup(user, path, content):
    """The wrapper's Write-Backup: True when written, False when identical."""
    if ".." in path.split("\\") or not path.endswith(".reg") or ":" in path or path.startswith("\\"):
        raise ValueError("invalid backup path '%s'" % path)
    files = user.setdefault("files", {})
    current = files.get(path)
    if current is not None and current.get("content") == content:
        return False
    files[path] = {"kind": "file", "size": len(content.encode(ENCODING)), "last_write": "lab", "content": content}
    return True


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


def _apply_one(state, user, hive, op):
    if op["op"] == "set_value":
        return registry.set_value(hive, op["path"], op["name"], op["type"], op["data"])
    if op["op"] == "delete_value":
        return registry.delete_value(hive, op["path"], op["name"])
    if op["op"] == "delete_key":
        return registry.delete_key(hive, op["path"])
    if op["op"] == "write_backup":
        return write_backup(user, op["path"], op["content"])
    if op["op"] == "set_once_marker":
        set_once_marker(hive, op["action"], op["once_id"], "lab")
        return True
    raise ValueError("unknown op '%s'" % op["op"])


def _apply(state, args, check_mode):
    if check_mode:
        return {"failed": True, "msg": "win_office_identity: the apply phase was called in check mode; nothing was changed"}
    by_sid = {}
    for op in args.get("_ops", []):
        by_sid.setdefault(op["sid"], []).append(op)
    known = set(profile["sid"] for profile in profiles(state))
    results = []
    for sid, ops in by_sid.items():
        if sid not in known:
            results.extend({"op": op["op"], "sid": sid, "path": op.get("path", ""), "status": "failed",
                            "error": "no profile with SID %s on this machine" % sid} for op in ops)
            continue
        user = user_by_sid(state, sid)
        mine = []
        try:
            with user_hive(state, user) as hive:
                for op in ops:
                    outcome = {"op": op["op"], "sid": sid, "path": op.get("path", ""), "status": "not_run", "error": None}
                    mine.append(outcome)
                    if any(r["status"] == "failed" for r in mine):
                        continue
                    consume_op(state, "%s %s" % (op["op"], op.get("path", "")))
                    try:
                        outcome["status"] = "changed" if _apply_one(state, user, hive, op) else "unchanged"
                    except (ValueError, KeyError) as exc:
                        outcome.update(status="failed", error=str(exc))
        except HiveUnloadError as exc:
            mine.append({"op": "user_hive", "sid": sid, "path": "", "status": "failed", "error": str(exc)})
        results.extend(mine)
    return {"changed": any(r["status"] == "changed" for r in results), "results": results}


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        return _probe(state, args)
    return _apply(state, args, check_mode)
