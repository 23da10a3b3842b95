# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_aad_broker_reset.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.userstate import apply_user_ops, read_user_state
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import profiles, resolve, user_by_sid
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.wam import in_session, session_access, sign_out_op, wam_state

ONCE_ACTION = "broker_reset"
OPS = ("wam_sign_out", "stop_process", "move_file", "delete_file", "register_package", "set_once_marker")
FILE_OPS = ("stop_process", "move_file", "delete_file")


def _register_op(state, profile, args, context):
    outcome = {"op": "register_package", "sid": profile["sid"], "path": "", "status": "failed", "error": None}
    access = session_access(profile, args, context)
    if access not in ("direct", "interactive_task"):
        outcome["error"] = "the user's session cannot be reached now (%s)" % access
        return outcome
    consume_op(state, "register_package")
    # The lab records the registration.
    error, _output = in_session(state, user_by_sid(state, profile["sid"]), access, args,
                                lambda who: who.setdefault("registrations", []).append("broker"))
    outcome.update(status="changed" if error is None else "failed", error=error)
    return outcome


def _clean(results):
    return all(r["status"] in ("changed", "unchanged") for r in results)


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        selected, problem = resolve(state, args.get("user", "interactive"))
        users = []
        for profile in selected:
            entry = read_user_state(state, profile, [], ONCE_ACTION, args.get("_folders", []))
            entry["wam"] = wam_state(state, profile, args, context) if args.get("_wam") else None
            users.append(entry)
        return {"changed": False, "probe": {"machine": {"build": state["windows"]["build"]}, "users": users,
                                            "user_problem": problem}}
    if check_mode:
        return {"failed": True, "msg": "win_aad_broker_reset: the apply phase was called in check mode; nothing was changed"}
    by_sid = {}
    for op in args.get("_ops", []):
        if op["op"] not in OPS:
            return {"failed": True, "msg": "win_aad_broker_reset: unknown op '%s'" % op["op"]}
        by_sid.setdefault(op["sid"], []).append(op)
    known = dict((profile["sid"], profile) for profile in profiles(state))
    results = []
    for sid, ops in by_sid.items():
        profile = known.get(sid)
        if profile is None:
            results.extend({"op": op["op"], "sid": sid, "path": op.get("path", ""), "status": "failed",
                            "error": "no profile with SID %s on this machine" % sid} for op in ops)
            continue
        done = [sign_out_op(state, profile, op, args, context) for op in ops if op["op"] == "wam_sign_out"]
        file_ops = [op for op in ops if op["op"] in FILE_OPS]
        if file_ops:
            done.extend(apply_user_ops(state, file_ops))
        for op in (op for op in ops if op["op"] == "register_package"):
            done.append(_register_op(state, profile, args, context) if _clean(done) else
                        {"op": op["op"], "sid": sid, "path": "", "status": "not_run", "error": None})
        markers = [op for op in ops if op["op"] == "set_once_marker"]
        if markers:
            done.extend(apply_user_ops(state, markers) if _clean(done) else
                        [{"op": "set_once_marker", "sid": sid, "path": "", "status": "not_run", "error": None}])
        results.extend(done)
    return {"changed": any(r["status"] == "changed" for r in results), "results": results}
