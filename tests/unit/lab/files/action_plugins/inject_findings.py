# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only: set ansible_facts.outlook_auth_findings from the task's `findings`, the way the
audit's findings action does, so the remediation roles can be tested before and apart from it."""

from __future__ import annotations

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        result.update(changed=False, ansible_facts={"outlook_auth_findings": list(self._task.args.get("findings") or [])})
        return result
