# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of the per-user layer in plugins/module_utils/ (_UserProfile.psm1, _UserHive.psm1,
_SessionTask.psm1, _OnceMarker.psm1): profiles, target resolution, session access, hive
mounting, user-session execution and once markers, with the faults a real machine can throw
at them.

Where the host decides (which profiles ``user`` selects, how a session is reached, where
once markers live), the twin has its own small implementation of the PowerShell's rule, not
the controller's: the shared tables under tests/data (user_selection.json,
session_access.json, once_marker.json) hold both to the same expected results, so a
divergence between twin and wrapper fails a test.

What the lab records while it works, under ``state["runtime"]``, is what the tests inspect
to prove nothing is left behind: ``mounted_hives`` (private HKEY_USERS keys currently
loaded), ``scheduled_tasks`` and ``temp_dirs`` (one-shot session tasks and their folders).
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import re

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import ConnectionDropped, hive_unload_fails
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.registry import find_key, set_value

_TASK_IDS = itertools.count(1)
# Test-OfficeopsRealProfile: local / domain (S-1-5-21) and Microsoft Entra (S-1-12-1) accounts.
_USER_SID = re.compile(r"S-1-(5-21|12-1)(-\d{1,10}){4,5}", re.IGNORECASE)
# Assert-OfficeopsActionName (whole string: no trailing line break either).
_ACTION = re.compile(r"[a-z][a-z0-9_]{0,39}")
MARKER_KEY = "Software\\officeops\\outlook_auth\\once"


class HiveUnloadError(Exception):
    """The twin of the error Invoke-OfficeopsWithUserHive throws when a hive stays loaded."""


def runtime(state):
    record = state.setdefault("runtime", {})
    for name in ("mounted_hives", "scheduled_tasks", "temp_dirs"):
        record.setdefault(name, [])
    return record


def console_session_id(state):
    if "console_session_id" in state:
        return state["console_session_id"]
    sessions = [user["session_id"] for user in state["users"] if user["logged_on"] and user["session_id"] is not None]
    return min(sessions) if sessions else -1


def profiles(state):
    """What Get-OfficeopsUserProfile returns for this machine."""
    console = console_session_id(state)
    return [{
        "sid": user["sid"],
        "name": user["name"],
        "upn": user.get("upn"),
        "profile_path": user["profile_path"],
        "hive_loaded": bool(user.get("hive_loaded", user["logged_on"])),
        "logged_on": user["logged_on"],
        "session_id": user["session_id"] if user["logged_on"] else None,
        "console": user["logged_on"] and user["session_id"] == console,
    } for user in state["users"]]


def is_real_profile(profile):
    """Test-OfficeopsRealProfile: a user's SID and a profile path that is not the Default or
    a system profile."""
    if not _USER_SID.fullmatch(profile["sid"]):
        return False
    path = (profile.get("profile_path") or "").rstrip("\\").lower()
    return bool(path) and not (path.endswith("\\default") or path.endswith("\\default user") or "\\systemprofile" in path)


def select_users(user, candidates, lookup):
    """Resolve-OfficeopsTargetUser: ``(selected profiles, problem)`` for the validated
    ``user`` option. ``lookup(account)`` is ConvertTo-OfficeopsSid: the SID Windows gives
    an account name, or None; asked only when no profile carries the name."""
    real = [p for p in candidates if is_real_profile(p)]
    if user.lower() == "all":
        return real, (None if real else "no real user profile on this machine")
    if user.lower() == "interactive":
        console = [p for p in real if p.get("console")]
        return console, (None if console else "no user is logged on at the console")
    if user.lower().startswith("s-1-"):
        chosen = [p for p in real if p["sid"].lower() == user.lower()]
    else:
        chosen = [p for p in real if p.get("name") and p["name"].lower() == user.lower()]
        if not chosen:
            sid = lookup(user)
            if sid:
                chosen = [p for p in real if p["sid"].lower() == sid.lower()]
    return chosen, (None if chosen else "no user profile on this machine matches user=%s" % user)


def account_lookup(state):
    """What ConvertTo-OfficeopsSid answers on the lab machine: a user's SID by account name,
    UPN, or .\\name (an account of this computer), else None."""
    computer = (state["windows"].get("computer_name") or "").lower()

    def lookup(account):
        wanted = account.lower()
        if wanted.startswith(".\\"):
            wanted = computer + wanted[1:]
        for user in state["users"]:
            if wanted in ((user["name"] or "").lower(), (user.get("upn") or "").lower()):
                return user["sid"]
        return None
    return lookup


def resolve(state, user_option):
    """Resolve-OfficeopsTargetUser on the lab machine: ``(selected profiles, problem)``."""
    return select_users(user_option, profiles(state), account_lookup(state))


def process_identity(context):
    """Get-OfficeopsProcessIdentity in the lab: the become user's own logon, or the
    administrator's network logon (WinRM without become)."""
    return {"sid": context["running_as_sid"], "network_logon": context["running_as_sid"] is None}


def session_access(profile, session, identity):
    """Get-OfficeopsSessionAccess: 'direct', 'interactive_task', 'not_logged_on' or
    'become_mismatch'. ``identity``: {"sid", "network_logon"} of the wrapper's process."""
    running_as = None if identity["network_logon"] else identity["sid"]
    if running_as and running_as.lower() == profile["sid"].lower() and session != "interactive_task":
        return "direct"
    if session == "become":
        return "become_mismatch"
    return "interactive_task" if profile["logged_on"] else "not_logged_on"


def user_by_sid(state, sid):
    for user in state["users"]:
        if user["sid"].upper() == sid.upper():
            return user
    raise KeyError("lab state has no user with SID %s" % sid)


@contextlib.contextmanager
def user_hive(state, user):
    """Yield the user's hive tree, 'mounting' it when the user's hive is not loaded and
    always 'unmounting' it, as Invoke-OfficeopsWithUserHive does. An unload fault leaves
    the hive mounted and raises HiveUnloadError naming the key and the manual command,
    with the original error appended when the body failed first."""
    record = runtime(state)
    mount_name = None
    stale = "officeops_" + user["sid"]
    if stale in record["mounted_hives"]:
        # Left by a run that died between load and unload: clear it first, as the wrapper does.
        if hive_unload_fails(state, user["sid"]):
            raise HiveUnloadError("HKEY_USERS\\%s is still loaded from an earlier run and cannot be unloaded "
                                  "(RegUnLoadKey returned 5: Access is denied); unload it by hand: "
                                  "reg.exe unload \"HKU\\%s\"" % (stale, stale))
        record["mounted_hives"].remove(stale)
    if not user.get("hive_loaded", user["logged_on"]):
        mount_name = stale
        record["mounted_hives"].append(mount_name)
        counters = state.setdefault("counters", {})
        counters["hive_loads"] = counters.get("hive_loads", 0) + 1
    body_error = None
    try:
        yield user["hive"]
    except Exception as exc:  # re-raised below, after the unload, like the wrapper
        body_error = exc
    if mount_name is not None:
        if hive_unload_fails(state, user["sid"]):
            message = ("The registry hive of %s is still loaded at HKEY_USERS\\%s (RegUnLoadKey returned 5: Access is "
                       "denied). Unload it before the user logs on, or Windows gives them a temporary profile: "
                       "reg.exe unload \"HKU\\%s\"" % (user["name"], mount_name, mount_name))
            if body_error is not None:
                message += " The operation itself had failed first: %s" % body_error
            raise HiveUnloadError(message)
        record["mounted_hives"].remove(mount_name)
    if body_error is not None:
        raise body_error


def run_in_session(state, user, work, timeout_seconds=120):
    """Invoke-OfficeopsInUserSession: run ``work(user)`` 'inside' the user's session.

    Returns ``{"status": "ok" | "failed" | "timeout", "output", "error", "cleanup_error"}``;
    the task and its folder exist only while the work runs, whatever the outcome, unless the
    fault ``session_cleanup_fails`` lists the user: then the folder stays and
    ``cleanup_error`` says so, as Remove-OfficeopsPrivateFolder does.
    """
    if not user["logged_on"]:
        raise ValueError("%s is not logged on: a task in their session cannot start" % user["sid"])
    record = runtime(state)
    task = "officeops-outlook_auth-%04d" % next(_TASK_IDS)
    folder = "C:\\Windows\\Temp\\" + task
    record["scheduled_tasks"].append(task)
    record["temp_dirs"].append(folder)
    folder_stays = user["sid"] in state.get("faults", {}).get("session_cleanup_fails", [])
    cleanup_error = ("could not remove %s: The process cannot access the file because it is being used by another "
                     "process." % folder) if folder_stays else None
    try:
        if user["sid"] in state.get("faults", {}).get("session_task_timeouts", []):
            return {"status": "timeout", "output": None,
                    "error": "no answer from the user's session within %d seconds" % timeout_seconds,
                    "cleanup_error": cleanup_error}
        try:
            return {"status": "ok", "output": work(user), "error": None, "cleanup_error": cleanup_error}
        except ConnectionDropped:
            raise
        except Exception as exc:  # the runner script catches everything and reports it
            return {"status": "failed", "output": None, "error": str(exc), "cleanup_error": cleanup_error}
    finally:
        record["scheduled_tasks"].remove(task)
        if not folder_stays:
            record["temp_dirs"].remove(folder)


def marker_path(action):
    """Assert-OfficeopsActionName, then the key of an action's markers."""
    if not _ACTION.fullmatch(action):
        raise ValueError("invalid action name '%s'" % action)
    return MARKER_KEY + "\\" + action


def _as_text(value):
    # [string] of what RegistryKey.GetValue returns for each kind.
    if value["type"] == "REG_MULTI_SZ":
        return " ".join(value["data"])
    if value["type"] == "REG_BINARY":
        return " ".join(str(byte) for byte in bytes.fromhex(value["data"]))
    return str(value["data"])


def once_markers(hive, action):
    """Get-OfficeopsOnceMarker: incident id -> time recorded for ``action``, as text."""
    key = find_key(hive, marker_path(action))
    if key is None:
        return {}
    return dict((name, _as_text(value)) for name, value in key.get("values", {}).items())


def marker_time(state):
    """The time the lab records in a once marker, in Set-OfficeopsOnceMarker's format
    ([DateTime]::UtcNow.ToString('o')): the lab's clock when the scenario sets one, else
    [DateTime]::MaxValue, later than any event. Never the real time of the run, so two runs
    that did the same work leave the same state (test_fault_matrix compares them)."""
    if state.get("clock"):
        return datetime.datetime.strptime(state["clock"], "%Y-%m-%dT%H:%M:%SZ").strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
    return "9999-12-31T23:59:59.9999999Z"


def set_once_marker(hive, action, once_id, when):
    """Set-OfficeopsOnceMarker (``when``: marker_time)."""
    set_value(hive, marker_path(action), once_id, "REG_SZ", when)
