# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark-only lab twin of ONE stock ansible.windows module call (win_reg_stat,
win_regedit, win_credential, win_stat, win_file, win_shell, win_wait_for).

The naive baseline playbooks (benchmarks/baseline_*.yml) run each of their tasks through
this twin, so the lab counts one wrapper call (round trip) per task and per loop item, the
way Ansible runs one module per item on a Windows host. It is registered as the lab twin
``stock_step`` only by benchmarks/action_plugins/stock_step.py, never by the collection.

Every operation acts as the PC's user: the console user, else the first profile. That is
what a stock playbook gets with ``become_user`` set to that user (win_credential needs
become; HKCU over WinRM would otherwise be the administrator's own hive). It is the
baseline's best case: one user per PC, no session tasks, no hive bookkeeping beyond the
lab's own. Writes change the lab state where that is cheap (registry values and keys,
credentials, profile folders); commands (dsregcmd) only read.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.files import children, exists
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.registry import (
    delete_key, find_key, get_value, set_value, subkey_names)
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import console_session_id, user_hive
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.vault import (
    VaultError, delete_credential, enumerate_credentials)

READ_OPS = ("reg_stat", "reg_keys", "vault_list", "path_stat", "device_status", "tcp_check")
WRITE_OPS = ("reg_set", "reg_delete_key", "vault_delete", "path_absent")
WORKPLACE_JOIN = "Software\\Microsoft\\Windows NT\\CurrentVersion\\WorkplaceJoin\\JoinInfo"


def _pc_user(state):
    """The user a stock playbook's become_user names: the console user, else the first profile."""
    console = console_session_id(state)
    for user in state["users"]:
        if user["logged_on"] and user["session_id"] == console:
            return user
    return state["users"][0] if state["users"] else None


def _registry(state, user, args, work):
    """Run ``work(tree)`` on HKLM or on the user's HKCU (loaded for the call when needed)."""
    if args["hive"] == "HKLM":
        return work(state["hklm"])
    with user_hive(state, user) as hive:
        return work(hive)


def _typed(kind, data):
    # Templated module arguments arrive as strings; win_regedit converts them the same way.
    return int(data) if kind in ("REG_DWORD", "REG_QWORD") else data


def _read(state, user, op, args):
    if op == "reg_stat":
        value = _registry(state, user, args, lambda tree: get_value(tree, args["path"], args["name"]))
        return {"exists": value is not None, "type": value and value["type"], "value": value and value["data"]}
    if op == "reg_keys":
        return {"sub_keys": _registry(state, user, args, lambda tree: subkey_names(tree, args["path"]))}
    if op == "vault_list":
        # cmdkey /list: targets only, never a secret (enumerate_credentials returns metadata).
        return {"credentials": [{"target": cred["target"], "type": cred["type"]}
                                for cred in enumerate_credentials(user, "become")]}
    if op == "path_stat":
        # A folder of the lab exists as an entry of its own or through the entries under it.
        return {"exists": exists(user, args["path"]) or bool(children(user, args["path"]))}
    if op == "device_status":
        # What a playbook parses out of dsregcmd /status: the device join and the user's
        # workplace join registrations (one per "Work or school account" entry).
        joins = _registry(state, user, {"hive": "HKCU"}, lambda tree: subkey_names(tree, WORKPLACE_JOIN))
        return {"device": dict(state["device"]), "workplace_joins": joins}
    endpoint = state.get("network", {}).get("endpoints", {}).get(args["host"], {})
    return {"reachable": bool(endpoint.get("tcp"))}


def _write(state, user, op, args, check_mode):
    if op == "reg_set":
        kind, data = args["type"], _typed(args["type"], args["data"])
        current = _registry(state, user, args, lambda tree: get_value(tree, args["path"], args["name"]))
        changed = current != {"type": kind, "data": data}
        if changed and not check_mode:
            _registry(state, user, args, lambda tree: set_value(tree, args["path"], args["name"], kind, data))
        return changed
    if op == "reg_delete_key":
        present = _registry(state, user, args, lambda tree: find_key(tree, args["path"]) is not None)
        if present and not check_mode:
            _registry(state, user, args, lambda tree: delete_key(tree, args["path"]))
        return present
    if op == "vault_delete":
        if check_mode:
            return any(cred["target"].casefold() == args["target"].casefold()
                       for cred in enumerate_credentials(user, "become"))
        try:
            delete_credential(user, "become", args["target"], args["type"])
        except VaultError:
            return False
        return True
    # path_absent: win_file state=absent removes the folder with everything under it.
    doomed = children(user, args["path"]) + [path for path in user.get("files", {})
                                             if path.casefold() == args["path"].strip("\\").casefold()]
    if doomed and not check_mode:
        for path in doomed:
            del user["files"][path]
    return bool(doomed)


def run(state, args, check_mode, context):
    op = args.get("op")
    if op not in READ_OPS + WRITE_OPS:
        return {"failed": True, "msg": "stock_step: op must be one of %s, got %r" % (", ".join(READ_OPS + WRITE_OPS), op)}
    user = _pc_user(state)
    if user is None and op != "tcp_check" and args.get("hive") != "HKLM":
        return {"failed": True, "msg": "stock_step: this lab host has no user profile"}
    try:
        if op in READ_OPS:
            return dict(_read(state, user, op, args), changed=False)
        return {"changed": _write(state, user, op, args, check_mode)}
    except VaultError as exc:
        return {"failed": True, "msg": "stock_step %s: %s" % (op, exc)}
