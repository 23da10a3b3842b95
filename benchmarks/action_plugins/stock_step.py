# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark-only action: ONE stock ansible.windows module call on a lab host.

The naive baseline playbooks beside this folder use it in place of win_regedit,
win_credential, win_shell... (which need a real Windows host). Each task, and each item of a
loop, goes through the collection's lab seam (_transport.LabEndpoint.invoke), so the lab
counts it as one wrapper call exactly as it counts the collection's own wrappers. The
``emulates`` option only names the stock module for the reader; ``op`` and its arguments
say what the call does (benchmarks/stock_twin.py). A host that is not a lab host is refused.
"""

from __future__ import annotations

import importlib.util
import os
import sys

from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils import _transport
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import twins

WRAPPER = "stock_step"
TWIN_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "stock_twin.py")
ARGUMENT_SPEC = {
    "emulates": {"type": "str", "required": True},
    "op": {"type": "str", "required": True},
    "hive": {"type": "str", "choices": ["HKCU", "HKLM"], "default": "HKCU"},
    "path": {"type": "str"},
    "name": {"type": "str"},
    "type": {"type": "str"},
    "data": {"type": "raw"},
    "target": {"type": "str"},
    "host": {"type": "str"},
}


def register_twin():
    """Make the lab's twin_for('stock_step') find benchmarks/stock_twin.py, in this process only."""
    name = "%s.%s" % (twins.__name__, WRAPPER)
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TWIN_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        host = task_vars.get("inventory_hostname", "?")
        try:
            endpoint = _transport.select_endpoint(host, self._play_context.connection, task_vars)
        except _transport.BackendError as exc:
            return dict(result, failed=True, msg=str(exc))
        if endpoint is None:
            return dict(result, failed=True, msg="stock_step runs only on lab hosts (officeops_lab_scenario); %s is not one" % host)
        twin = register_twin()
        args = dict((key, value) for key, value in params.items() if value is not None and key != "emulates")
        args["_phase"] = "apply" if params["op"] in twin.WRITE_OPS else "probe"
        result.update(endpoint.invoke(WRAPPER, args, self._task.check_mode))
        return result
