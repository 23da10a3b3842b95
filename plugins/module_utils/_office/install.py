# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which Office versions a machine has, from what Get-OfficeopsMachineOffice reads."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.clicktorun import parse_version

# The versions this collection manages: Office 2013 (15.0) and Office 2016 and later (16.0).
VERSIONS = ("15.0", "16.0")


def installed_versions(machine):
    """Office versions on the machine: Click-to-Run's major version and MSI install roots."""
    found = set()
    parsed = parse_version(machine.get("click_to_run_version"))
    if parsed and "%d.0" % parsed["major"] in VERSIONS:
        found.add("%d.0" % parsed["major"])
    for version, present in (machine.get("install_roots") or {}).items():
        if present and version in VERSIONS:
            found.add(version)
    return sorted(found)
