# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab host as Windows tools describe it: dsregcmd's device state."""

from __future__ import annotations

BOX = "+" + "-" * 70 + "+"


def dsregcmd_status(state, user=None):
    """What `dsregcmd /status` prints for the lab host, in its boxed 1703+ layout."""
    device = state["device"]

    def section(name, fields):
        lines = [BOX, "| %-68s |" % name, BOX, ""]
        lines.extend("%26s : %s" % (key, value) for key, value in fields)
        return lines + [""]

    def yes(flag):
        return "YES" if flag else "NO"

    lines = section("Device State", [("AzureAdJoined", yes(device["azure_ad_joined"])),
                                     ("EnterpriseJoined", yes(device.get("enterprise_joined"))),
                                     ("DomainJoined", yes(device["domain_joined"]))]
                    + ([("DomainName", device["domain_name"])] if device.get("domain_name") else [])
                    + [("Device Name", state["windows"].get("computer_name", "LAB-PC"))])
    if device.get("tenant_id"):
        lines += section("Tenant Details", [("TenantName", device.get("tenant_name") or ""), ("TenantId", device["tenant_id"])])
    return "\r\n".join(lines) + "\r\n"
