# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_work_school_account.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace.accounts import (
    BLOCK_POLICY_KEY, BLOCK_POLICY_VALUE, JOIN_INFO_KEY)
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.device import dsregcmd_status
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.userstate import read_user_state
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import profiles, resolve, user_by_sid
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.wam import in_session, session_access, sign_out_op, wam_state

OPS = ("wam_sign_out", "wpj_cleanup", "set_block_policy", "remove_block_policy", "leave_device")


def _wpj_cleanup(state, profile, op, args, context):
    outcome = {"op": "wpj_cleanup", "sid": profile["sid"], "path": op["path"], "status": "failed", "error": None, "exit_code": None}
    access = session_access(profile, args, context)
    if not profile["logged_on"] or access not in ("direct", "interactive_task"):
        outcome["error"] = "WPJCleanUp runs in the user's interactive session, which cannot be reached now (%s)" % access
        return outcome
    tool = [t for t in state.get("tools", {}).values() if t["path"].lower() == op["path"].lower()]
    if not tool:
        outcome["error"] = "WPJCleanUp was not found at %s" % op["path"]
        return outcome
    consume_op(state, "wpj_cleanup")
    exit_code = tool[0].get("outcomes", {}).get("exit_code", 0)

    def cleanup(who):
        # WPJCleanUp removes every Workplace Join registration and every SSO account of the
        # user (Microsoft's Entra registration FAQ), WAM accounts included.
        if exit_code == 0:
            registry.delete_key(who["hive"], JOIN_INFO_KEY)
            who["wam_accounts"] = []
        return {"exit_code": exit_code}

    user = user_by_sid(state, profile["sid"])
    before = len(registry.subkey_names(user["hive"], JOIN_INFO_KEY))
    error, output = in_session(state, user, "interactive_task", args, cleanup)
    if error:
        outcome["error"] = error
        return outcome
    outcome["exit_code"] = output["exit_code"]
    after = len(registry.subkey_names(user["hive"], JOIN_INFO_KEY))
    if after:
        outcome["error"] = "WPJCleanUp exited with %d and %d registration(s) remain" % (output["exit_code"], after)
    else:
        outcome["status"] = "changed" if before else "unchanged"
    return outcome


def _machine_op(state, op):
    consume_op(state, op["op"])
    outcome = {"op": op["op"], "sid": "", "path": "", "status": "changed", "error": None}
    if op["op"] == "set_block_policy":
        registry.set_value(state["hklm"], BLOCK_POLICY_KEY, BLOCK_POLICY_VALUE, "REG_DWORD", 1)
    elif op["op"] == "remove_block_policy":
        if not registry.delete_value(state["hklm"], BLOCK_POLICY_KEY, BLOCK_POLICY_VALUE):
            outcome["status"] = "unchanged"
    else:
        state["device"]["azure_ad_joined"] = False
    return outcome


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        selected, problem = resolve(state, args.get("user", "interactive"))
        users = []
        for profile in selected:
            entry = read_user_state(state, profile, args.get("_read", []), "work_school")
            entry["wam"] = wam_state(state, profile, args, context) if args.get("_wam") else None
            users.append(entry)
        policy = registry.get_value(state["hklm"], BLOCK_POLICY_KEY, BLOCK_POLICY_VALUE)
        machine = {"dsregcmd_status": dsregcmd_status(state), "dsregcmd_exit_code": 0,
                   "block_policy": policy["data"] if policy and policy["type"] == "REG_DWORD" else None,
                   "build": state["windows"]["build"]}
        return {"changed": False, "probe": {"machine": machine, "users": users, "user_problem": problem}}
    if check_mode:
        return {"failed": True, "msg": "win_work_school_account: the apply phase was called in check mode; nothing was changed"}
    for op in args.get("_ops", []):
        if op["op"] not in OPS:
            return {"failed": True, "msg": "win_work_school_account: unknown op '%s'" % op["op"]}
    known = dict((profile["sid"], profile) for profile in profiles(state))
    results = []
    for op in args.get("_ops", []):
        if op["op"] in ("set_block_policy", "remove_block_policy", "leave_device"):
            results.append(_machine_op(state, op))
        elif op["sid"] not in known:
            results.append({"op": op["op"], "sid": op["sid"], "path": "", "status": "failed",
                            "error": "no profile with SID %s on this machine" % op["sid"]})
        elif op["op"] == "wam_sign_out":
            results.append(sign_out_op(state, known[op["sid"]], op, args, context))
        else:
            results.append(_wpj_cleanup(state, known[op["sid"]], op, args, context))
    return {"changed": any(r["status"] == "changed" for r in results), "results": results}
