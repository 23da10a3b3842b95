# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_support_assistant: judge the tool (present, checksum, not expired) and build
the command line on the controller, run the scenario once, interpret its result code."""

from __future__ import annotations

import datetime

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.support_assistant import (
    SCENARIOS, AssistantOptions, interpret, plan)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import SESSION_SPEC, TARGET_USER_SPEC
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import invoke_wrapper

WRAPPER = "win_support_assistant"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC)
ARGUMENT_SPEC.update({
    "session": SESSION_SPEC["session"],
    "source": {"type": "str", "required": True},
    "scenario": {"type": "str", "choices": list(SCENARIOS), "default": "ExpertExperienceAdminTask"},
    "checksum": {"type": "str"},
    "accept_office_removal": {"type": "bool", "default": False},
    "timeout": {"type": "int", "default": 1800},
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
            if params["scenario"] == "ExpertExperienceAdminTask" and parse_user(params["user"])["form"] == "all":
                raise ValueError("user: the Outlook scan runs for one user at a time; name the user, not all")
            options = AssistantOptions(params["source"], params["scenario"], params["checksum"],
                                       params["accept_office_removal"], params["timeout"])
        except (UserSpecError, ValueError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = dict((key, params[key]) for key in ("user", "session", "source", "scenario"))
        probed = invoke_wrapper(self, WRAPPER, wire, task_vars)
        if probed.get("failed") or probed.get("unreachable"):
            result.update(probed)
            return result
        probe = probed["probe"]
        as_user = options.scenario == "ExpertExperienceAdminTask"
        if as_user and not probe["users"]:
            result.update(changed=False, skipped=True, msg="nothing to do: %s" % probe["user_problem"])
            return result
        target = probe["users"][0] if as_user else None
        now = datetime.datetime.now(datetime.timezone.utc)
        planned = plan(options, probe["tool"], now, target["profile_path"] if target else None)
        if planned["warnings"]:
            result["warnings"] = planned["warnings"]
        if planned["failure"]:
            result.update(failed=True, changed=False, msg=planned["failure"])
            return result
        run = planned["run"]
        result.update(changed=True, scenario=options.scenario, command=run["arguments"], log_folder=run["log_folder"],
                      user=(target or {}).get("name"), exit_code=None, status=None, meaning=None)
        if self._task.check_mode:
            result["msg"] = "would run %s %s" % (options.source, run["arguments"])
            return result
        op = {"op": "run_scenario", "sid": target["sid"] if target else "", "arguments": run["arguments"],
              "log_folder": run["log_folder"], "timeout": options.timeout, "as_user": run["as_user"]}
        applied = invoke_wrapper(self, WRAPPER, wire, task_vars, phase="apply", ops=[op])
        if applied.get("failed") or applied.get("unreachable"):
            result.update(applied)
            return result
        outcome = applied["results"][0]
        if outcome["status"] != "ran":
            result.update(failed=True, msg="%s did not run: %s" % (options.scenario, outcome["error"]))
            return result
        meaning = interpret(options.scenario, outcome["exit_code"], outcome["output"])
        # The tool's output stays on the host's log folder: it can name the user's files.
        result.update(exit_code=outcome["exit_code"], status=meaning["status"], meaning=meaning["meaning"],
                      msg="%s: %s (%s)" % (options.scenario, meaning["meaning"], outcome["exit_code"]))
        if meaning["status"] != "success":
            result["failed"] = True
        return result
