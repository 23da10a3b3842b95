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
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import ONCE_SPEC, TARGET_USER_SPEC
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._user_actions import run_user_plan

WRAPPER = "win_office_identity"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC, **ONCE_SPEC)
ARGUMENT_SPEC.update({
    "office_version": {"type": "str", "choices": list(OFFICE_VERSION_CHOICES), "default": "auto"},
    "modern_auth": {"type": "bool", "default": True},
    "always_use_msoauth_for_autodiscover": {"type": "bool", "default": True},
    "wam": {"type": "str", "choices": list(WAM_CHOICES), "default": "enabled"},
    "reset_identity_cache": {"type": "bool", "default": False},
    "reset_web_service_cache": {"type": "bool", "default": False},
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
            once = check_once_id(params["once"])
            options = IdentityOptions(params["office_version"], params["modern_auth"],
                                      params["always_use_msoauth_for_autodiscover"], params["wam"],
                                      params["reset_identity_cache"], params["reset_web_service_cache"], once)
        except (UserSpecError, ValueError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = {"user": params["user"].strip(), "_read": [{"path": path, "depth": 16} for path in keys_to_read()]}
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")

        return run_user_plan(self, WRAPPER, wire, task_vars,
                             lambda probe, user: plan_user(options, probe["machine"], user, now), result)
