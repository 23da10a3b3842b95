# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/module_utils/_OfficeInstall.psm1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry


def machine_office(state):
    """Get-OfficeopsMachineOffice: the Click-to-Run version and the install roots."""
    hklm = state["hklm"]
    c2r = registry.find_key(hklm, r"SOFTWARE\Microsoft\Office\ClickToRun\Configuration")
    version = registry.get_value(hklm, r"SOFTWARE\Microsoft\Office\ClickToRun\Configuration", "VersionToReport") if c2r else None
    roots = {}
    for office in ("15.0", "16.0"):
        roots[office] = any(registry.find_key(hklm, r"%s\Microsoft\Office\%s\Outlook\InstallRoot" % (prefix, office)) is not None
                            for prefix in ("SOFTWARE", r"SOFTWARE\WOW6432Node"))
    return {"click_to_run_version": version["data"] if version and version["type"] == "REG_SZ" else None,
            "install_roots": roots}
