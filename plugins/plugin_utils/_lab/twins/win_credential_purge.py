# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_credential_purge.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import profiles, resolve, user_by_sid
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.vault import (
    ERROR_NO_SUCH_LOGON_SESSION, ERROR_NOT_FOUND, VaultError, delete_credential)
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.vaultaccess import credential_state, in_vault
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.wam import session_access


def _probe(state, args, context):
    selected, problem = resolve(state, args.get("user", "interactive"))
    users = [credential_state(state, profile, args, context) for profile in selected]
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
        access = session_access(profile, args, context) if profile else None
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

        code, error, codes, _cleanup_error = in_vault(state, user_by_sid(state, sid), access,
                                                      args.get("session_timeout", 120), delete_all)
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
