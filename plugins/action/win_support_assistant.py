# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_support_assistant: get the tool to the target when it is a URL or a
controller file (into a cache the target keeps by SHA-256), judge it (present, checksum,
not expired, not writable by others) and build the command line on the controller, run the
scenario once, interpret its result code."""

from __future__ import annotations

import datetime
import hashlib
import os

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.support_assistant import (
    SCENARIOS, AssistantOptions, checksum_mismatch, fetch_failure, interpret, plan, plan_fetch, shown)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import SESSION_SPEC, TARGET_USER_SPEC
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import invoke_wrapper, put_file

WRAPPER = "win_support_assistant"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC)
ARGUMENT_SPEC.update({
    "session": SESSION_SPEC["session"],
    "source": {"type": "str", "required": True},
    "remote_src": {"type": "bool", "default": True},
    "scenario": {"type": "str", "choices": list(SCENARIOS), "default": "ExpertExperienceAdminTask"},
    "checksum": {"type": "str"},
    "accept_office_removal": {"type": "bool", "default": False},
    "timeout": {"type": "int", "default": 1800},
})


def _sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _controller_file(action, options):
    """``(path, sha256)`` of a controller source, found like win_copy's src (the role's or
    playbook's files/ first), its checksum checked here before anything is sent."""
    try:
        path = action._find_needle("files", options.source)
    except AnsibleError as exc:
        raise ValueError("source: the controller file %s was not found (remote_src=false looks in files/ beside the "
                         "playbook or role, or takes an absolute path): %s" % (options.source, to_text(exc)))
    if not os.path.isfile(path):
        raise ValueError("source: %s on the controller is not a file" % path)
    with open(path, "rb") as handle:
        magic = handle.read(2)
    if magic not in (b"PK", b"MZ"):
        raise ValueError("source: %s is neither a zip archive nor an executable; expected GetHelpCmd.zip or "
                         "GetHelpCmd.exe" % path)
    sha256 = _sha256_of(path)
    if options.checksum and sha256 != options.checksum:
        raise ValueError(checksum_mismatch("the controller file %s" % path, options.checksum, sha256))
    return path, sha256


class ActionModule(ActionBase):
    # The tmp folder is made only when a controller file is sent (_transport.put_file).
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        local = None
        try:
            parse_user(params["user"])
            if params["scenario"] == "ExpertExperienceAdminTask" and parse_user(params["user"])["form"] == "all":
                raise ValueError("user: the Outlook scan runs for one user at a time; name the user, not all")
            options = AssistantOptions(params["source"], params["scenario"], params["checksum"],
                                       params["accept_office_removal"], params["timeout"], params["remote_src"])
            if options.kind == "controller":
                local = _controller_file(self, options)
        except (UserSpecError, ValueError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result

        wire = dict((key, params[key]) for key in ("user", "session", "source", "scenario", "remote_src"))
        # The wrapper logs its parameters (Ansible.Basic: the Windows event log); a URL goes
        # there without its query, which may be a signature (see _fetch_url below).
        wire["source"] = shown(options.source)
        # The target finds a fetched tool's cache by the SHA-256 of what was fetched.
        wire["checksum"] = local[1] if local else options.checksum
        probed = invoke_wrapper(self, WRAPPER, wire, task_vars)
        if probed.get("failed") or probed.get("unreachable"):
            result.update(probed)
            return result
        probe = probed["probe"]
        as_user = options.scenario == "ExpertExperienceAdminTask"
        if as_user and not probe["users"]:
            if parse_user(params["user"])["form"] in ("interactive", "all"):
                result.update(changed=False, skipped=True, msg="nothing to do: %s" % probe["user_problem"])
            else:  # a named user must exist
                result.update(changed=False, failed=True, msg=probe["user_problem"])
            return result
        target = probe["users"][0] if as_user else None
        fetching = plan_fetch(options, probe["cache"], local[1] if local else None)
        if fetching["failure"]:
            result.update(failed=True, changed=False, msg=fetching["failure"])
            return result
        tool = probe["tool"]
        fetch = fetching["fetch"]
        if fetch and self._task.check_mode:
            # Nothing is downloaded or copied in check mode, so the tool cannot be judged yet.
            planned = plan(options, {"exists": True, "sha256": fetch["sha256"], "created": None,
                                     "writable_by_others": [], "path": "%s\\GetHelpCmd.exe" % probe["cache"]["folder"]},
                           datetime.datetime.now(datetime.timezone.utc), target["profile_path"] if target else None)
            result.update(changed=True, scenario=options.scenario, command=planned["run"]["arguments"],
                          log_folder=planned["run"]["log_folder"], user=(target or {}).get("name"), exit_code=None,
                          status=None, meaning=None, fetch=fetching["describe"],
                          msg="would %s, then run %s" % (fetching["describe"], planned["run"]["arguments"]))
            return result
        if fetch:
            if options.kind == "controller":
                sent = put_file(self, local[0], "GetHelpCmd-%s.bin" % local[1][:16], task_vars)
                if sent.get("failed") or sent.get("unreachable"):
                    result.update(sent)
                    return result
                fetch = dict(fetch, location=sent["path"])
            fetch_wire = dict(wire, _fetch_url=options.source) if options.kind == "url" else wire
            fetched = invoke_wrapper(self, WRAPPER, fetch_wire, task_vars, phase="apply", ops=[fetch])
            if fetched.get("failed") or fetched.get("unreachable"):
                result.update(fetched)
                return result
            outcome = fetched["results"][0]
            if outcome["status"] != "fetched":
                result.update(failed=True, changed=False, msg=fetch_failure(options, fetch, outcome))
                return result
            tool = outcome["tool"]
            result["fetch"] = fetching["describe"]
        now = datetime.datetime.now(datetime.timezone.utc)
        planned = plan(options, tool, now, target["profile_path"] if target else None)
        if planned["warnings"]:
            result["warnings"] = planned["warnings"]
        if planned["failure"]:
            # A fetch that happened is a change even when the tool then may not run.
            result.update(failed=True, changed=bool(fetch), msg=planned["failure"])
            return result
        run = planned["run"]
        result.update(changed=True, scenario=options.scenario, command=run["arguments"], log_folder=run["log_folder"],
                      user=(target or {}).get("name"), exit_code=None, status=None, meaning=None)
        if self._task.check_mode:
            result["msg"] = "would run %s %s" % (run["tool"], run["arguments"])
            return result
        op = {"op": "run_scenario", "sid": target["sid"] if target else "", "tool": run["tool"], "arguments": run["arguments"],
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
