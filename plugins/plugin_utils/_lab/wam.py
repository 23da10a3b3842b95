# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/module_utils/_WamAccount.psm1: the user's Office WAM accounts, reached
as the wrapper reaches them (in process through become, or in a session task)."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import users
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import consume_op
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import run_in_session, user_by_sid


def session_access(profile, args, context):
    """Get-OfficeopsSessionAccess for the wrapper's ``session`` option and process."""
    return users.session_access(profile, args.get("session", "auto"), users.process_identity(context))


def session_answer(state, user, access, args, work):
    """Run ``work(user)`` as the wrapper reaches the user's session:
    ``{"error", "output", "cleanup_error"}``."""
    if access == "direct":
        return {"error": None, "output": work(user), "cleanup_error": None}
    answer = run_in_session(state, user, work, args.get("session_timeout", 120))
    if answer["status"] != "ok":
        return {"error": "%s: %s" % (answer["status"], answer["error"]), "output": None,
                "cleanup_error": answer["cleanup_error"]}
    return {"error": None, "output": answer["output"], "cleanup_error": answer["cleanup_error"]}


def in_session(state, user, access, args, work):
    """session_answer without the cleanup outcome: (error, output)."""
    answer = session_answer(state, user, access, args, work)
    return answer["error"], answer["output"]


def wam_state(state, profile, args, context):
    """Get-OfficeopsWamState."""
    access = session_access(profile, args, context)
    wam = {"access": access, "error": None, "accounts": [], "cleanup_error": None}
    if access in ("direct", "interactive_task"):
        answer = session_answer(state, user_by_sid(state, profile["sid"]), access, args, lambda who: [
            {"id": a["id"], "provider": a["provider"], "user_name": a["user_name"], "tenant_id": a.get("tenant_id"),
             "signed_out": False} for a in who.get("wam_accounts", [])])
        wam.update(error=answer["error"], accounts=answer["output"] or [], cleanup_error=answer["cleanup_error"])
    return wam


def sign_out_op(state, profile, op, args, context):
    """Invoke-OfficeopsWamSignOutOp."""
    outcome = {"op": "wam_sign_out", "sid": profile["sid"], "path": "", "status": "failed", "error": None, "signed_out": []}
    access = session_access(profile, args, context)
    if access not in ("direct", "interactive_task"):
        outcome["error"] = "the user's session cannot be reached now (%s)" % access
        return outcome
    consume_op(state, "wam_sign_out")

    def sign_out(who):
        gone = [a for a in who.get("wam_accounts", []) if a["id"] in op["ids"]]
        who["wam_accounts"] = [a for a in who.get("wam_accounts", []) if a["id"] not in op["ids"]]
        return [{"id": a["id"], "provider": a["provider"]} for a in gone]

    error, signed_out = in_session(state, user_by_sid(state, profile["sid"]), access, args, sign_out)
    outcome.update(signed_out=signed_out or [], error=error)
    if error is None:
        outcome["status"] = "changed" if signed_out else "unchanged"
    return outcome
