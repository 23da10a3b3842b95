# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Outlook profiles of a user: make a fresh one the default, losing nothing.

Sources (../shared/docs/domain-facts.md, "Outlook profiles"): profiles live under
``HKCU\\Software\\Microsoft\\Office\\<version>\\Outlook\\Profiles\\<name>`` and the default is
``DefaultProfile`` (REG_SZ) under ``...\\Outlook``. The non-interactive recreation community
scripts agree on: create an empty profile key, make it the default, and set
``ZeroConfigExchange=1`` (``HKCU\\Software\\Policies\\Microsoft\\Office\\<version>\\Outlook\\
AutoDiscover``, Microsoft KB 4046818) so Outlook builds the Exchange account from the signed-in
identity at the next start. ``PickLogonProfile`` under
``HKCU\\Software\\Microsoft\\Exchange\\Client\\Options`` ("0" always use, "1" prompt) is
community knowledge, unconfirmed by Microsoft, hence its own option. Old profiles stay;
``.pst`` files are never touched; ``.ost`` caches and Autodiscover XML are moved to a backup
folder only when asked.
"""

from __future__ import annotations

import re

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.install import VERSIONS, installed_versions
from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.regfile import RegFileError, backup_then_delete
from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.values import value_data
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import already_done
from ansible_collections.officeops.outlook_auth.plugins.module_utils._validation import check_choice

ONCE_ACTION = "profile_recreate"
OURS_KEY = r"Software\officeops\outlook_auth\profiles"
# Outlook keeps a profile's accounts under this MAPI section; reading only it (not the
# profile's dozens of other sections) tells an empty profile from a used one.
ACCOUNT_SECTION = "9375CFF0413111d3B88A00104B2A6676"
OUTLOOK_FOLDER = r"AppData\Local\Microsoft\Outlook"
BACKUP_FOLDER = r"AppData\Local\officeops\outlook_auth\backup"
STATE_CHOICES = ("default", "present", "absent")
OFFICE_VERSION_CHOICES = ("auto",) + VERSIONS
RUNNING_CHOICES = ("fail", "stop", "defer")
SELECTION_CHOICES = ("always_use", "prompt", "unmanaged")
PICK_LOGON_PROFILE = {"always_use": "0", "prompt": "1"}
EXCHANGE_OPTIONS_KEY = r"Software\Microsoft\Exchange\Client\Options"
# Characters Windows refuses in a key name, and those Outlook refuses in a profile name.
_BAD_NAME = re.compile(r'[\\\x00-\x1f]')


def outlook_key(version):
    return r"Software\Microsoft\Office\%s\Outlook" % version


def profiles_key(version):
    return outlook_key(version) + r"\Profiles"


def autodiscover_policy_key(version):
    return r"Software\Policies\Microsoft\Office\%s\Outlook\AutoDiscover" % version


def autodiscover_cache_folder(version):
    return OUTLOOK_FOLDER + "\\" + version.split(".")[0]


class ProfileOptions(object):
    def __init__(self, name=None, state="default", force=False, office_version="auto", zero_config_exchange=True,
                 profile_selection="always_use", clear_offline_cache=False, clear_autodiscover_cache=False,
                 outlook_running="fail", once=None):
        if name is not None and (not isinstance(name, str) or not name.strip() or len(name) > 64 or _BAD_NAME.search(name)):
            raise ValueError("name: %r is not a usable profile name (1 to 64 characters, no backslash or control "
                             "characters)" % (name,))
        for option, value, choices in (("state", state, STATE_CHOICES), ("office_version", office_version, OFFICE_VERSION_CHOICES),
                                       ("profile_selection", profile_selection, SELECTION_CHOICES),
                                       ("outlook_running", outlook_running, RUNNING_CHOICES)):
            check_choice(option, value, choices)
        if state == "absent" and name is None:
            raise ValueError("name: required with state=absent (which profile to remove)")
        if state != "default" and (clear_offline_cache or clear_autodiscover_cache):
            raise ValueError("clear_offline_cache / clear_autodiscover_cache: only with state=default")
        self.name = name.strip() if name else None
        self.state = state
        self.force = force
        self.office_version = office_version
        self.zero_config = zero_config_exchange
        self.selection = profile_selection
        self.clear_ost = clear_offline_cache
        self.clear_autodiscover = clear_autodiscover_cache
        self.outlook_running = outlook_running
        self.once = once


def keys_to_read(options, versions=VERSIONS):
    """What the probe reads in each hive: shallow, except a profile that may be removed,
    whose whole tree is needed for its backup."""
    read = [{"path": OURS_KEY, "depth": 0}, {"path": EXCHANGE_OPTIONS_KEY, "depth": 0}]
    for version in versions:
        read.append({"path": outlook_key(version), "depth": 0})
        # Depth 1: the profile names (and their few top-level values), not their MAPI sections;
        # of each profile only the account section, to tell a never-used profile of ours.
        read.append({"path": profiles_key(version), "depth": 1, "each": ACCOUNT_SECTION, "each_depth": 1})
        read.append({"path": autodiscover_policy_key(version), "depth": 0})
        if options.state == "absent":
            read.append({"path": profiles_key(version) + "\\" + options.name, "depth": 16})
    return read


def folders_to_list(options, versions=VERSIONS):
    """The Outlook data folders to list, only when a cache is to be cleared."""
    folders = []
    if options.clear_ost:
        folders.append(OUTLOOK_FOLDER)
    if options.clear_autodiscover:
        folders.extend(autodiscover_cache_folder(version) for version in versions)
    return [{"path": folder, "recurse": False} for folder in folders]


def profile_accounts(keys, version, name):
    """The account subkeys of a profile (name -> tree), as the ``each`` item of keys_to_read
    reads them."""
    section = keys.get("%s\\%s\\%s" % (profiles_key(version), name, ACCOUNT_SECTION))
    return ((section or {}).get("keys")) or {}


def _profile_names(tree):
    return sorted((tree or {}).get("keys", {}), key=str.lower)


def _find(names, wanted):
    for name in names:
        if name.lower() == wanted.lower():
            return name
    return None


def _new_name(existing, now):
    base = "Outlook-%s" % now[:8]
    candidate, number = base, 1
    while _find(existing, candidate):
        number += 1
        candidate = "%s-%d" % (base, number)
    return candidate


def _sz(sid, path, name, data):
    return {"op": "set_value", "sid": sid, "path": path, "name": name, "type": "REG_SZ", "data": data}


def plan_user(options, machine, user, processes, now):
    """Ops and the before/after view for one probed user.

    ``processes``: running OUTLOOK.EXE as ``{"pid", "session_id"}``; ``now``: UTC
    ``YYYYMMDDTHHMMSSZ``, for new profile names and backup folders.
    """
    sid, keys = user["sid"], user["keys"]
    versions = installed_versions(machine) if options.office_version == "auto" else [options.office_version]
    plan = {"versions": versions, "ops": [], "warnings": [], "backups": [], "before": {}, "after": {},
            "note": None, "failure": None}
    if not versions:
        plan["note"] = "Office not found"
        return plan
    done_at = already_done(user.get("once", {}), options.once)
    if done_at and not _switch_unfinished(options, versions, user["keys"]):
        plan["note"] = "profile already recreated for %s at %s" % (options.once, done_at)
        return plan

    ops = plan["ops"]
    mine = [p for p in processes if user.get("logged_on") and p["session_id"] == user.get("session_id")]
    if mine and options.state != "present":
        pids = ", ".join(str(p["pid"]) for p in mine)
        if options.outlook_running == "fail":
            plan["failure"] = ("Outlook is running for %s (pid %s); close it first, or use outlook_running=stop to stop "
                               "it or outlook_running=defer to change the profile for its next start"
                               % (user["name"] or sid, pids))
            return plan
        if options.outlook_running == "stop":
            ops.append({"op": "stop_process", "sid": sid, "name": "OUTLOOK"})
        else:
            plan["warnings"].append("Outlook is running (pid %s); the change takes effect when it next starts" % pids)

    # The DefaultProfile switches go last: a corrupt default is what the audit calls this step
    # for, so a run cut off before them is found again and finished by the rerun.
    switches = []
    # Profiles this collection created: one value per profile name under OURS_KEY.
    ours = sorted(((keys.get(OURS_KEY) or {}).get("values") or {}), key=str.lower)
    for version in versions:
        outlook = keys.get(outlook_key(version))
        names = _profile_names(keys.get(profiles_key(version)))
        default = value_data(outlook, "DefaultProfile")
        plan["before"][version] = {"default": default, "profiles": names}
        after_names, after_default = list(names), default
        if options.state == "absent":
            target = _find(names, options.name)
            if target is not None:
                if not (options.force or _find(ours, target)):
                    plan["failure"] = ("profile %r of Office %s was not created by this collection; it stays unless "
                                       "force=true" % (target, version))
                    return plan
                if default and default.lower() == target.lower():
                    plan["failure"] = "profile %r is the default of Office %s; make another the default first" % (target, version)
                    return plan
                path = profiles_key(version) + "\\" + target
                tree = keys.get(path)
                backup = "%s\\%s-profile-%s-%s.reg" % (BACKUP_FOLDER, now, version, re.sub(r"[^A-Za-z0-9._-]", "_", target))
                try:
                    ops.extend(backup_then_delete(sid, path, tree, backup))
                except RegFileError as exc:
                    plan.update(ops=[], failure="cannot remove %r: no safe backup of it can be written (%s)" % (target, exc))
                    return plan
                plan["backups"].append(backup)
                after_names = [n for n in names if n != target]
            plan["after"][version] = {"default": after_default, "profiles": after_names}
            continue

        name = options.name
        if name is None:
            reuse = default if default and _find(ours, default) and _find(names, default) else None
            if reuse is None:
                # A profile of ours Outlook never used (no account yet): a run cut off before
                # the default switch made it; finish with it rather than add another.
                unused = _unused_ours(keys, version, names)
                reuse = unused[-1] if unused else None
            if reuse is None and done_at:
                # This incident already made its profile: finish a cut-off switch, never add one.
                plan["after"][version] = {"default": default, "profiles": names}
                continue
            name = reuse or _new_name(names, now)
        existing = _find(names, name)
        if existing is None:
            # Recorded as ours before it exists, so no run cut off in between leaves a profile
            # this collection made but does not know as its own.
            ops.append(_sz(sid, OURS_KEY, name, now))
            ops.append({"op": "create_key", "sid": sid, "path": profiles_key(version) + "\\" + name})
            after_names = sorted(names + [name], key=str.lower)
        else:
            name = existing
        if options.state == "default":
            if options.zero_config and value_data(keys.get(autodiscover_policy_key(version)), "ZeroConfigExchange") != 1:
                ops.append({"op": "set_value", "sid": sid, "path": autodiscover_policy_key(version),
                            "name": "ZeroConfigExchange", "type": "REG_DWORD", "data": 1})
            if (default or "").lower() != name.lower():
                switches.append(_sz(sid, outlook_key(version), "DefaultProfile", name))
                after_default = name
        plan["after"][version] = {"default": after_default, "profiles": after_names}

    if options.state == "default":
        wanted = PICK_LOGON_PROFILE.get(options.selection)
        if wanted is not None and value_data(keys.get(EXCHANGE_OPTIONS_KEY), "PickLogonProfile") != wanted:
            ops.append(_sz(sid, EXCHANGE_OPTIONS_KEY, "PickLogonProfile", wanted))
        moves = []
        for item in sorted(user.get("files", []), key=lambda item: item["path"].lower()):
            folder, _sep, filename = item["path"].rpartition("\\")
            if options.clear_ost and folder.lower() == OUTLOOK_FOLDER.lower() and filename.lower().endswith(".ost"):
                moves.append((item["path"], "ost"))
            if options.clear_autodiscover and filename.lower().endswith(".xml") and \
                    folder.lower() in [autodiscover_cache_folder(v).lower() for v in versions]:
                moves.append((item["path"], "autodiscover-" + folder.rpartition("\\")[2]))
        for source, kind in moves:
            destination = "%s\\%s-%s\\%s" % (BACKUP_FOLDER, now, kind, source.rpartition("\\")[2])
            ops.append({"op": "move_file", "sid": sid, "path": source, "destination": destination})
            plan["backups"].append(destination)
    # The once marker goes before the switches: a run cut off between the two is found again
    # (the default is still the corrupt one) and finished by _switch_unfinished; written after
    # them, a cut in between left a healthy default that no audit calls this step for, so the
    # marker was never written.
    if options.once and not done_at and any(op["op"] != "stop_process" for op in ops + switches):
        ops.append({"op": "set_once_marker", "sid": sid, "action": ONCE_ACTION, "once_id": options.once})
    ops.extend(switches)
    return plan


def _unused_ours(keys, version, names):
    """Profiles this collection created that Outlook has not added an account to."""
    ours = ((keys.get(OURS_KEY) or {}).get("values") or {})
    return [n for n in names if _find(ours, n) and not profile_accounts(keys, version, n)]


def _switch_unfinished(options, versions, keys):
    """True when a run of this incident made its profile but was cut off before making it the
    default: a never-used profile of ours exists and the default is not one of ours."""
    if options.state != "default" or options.name is not None:
        return False
    ours = ((keys.get(OURS_KEY) or {}).get("values") or {})
    for version in versions:
        default = value_data(keys.get(outlook_key(version)), "DefaultProfile")
        if default and _find(ours, default):
            continue
        if _unused_ours(keys, version, _profile_names(keys.get(profiles_key(version)))):
            return True
    return False
