# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""outlook_auth_findings: the findings of one host, made on the controller from its facts."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings.catalog import SEVERITIES
from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings.rules import findings_for, steps_needed

# Kept equal to the module's DOCUMENTATION options by tests/unit/tools (spec-vs-docs).
ARGUMENT_SPEC = {
    "facts": {"type": "dict"},
    "realms": {"type": "dict", "default": {}},
}
_FACT_KEYS = ("office", "device", "network", "events", "users")


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    # Pure computation on the controller: no connection to the host is opened.
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        facts = params["facts"]
        if facts is None:
            facts = (task_vars.get("ansible_facts") or {}).get("outlook_auth")
        if not isinstance(facts, dict):
            result.update(failed=True, changed=False,
                          msg="facts: no outlook_auth fact for this host; run officeops.outlook_auth.win_outlook_auth_facts first "
                              "or pass the fact as facts")
            return result
        missing = [key for key in _FACT_KEYS if key not in facts]
        if missing:
            result.update(failed=True, changed=False,
                          msg="facts: not an outlook_auth fact of this collection's version (missing %s)" % ", ".join(missing))
            return result
        for domain, realm in params["realms"].items():
            if not isinstance(realm, dict):
                result.update(failed=True, changed=False,
                              msg="realms: the entry for %r must be a dict as m365_user_realm returns it" % (domain,))
                return result
        found = findings_for(facts, dict((k.lower(), v) for k, v in params["realms"].items()))
        counts = dict((severity, sum(1 for f in found if f["severity"] == severity)) for severity in SEVERITIES)
        result.update(changed=False, ansible_facts={"outlook_auth_findings": found}, steps=steps_needed(found), counts=counts,
                      msg="%d finding(s)%s" % (len(found), (": " + ", ".join(sorted(set(f["id"] for f in found)))) if found else ""))
        return result
