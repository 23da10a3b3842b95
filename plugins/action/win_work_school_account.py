# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_work_school_account: read the device join state, each target user's work
account registrations and WAM accounts once, decide on the controller which to disconnect."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.session import plan_session
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import SESSION_SPEC, TARGET_USER_SPEC, check_session_timeout
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace import accounts
from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace.dsregcmd import summarise
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._user_actions import run_user_plan

WRAPPER = "win_work_school_account"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC, **SESSION_SPEC)
ARGUMENT_SPEC.update({
    "state": {"type": "str", "choices": list(accounts.STATES), "default": "query"},
    "match": {"type": "dict"},
    "wpj_cleanup_path": {"type": "str"},
    "block_workplace_join": {"type": "bool"},
    "leave_device": {"type": "bool", "default": False},
    "cleanup_all": {"type": "bool", "default": False},
})


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        try:
            parse_user(params["user"])
            if params["state"] == "absent" and params["match"] is None:
                raise ValueError("match: required with state=absent (which accounts to disconnect)")
            spec = accounts.parse_match(params["match"]) if params["match"] is not None else None
            cleanup = accounts.check_cleanup_path(params["wpj_cleanup_path"])
            check_session_timeout(params["session_timeout"])
        except (UserSpecError, ValueError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = {"user": params["user"].strip(), "session": params["session"], "session_timeout": params["session_timeout"],
                "_read": [{"path": accounts.JOIN_INFO_KEY, "depth": 1}], "_wam": True}
        device = {}

        def plan(probe, user):
            device.update(summarise(probe["machine"]["dsregcmd_status"]))
            wam = user.get("wam")
            if wam is not None and wam["access"] in ("not_logged_on", "become_mismatch"):
                wam = dict(wam, reason=plan_session(user, params["session"], None)["reason"])
            return accounts.plan_user(spec, params["state"], cleanup, user, wam, device, probe["machine"]["build"],
                                      params["cleanup_all"])

        def plan_machine(probe):
            device.update(summarise(probe["machine"]["dsregcmd_status"]), exit_code=probe["machine"]["dsregcmd_exit_code"])
            ops, warnings = accounts.plan_machine(params["block_workplace_join"], params["leave_device"], device,
                                                  probe["machine"]["block_policy"])
            view = {"device_join": device["device_join"], "block_workplace_join": probe["machine"]["block_policy"] == 1}
            after = dict(view)
            if any(op["op"] == "set_block_policy" for op in ops):
                after["block_workplace_join"] = True
            if any(op["op"] == "remove_block_policy" for op in ops):
                after["block_workplace_join"] = False
            if any(op["op"] == "leave_device" for op in ops):
                after["device_join"] = "domain" if device["device_join"] == "hybrid" else "workgroup"
            return {"ops": ops, "warnings": warnings, "before": view, "after": after}

        run_user_plan(self, WRAPPER, wire, task_vars, plan, result, plan_machine)
        # Device state only: dsregcmd's user state describes the account Ansible connects as.
        user_fields = ("workplace_joined", "wam_default_set", "azure_ad_prt", "unparsed")
        result["device"] = dict((key, value) for key, value in device.items() if key not in user_fields)
        if device.get("exit_code"):
            result.setdefault("warnings", []).append("dsregcmd /status exited with %d; the device state may be incomplete"
                                                     % device["exit_code"])
        if device.get("unparsed"):
            result.setdefault("warnings", []).append("dsregcmd printed lines this collection does not know: %s"
                                                     % "; ".join(device["unparsed"][:5]))
        return result
