# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of plugins/modules/win_outlook_auth_facts.ps1."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.office import click_to_run_configuration
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import resolve

# The keys Get-OfficeopsUserProfile emits (the lab also knows a UPN, which Windows resolves
# by name lookup instead).
PROFILE_KEYS = ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console")


def run(state, args, check_mode, context):
    click_to_run = click_to_run_configuration(state)
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
