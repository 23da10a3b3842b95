# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brain of win_outlook_auth_facts: one probe, then normalisation on the controller."""

from __future__ import annotations

import re

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._facts.build import build_facts
from ansible_collections.officeops.outlook_auth.plugins.module_utils._facts.probe import SIGN_IN_ENDPOINTS, folders_to_list, keys_to_read
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.options import (
    SESSION_SPEC, TARGET_USER_SPEC, check_session_timeout)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import UserSpecError, parse_user
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import invoke_wrapper

WRAPPER = "win_outlook_auth_facts"
# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = dict(TARGET_USER_SPEC, **SESSION_SPEC)
ARGUMENT_SPEC.update({
    "event_days": {"type": "int", "default": 7},
    "max_events": {"type": "int", "default": 50},
    "endpoints": {"type": "list", "elements": "str"},
    "endpoint_timeout": {"type": "int", "default": 5},
})
# A DNS host name (RFC 1123 labels); nothing that could become a URL or a path.
_HOST_NAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


def check_options(params):
    """The validated options, or ValueError naming the bad one."""
    parse_user(params["user"])
    check_session_timeout(params["session_timeout"])
    if not 1 <= params["event_days"] <= 90:
        raise ValueError("event_days: expected 1 to 90 days, got %d" % params["event_days"])
    if not 0 <= params["max_events"] <= 1000:
        raise ValueError("max_events: expected 0 to 1000 events per log, got %d" % params["max_events"])
    if not 1 <= params["endpoint_timeout"] <= 60:
        raise ValueError("endpoint_timeout: expected 1 to 60 seconds, got %d" % params["endpoint_timeout"])
    endpoints = list(SIGN_IN_ENDPOINTS) if params["endpoints"] is None else params["endpoints"]
    for host in endpoints:
        if not isinstance(host, str) or not _HOST_NAME.match(host):
            raise ValueError("endpoints: %r is not a host name (expected names like login.microsoftonline.com)" % (host,))
    if len(endpoints) > 50:
        raise ValueError("endpoints: at most 50 host names, got %d" % len(endpoints))
    return endpoints


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        try:
            endpoints = check_options(params)
        except (UserSpecError, ValueError) as exc:
            result.update(failed=True, changed=False, msg=str(exc))
            return result
        wire = dict((key, params[key]) for key in ("session", "session_timeout", "event_days", "max_events", "endpoint_timeout"))
        wire.update(user=params["user"].strip(), endpoints=endpoints, _read=keys_to_read(), _folders=folders_to_list())
        probed = invoke_wrapper(self, WRAPPER, wire, task_vars)
        if probed.get("failed") or probed.get("unreachable"):
            result.update(probed)
            return result
        if not probed["probe"]["users"] and parse_user(params["user"])["form"] not in ("interactive", "all"):
            # A named user must exist (the target_user documentation says so).
            result.update(failed=True, changed=False, msg=probed["probe"]["user_problem"])
            return result
        facts = build_facts(probed["probe"])
        result.update(changed=False, ansible_facts={"outlook_auth": facts})
        problems = list(probed.get("warnings") or [])
        problems.extend("%s: %s" % (user["name"] or user["sid"], user["error"]) for user in facts["users"] if user["error"])
        # A session task's folder that could not be removed (it names the folder).
        for user in facts["users"]:
            for place in (user["credentials"], user["wam"] or {}):
                if place.get("cleanup_error"):
                    problems.append("%s: %s" % (user["name"] or user["sid"], place["cleanup_error"]))
        problems.extend("event log %s: %s" % (item["log"], item["error"]) for item in facts["event_errors"])
        if problems:
            result["warnings"] = problems
        return result
