# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_credential_purge.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.session import plan_session
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import profiles, resolve, run_in_session, user_by_sid
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.vault import (
    ERROR_NO_SUCH_LOGON_SESSION, ERROR_NOT_FOUND, VaultError, delete_credential, enumerate_credentials)

PROFILE_KEYS = ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console")
# Get-OfficeopsSessionAccess names for plan_session's answers.
ACCESS = {"direct": "direct", "interactive_task": "interactive_task", "skip": "not_logged_on", "fail": "become_mismatch"}


def _access(profile, args, context):
    return ACCESS[plan_session(profile, args.get("session", "auto"), context["running_as_sid"])["how"]]


def _in_vault(state, user, access, timeout, work):
    """Run ``work(user, via)`` the way the wrapper reaches the vault; the wrapper's answer
    shape: ``(error_code, error, output)``."""
    if access == "direct":
        try:
            return 0, None, work(user, "become")
        except VaultError as exc:
            return exc.code, str(exc), None

    def in_session(who):
        try:
            return 0, None, work(who, "user_session")
        except VaultError as exc:
            return exc.code, str(exc), None

    answer = run_in_session(state, user, in_session, timeout)
    if answer["status"] != "ok":
        return -1, "%s: %s" % (answer["status"], answer["error"]), None
    return answer["output"]


def _probe(state, args, context):
    selected, problem = resolve(state, args.get("user", "interactive"))
    users = []
    for profile in selected:
        entry = dict((key, profile[key]) for key in PROFILE_KEYS)
        entry.update(access=_access(profile, args, context), credentials=None, error_code=0, error=None, cleanup_error=None)
        if entry["access"] in ("direct", "interactive_task"):
            code, error, credentials = _in_vault(state, user_by_sid(state, profile["sid"]), entry["access"],
                                                 args.get("session_timeout", 120), enumerate_credentials)
            entry.update(error_code=code, error=error, credentials=credentials)
        users.append(entry)
    return {"changed": False, "probe": {"users": users, "user_problem": problem}}


def _apply(state, args, check_mode, context):
    if check_mode:
        return {"failed": True, "msg": "win_credential_purge: the apply phase was called in check mode; nothing was changed"}
    by_sid = {}
    for op in args.get("_ops", []):
        if op["op"] != "delete_credential":
            return {"failed": True, "msg": "win_credential_purge: unknown op '%s'" % op["op"]}
        by_sid.setdefault(op["sid"], []).append(op)
    known = dict((profile["sid"], profile) for profile in profiles(state))
    results = []
    for sid, ops in by_sid.items():
        profile = known.get(sid)
        access = _access(profile, args, context) if profile else None
        if access not in ("direct", "interactive_task"):
            reason = ("no profile with SID %s on this machine" % sid) if profile is None else \
                "the vault cannot be reached now (%s)" % access
            results.extend(dict(op, status="skipped", error=reason) for op in ops)
            continue

        def delete_all(who, via, ops=ops):
            # Like CredentialVault.Delete: a code per entry, and one failure stops nothing,
            # except a session that is not there at all, which fails the whole call.
            codes = []
            for op in ops:
                consume_op(state, "delete_credential %s" % op["target"])
                try:
                    delete_credential(who, via, op["target"], op["type"])
                    codes.append((0, None))
                except VaultError as exc:
                    if exc.code == ERROR_NO_SUCH_LOGON_SESSION:
                        raise
                    codes.append((exc.code, str(exc)))
            return codes

        code, error, codes = _in_vault(state, user_by_sid(state, sid), access, args.get("session_timeout", 120), delete_all)
        if code != 0:
            results.extend(dict(op, status="failed", error="%s (%s)" % (error, code)) for op in ops)
            continue
        for op, (result, message) in zip(ops, codes):
            if result == 0:
                results.append(dict(op, status="deleted", error=None))
            elif result == ERROR_NOT_FOUND:
                results.append(dict(op, status="absent", error=None))
            else:
                results.append(dict(op, status="failed", error="%s (%s)" % (message, result)))
    return {"changed": any(r["status"] == "deleted" for r in results), "results": results}


def run(state, args, check_mode, context):
    if args.get("_phase", "probe") == "probe":
        return _probe(state, args, context)
    return _apply(state, args, check_mode, context)
