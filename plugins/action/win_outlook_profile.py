# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_outlook_profile: read every target user's Outlook profile keys and data
folders once, plan on the controller, apply each user's ops in one call."""

from __future__ import annotations

import datetime

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.outlook_profile import (
    OFFICE_VERSION_CHOICES, RUNNING_CHOICES, SELECTION_CHOICES, STATE_CHOICES, ProfileOptions, folders_to_list,
    keys_to_read, plan_user)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import check_once_id
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import ONCE_SPEC, TARGET_USER_SPEC
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._user_actions import run_user_plan

WRAPPER = "win_outlook_profile"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC, **ONCE_SPEC)
ARGUMENT_SPEC.update({
    "name": {"type": "str"},
    "state": {"type": "str", "choices": list(STATE_CHOICES), "default": "default"},
    "force": {"type": "bool", "default": False},
    "office_version": {"type": "str", "choices": list(OFFICE_VERSION_CHOICES), "default": "auto"},
    "zero_config_exchange": {"type": "bool", "default": True},
    "profile_selection": {"type": "str", "choices": list(SELECTION_CHOICES), "default": "always_use"},
    "clear_offline_cache": {"type": "bool", "default": False},
    "clear_autodiscover_cache": {"type": "bool", "default": False},
    "outlook_running": {"type": "str", "choices": list(RUNNING_CHOICES), "default": "fail"},
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
            options = ProfileOptions(params["name"], params["state"], params["force"], params["office_version"],
                                     params["zero_config_exchange"], params["profile_selection"],
                                     params["clear_offline_cache"], params["clear_autodiscover_cache"],
                                     params["outlook_running"], check_once_id(params["once"]))
        except (UserSpecError, ValueError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = {"user": params["user"].strip(), "_read": keys_to_read(options), "_folders": folders_to_list(options)}
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        return run_user_plan(self, WRAPPER, wire, task_vars,
                             lambda probe, user: plan_user(options, probe["machine"], user, probe["processes"], now), result)
