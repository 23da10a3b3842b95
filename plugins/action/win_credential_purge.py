# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_credential_purge: probe every target user's vault once, decide on the
controller which entries are Office sign-in state, delete exactly those in one apply call."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._credentials.match import (
    CREDENTIAL_TYPES, DEFAULT_TYPES, MatchOptionError, PurgePolicy)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.results import merge, user_result
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.session import (
    ERROR_NO_SUCH_LOGON_SESSION, no_logon_session_message, plan_session)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import SESSION_SPEC, TARGET_USER_SPEC, check_session_timeout
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import invoke_wrapper

WRAPPER = "win_credential_purge"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC, **SESSION_SPEC)
ARGUMENT_SPEC.update({
    "match": {"type": "list", "elements": "str"},
    "exclude": {"type": "list", "elements": "str", "default": []},
    "address": {"type": "str"},
    "types": {"type": "list", "elements": "str", "choices": list(CREDENTIAL_TYPES), "default": list(DEFAULT_TYPES)},
})
_ACCESS_TO_PLAN = {"not_logged_on": "skip", "become_mismatch": "fail"}


def _public(credential):
    return {"target": credential["target"], "type": credential["type"], "user_name": credential["user_name"]}


def plan_user(policy, probed, session):
    """``(entry, ops)`` for one probed user: the per-user result (as if every planned delete
    succeeds) and the delete ops to send."""
    if probed["access"] in _ACCESS_TO_PLAN:
        # The wrapper decided exactly as plan_session does; ask it for the words.
        reason = plan_session(probed, session, None)["reason"]
        status = "skipped" if probed["access"] == "not_logged_on" else "failed"
        return user_result(probed, status, reason, purged=[], kept=None), []
    if probed["error_code"] == ERROR_NO_SUCH_LOGON_SESSION:
        return user_result(probed, "failed", no_logon_session_message(probed), purged=[], kept=None), []
    if probed["error_code"] != 0:
        return user_result(probed, "failed", "could not list the credentials: %s" % probed["error"], purged=[], kept=None), []
    purge, kept = policy.plan(probed["credentials"])
    ops = [{"op": "delete_credential", "sid": probed["sid"], "target": c["target"], "type": c["type"]} for c in purge]
    return user_result(probed, "changed" if purge else "ok", None, purged=[_public(c) for c in purge], kept=kept), ops


def apply_outcome(entry, results):
    """Fold the wrapper's per-op results into a user's entry."""
    mine = [r for r in results if r["sid"] == entry["sid"]]
    failed = [r for r in mine if r["status"] == "failed"]
    skipped = [r for r in mine if r["status"] == "skipped"]
    done = set((r["target"], r["type"]) for r in mine if r["status"] in ("deleted", "absent"))
    entry["purged"] = [c for c in entry["purged"] if (c["target"], c["type"]) in done]
    if failed:
        entry.update(status="failed", reason="; ".join("%s: %s" % (r["target"], r["error"]) for r in failed))
    elif skipped and not done:
        entry.update(status="skipped", reason=skipped[0]["error"])
    return entry


def outcome_words(entry, check_mode):
    if entry["status"] == "changed":
        return "would purge" if check_mode else "purged"
    if entry["status"] == "ok":
        return "nothing to do"
    return "%s: %s" % (entry["status"], entry["reason"])


def diff_for(probed_users, entries):
    before, after = [], []
    purged = dict((e["sid"], set((c["target"], c["type"]) for c in e["purged"])) for e in entries)
    for probed in probed_users:
        if probed["credentials"] is None:
            continue
        targets = sorted((c["target"], c["type"]) for c in probed["credentials"])
        header = "%s:" % (probed["name"] or probed["sid"])
        before.append(header)
        before.extend("  %s (%s)" % pair for pair in targets)
        after.append(header)
        after.extend("  %s (%s)" % pair for pair in targets if pair not in purged.get(probed["sid"], set()))
    return {"before": "\n".join(before) + "\n", "after": "\n".join(after) + "\n"}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        try:
            parse_user(params["user"])
            policy = PurgePolicy(params["match"], params["exclude"], params["address"], params["types"])
        except (UserSpecError, MatchOptionError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result
        try:
            check_session_timeout(params["session_timeout"])
        except ValueError as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = {"user": params["user"].strip(), "session": params["session"], "session_timeout": params["session_timeout"]}
        probed = invoke_wrapper(self, WRAPPER, wire, task_vars)
        if probed.get("failed") or probed.get("unreachable"):
            result.update(probed)
            return result
        probe = probed["probe"]
        planned = [plan_user(policy, user, params["session"]) for user in probe["users"]]
        entries = [entry for entry, _ops in planned]
        ops = [op for _entry, user_ops in planned for op in user_ops]

        if ops and not self._task.check_mode:
            applied = invoke_wrapper(self, WRAPPER, wire, task_vars, phase="apply", ops=ops)
            if applied.get("failed") or applied.get("unreachable"):
                applied.setdefault("msg", "the delete call failed")
                applied["msg"] = "%s (planned: %s)" % (
                    applied["msg"], ", ".join("%s %s" % (e["user"], len(e["purged"])) for e in entries))
                result.update(applied)
                return result
            entries = [apply_outcome(entry, applied["results"]) for entry in entries]

        for entry in entries:
            entry["outcome"] = outcome_words(entry, self._task.check_mode)
        for probed_user in probe["users"]:
            if probed_user.get("cleanup_error"):
                self._display.warning("%s: %s" % (probed_user["name"] or probed_user["sid"], probed_user["cleanup_error"]))
        summary = merge(entries, probe["user_problem"], explicit_user=parse_user(params["user"])["form"] not in ("interactive", "all"))
        result.update(changed=summary["changed"], msg=summary["msg"], users=entries)
        if summary["failed"]:
            result["failed"] = True
        elif summary["skipped"]:
            result["skipped"] = True
        if self._task.diff:
            result["diff"] = diff_for(probe["users"], entries)
        return result
