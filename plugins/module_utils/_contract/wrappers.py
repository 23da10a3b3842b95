# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The probe / apply contract of every PowerShell wrapper, written once.

Both sides are held to it: the lab twin's output is validated against it at run time, the
real wrapper's output is validated by the action plugin before any policy reads it, and the
``.ps1`` files are checked statically (tests/unit/tools) for the op names and output keys.

Each entry: ``probe`` is the schema of ``result["probe"]`` in phase ``probe``; ``ops`` maps
each apply operation name to the schema of its arguments (empty for read-only wrappers).
"""

from __future__ import annotations

from .schema import validate

# Options the action plugins pass to a wrapper in addition to the user's options. They are
# undocumented on purpose (ansible.windows' win_updates uses the same ``_`` convention).
PROTOCOL_OPTIONS = ("_phase", "_ops")

_STR = {"type": "str"}
_OPT_STR = {"type": "str", "nullable": True}
_INT = {"type": "int"}
_BOOL = {"type": "bool"}

# One resolved target user, as Get-OfficeopsUserProfile in _UserContext.psm1 returns it.
TARGET_PROFILE = {
    "type": "dict",
    "keys": {
        "sid": _STR,
        "name": _OPT_STR,
        "profile_path": _STR,
        "hive_loaded": _BOOL,
        "logged_on": _BOOL,
        "session_id": {"type": "int", "nullable": True},
        "console": _BOOL,
    },
}

CONTRACTS = {
    "win_outlook_auth_facts": {
        "probe": {
            "type": "dict",
            "keys": {
                "click_to_run": {
                    "type": "dict",
                    "nullable": True,
                    "keys": {
                        "version_to_report": _OPT_STR,
                        "platform": _OPT_STR,
                        "update_channel": _OPT_STR,
                        "cdn_base_url": _OPT_STR,
                        "product_release_ids": _OPT_STR,
                        "client_culture": _OPT_STR,
                    },
                },
                "outlook_processes": {
                    "type": "list",
                    "items": {
                        "type": "dict",
                        "keys": {"pid": _INT, "session_id": _INT, "user_name": _OPT_STR},
                    },
                },
                "users": {"type": "list", "items": TARGET_PROFILE},
                "user_problem": _OPT_STR,
            },
        },
        "ops": {},
    },
}


def contract_for(wrapper):
    try:
        return CONTRACTS[wrapper]
    except KeyError:
        raise ValueError("no contract is written for wrapper '%s' (known: %s)" % (wrapper, ", ".join(sorted(CONTRACTS))))


def check_probe(wrapper, result):
    """Errors in a wrapper's probe result; empty when it keeps its contract."""
    if "probe" not in result:
        return ["$: the wrapper returned no 'probe' key"]
    return validate(result["probe"], contract_for(wrapper)["probe"], "$.probe")
