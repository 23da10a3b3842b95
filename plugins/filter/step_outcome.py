# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""step_outcome: one remediation step's registered module result -> the officeops_step_results entry.

Every role records its outcome the same way, so the fleet report reads one shape; written once
here instead of the same nested Jinja condition in six roles.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: step_outcome
short_description: Turn a remediation step's module result into its report entry
version_added: 0.1.0
author: officeops maintainers
description:
  - "Summarises the registered result of one of this collection's Windows modules as a dict
    with C(status) and C(msg), the value each role stores under its name in
    C(officeops_step_results) for the fleet report."
  - C(failed) when the task failed; C(skipped) when the task was skipped or every target user
    was skipped (for example not logged on), with the reasons; C(changed) when it changed (in
    check mode, would change) something; else C(ok).
options:
  _input:
    description: The registered result of the step's module task.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Record the outcome of step 3
  ansible.builtin.set_fact:
    officeops_step_results: "{{ officeops_step_results | default({}) | combine({'credential_cache': purge | officeops.outlook_auth.step_outcome}) }}"
"""

RETURN = r"""
_value:
  description: The step's report entry.
  type: dict
  contains:
    status:
      description: C(ok), C(changed), C(failed) or C(skipped).
      type: str
    msg:
      description: The module's summary, or why the step was skipped.
      type: str
"""

from ansible.errors import AnsibleFilterError


def _skipped_reasons(users):
    """Reasons when every target user was skipped, else None (someone was acted on)."""
    if not users or any(entry.get("status") != "skipped" for entry in users):
        return None
    return sorted(set("%s: %s" % (entry.get("user"), entry.get("reason") or "skipped") for entry in users))


def step_outcome(result):
    if not isinstance(result, dict):
        raise AnsibleFilterError("step_outcome expects a registered task result (a dict), got %s" % type(result).__name__)
    message = str(result.get("msg") or "")
    if result.get("failed"):
        return {"status": "failed", "msg": message or "the step's task failed"}
    if result.get("skipped"):
        return {"status": "skipped", "msg": str(result.get("skip_reason") or message or "skipped")}
    users = result.get("users")
    reasons = _skipped_reasons(users if isinstance(users, list) else [])
    if reasons:
        return {"status": "skipped", "msg": "; ".join(reasons)}
    return {"status": "changed" if result.get("changed") else "ok", "msg": message}


class FilterModule(object):
    def filters(self):
        return {"step_outcome": step_outcome}
