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


CLICK_TO_RUN_KEY = r"SOFTWARE\Microsoft\Office\ClickToRun\Configuration"
# Same mapping as $script:ClickToRunValues in _OfficeInstall.psm1: output key -> value name.
CLICK_TO_RUN_VALUES = {
    "version_to_report": "VersionToReport",
    "platform": "Platform",
    "update_channel": "UpdateChannel",
    "cdn_base_url": "CDNBaseUrl",
    "product_release_ids": "ProductReleaseIds",
    "client_culture": "ClientCulture",
}


def _as_string(value):
    """Get-OfficeopsRegistryString: strings as stored, multi-strings joined with
    commas, None for a missing or non-string value."""
    if value is None:
        return None
    if value["type"] in ("REG_SZ", "REG_EXPAND_SZ"):
        return value["data"]
    if value["type"] == "REG_MULTI_SZ":
        return ",".join(value["data"])
    return None


def click_to_run_configuration(state):
    """Get-OfficeopsClickToRunConfiguration: the raw values, or None without Click-to-Run."""
    hklm = state["hklm"]
    if registry.find_key(hklm, CLICK_TO_RUN_KEY) is None:
        return None
    return dict((key, _as_string(registry.get_value(hklm, CLICK_TO_RUN_KEY, name))) for key, name in CLICK_TO_RUN_VALUES.items())
