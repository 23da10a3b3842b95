# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_outlook_auth_facts: one probe, then normalisation on the controller."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.clicktorun import normalise_click_to_run
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import TARGET_USER_SPEC
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import invoke_wrapper

# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC)


def build_facts(probe):
    """The documented ``outlook_auth`` fact from the wrapper's raw probe."""
    click_to_run = normalise_click_to_run(probe["click_to_run"])
    processes = probe["outlook_processes"]
    return {
        "office": {"installed": click_to_run["installed"], "click_to_run": click_to_run},
        "outlook": {"running": bool(processes), "processes": processes},
        "users": probe["users"],
        "users_problem": probe["user_problem"],
    }


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        try:
            parse_user(params["user"])
        except UserSpecError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        probed = invoke_wrapper(self, "win_outlook_auth_facts", {"user": params["user"].strip()}, task_vars)
        if probed.get("failed") or probed.get("unreachable"):
            result.update(probed)
            return result
        result.update(changed=False, ansible_facts={"outlook_auth": build_facts(probed["probe"])})
        return result
