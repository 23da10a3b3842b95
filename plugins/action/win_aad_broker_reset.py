# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_aad_broker_reset: list each target user's token files, backups and (for a
sign-out) WAM accounts once, plan the reset or the restore on the controller, apply once."""

from __future__ import annotations

import datetime

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._broker.reset import (
    METHODS, BrokerOptions, folders_to_list, plan_user)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import check_once_id
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.session import plan_session
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import SESSION_SPEC, TARGET_USER_SPEC, check_session_timeout
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._user_actions import run_user_plan

WRAPPER = "win_aad_broker_reset"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC, **SESSION_SPEC)
ARGUMENT_SPEC.update({
    "method": {"type": "str", "choices": list(METHODS), "default": "signout"},
    "restore": {"type": "bool", "default": False},
    "keep_backups": {"type": "int", "default": 3},
    "once": {"type": "str"},
})


def plan_for(options, session, now):
    """The per-user plan in the shape run_user_plan wants, with the session ops in it."""
    def plan(probe, user):
        wam = user.get("wam")
        if wam is not None and wam["access"] in ("not_logged_on", "become_mismatch"):
            wam = dict(wam, reason=plan_session(user, session, None)["reason"])
        planned = plan_user(options, probe["machine"], user, wam, now)
        ops = []
        if planned["sign_out"]:
            ops.append({"op": "wam_sign_out", "sid": user["sid"], "ids": planned["sign_out"]})
        ops.extend(planned["ops"])
        if planned["register_package"]:
            ops.append({"op": "register_package", "sid": user["sid"]})
        signed_out = [{"id": a["id"], "provider": a["provider"]} for a in (wam or {}).get("accounts", [])
                      if a["id"] in planned["sign_out"]]
        planned["ops"] = ops
        planned["extra"] = {"signed_out": signed_out, "moved": planned["moved"], "backup": planned["backup"],
                            "reboot_required": planned["reboot_required"] and bool(ops)}
        return planned
    return plan


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        try:
            parse_user(params["user"])
            options = BrokerOptions(params["method"], params["restore"], params["keep_backups"], check_once_id(params["once"]))
            check_session_timeout(params["session_timeout"])
        except (UserSpecError, ValueError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = {"user": params["user"].strip(), "session": params["session"], "session_timeout": params["session_timeout"],
                "_folders": folders_to_list(options), "_wam": options.method == "signout" and not options.restore}
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        run_user_plan(self, WRAPPER, wire, task_vars, plan_for(options, params["session"], now), result)
        for entry in result.get("users", []):
            if entry["status"] == "ok":
                entry["reboot_required"] = False
                entry["signed_out"] = []
        result["reboot_required"] = any(entry.get("reboot_required") for entry in result.get("users", [])
                                        if entry["status"] == "changed")
        return result
