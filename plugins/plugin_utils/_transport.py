# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backend seam: an action plugin reaches a host's wrapper through here, and only here.

A real Windows host runs the PowerShell wrapper (``_execute_module``). A lab host, one whose
inventory sets ``officeops_lab_scenario`` and connects with ``local``, runs the wrapper's
Python twin against a state file. A host that sets the lab variable but connects to a real
machine is refused, so a production inventory cannot reach the twin by accident, and a lab
variable copied into one cannot make a playbook silently skip the real host.
"""

from __future__ import annotations

import os
import re

from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract.wrappers import check_apply, check_ops, check_probe

COLLECTION = "officeops.outlook_auth"
LAB_SCENARIO_VAR = "officeops_lab_scenario"
# The lab shipped with the collection: tests/lab/scenarios beside plugins/.
LAB_DIR_VAR = "officeops_lab_dir"
DEFAULT_LAB_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "tests", "lab")
# Where a run keeps its working copies of the state: the environment variable wins (tests,
# benchmarks), then the inventory variable, then <lab dir>/.state.
LAB_STATE_DIR_VAR = "officeops_lab_state_dir"
LAB_STATE_DIR_ENV = "OFFICEOPS_LAB_STATE_DIR"
LOCAL_CONNECTIONS = ("local", "ansible.builtin.local")
# Where put_file leaves a file on a lab host (a real host: the task's remote tmp folder).
LAB_TEMP_FOLDER = "C:\\Windows\\Temp\\ansible-lab"


class BackendError(Exception):
    """The inventory asks for something the seam refuses to do."""


class LabEndpoint(object):
    """A simulated Windows host: the twin of each wrapper acting on one state file."""

    def __init__(self, host, scenario, lab_dir, state_dir=None):
        if not isinstance(scenario, str) or not scenario.strip() or "/" in scenario or "\\" in scenario \
                or scenario.startswith("."):
            raise BackendError("%s must be the name of a scenario file in %s/scenarios, got %r"
                               % (LAB_SCENARIO_VAR, lab_dir, scenario))
        self.host = host
        self.seed_path = os.path.join(lab_dir, "scenarios", scenario + ".json")
        state_dir = os.environ.get(LAB_STATE_DIR_ENV) or state_dir or os.path.join(lab_dir, ".state")
        self.state_path = os.path.join(state_dir, host + ".json")

    def invoke(self, wrapper, args, check_mode, become_user=None):
        # Imported here so a production run never loads the lab at all.
        from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import ConnectionDropped, consume_op
        from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.state import LabStateError, open_state
        from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.twins import twin_for

        try:
            with open_state(self.state_path, self.seed_path) as state:
                counters = state.setdefault("counters", {})
                counters["wrapper_calls"] = counters.get("wrapper_calls", 0) + 1
                counters[wrapper] = counters.get(wrapper, 0) + 1
                context = {"running_as_sid": self._running_as(state, become_user)}
                try:
                    consume_op(state, "%s %s" % (wrapper, args.get("_phase")))
                    return twin_for(wrapper)(state, args, check_mode, context)
                except ConnectionDropped as exc:
                    # What was done before the drop stays done, as on a real host.
                    return {"unreachable": True, "msg": "lab host %s: %s" % (self.host, exc)}
        except LabStateError as exc:
            return {"failed": True, "msg": str(exc)}

    def put_file(self, local_path, name):
        """The lab side of put_file: the host's temporary folder gains ``name``, recorded in
        the state's ``tools`` with the SHA-256 of the bytes sent and whether they are a zip,
        which is all a twin can learn from a file. Returns its path on the host."""
        import hashlib

        from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import ConnectionDropped, consume_op
        from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.state import LabStateError, open_state

        with open(local_path, "rb") as handle:
            data = handle.read()
        remote = LAB_TEMP_FOLDER + "\\" + name
        try:
            with open_state(self.state_path, self.seed_path) as state:
                try:
                    consume_op(state, "put_file %s" % name)
                except ConnectionDropped as exc:
                    return {"unreachable": True, "msg": "lab host %s: %s" % (self.host, exc)}
                state.setdefault("tools", {})["upload:" + name] = {
                    "path": remote, "outcomes": {"sha256": hashlib.sha256(data).hexdigest(), "archive": data[:2] == b"PK"}}
        except LabStateError as exc:
            return {"failed": True, "msg": str(exc)}
        return {"path": remote}

    @staticmethod
    def _running_as(state, become_user):
        """The SID the wrapper would run as: the become user's, or None for the
        administrator's network logon (who owns no profile in a scenario)."""
        if not become_user:
            return None
        wanted = become_user.lower()
        for user in state["users"]:
            name = user["name"].lower()
            if wanted in (name, name.split("\\")[-1], (user.get("upn") or "").lower()):
                return user["sid"]
        return None


def select_endpoint(host, connection, task_vars):
    """None for a real Windows host, a LabEndpoint for a lab host; BackendError otherwise."""
    scenario = task_vars.get(LAB_SCENARIO_VAR)
    if scenario is None:
        return None
    if connection not in LOCAL_CONNECTIONS:
        raise BackendError(
            "host %s sets %s but connects with '%s': lab scenarios run only with connection 'local'. "
            "Remove %s from the inventory of real Windows hosts." % (host, LAB_SCENARIO_VAR, connection, LAB_SCENARIO_VAR))
    lab_dir = task_vars.get(LAB_DIR_VAR) or DEFAULT_LAB_DIR
    if not isinstance(lab_dir, str) or not os.path.isdir(os.path.join(lab_dir, "scenarios")):
        raise BackendError("%s must name a directory holding scenarios/, got %r" % (LAB_DIR_VAR, lab_dir))
    return LabEndpoint(host, scenario, lab_dir, task_vars.get(LAB_STATE_DIR_VAR))


# Wrapper options (and op fields, as ``_ops[].name``) the PowerShell specs mark no_log, so
# Ansible.Basic neither logs them (it writes every other parameter to the target's
# Application event log) nor returns them. tests/unit/plugins/plugin_utils/test_transport.py
# holds this list to the specs.
NO_LOG_OPTIONS = ("_fetch_url", "_ops[].configuration_xml")
# A URL with a query or fragment other than the "?..." that shown() leaves: the query of a
# signed download link is its signature.
_URL_WITH_QUERY = re.compile(r"https?://[^\s?#\"']*[?#](?!\.\.\.)")


def logged_url_queries(args):
    """Where a parameter that Ansible.Basic would log carries a URL query: a list of option
    names (``_ops[0].location``), empty when none does."""
    found = []

    def walk(value, where, kind):
        if kind in NO_LOG_OPTIONS:
            return
        if isinstance(value, str):
            if _URL_WITH_QUERY.search(value):
                found.append(where)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, "%s.%s" % (where, key), "%s.%s" % (kind, key))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, "%s[%d]" % (where, index), kind + "[]")

    for name, value in args.items():
        walk(value, name, name)
    return found


def invoke_wrapper(action, wrapper, module_args, task_vars, phase="probe", ops=None):
    """Run one wrapper call on the task's host and hold its output to the contract.

    Returns the wrapper's result dict; a failed, unreachable or contract-breaking result
    comes back with ``failed``/``unreachable`` set and a message naming the wrapper.
    """
    args = dict(module_args, _phase=phase)
    if ops is not None:
        errors = check_ops(wrapper, ops)
        if errors:
            return {"failed": True, "msg": "refusing to send %s ops that break its contract: %s" % (wrapper, "; ".join(errors[:10]))}
        args["_ops"] = ops
    leaks = logged_url_queries(args)
    if leaks:
        return {"failed": True, "msg": "refusing to call %s with a URL query in %s: the target logs those parameters, and a "
                "query may be a signature" % (wrapper, ", ".join(leaks))}
    host = task_vars.get("inventory_hostname", "?")
    try:
        endpoint = select_endpoint(host, action._play_context.connection, task_vars)
    except BackendError as exc:
        return {"failed": True, "msg": str(exc)}
    if endpoint is None:
        result = action._execute_module(module_name="%s.%s" % (COLLECTION, wrapper), module_args=args,
                                        task_vars=task_vars, wrap_async=False)
    else:
        become_user = action._play_context.become_user if action._play_context.become else None
        result = endpoint.invoke(wrapper, args, action._task.check_mode, become_user)
    if result.get("failed") or result.get("unreachable"):
        return result
    errors = check_probe(wrapper, result) if phase == "probe" else check_apply(wrapper, result)
    if errors:
        return {"failed": True, "msg": "the %s wrapper returned output that breaks its contract: %s"
                % (wrapper, "; ".join(errors[:10]))}
    return result


def put_file(action, local_path, name, task_vars):
    """Copy a controller file to the task's host through the connection, as
    ansible.windows.win_copy does; returns ``{"path"}`` on the host or a failed/unreachable
    result. On a real host the file lands in the task's remote tmp folder, which Ansible
    removes when the task ends; on a lab host it becomes an entry of the state's ``tools``."""
    host = task_vars.get("inventory_hostname", "?")
    try:
        endpoint = select_endpoint(host, action._play_context.connection, task_vars)
    except BackendError as exc:
        return {"failed": True, "msg": str(exc)}
    if endpoint is not None:
        return endpoint.put_file(local_path, name)
    tmp = action._connection._shell.tmpdir or action._make_tmp_path()
    remote = action._connection._shell.join_path(tmp, name)
    action._transfer_file(local_path, remote)
    return {"path": remote}
