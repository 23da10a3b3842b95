# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resetting a user's AAD BrokerPlugin / WAM token state, with an undo.

Sources (../shared/docs/domain-facts.md, "AAD BrokerPlugin / WAM"):

- ``signout``: Microsoft's signoutofwamaccounts.ps1 signs the Office WAM accounts out with
  the documented WebAuthenticationCoreManager API (Windows 10 1803 and later, user session);
  Microsoft says it changes neither device nor SSO state.
- ``token_cache``: Microsoft's "Microsoft 365 Apps activation network connection issues"
  deletes the contents of ``...\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AC\\TokenBroker\\
  Accounts`` and of the CloudExperienceHost one, then restarts. Here they are moved, not
  deleted, to a backup folder inside the user's profile (a move keeps each file's ACL, and
  token material never leaves the profile), so ``restore`` can undo it.
- ``full``: the plugin's whole per-user package folder is moved the same way, then the
  package is registered again for the user (``Add-AppxPackage -Register ...``).

A backup folder is named after the ``once`` id, or the date, so a rerun after a locked file
or a dropped connection moves the rest into the same folder and a restore finds it whole.
"""

from __future__ import annotations

import re

from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import already_done
from ansible_collections.officeops.outlook_auth.plugins.module_utils._validation import check_choice

BROKER_PACKAGE = "Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy"
CXH_PACKAGE = "Microsoft.Windows.CloudExperienceHost_cw5n1h2txyewy"
PACKAGES = "AppData\\Local\\Packages"
ACCOUNT_FOLDERS = tuple("%s\\%s\\AC\\TokenBroker\\Accounts" % (PACKAGES, package) for package in (BROKER_PACKAGE, CXH_PACKAGE))
BROKER_FOLDER = "%s\\%s" % (PACKAGES, BROKER_PACKAGE)
BACKUP_ROOT = r"AppData\Local\officeops\outlook_auth\broker-backup"
BROKER_PROCESS = "Microsoft.AAD.BrokerPlugin"
ONCE_ACTION = "broker_reset"
METHODS = ("signout", "token_cache", "full")
# Windows 10 1803: FindAllAccountsAsync(provider, clientId) exists from this build on.
MIN_SIGNOUT_BUILD = 17134
_BACKUP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class BrokerOptions(object):
    def __init__(self, method="signout", restore=False, keep_backups=3, once=None):
        check_choice("method", method, METHODS)
        if not isinstance(keep_backups, int) or isinstance(keep_backups, bool) or not 1 <= keep_backups <= 50:
            raise ValueError("keep_backups: expected 1 to 50 backups to keep, got %r" % (keep_backups,))
        if restore and method == "signout":
            raise ValueError("restore: a sign-out cannot be undone; restore undoes method=token_cache or method=full")
        self.method = method
        self.restore = restore
        self.keep = keep_backups
        self.once = once


def folders_to_list(options):
    """What the probe lists in each profile: the state to move, and the backups."""
    folders = [{"path": BACKUP_ROOT, "recurse": True}]
    if options.method == "full":
        folders.append({"path": BROKER_FOLDER, "recurse": True})
        folders.append({"path": ACCOUNT_FOLDERS[1], "recurse": False})
    elif options.method == "token_cache":
        folders.extend({"path": folder, "recurse": False} for folder in ACCOUNT_FOLDERS)
    return folders


def backups_of(files):
    """Backup id -> {"files": [backup paths], "newest": last write} from a profile listing."""
    found = {}
    prefix = BACKUP_ROOT.lower() + "\\"
    for item in files:
        if not item["path"].lower().startswith(prefix):
            continue
        backup_id = item["path"][len(prefix):].split("\\", 1)[0]
        entry = found.setdefault(backup_id, {"files": [], "newest": ""})
        entry["files"].append(item["path"])
        entry["newest"] = max(entry["newest"], item["last_write"])
    return found


def _backup_path(backup_id, source):
    return "%s\\%s\\%s" % (BACKUP_ROOT, backup_id, source)


def _original_path(backup_id, backup):
    return backup[len(BACKUP_ROOT) + len(backup_id) + 2:]


def _stop(sid):
    return {"op": "stop_process", "sid": sid, "name": BROKER_PROCESS}


def plan_user(options, machine, user, wam, now):
    """Ops and the view of one user.

    ``user``: the _UserState probe (``files``, ``once``); ``wam``: ``{"access", "error",
    "accounts"}`` from the WAM listing, or None when it was not asked for; ``now``: UTC
    ``YYYYMMDDTHHMMSSZ``.
    """
    sid = user["sid"]
    plan = {"ops": [], "sign_out": [], "register_package": False, "warnings": [], "note": None, "failure": None,
            "skip": None, "backup": None, "moved": 0, "reboot_required": False, "before": {}, "after": {},
            "versions": [], "backups": []}
    if not options.restore and already_done(user.get("once", {}), options.once):
        plan["note"] = "broker state already reset for %s at %s" % (options.once, already_done(user["once"], options.once))
        return plan
    files = user.get("files", [])
    backups = backups_of(files)

    if options.method == "signout" and not options.restore:
        if machine["build"] < MIN_SIGNOUT_BUILD:
            plan["skip"] = "Windows build %d is older than Windows 10 1803 (17134), which the WAM sign-out API needs" % machine["build"]
            return plan
        if wam is None or wam["access"] not in ("direct", "interactive_task"):
            plan["skip"] = (wam or {}).get("reason") or "the user's WAM accounts cannot be reached"
            return plan
        if wam["error"]:
            plan["failure"] = "could not list the WAM accounts: %s" % wam["error"]
            return plan
        plan["sign_out"] = [account["id"] for account in wam["accounts"]]
        plan["before"]["wam"] = {"accounts": sorted(a["user_name"] for a in wam["accounts"])}
        plan["after"]["wam"] = {"accounts": []}
        if plan["sign_out"] and options.once:
            plan["ops"].append({"op": "set_once_marker", "sid": sid, "action": ONCE_ACTION, "once_id": options.once})
        return plan

    if options.restore:
        if not backups:
            plan["note"] = "no broker backup to restore"
            return plan
        latest = max(backups, key=lambda name: (backups[name]["newest"], name))
        restoring = sorted(backups[latest]["files"])
        originals = set(_original_path(latest, path).lower() for path in restoring)
        current = [f["path"] for f in files if not f["path"].lower().startswith(BACKUP_ROOT.lower() + "\\")
                   and f["path"].lower() in originals]
        ops = plan["ops"]
        if restoring:
            ops.append(_stop(sid))
        aside = "%s-before-restore" % now
        for path in current:
            # Token files the broker wrote since the reset make way, into a backup of their own.
            ops.append({"op": "move_file", "sid": sid, "path": path, "destination": _backup_path(aside, path)})
        for path in restoring:
            ops.append({"op": "move_file", "sid": sid, "path": path, "destination": _original_path(latest, path)})
        plan.update(backup="%s\\%s" % (BACKUP_ROOT, latest), moved=len(restoring), reboot_required=bool(restoring))
        plan["before"]["broker"] = {"backup": latest, "files_in_backup": len(restoring)}
        plan["after"]["broker"] = {"backup": latest, "files_in_backup": 0}
        return plan

    backup_id = options.once or now[:8]
    if not _BACKUP_ID.match(backup_id):
        plan["failure"] = "backup id %r is not usable as a folder name" % backup_id
        return plan
    sources = [f["path"] for f in files if not f["path"].lower().startswith(BACKUP_ROOT.lower() + "\\")]
    ops = plan["ops"]
    if sources or options.method == "full":
        ops.append(_stop(sid))
    for path in sources:
        ops.append({"op": "move_file", "sid": sid, "path": path, "destination": _backup_path(backup_id, path)})
    plan["register_package"] = options.method == "full"
    plan.update(backup="%s\\%s" % (BACKUP_ROOT, backup_id), moved=len(sources),
                reboot_required=bool(sources) or options.method == "full")
    plan["before"]["broker"] = {"token_files": len(sources)}
    plan["after"]["broker"] = {"token_files": 0}
    if not sources and options.method == "token_cache":
        plan["ops"] = []
        plan["note"] = "no token files to move"
        if options.once and backup_id in backups:
            # This incident's backup folder holds the tokens, so its reset moved them and was
            # cut off before the marker; record it, or the audit keeps taking the broker errors
            # before the reset as open and calls for this step on every run.
            plan["ops"] = [{"op": "set_once_marker", "sid": sid, "action": ONCE_ACTION, "once_id": options.once}]
            plan["note"] = "token files already moved to %s\\%s; recording the reset of %s" % (BACKUP_ROOT, backup_id, options.once)
        return plan
    # Keep the newest backups (this one counts), remove the files of the others; but only
    # when this run writes a new backup, so a rerun never prunes the last copy of tokens.
    others = sorted((name for name in backups if name != backup_id),
                    key=lambda name: (backups[name]["newest"], name), reverse=True)
    for name in (others[max(0, options.keep - 1):] if sources else []):
        for path in sorted(backups[name]["files"]):
            ops.append({"op": "delete_file", "sid": sid, "path": path})
    if options.once:
        ops.append({"op": "set_once_marker", "sid": sid, "action": ONCE_ACTION, "once_id": options.once})
    return plan
