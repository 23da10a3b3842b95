# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of the per-user layer in plugins/module_utils/ (_UserProfile.psm1, _UserHive.psm1,
_SessionTask.psm1, _OnceMarker.psm1): profiles, target resolution, hive mounting,
user-session execution and once markers, with the faults a real machine can throw at them.

What the lab records while it works, under ``state["runtime"]``, is what the tests inspect
to prove nothing is left behind: ``mounted_hives`` (private HKEY_USERS keys currently
loaded), ``scheduled_tasks`` and ``temp_dirs`` (one-shot session tasks and their folders).
"""

from __future__ import annotations

import contextlib
import itertools

from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import marker_path
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.target import parse_user, select_profiles
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import ConnectionDropped, hive_unload_fails
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.registry import find_key, set_value

_TASK_IDS = itertools.count(1)


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


def resolve(state, user_option):
    """Resolve-OfficeopsTargetUser: ``(selected profiles, problem)``."""
    return select_profiles(parse_user(user_option), profiles(state), state["windows"].get("computer_name"))


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


def once_markers(hive, action):
    """Get-OfficeopsOnceMarker: incident id -> time recorded for ``action``."""
    key = find_key(hive, marker_path(action))
    if key is None:
        return {}
    return dict((name, value["data"]) for name, value in key.get("values", {}).items())


def set_once_marker(hive, action, once_id, when):
    """Set-OfficeopsOnceMarker."""
    set_value(hive, marker_path(action), once_id, "REG_SZ", when)
