# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_outlook_auth_facts.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.registry import find_key, get_value
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import resolve

# The keys Get-OfficeopsUserProfile emits (the lab also knows a UPN, which Windows resolves
# by name lookup instead).
PROFILE_KEYS = ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console")

CLICK_TO_RUN_KEY = r"SOFTWARE\Microsoft\Office\ClickToRun\Configuration"
# Same mapping as $clickToRunValues in the wrapper: output key -> registry value name.
CLICK_TO_RUN_VALUES = {
    "version_to_report": "VersionToReport",
    "platform": "Platform",
    "update_channel": "UpdateChannel",
    "cdn_base_url": "CDNBaseUrl",
    "product_release_ids": "ProductReleaseIds",
    "client_culture": "ClientCulture",
}


def _as_string(value):
    """Get-RegistryString in the wrapper: strings as stored, multi-strings joined with
    commas, None for a missing or non-string value."""
    if value is None:
        return None
    if value["type"] in ("REG_SZ", "REG_EXPAND_SZ"):
        return value["data"]
    if value["type"] == "REG_MULTI_SZ":
        return ",".join(value["data"])
    return None


def run(state, args, check_mode, context):
    hklm = state["hklm"]
    click_to_run = None
    if find_key(hklm, CLICK_TO_RUN_KEY) is not None:
        click_to_run = {
            key: _as_string(get_value(hklm, CLICK_TO_RUN_KEY, name)) for key, name in CLICK_TO_RUN_VALUES.items()
        }
    users = {user["sid"]: user["name"] for user in state["users"]}
    # Get-Process returns its matches ordered by process id.
    processes = sorted(
        ({"pid": proc["pid"], "session_id": proc["session_id"], "user_name": users.get(proc.get("user_sid"))}
         for proc in state.get("processes", []) if proc["name"].casefold() == "outlook.exe"),
        key=lambda proc: proc["pid"])
    selected, problem = resolve(state, args.get("user", "interactive"))
    return {"changed": False, "probe": {
        "click_to_run": click_to_run,
        "outlook_processes": processes,
        "users": [dict((key, profile[key]) for key in PROFILE_KEYS) for profile in selected],
        "user_problem": problem,
    }}
