# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The probe / plan / apply cycle shared by the action plugins of per-user wrappers built
on _UserState.psm1 (win_office_identity, win_outlook_profile).

One probe call; a plan per user from the module's own policy; in check mode or with
nothing to change, no second call; otherwise one apply call whose per-op results are
folded back into each user's entry.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.results import merge, user_result
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import invoke_wrapper


def _render(values):
    lines = []
    for section in sorted(values):
        for name in sorted(values[section]):
            lines.append("  %s\\%s = %s" % (section, name, values[section][name]))
    return lines


def diff_for(entries):
    """before / after text of every user's planned view."""
    before, after = [], []
    for entry in entries:
        if not entry.get("before"):
            continue
        before.append("%s:" % entry["user"])
        before.extend(_render(entry["before"]))
        after.append("%s:" % entry["user"])
        after.extend(_render(entry["after"]))
    return {"before": "\n".join(before) + "\n", "after": "\n".join(after) + "\n"}


def fold_results(entry, results):
    """A user's entry after apply: failed when any of their ops failed, ok when none changed."""
    mine = [r for r in results if r["sid"] == entry["sid"]]
    failed = [r for r in mine if r["status"] == "failed"]
    if failed:
        entry.update(status="failed", reason="; ".join("%s %s: %s" % (r["op"], r["path"], r["error"]) for r in failed))
    elif not any(r["status"] == "changed" for r in mine):
        entry["status"] = "ok"
    return entry


def run_user_plan(action, wrapper, wire, task_vars, plan_user, result, plan_machine=None):
    """Run the cycle and fill ``result``. ``plan_user(probe, user)`` returns a dict with
    ``ops``, ``warnings``, ``note``, ``failure`` (the user fails), optionally ``skip`` (the
    user is skipped, with that reason) and ``extra`` (more keys for the user's entry), and
    the view keys (``versions``, ``before``, ``after``, ``backups``) for one probed user.
    ``plan_machine(probe)``, when given, returns ``{"ops", "warnings", "before", "after"}``
    for machine-wide changes; they are applied after the users' ops and reported as
    ``result["machine"]``."""
    probed = invoke_wrapper(action, wrapper, wire, task_vars)
    if probed.get("failed") or probed.get("unreachable"):
        result.update(probed)
        return result
    probe = probed["probe"]
    entries, ops, warnings = [], [], []
    for user in probe["users"]:
        if user["error"]:
            entries.append(user_result(user, "failed", user["error"]))
            continue
        plan = plan_user(probe, user)
        warnings.extend("%s: %s" % (user["name"] or user["sid"], w) for w in plan["warnings"])
        view = dict((key, plan[key]) for key in ("versions", "before", "after", "backups"))
        view.update(plan.get("extra") or {})
        if plan.get("failure"):
            entries.append(user_result(user, "failed", plan["failure"], **view))
            continue
        if plan.get("skip"):
            entries.append(user_result(user, "skipped", plan["skip"], **view))
            continue
        entries.append(user_result(user, "changed" if plan["ops"] else "ok", plan["note"], **view))
        ops.extend(plan["ops"])

    machine = None
    if plan_machine is not None:
        planned = plan_machine(probe)
        warnings.extend(planned["warnings"])
        machine = {"sid": "", "status": "changed" if planned["ops"] else "ok", "reason": None,
                   "before": planned["before"], "after": planned["after"]}
        ops.extend(planned["ops"])

    if ops and not action._task.check_mode:
        applied = invoke_wrapper(action, wrapper, wire, task_vars, phase="apply", ops=ops)
        if applied.get("failed") or applied.get("unreachable"):
            result.update(applied)
            return result
        entries = [fold_results(entry, applied["results"]) if entry["status"] != "failed" else entry for entry in entries]
        if machine is not None:
            machine = fold_results(machine, applied["results"])

    summary = merge(entries, probe["user_problem"], explicit_user=parse_user(wire["user"])["form"] not in ("interactive", "all"))
    result.update(changed=summary["changed"], msg=summary["msg"], users=entries)
    if machine is not None:
        result["machine"] = dict((key, machine[key]) for key in ("status", "reason", "before", "after"))
        if machine["status"] == "changed":
            result["changed"] = True
        if machine["status"] == "failed":
            summary["failed"] = True
            result["msg"] += "; machine: %s" % machine["reason"]
    if warnings:
        result["warnings"] = warnings
    if summary["failed"]:
        result["failed"] = True
    elif summary["skipped"]:
        result["skipped"] = True
    if action._task.diff:
        result["diff"] = diff_for(entries)
    return result
