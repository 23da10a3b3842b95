# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_office_repair: read the Click-to-Run state once, build the repair command
line (or, for repair_type=reinstall, check the Office Deployment Tool's configuration XML)
on the controller, run it once (never in check mode)."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.deployment import is_inline
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.repair import REPAIR_TYPES, RepairOptions, plan
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import check_once_id
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import ONCE_SPEC
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import invoke_wrapper

WRAPPER = "win_office_repair"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(ONCE_SPEC)
ARGUMENT_SPEC.update({
    "repair_type": {"type": "str", "choices": list(REPAIR_TYPES), "default": "quick"},
    "force_app_shutdown": {"type": "bool", "default": False},
    "timeout": {"type": "int", "default": 3600},
    "odt_path": {"type": "str"},
    "configuration": {"type": "str"},
    "accept_office_removal": {"type": "bool", "default": False},
})


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        try:
            options = RepairOptions(params["repair_type"], params["force_app_shutdown"], params["timeout"],
                                    check_once_id(params["once"]), params["odt_path"], params["configuration"],
                                    params["accept_office_removal"])
        except ValueError as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = {}
        if options.repair_type == "reinstall":
            # XML given inline stays on the controller until the apply writes the checked copy.
            wire = {"repair_type": "reinstall", "odt_path": options.odt_path}
            if not is_inline(options.configuration):
                wire["configuration"] = options.configuration
        probed = invoke_wrapper(self, WRAPPER, wire, task_vars)
        if probed.get("failed") or probed.get("unreachable"):
            result.update(probed)
            return result
        planned = plan(options, probed["probe"])
        reinstall = options.repair_type == "reinstall"
        if reinstall and planned["run"]:
            command = '"%s" %s' % (planned["run"]["setup"], planned["run"]["arguments"])
        else:
            command = planned["run"]
        result.update(changed=False, version_before=planned["before"]["version"], version_after=planned["before"]["version"],
                      command=command, exit_code=None)
        if planned["warnings"]:
            result["warnings"] = planned["warnings"]
        if planned["failure"]:
            result.update(failed=True, msg=planned["failure"])
            return result
        if planned["run"] is None:
            result["msg"] = planned["note"]
            return result
        result["changed"] = True
        if self._task.check_mode:
            result["msg"] = "would run %s" % (command if reinstall else "OfficeClickToRun.exe %s" % command)
            return result
        if reinstall:
            ops = [dict(planned["run"], op="run_odt", timeout=options.timeout)]
        else:
            ops = [{"op": "run_repair", "arguments": planned["run"], "timeout": options.timeout}]
        if options.once:
            ops.append({"op": "set_once_marker", "once_id": options.once})
        applied = invoke_wrapper(self, WRAPPER, wire, task_vars, phase="apply", ops=ops)
        if applied.get("failed") or applied.get("unreachable"):
            # The module's invocation echoes the ops, and a configuration may hold a product key.
            applied.pop("invocation", None)
            result.update(applied)
            return result
        repair = applied["results"][0]
        result.update(exit_code=repair["exit_code"], version_after=repair["version_after"])
        if repair["status"] == "running":
            # Started and left running: something did change, and a rerun must not start another.
            result.update(failed=True, changed=True, msg=repair["error"])
            return result
        if repair["status"] != "changed":
            result.update(failed=True, changed=False, msg="the %s failed: %s" % ("reinstall" if reinstall else "repair", repair["error"]))
            return result
        marker = applied["results"][1] if len(applied["results"]) > 1 else None
        if marker is not None and marker["status"] == "failed":
            result["warnings"] = result.get("warnings", []) + [
                "the repair worked, but recording once=%s failed (%s); a rerun will repair again" % (options.once, marker["error"])]
        done = "reinstalled" if reinstall else "repaired"
        result["msg"] = "%s (%s): Office %s -> %s" % (done, options.repair_type, result["version_before"], result["version_after"])
        return result
