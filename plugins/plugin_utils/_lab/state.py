# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state of one simulated Windows host: schema, load with validation, locked save.

A scenario file under ``tests/lab/scenarios`` is the seed; runs work on a copy under a
state directory, so the shipped scenarios never change (see tests/lab/README.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile

from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract.schema import validate
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.registry import check_key

LAB_FORMAT = 1

_STR = {"type": "str"}
_OPT_STR = {"type": "str", "nullable": True}
_INT = {"type": "int"}
_OPT_INT = {"type": "int", "nullable": True}
_BOOL = {"type": "bool"}
_HIVE = {"type": "custom", "check": check_key}
_STR_LIST = {"type": "list", "items": _STR}

_CREDENTIAL = {
    "type": "dict",
    "keys": {
        "target": _STR,
        "type": {"type": "str", "choices": ["generic", "domain_password", "domain_certificate", "domain_visible_password",
                                            "generic_certificate", "domain_extended"]},
        "user_name": _OPT_STR,
        "persist": {"type": "str", "choices": ["session", "local_machine", "enterprise"]},
        "last_written": _STR,
        # Never a real secret: the lab stores a placeholder so tests can prove it never leaks.
        "secret": _STR,
    },
}

_FILE = {
    "type": "dict",
    "keys": {
        "kind": {"type": "str", "choices": ["file", "dir"]},
        "size": _INT,
        "last_write": _STR,
        "content": _STR,
    },
    "required": ["kind"],
}

_USER = {
    "type": "dict",
    "keys": {
        "name": _STR,
        "sid": _STR,
        "profile_path": _STR,
        "logged_on": _BOOL,
        "session_id": _OPT_INT,
        "hive_loaded": _BOOL,
        "hive": _HIVE,
        "vault": {"type": "list", "items": _CREDENTIAL},
        "wam_accounts": {
            "type": "list",
            "items": {"type": "dict", "keys": {"id": _STR, "provider": _STR, "user_name": _STR, "tenant_id": _OPT_STR}},
        },
        "files": {"type": "dict", "extra": _FILE},
        "upn": _STR,
        # Written by the lab: package registrations made for the user (win_aad_broker_reset).
        "registrations": _STR_LIST,
    },
    "required": ["name", "sid", "profile_path", "logged_on", "session_id", "hive"],
}

STATE_SCHEMA = {
    "type": "dict",
    "keys": {
        "lab_format": {"type": "int", "choices": [LAB_FORMAT]},
        "description": _STR,
        "windows": {
            "type": "dict",
            "keys": {"build": _INT, "ubr": _INT, "version": _STR, "edition": _STR, "computer_name": _STR},
            "required": ["build", "edition"],
        },
        "device": {
            "type": "dict",
            "keys": {
                "azure_ad_joined": _BOOL,
                "enterprise_joined": _BOOL,
                "domain_joined": _BOOL,
                "domain_name": _OPT_STR,
                "tenant_id": _OPT_STR,
                "tenant_name": _OPT_STR,
            },
            "required": ["azure_ad_joined", "domain_joined"],
        },
        "hklm": _HIVE,
        "users": {"type": "list", "items": _USER},
        "processes": {
            "type": "list",
            "items": {"type": "dict", "keys": {"name": _STR, "pid": _INT, "session_id": _INT, "user_sid": _OPT_STR}},
        },
        "tools": {
            "type": "dict",
            "extra": {"type": "dict", "keys": {"path": _STR, "outcomes": {"type": "dict", "extra": {"type": "any"}}}},
        },
        "events": {
            "type": "list",
            "items": {
                "type": "dict",
                "keys": {"log": _STR, "id": _INT, "time": _STR, "level": _STR, "error_code": _OPT_STR, "message": _STR},
                "required": ["log", "id", "time", "level"],
            },
        },
        "network": {
            "type": "dict",
            "keys": {
                "endpoints": {"type": "dict", "extra": {"type": "dict", "keys": {"tcp": _BOOL, "tls": _BOOL}}},
                "winhttp_proxy": _OPT_STR,
            },
            "required": [],
        },
        "faults": {
            "type": "dict",
            "keys": {
                "drop_connection_after_ops": _OPT_INT,
                "hive_unload_fails": _STR_LIST,
                "locked_files": _STR_LIST,
                "hanging_tools": _STR_LIST,
                "session_task_timeouts": _STR_LIST,
                "session_cleanup_fails": _STR_LIST,
            },
            "required": [],
        },
        "counters": {"type": "dict", "extra": _INT},
        "console_session_id": _INT,
        # The lab's "now" (UTC, ISO 8601) for time windows such as the facts' recent events,
        # so a scenario's events stay recent; without it, the real time.
        "clock": _STR,
        # Written by the lab while it works (see _lab/users.py), never by a scenario.
        "runtime": {"type": "dict", "extra": {"type": "list"}},
    },
    "required": ["lab_format", "windows", "device", "hklm", "users"],
}


class LabStateError(Exception):
    """A state file that cannot be used; the message names the file and the bad field."""


def load_state(path):
    try:
        with open(path, encoding="utf-8") as handle:
            state = json.load(handle)
    except OSError as exc:
        raise LabStateError("%s: cannot read the lab state: %s" % (path, exc.strerror))
    except ValueError as exc:
        raise LabStateError("%s: not valid JSON: %s" % (path, exc))
    errors = validate(state, STATE_SCHEMA)
    if errors:
        raise LabStateError("%s: invalid lab state: %s" % (path, "; ".join(errors)))
    return state


def save_state(path, state):
    """Write atomically, so an interrupted run leaves the previous state, never half a file."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=2, sort_keys=True)
            handle.write("\n")
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def counters_path(state_path):
    """Where a host's counters live: beside its state, so that a run that only reads leaves
    the state file byte for byte as it was (the audit's promise), while calls are still
    counted for the tests and benchmarks."""
    return state_path[:-len(".json")] + ".counters.json" if state_path.endswith(".json") else state_path + ".counters"


def read_counters(state_path):
    """The counters of a host (wrapper calls, per wrapper, ops, hive loads); {} before any call."""
    try:
        with open(counters_path(state_path), encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return {}


@contextlib.contextmanager
def open_state(state_path, seed_path):
    """Yield the host's state under an exclusive lock and save it when the block succeeds.

    The first use copies the seed scenario; later uses continue from the saved state. The
    state file is rewritten only when the state changed; ``state["counters"]`` is kept in
    its own file (counters_path).
    """
    os.makedirs(os.path.dirname(os.path.abspath(state_path)), exist_ok=True)
    with open(state_path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not os.path.exists(state_path):
                load_state(seed_path)
                shutil.copyfile(seed_path, state_path)
            state = load_state(state_path)
            counted = dict(state.pop("counters", {}), **read_counters(state_path))
            unchanged = json.dumps(state, sort_keys=True)
            state["counters"] = dict(counted)
            try:
                yield state
            finally:
                # Counted even when the block fails: the call happened.
                counters = state.pop("counters", {})
                if counters != counted:
                    save_state(counters_path(state_path), counters)
            if json.dumps(state, sort_keys=True) != unchanged:
                save_state(state_path, state)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
