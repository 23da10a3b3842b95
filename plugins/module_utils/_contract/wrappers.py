# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The probe / apply contract of every PowerShell wrapper, written once.

Both sides are held to it: the lab twin's output is validated against it at run time, the
real wrapper's output is validated by the action plugin before any policy reads it, and the
``.ps1`` files are checked statically (tests/unit/tools) for the op names and output keys.

Each entry: ``probe`` is the schema of ``result["probe"]`` in phase ``probe``; ``ops`` maps
each apply operation name to the schema of one op (empty for read-only wrappers); ``apply``
is the schema of ``result["results"]`` in phase ``apply``.
"""

from __future__ import annotations

from .schema import validate

# Options the action plugins pass to a wrapper in addition to the user's options: the phase,
# the ops to apply, and (for wrappers that read a user's state) the keys to read, the
# profile folders to list and whether to list WAM accounts. They are
# undocumented on purpose (ansible.windows' win_updates uses the same ``_`` convention).
PROTOCOL_OPTIONS = ("_phase", "_ops", "_read", "_folders", "_wam", "_fetch_url")

_STR = {"type": "str"}
_OPT_STR = {"type": "str", "nullable": True}
_INT = {"type": "int"}
_BOOL = {"type": "bool"}

# One resolved target user, as Get-OfficeopsUserProfile in _UserProfile.psm1 returns it.
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

_CREDENTIAL_META = {
    "type": "dict",
    "keys": {"target": _STR, "type": _STR, "user_name": _OPT_STR, "persist": _STR, "last_written": _STR},
}

# A probed user of a wrapper that reaches the user's vault or WAM: the profile, how the
# session was reached (Get-OfficeopsSessionAccess) and what went wrong, if anything.
_SESSION_USER_KEYS = dict(TARGET_PROFILE["keys"], **{
    "access": {"type": "str", "choices": ["direct", "interactive_task", "not_logged_on", "become_mismatch"]},
    "error_code": _INT,
    "error": _OPT_STR,
    "cleanup_error": _OPT_STR,
})

# A registry tree as _RegistryTree.psm1 reads it; checked in depth by the lab's own schema.
_TREE = {
    "type": "dict",
    "nullable": True,
    "keys": {"keys": {"type": "dict", "extra": {"type": "any"}}, "values": {"type": "dict", "extra": {"type": "any"}}},
}

# What Get-OfficeopsMachineOffice (_OfficeInstall.psm1) reads.
_MACHINE_OFFICE = {
    "type": "dict",
    "keys": {"click_to_run_version": _OPT_STR, "install_roots": {"type": "dict", "keys": {"15.0": _BOOL, "16.0": _BOOL}}},
}

# One user as Get-OfficeopsUserState (_UserState.psm1) reads them.
_USER_STATE = {"type": "dict", "keys": dict(TARGET_PROFILE["keys"], **{
    "keys": {"type": "dict", "extra": _TREE},
    "once": {"type": "dict", "extra": _STR},
    "files": {"type": "list", "items": {"type": "dict", "keys": {"path": _STR, "size": _INT, "last_write": _STR}}},
    "hive": {"type": "str", "nullable": True, "choices": ["loaded", "mounted"]},
    "error": _OPT_STR,
})}


def _op(**keys):
    return {"type": "dict", "keys": dict({"op": _STR, "sid": _STR}, **keys)}


# The ops Invoke-OfficeopsUserOp (_UserState.psm1) knows; each wrapper's contract names the
# ones it accepts.
USER_OPS = {
    "set_value": _op(path=_STR, name=_STR, type={"type": "str", "choices": ["REG_SZ", "REG_EXPAND_SZ", "REG_DWORD", "REG_QWORD"]},
                     data={"type": "any"}),
    "delete_value": _op(path=_STR, name=_STR),
    "delete_key": _op(path=_STR, expect=_STR),
    "create_key": _op(path=_STR),
    "write_backup": _op(path=_STR, content=_STR),
    "move_file": _op(path=_STR, destination=_STR),
    "delete_file": _op(path=_STR),
    "stop_process": _op(name=_STR),
    "set_once_marker": _op(action=_STR, once_id=_STR),
}

USER_OP_RESULTS = {
    "type": "list",
    "items": {
        "type": "dict",
        "keys": {
            "op": {"type": "str", "choices": sorted(USER_OPS) + ["user_hive"]},
            "sid": _STR,
            "path": _STR,
            "status": {"type": "str", "choices": ["changed", "unchanged", "failed", "not_run"]},
            "error": _OPT_STR,
        },
    },
}

# A user's Office WAM accounts as Get-OfficeopsWamState (_WamAccount.psm1) lists them.
_WAM_STATE = {
    "type": "dict",
    "nullable": True,
    "keys": {
        "access": {"type": "str", "choices": ["direct", "interactive_task", "not_logged_on", "become_mismatch"]},
        "error": _OPT_STR,
        "cleanup_error": _OPT_STR,
        "accounts": {"type": "list", "items": {"type": "dict", "keys": {
            "id": _STR, "provider": _STR, "user_name": _STR, "tenant_id": _OPT_STR, "signed_out": _BOOL}}},
    },
}

# The result of Invoke-OfficeopsWamSignOutOp, and of the other session ops beside it.
_SESSION_OP_RESULT_KEYS = dict(USER_OP_RESULTS["items"]["keys"], signed_out={
    "type": "list", "items": {"type": "dict", "keys": {"id": _STR, "provider": _STR}}})

# Get-OfficeopsClickToRunConfiguration (_OfficeInstall.psm1): raw values, or null.
# An executable as the support assistant and repair wrappers judge it (_ToolFile.psm1):
# whether it is there, its SHA-256 and creation time, who besides SYSTEM, Administrators
# and TrustedInstaller can write or own it or its folder, and its full path.
_TOOL_FILE = {
    "type": "dict",
    "keys": {"exists": _BOOL, "sha256": _OPT_STR, "created": _OPT_STR,
             "writable_by_others": {"type": "list", "items": _STR}, "path": _OPT_STR},
}

_CLICK_TO_RUN = {
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
}

CONTRACTS = {
    "win_outlook_auth_facts": {
        "probe": {
            "type": "dict",
            "keys": {
                "click_to_run": _CLICK_TO_RUN,
                "machine_office": _MACHINE_OFFICE,
                "windows": {"type": "dict", "keys": {
                    "build": _INT, "ubr": {"type": "int", "nullable": True}, "version": _OPT_STR, "edition": _OPT_STR,
                    "product_name": _OPT_STR, "computer_name": _STR}},
                "outlook_processes": {
                    "type": "list",
                    "items": {
                        "type": "dict",
                        "keys": {"pid": _INT, "session_id": _INT, "user_name": _OPT_STR},
                    },
                },
                "dsregcmd_status": _STR,
                "dsregcmd_exit_code": _INT,
                "event_logs": {"type": "list", "items": {"type": "dict", "keys": {
                    "log": _STR, "error": _OPT_STR, "events": {"type": "list", "items": {"type": "dict", "keys": {
                        "log": _STR, "id": _INT, "time": _STR,
                        "level": {"type": "str", "choices": ["Critical", "Error", "Warning", "Information", "Verbose"]},
                        "message": _OPT_STR}}}}}},
                "winhttp_proxy": {"type": "dict", "keys": {
                    "access_type": _INT, "proxy": _OPT_STR, "bypass": _OPT_STR, "error": _OPT_STR}},
                "endpoints": {"type": "list", "items": {"type": "dict", "keys": {
                    "host": _STR, "tcp": _BOOL, "tls": _BOOL, "error": _OPT_STR}}},
                "users": {"type": "list", "items": {"type": "dict", "keys": dict(_USER_STATE["keys"], **{
                    "vault": {"type": "dict", "keys": {
                        "access": _SESSION_USER_KEYS["access"], "error_code": _INT, "error": _OPT_STR,
                        "credentials": {"type": "list", "nullable": True, "items": _CREDENTIAL_META},
                        "cleanup_error": _OPT_STR}},
                    "wam": _WAM_STATE,
                })}},
                "user_problem": _OPT_STR,
            },
        },
        "ops": {},
    },
    "win_credential_purge": {
        "probe": {
            "type": "dict",
            "keys": {
                "users": {"type": "list", "items": {"type": "dict", "keys": dict(_SESSION_USER_KEYS, credentials={
                    "type": "list", "nullable": True, "items": _CREDENTIAL_META})}},
                "user_problem": _OPT_STR,
            },
        },
        "ops": {
            "delete_credential": {"type": "dict", "keys": {"op": _STR, "sid": _STR, "target": _STR, "type": _STR}},
        },
        "apply": {
            "type": "list",
            "items": {
                "type": "dict",
                "keys": {
                    "op": _STR,
                    "sid": _STR,
                    "target": _STR,
                    "type": _STR,
                    "status": {"type": "str", "choices": ["deleted", "absent", "skipped", "failed"]},
                    "error": _OPT_STR,
                },
            },
        },
    },
    "win_office_identity": {
        "probe": {
            "type": "dict",
            "keys": {"machine": _MACHINE_OFFICE, "users": {"type": "list", "items": _USER_STATE}, "user_problem": _OPT_STR},
        },
        "ops": dict((name, USER_OPS[name]) for name in ("set_value", "delete_value", "delete_key", "write_backup", "set_once_marker")),
        "apply": USER_OP_RESULTS,
    },
    "win_outlook_profile": {
        "probe": {
            "type": "dict",
            "keys": {
                "machine": _MACHINE_OFFICE,
                "processes": {"type": "list", "items": {"type": "dict", "keys": {"pid": _INT, "session_id": _INT}}},
                "users": {"type": "list", "items": _USER_STATE},
                "user_problem": _OPT_STR,
            },
        },
        "ops": dict((name, USER_OPS[name]) for name in (
            "create_key", "set_value", "delete_key", "write_backup", "move_file", "stop_process", "set_once_marker")),
        "apply": USER_OP_RESULTS,
    },
    "win_aad_broker_reset": {
        "probe": {
            "type": "dict",
            "keys": {
                "machine": {"type": "dict", "keys": {"build": _INT}},
                "users": {"type": "list", "items": {"type": "dict", "keys": dict(_USER_STATE["keys"], wam=_WAM_STATE)}},
                "user_problem": _OPT_STR,
            },
        },
        "ops": dict([(name, USER_OPS[name]) for name in ("stop_process", "move_file", "delete_file", "set_once_marker")] + [
            ("wam_sign_out", _op(ids={"type": "list", "items": _STR})),
            ("register_package", _op()),
        ]),
        "apply": {
            "type": "list",
            "items": {
                "type": "dict",
                "keys": dict(_SESSION_OP_RESULT_KEYS, op={"type": "str", "choices": [
                    "wam_sign_out", "stop_process", "move_file", "delete_file", "register_package", "set_once_marker",
                    "user_hive"]}),
                "required": ["op", "sid", "path", "status", "error"],
            },
        },
    },
    "win_work_school_account": {
        "probe": {
            "type": "dict",
            "keys": {
                "machine": {"type": "dict", "keys": {"dsregcmd_status": _STR, "dsregcmd_exit_code": _INT,
                                                     "block_policy": {"type": "int", "nullable": True}, "build": _INT}},
                "users": {"type": "list", "items": {"type": "dict", "keys": dict(_USER_STATE["keys"], wam=_WAM_STATE)}},
                "user_problem": _OPT_STR,
            },
        },
        "ops": {
            "wam_sign_out": _op(ids={"type": "list", "items": _STR}),
            "wpj_cleanup": _op(path=_STR),
            "set_block_policy": _op(data=_INT),
            "remove_block_policy": _op(),
            "leave_device": _op(),
        },
        "apply": {
            "type": "list",
            "items": {
                "type": "dict",
                "keys": dict(_SESSION_OP_RESULT_KEYS, exit_code={"type": "int", "nullable": True}, op={"type": "str", "choices": [
                    "wam_sign_out", "wpj_cleanup", "set_block_policy", "remove_block_policy", "leave_device"]}),
                "required": ["op", "sid", "path", "status", "error"],
            },
        },
    },
    "win_office_repair": {
        "probe": {
            "type": "dict",
            "keys": {
                "click_to_run": _CLICK_TO_RUN,
                "tool": _OPT_STR,
                "office_running": {"type": "list", "items": _STR},
                "once": {"type": "dict", "extra": _STR},
                # Only with repair_type=reinstall (null otherwise): the ODT's setup.exe, the
                # configuration file when given as a path, and where the wrapper writes its copy.
                "odt": {"type": "dict", "nullable": True, "keys": {
                    "setup": _TOOL_FILE,
                    "configuration": {"type": "dict", "nullable": True,
                                      "keys": {"exists": _BOOL, "content": _OPT_STR, "sha256": _OPT_STR,
                                               "error": _OPT_STR}},
                    "work_folder": _STR,
                }},
            },
        },
        "ops": {
            "run_repair": {"type": "dict", "keys": {"op": _STR, "arguments": _STR, "timeout": _INT}},
            # configuration_path / _sha256: the file whose product keys the wrapper restores
            # into configuration_xml's tokens (both "" for a configuration given inline).
            "run_odt": {"type": "dict", "keys": {"op": _STR, "setup": _STR, "arguments": _STR, "configuration_xml": _STR,
                                                 "configuration_path": _STR, "configuration_sha256": _STR,
                                                 "timeout": _INT}},
            "set_once_marker": {"type": "dict", "keys": {"op": _STR, "once_id": _STR}},
        },
        "apply": {
            "type": "list",
            "items": {
                "type": "dict",
                "keys": {
                    "op": {"type": "str", "choices": ["run_repair", "run_odt", "set_once_marker"]},
                    "status": {"type": "str", "choices": ["changed", "running", "failed", "not_run"]},
                    "error": _OPT_STR,
                    "exit_code": {"type": "int", "nullable": True},
                    "version_after": _OPT_STR,
                },
            },
        },
    },
    "win_support_assistant": {
        "probe": {
            "type": "dict",
            "keys": {
                # The exe that would run: the source itself, or the one in the cache.
                "tool": _TOOL_FILE,
                # The Administrators-only cache for a fetched source (null for an .exe used in
                # place); source_sha256 is the hash of a .zip on the target.
                "cache": {"type": "dict", "nullable": True,
                          "keys": {"folder": _STR, "ready": _BOOL, "source_sha256": _OPT_STR}},
                "users": {"type": "list", "items": TARGET_PROFILE},
                "user_problem": _OPT_STR,
            },
        },
        "ops": {
            "fetch_tool": {"type": "dict", "keys": {"op": _STR, "kind": {"type": "str", "choices": ["url", "controller", "target"]},
                                                    "location": _STR, "sha256": _STR, "timeout": _INT}},
            "run_scenario": {"type": "dict", "keys": {"op": _STR, "sid": _STR, "tool": _STR, "arguments": _STR,
                                                      "log_folder": _OPT_STR, "timeout": _INT, "as_user": _BOOL}},
        },
        "apply": {
            "type": "list",
            "items": {
                "type": "dict",
                "keys": {
                    "op": {"type": "str", "choices": ["fetch_tool", "run_scenario"]},
                    "sid": _STR,
                    "status": {"type": "str", "choices": ["fetched", "ran", "failed"]},
                    "error": _OPT_STR,
                    "exit_code": {"type": "int", "nullable": True},
                    "output": _OPT_STR,
                    # fetch_tool: what arrived (its SHA-256, even when it is not the one
                    # expected) and the exe now in the cache; null for run_scenario.
                    "sha256": _OPT_STR,
                    "tool": {"type": "dict", "nullable": True, "keys": _TOOL_FILE["keys"]},
                },
            },
        },
    },
}


def contract_for(wrapper):
    try:
        return CONTRACTS[wrapper]
    except KeyError:
        raise ValueError("no contract is written for wrapper '%s' (known: %s)" % (wrapper, ", ".join(sorted(CONTRACTS))))


def check_ops(wrapper, ops):
    """Errors in ops an action plugin is about to send: every op must be one the wrapper
    dispatches, in the shape its contract gives."""
    known = contract_for(wrapper)["ops"]
    errors = []
    for index, op in enumerate(ops):
        name = op.get("op") if isinstance(op, dict) else None
        if name not in known:
            errors.append("$._ops[%d].op: %r is not an op of %s (known: %s)" % (index, name, wrapper, ", ".join(sorted(known)) or "none"))
        else:
            errors.extend(validate(op, known[name], "$._ops[%d]" % index))
    return errors


def check_apply(wrapper, result):
    """Errors in a wrapper's apply result; empty when it keeps its contract."""
    if "results" not in result:
        return ["$: the wrapper returned no 'results' key"]
    return validate(result["results"], contract_for(wrapper)["apply"], "$.results")


def check_probe(wrapper, result):
    """Errors in a wrapper's probe result; empty when it keeps its contract."""
    if "probe" not in result:
        return ["$: the wrapper returned no 'probe' key"]
    return validate(result["probe"], contract_for(wrapper)["probe"], "$.probe")
