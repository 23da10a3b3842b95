# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_office_identity: read every target user's identity keys once, plan on the
controller, apply each user's ops in one call (backup before any delete)."""

from __future__ import annotations

import datetime

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.identity import (
    OFFICE_VERSION_CHOICES, WAM_CHOICES, IdentityOptions, keys_to_read, plan_user)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import check_once_id
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.results import merge, user_result
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import invoke_wrapper

WRAPPER = "win_office_identity"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = {
    "user": {"type": "str", "default": "interactive"},
    "office_version": {"type": "str", "choices": list(OFFICE_VERSION_CHOICES), "default": "auto"},
    "modern_auth": {"type": "bool", "default": True},
    "always_use_msoauth_for_autodiscover": {"type": "bool", "default": True},
    "wam": {"type": "str", "choices": list(WAM_CHOICES), "default": "enabled"},
    "reset_identity_cache": {"type": "bool", "default": False},
    "reset_web_service_cache": {"type": "bool", "default": False},
    "once": {"type": "str"},
}


def _render(values):
    lines = []
    for section in sorted(values):
        for name in sorted(values[section]):
            lines.append("  %s\\%s = %s" % (section, name, values[section][name]))
    return lines


def diff_for(entries):
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
    """A user's entry after apply: failed when any of their ops failed."""
    mine = [r for r in results if r["sid"] == entry["sid"]]
    failed = [r for r in mine if r["status"] == "failed"]
    if failed:
        entry.update(status="failed", reason="; ".join("%s %s: %s" % (r["op"], r["path"], r["error"]) for r in failed))
    elif not any(r["status"] == "changed" for r in mine):
        entry["status"] = "ok"
    return entry


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        try:
            parse_user(params["user"])
            once = check_once_id(params["once"])
            options = IdentityOptions(params["office_version"], params["modern_auth"],
                                      params["always_use_msoauth_for_autodiscover"], params["wam"],
                                      params["reset_identity_cache"], params["reset_web_service_cache"], once)
        except (UserSpecError, ValueError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = {"user": params["user"].strip(), "_read": [{"path": path, "depth": 16} for path in keys_to_read()]}
        probed = invoke_wrapper(self, WRAPPER, wire, task_vars)
        if probed.get("failed") or probed.get("unreachable"):
            result.update(probed)
            return result
        probe = probed["probe"]
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        entries, ops, warnings = [], [], []
        for user in probe["users"]:
            if user["error"]:
                entries.append(user_result(user, "failed", user["error"]))
                continue
            plan = plan_user(options, probe["machine"], user, now)
            warnings.extend("%s: %s" % (user["name"] or user["sid"], w) for w in plan["warnings"])
            entries.append(user_result(user, "changed" if plan["ops"] else "ok", plan["note"], versions=plan["versions"],
                                       before=plan["before"], after=plan["after"], backups=plan["backups"]))
            ops.extend(plan["ops"])

        if ops and not self._task.check_mode:
            applied = invoke_wrapper(self, WRAPPER, wire, task_vars, phase="apply", ops=ops)
            if applied.get("failed") or applied.get("unreachable"):
                result.update(applied)
                return result
            entries = [fold_results(entry, applied["results"]) if entry["status"] != "failed" else entry
                       for entry in entries]

        summary = merge(entries, probe["user_problem"])
        result.update(changed=summary["changed"], msg=summary["msg"], users=entries)
        if warnings:
            result["warnings"] = warnings
        if summary["failed"]:
            result["failed"] = True
        elif summary["skipped"]:
            result["skipped"] = True
        if self._task.diff:
            result["diff"] = diff_for(entries)
        return result
