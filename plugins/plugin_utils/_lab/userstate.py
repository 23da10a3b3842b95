# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/module_utils/_UserState.psm1: read a user's keys and profile files, and
apply their ops in order, stopping at the first failure. What an op returns and leaves
behind is held to the host's by the shared table tests/data/user_ops.json."""

from __future__ import annotations

import re

from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.regfile import ENCODING, fingerprint
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op, is_locked
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import (
    HiveUnloadError, marker_time, once_markers, profiles, set_once_marker, user_by_sid, user_hive)

PROFILE_KEYS = ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console")
_BAD_PATH = re.compile(r'(^|\\)\.\.?(\\|$)|^\\|[*?<>|":/]|[\x00-\x1f]|[. ](\\|$)')
# The first section of a backup: its root (later headers are never trusted).
_BACKUP_ROOT = re.compile(r"^\[HKEY_CURRENT_USER\\([^\r\n]+)\]\r?$", re.MULTILINE)
SET_VALUE_TYPES = ("REG_SZ", "REG_EXPAND_SZ", "REG_DWORD", "REG_QWORD")
# Assert-OfficeopsRelativeKeyPath: nothing that could leave the hive root.
_BAD_KEY_PATH = re.compile(r"(^|\\)\.\.?(\\|$)|^\\|[\x00-\x1f]")
_LIMITS = {"REG_DWORD": 2 ** 32 - 1, "REG_QWORD": 2 ** 64 - 1}


class OpError(Exception):
    """An op that fails on Windows too; its message is what the wrapper would report."""


def check_relative(path):
    """Resolve-OfficeopsProfileFile's refusal rules."""
    if not isinstance(path, str) or _BAD_PATH.search(path) or len(path) > 400 or not path.strip():
        raise OpError("invalid profile-relative path '%s'" % path)
    return path


def list_files(user, folders):
    """Get-OfficeopsProfileFileList: files in each folder ({"path", "recurse"}), in the
    wrapper's order (folder by folder, breadth first)."""
    found = []
    for request in folders:
        prefix = check_relative(request["path"].rstrip("\\")) + "\\"
        for path, entry in sorted(user.get("files", {}).items(), key=lambda item: (item[0].count("\\"), item[0].lower())):
            rest = path[len(prefix):]
            if not path.lower().startswith(prefix.lower()) or not rest or entry["kind"] != "file":
                continue
            if "\\" in rest and not request.get("recurse"):
                continue
            found.append({"path": prefix + rest, "size": entry.get("size", 0), "last_write": entry.get("last_write", "")})
    return found


def read_keys(hive, read):
    """The ``_read`` items of a probe, as Get-OfficeopsUserState reads them: each path to its
    depth and, with ``each``, that subkey of every child to ``each_depth``."""
    trees = {}
    for item in read:
        tree = registry.read_tree(registry.find_key(hive, item["path"]), item["depth"])
        trees[item["path"]] = tree
        if item.get("each") and tree is not None:
            for child in tree["keys"]:
                path = "%s\\%s\\%s" % (item["path"], child, item["each"])
                trees[path] = _without_passwords(registry.read_tree(registry.find_key(hive, path), item.get("each_depth", 0)))
    return trees


def _without_passwords(tree):
    """As Get-OfficeopsUserState: values named like a password never leave the host."""
    if tree is not None:
        tree["values"] = dict((name, value) for name, value in tree["values"].items() if "password" not in name.lower())
        for child in tree["keys"].values():
            _without_passwords(child)
    return tree


def read_user_state(state, profile, read, once_action, folders=()):
    """Get-OfficeopsUserState for one selected profile."""
    entry = dict((key, profile[key]) for key in PROFILE_KEYS)
    entry.update(keys={}, once={}, files=[], hive=None, error=None)
    user = user_by_sid(state, profile["sid"])
    try:
        entry["files"] = list_files(user, folders)
        mounted = not user.get("hive_loaded", user["logged_on"])
        with user_hive(state, user) as hive:
            entry["keys"] = read_keys(hive, read)
            entry["once"] = once_markers(hive, once_action)
        entry["hive"] = "mounted" if mounted else "loaded"
    except (HiveUnloadError, OpError) as exc:
        entry.update(keys={}, once={}, files=[], error=str(exc))
    return entry


def write_profile_file(user, path, content):
    """Write-OfficeopsProfileFile: True when written, False when identical."""
    files = user.setdefault("files", {})
    current = files.get(check_relative(path))
    if current is not None and current.get("content") == content:
        return False
    files[path] = {"kind": "file", "size": len(content.encode(ENCODING)), "last_write": "lab", "content": content}
    return True


def move_profile_file(state, user, source, destination):
    """Move-OfficeopsProfileFile: True when moved, False when it already was."""
    files = user.setdefault("files", {})
    check_relative(source)
    check_relative(destination)
    if source not in files:
        if destination in files:
            return False
        raise OpError("neither %s nor its backup %s exists" % (source, destination))
    if destination in files:
        raise OpError("refusing to overwrite %s" % destination)
    if is_locked(state, source):
        raise OpError("The process cannot access the file because it is being used by another process: %s" % source)
    files[destination] = files.pop(source)
    return True


def remove_backup_file(user, path):
    """Remove-OfficeopsBackupFile: only this collection's own backups."""
    if not check_relative(path).lower().startswith("appdata\\local\\officeops\\outlook_auth\\"):
        raise OpError("refusing to delete '%s': only this collection's own backups are deleted" % path)
    return user.setdefault("files", {}).pop(path, None) is not None


def stop_user_process(state, user, name):
    """Stop-OfficeopsUserProcess: stop the named processes in the user's session."""
    before = len(state.get("processes", []))
    state["processes"] = [p for p in state.get("processes", [])
                          if not (p["name"].lower() == name.lower() + ".exe" and user["logged_on"]
                                  and p["session_id"] == user["session_id"])]
    return len(state["processes"]) != before


def check_key_path(path):
    """Assert-OfficeopsRelativeKeyPath."""
    if _BAD_KEY_PATH.search(path) or len(path) > 512:
        raise OpError("invalid registry path '%s'" % path)
    return path


def _set_value(hive, op):
    """Set-OfficeopsRegistryValue: its checks, in its order, then the write."""
    kind, name, path, data = op["type"], op["name"], op["path"], op["data"]
    if kind not in SET_VALUE_TYPES:
        raise OpError("set_value: type '%s' is not one of %s" % (kind, ", ".join(SET_VALUE_TYPES)))
    check_key_path(path)
    if kind in _LIMITS:
        if not isinstance(data, int) or isinstance(data, bool) or not 0 <= data <= _LIMITS[kind]:
            raise OpError("value '%s' under %s: %s is not a %s" % (name, path, data, kind))
    elif not isinstance(data, str):
        raise OpError("value '%s' under %s: expected a string for %s" % (name, path, kind))
    return registry.set_value(hive, path, name, kind, data)


def _delete_backed_up_key(hive, op, backed_up):
    """delete_key as the wrapper runs it: only after its backup, only if unchanged since."""
    if not any(op["path"] == root or op["path"].startswith(root + "\\") for root in backed_up):
        raise OpError("refusing to delete %s: no backup of it was written first" % op["path"])
    key = registry.find_key(hive, check_key_path(op["path"]))
    if key is None:
        return False
    if fingerprint(key) != op["expect"]:
        raise OpError("refusing to delete %s: it changed since it was backed up; nothing was deleted, run again" % op["path"])
    return registry.delete_key(hive, op["path"])


def _apply_one(state, user, hive, op, backed_up):
    kind = op["op"]
    if kind == "set_value":
        return _set_value(hive, op)
    if kind == "delete_value":
        return registry.delete_value(hive, check_key_path(op["path"]), op["name"])
    if kind == "delete_key":
        return _delete_backed_up_key(hive, op, backed_up)
    if kind == "create_key":
        if registry.find_key(hive, check_key_path(op["path"])) is not None:
            return False
        registry.ensure_key(hive, op["path"])
        return True
    if kind == "write_backup":
        written = write_profile_file(user, op["path"], op["content"])
        root = _BACKUP_ROOT.search(op["content"])
        if root:
            backed_up.add(root.group(1))
        return written
    if kind == "move_file":
        return move_profile_file(state, user, op["path"], op["destination"])
    if kind == "delete_file":
        return remove_backup_file(user, op["path"])
    if kind == "stop_process":
        return stop_user_process(state, user, op["name"])
    if kind == "set_once_marker":
        set_once_marker(hive, op["action"], op["once_id"], marker_time(state))
        return True
    raise OpError("unknown op '%s'" % kind)


def apply_user_ops(state, ops):
    """Invoke-OfficeopsUserOpBatch: ops grouped by SID, in order, each user's stopping at
    its first failure."""
    by_sid = {}
    for op in ops:
        by_sid.setdefault(op["sid"], []).append(op)
    known = set(profile["sid"] for profile in profiles(state))
    results = []
    for sid, mine in by_sid.items():
        if sid not in known:
            results.extend({"op": op["op"], "sid": sid, "path": op.get("path", ""), "status": "failed",
                            "error": "no profile with SID %s on this machine" % sid} for op in mine)
            continue
        user = user_by_sid(state, sid)
        outcomes = []
        try:
            with user_hive(state, user) as hive:
                failed = False
                backed_up = set()
                for op in mine:
                    outcome = {"op": op["op"], "sid": sid, "path": op.get("path", ""), "status": "not_run", "error": None}
                    outcomes.append(outcome)
                    if failed:
                        continue
                    consume_op(state, "%s %s" % (op["op"], op.get("path", "")))
                    try:
                        outcome["status"] = "changed" if _apply_one(state, user, hive, op, backed_up) else "unchanged"
                    except (OpError, ValueError, KeyError) as exc:
                        outcome.update(status="failed", error=str(exc))
                        failed = True
        except HiveUnloadError as exc:
            outcomes.append({"op": "user_hive", "sid": sid, "path": "", "status": "failed", "error": str(exc)})
        results.extend(outcomes)
    return results
