# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The options the action plugins pass to a PowerShell wrapper besides the task's own:
# documented because validate-modules checks every option of a .ps1 spec against the
# docs, and marked internal because a task cannot set them (the action plugin's argument
# spec does not accept them, so a task that tries fails with "Unsupported parameters").


class ModuleDocFragment(object):

    # A wrapper that probes and applies.
    DOCUMENTATION = r"""
options:
  _phase:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - V(probe) reads the host's state; V(apply) carries out the ops the controller planned
        from that state (never in check mode).
    type: str
    choices: [probe, apply]
    default: probe
  _ops:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - The ops to apply, in order, as the contract in
        C(plugins/module_utils/_contract/wrappers.py) names them.
    type: list
    elements: dict
    default: []
"""

    # A wrapper whose _ops the module documents itself (their sub-options).
    PHASE = r"""
options:
  _phase:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - V(probe) reads the host's state; V(apply) carries out the ops the controller planned
        from that state (never in check mode).
    type: str
    choices: [probe, apply]
    default: probe
"""

    # A wrapper that only probes.
    PROBE = r"""
options:
  _phase:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - This module only reads the host's state.
    type: str
    choices: [probe]
    default: probe
"""

    READ = r"""
options:
  _read:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - The registry keys of each target user's hive to read, with their depth.
    type: list
    elements: dict
    default: []
"""

    FOLDERS = r"""
options:
  _folders:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - The folders of each target user's profile to list.
    type: list
    elements: dict
    default: []
"""

    WAM = r"""
options:
  _wam:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - Whether the probe lists each user's Office WAM accounts.
    type: bool
    default: false
"""
