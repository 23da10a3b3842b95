# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Merging the per-user outcomes of one task into the module result and its message."""

from __future__ import annotations

STATUSES = ("changed", "ok", "skipped", "failed")


def user_result(profile, status, reason=None, **details):
    if status not in STATUSES:
        raise ValueError("unknown per-user status %r" % status)
    entry = {"user": profile.get("name") or profile["sid"], "sid": profile["sid"], "status": status, "reason": reason}
    entry.update(details)
    return entry


def merge(results, selection_problem=None, explicit_user=False):
    """``{"changed", "failed", "skipped", "msg"}`` for the task from its per-user results.

    The task changed when any user changed; failed when any user failed, or when the user
    option named one user (an account, UPN or SID) and no profile matched: that user must
    exist; skipped when no user was acted on at all (nobody at the console, no profile, or
    every one skipped).
    """
    counts = dict((status, 0) for status in STATUSES)
    for entry in results:
        counts[entry["status"]] += 1
    failed = [entry for entry in results if entry["status"] == "failed"]
    merged = {
        "changed": counts["changed"] > 0,
        "failed": bool(failed),
        "skipped": not results or counts["skipped"] == len(results),
    }
    if not results and explicit_user and selection_problem:
        merged.update(failed=True, skipped=False, msg=selection_problem)
    elif not results:
        merged["msg"] = "nothing to do: %s" % (selection_problem or "no user selected")
    elif failed:
        merged["msg"] = "failed for %d of %d user(s): %s" % (
            len(failed), len(results), "; ".join("%s: %s" % (e["user"], e["reason"]) for e in failed))
    else:
        parts = ["%d %s" % (counts[status], status) for status in STATUSES if counts[status]]
        skipped = [e for e in results if e["status"] == "skipped"]
        merged["msg"] = "%d user(s): %s" % (len(results), ", ".join(parts))
        if skipped:
            merged["msg"] += " (skipped: %s)" % "; ".join("%s: %s" % (e["user"], e["reason"]) for e in skipped)
    return merged
