# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Office identity registry state of a user: what to set, remove and reset.

Sources (../shared/docs/domain-facts.md, "Office Identity registry values"):

- Office 2013 (15.0) uses modern authentication only with ``Common\\Identity\\EnableADAL=1``
  and ``Version=1`` (DWORD), and ``HKCU\\Software\\Microsoft\\Exchange\\
  AlwaysUseMSOAuthForAutoDiscover=1`` makes Autodiscover use it too (Microsoft 365 docs,
  "Enable Modern Authentication for Office 2013 on Windows devices").
- Office 2016 and later (16.0) use it by default; ``EnableADAL=0`` forces Basic auth, which
  Exchange Online no longer accepts, so a stale 0 is removed.
- ``DisableADALatopWAMOverride`` / ``DisableAADWAM`` take Office off WAM. Microsoft's
  "Disabling ADAL or WAM isn't supported to fix Microsoft 365 sign-in or activation issues"
  calls that unsupported (it also turns off Continuous Access Evaluation); seed 004
  recommends it. So removing them is the default and setting them an explicit opt-in.
- Resetting the identity cache deletes ``Common\\Identity`` as Microsoft's activation-reset
  tools and OLicenseCleanup do, after a ``.reg`` backup the user can import.

The wrapper reads trees and applies ops; every decision is here.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.install import VERSIONS, installed_versions
from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.regfile import RegFileError, backup_then_delete
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import already_done
from ansible_collections.officeops.outlook_auth.plugins.module_utils._validation import check_choice

OFFICE_VERSION_CHOICES = ("auto",) + VERSIONS
WAM_CHOICES = ("enabled", "disabled", "unmanaged")
RESET_ACTION = "identity_reset"
EXCHANGE_KEY = r"Software\Microsoft\Exchange"
BACKUP_FOLDER = r"AppData\Local\officeops\outlook_auth\backup"
WAM_VALUES = ("DisableADALatopWAMOverride", "DisableAADWAM")
WAM_UNSUPPORTED = ("Microsoft does not support disabling ADAL or WAM to fix Microsoft 365 sign-in or activation "
                   "(\"Disabling ADAL or WAM isn't supported to fix Microsoft 365 sign-in or activation issues\"); "
                   "it also turns off Continuous Access Evaluation")


def identity_key(version):
    return r"Software\Microsoft\Office\%s\Common\Identity" % version


def policy_key(version):
    return r"Software\Policies\Microsoft\Office\%s\Common\Identity" % version


def cache_keys(version):
    return (r"Software\Microsoft\Office\%s\Common\Internet\WebServiceCache" % version,
            r"Software\Microsoft\Office\%s\Common\ServicesManagerCache" % version)


def _value(tree, name):
    if not tree:
        return None
    for stored, value in tree.get("values", {}).items():
        if stored.lower() == name.lower():
            return value
    return None


def _dword(tree, name):
    value = _value(tree, name)
    return value["data"] if value is not None and value["type"] == "REG_DWORD" else (
        None if value is None else value["data"])


class IdentityOptions(object):
    def __init__(self, office_version="auto", modern_auth=True, always_use_msoauth_for_autodiscover=True,
                 wam="enabled", reset_identity_cache=False, reset_web_service_cache=False, once=None):
        check_choice("office_version", office_version, OFFICE_VERSION_CHOICES)
        check_choice("wam", wam, WAM_CHOICES)
        if reset_web_service_cache and not reset_identity_cache:
            raise ValueError("reset_web_service_cache: needs reset_identity_cache=true; the caches are reset with the identity")
        self.office_version = office_version
        self.modern_auth = modern_auth
        self.autodiscover = always_use_msoauth_for_autodiscover
        self.wam = wam
        self.reset = reset_identity_cache
        self.reset_caches = reset_web_service_cache
        self.once = once


def _set(sid, path, name, data):
    return {"op": "set_value", "sid": sid, "path": path, "name": name, "type": "REG_DWORD", "data": data}


def _delete(sid, path, name):
    return {"op": "delete_value", "sid": sid, "path": path, "name": name}


def plan_user(options, machine, user, now):
    """Ops, warnings and the before/after view of one user's identity values.

    ``user``: the wrapper's probe for one user, with ``keys`` (path -> tree or None, for the
    identity, policy, cache and Exchange keys) and ``once`` (incident id -> time).
    ``now``: a UTC timestamp string for backup names (``20261121T101500Z``).
    """
    sid = user["sid"]
    keys = user["keys"]
    versions = installed_versions(machine) if options.office_version == "auto" else [options.office_version]
    result = {"versions": versions, "ops": [], "warnings": [], "backups": [], "before": {}, "after": {}, "note": None,
              "failure": None}
    if not versions:
        result["note"] = "Office not found"
        return result

    ops, warnings = result["ops"], result["warnings"]
    trees = dict((version, keys.get(identity_key(version))) for version in versions)
    reset_done = already_done(user.get("once", {}), options.once)
    if options.reset and reset_done:
        result["note"] = "identity cache already reset for %s at %s" % (options.once, reset_done)
    elif options.reset:
        for version in versions:
            for path in (identity_key(version),) + (cache_keys(version) if options.reset_caches else ()):
                tree = keys.get(path)
                if tree is None:
                    continue
                backup = "%s\\%s-%s.reg" % (BACKUP_FOLDER, now, path.replace("\\", "_"))
                try:
                    ops.extend(backup_then_delete(sid, path, tree, backup))
                except RegFileError as exc:
                    result.update(ops=[], failure="cannot reset: no safe backup of %s can be written (%s)" % (path, exc))
                    return result
                result["backups"].append(backup)
            trees[version] = None
        if options.once:
            ops.append({"op": "set_once_marker", "sid": sid, "action": RESET_ACTION, "once_id": options.once})

    # Autodiscover first: the audit calls for this step only for the EnableADAL / Version /
    # WAM values, so they are changed last; a run cut off in between leaves one of them for
    # the rerun's audit to find, never this value alone (tests/unit/lab/test_fault_matrix.py).
    if options.autodiscover:
        current = _dword(keys.get(EXCHANGE_KEY), "AlwaysUseMSOAuthForAutoDiscover")
        result["before"]["Exchange"] = {"AlwaysUseMSOAuthForAutoDiscover": current}
        result["after"]["Exchange"] = {"AlwaysUseMSOAuthForAutoDiscover": 1}
        if current != 1:
            ops.append(_set(sid, EXCHANGE_KEY, "AlwaysUseMSOAuthForAutoDiscover", 1))

    for version in versions:
        path, tree = identity_key(version), trees[version]
        before = dict((name, _dword(keys.get(path), name)) for name in ("EnableADAL", "Version") + WAM_VALUES)
        after = dict((name, _dword(tree, name)) for name in before)
        if options.modern_auth and version == "15.0":
            for name in ("EnableADAL", "Version"):
                if after[name] != 1:
                    ops.append(_set(sid, path, name, 1))
                    after[name] = 1
        elif options.modern_auth and after["EnableADAL"] == 0:
            ops.append(_delete(sid, path, "EnableADAL"))
            after["EnableADAL"] = None
        if options.wam == "enabled":
            stale = [name for name in WAM_VALUES if after[name] is not None]
            for name in stale:
                ops.append(_delete(sid, path, name))
                after[name] = None
            if stale:
                warnings.append("removed %s from Office %s: %s" % (" and ".join(stale), version, WAM_UNSUPPORTED))
        elif options.wam == "disabled":
            for name, data in (("DisableADALatopWAMOverride", 1), ("DisableAADWAM", 0)):
                if after[name] != data:
                    ops.append(_set(sid, path, name, data))
                    after[name] = data
            warnings.append("wam=disabled takes Office %s off WAM: %s" % (version, WAM_UNSUPPORTED))
        policy = keys.get(policy_key(version))
        for name in ("EnableADAL",) + WAM_VALUES:
            if _value(policy, name) is not None:
                warnings.append("policy HKCU\\%s\\%s=%s overrides the user value; change it in Group Policy"
                                % (policy_key(version), name, _value(policy, name)["data"]))
        result["before"][version] = before
        result["after"][version] = after

    return result


def keys_to_read(versions=VERSIONS):
    """Every key the probe reads in each user's hive, whatever the options."""
    paths = [EXCHANGE_KEY]
    for version in versions:
        paths.extend((identity_key(version), policy_key(version)) + cache_keys(version))
    return paths
