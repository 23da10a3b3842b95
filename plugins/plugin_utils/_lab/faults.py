# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults a scenario can inject, so failure paths run for real in the lab.

``faults`` in a state file:

- ``drop_connection_after_ops: N``: the connection drops once N operations (each probe and
  each applied op counts one) have run; the operations before it persist, as on Windows;
- ``locked_files``: profile-relative paths another process holds open (moves fail);
- ``hive_unload_fails``: SIDs whose loaded hive cannot be unloaded;
- ``hanging_tools``: tool names that never exit on their own (runs time out).
"""

from __future__ import annotations


class ConnectionDropped(Exception):
    """The simulated WinRM connection went away in the middle of a call."""


def consume_op(state, label):
    """Count one operation; raise ConnectionDropped when the scenario's budget is spent."""
    counters = state.setdefault("counters", {})
    counters["ops"] = counters.get("ops", 0) + 1
    limit = state.get("faults", {}).get("drop_connection_after_ops")
    if limit is not None and counters["ops"] > limit:
        raise ConnectionDropped("connection dropped before operation %d (%s)" % (counters["ops"], label))


def is_locked(state, relative_path):
    folded = relative_path.casefold()
    return any(folded == path.casefold() or folded.startswith(path.casefold() + "\\")
               for path in state.get("faults", {}).get("locked_files", []))


def hive_unload_fails(state, sid):
    return sid in state.get("faults", {}).get("hive_unload_fails", [])


def tool_hangs(state, name):
    return name.casefold() in (tool.casefold() for tool in state.get("faults", {}).get("hanging_tools", []))
