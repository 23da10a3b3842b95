# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stale "Access work or school" accounts: which to disconnect, and how.

Sources (../shared/docs/domain-facts.md, "Access work or school"): a user's Entra
registrations (Workplace Join) are under ``HKCU\\SOFTWARE\\Microsoft\\Windows NT\\
CurrentVersion\\WorkplaceJoin\\JoinInfo\\<id>`` (``UserEmail``, ``TenantId``); Microsoft's
WPJCleanUp removes them, in the user's context, all at once; the WAM accounts are signed
out with the documented API. ``dsregcmd /leave`` leaves an Entra or hybrid *device* join
and is never run unless asked. ``BlockAADWorkplaceJoin=1`` under
``HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WorkplaceJoin`` blocks new registrations.
"""

from __future__ import annotations

import re

JOIN_INFO_KEY = r"Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo"
BLOCK_POLICY_KEY = r"SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin"
BLOCK_POLICY_VALUE = "BlockAADWorkplaceJoin"
STATES = ("query", "absent")
# Microsoft gives WPJCleanUp for Windows 10 2004 (build 19041) and older.
WPJCLEANUP_MAX_BUILD = 19041
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class MatchError(ValueError):
    """A ``match`` the module cannot use; the message names the option."""


def parse_match(match):
    """``{"kind": "address" | "tenant_id" | "all_except", "values": [lower-cased]}``."""
    if not isinstance(match, dict) or len(match) != 1:
        raise MatchError("match: expected exactly one of address (list), tenant_id (list) or all_except (an address), got %r" % (match,))
    kind, value = next(iter(match.items()))
    if kind not in ("address", "tenant_id", "all_except"):
        raise MatchError("match: %r is not one of address, tenant_id, all_except" % kind)
    values = [value] if kind == "all_except" else value
    if kind != "all_except" and (isinstance(value, str) or not isinstance(value, list) or not value):
        raise MatchError("match.%s: expected a non-empty list, got %r" % (kind, value))
    for item in values:
        if not isinstance(item, str) or not (_GUID.match(item) if kind == "tenant_id" else _ADDRESS.match(item)):
            raise MatchError("match.%s: %r is not %s" % (kind, item, "a tenant id (GUID)" if kind == "tenant_id" else "an address"))
    return {"kind": kind, "values": [item.lower() for item in values]}


def matches(spec, address, tenant_id):
    """Whether an account (address, tenant) is one to disconnect."""
    address = (address or "").lower()
    if spec["kind"] == "address":
        return address in spec["values"]
    if spec["kind"] == "tenant_id":
        return (tenant_id or "").lower() in spec["values"]
    return address not in spec["values"]


def registrations(tree):
    """The user's Workplace Join registrations from the JoinInfo tree."""
    found = []
    for key_id, key in sorted(((tree or {}).get("keys") or {}).items()):
        values = key.get("values", {})
        email = values.get("UserEmail", {}).get("data")
        tenant = values.get("TenantId", {}).get("data")
        found.append({"id": key_id, "address": email, "tenant_id": tenant})
    return found


def plan_user(spec, state, cleanup_path, user, wam, device=None, build=None, cleanup_all=False):
    """Ops and the view for one user. ``spec``: parse_match's result, or None for query;
    ``device``: summarise()'s join state; ``build``: the Windows build; ``cleanup_all``: the
    operator accepts that WPJCleanUp also signs out the WAM accounts that match keeps."""
    sid = user["sid"]
    joined = registrations(user["keys"].get(JOIN_INFO_KEY))
    accounts = (wam or {}).get("accounts") or []
    plan = {"ops": [], "warnings": [], "note": None, "failure": None, "skip": None, "versions": [], "backups": [],
            "before": {"accounts": {"workplace_join": sorted(r["address"] or r["id"] for r in joined),
                                    "wam": sorted(a["user_name"] for a in accounts)}},
            "after": {}, "extra": {"registrations": joined, "wam_accounts": accounts}}
    plan["after"] = {"accounts": dict(plan["before"]["accounts"])}
    if state == "query":
        return plan
    if wam is not None and wam.get("access") not in ("direct", "interactive_task"):
        plan["skip"] = wam.get("reason") or "the user's session cannot be reached"
        return plan
    if wam is not None and wam.get("error"):
        plan["failure"] = "could not list the WAM accounts: %s" % wam["error"]
        return plan
    if spec["kind"] == "tenant_id" and any(a.get("tenant_id") is None for a in accounts):
        plan["warnings"].append("some WAM accounts report no tenant id, so match.tenant_id cannot select them; "
                                "match by address to be sure")
    stale_wam = [a for a in accounts if matches(spec, a["user_name"], a.get("tenant_id"))]
    if stale_wam:
        plan["ops"].append({"op": "wam_sign_out", "sid": sid, "ids": [a["id"] for a in stale_wam]})
    stale_wpj = [r for r in joined if matches(spec, r["address"], r["tenant_id"])]
    kept_wpj = [r["address"] or r["id"] for r in joined if r not in stale_wpj]
    kept_wam = [a["user_name"] for a in accounts if a not in stale_wam]
    named = ", ".join(r["address"] or r["id"] for r in stale_wpj)
    settings = "disconnect %s in Settings > Accounts > Access work or school instead" % named
    # WPJCleanUp removes every registration and every SSO account of the user (Microsoft's
    # Entra registration FAQ), so it runs only when that loses nothing the match keeps.
    if stale_wpj and kept_wpj:
        plan["warnings"].append("WPJCleanUp would also remove the registration of %s, which must stay; %s"
                                % (", ".join(kept_wpj), settings))
        stale_wpj = []
    elif stale_wpj and device and device.get("device_join") in ("entra", "hybrid"):
        plan["warnings"].append("WPJCleanUp also unregisters an Entra or hybrid joined device; %s" % settings)
        stale_wpj = []
    elif stale_wpj and kept_wam and not cleanup_all:
        plan["warnings"].append("WPJCleanUp would also sign out %s; set cleanup_all=true to accept that (they sign in "
                                "again), or %s" % (", ".join(kept_wam), settings))
        stale_wpj = []
    elif stale_wpj and not cleanup_path:
        plan["warnings"].append("%s is registered (Access work or school) but wpj_cleanup_path is not set; the WAM "
                                "account is signed out, the registration stays" % ", ".join(r["address"] or r["id"] for r in stale_wpj))
        stale_wpj = []
    if stale_wpj:
        plan["ops"].append({"op": "wpj_cleanup", "sid": sid, "path": cleanup_path})
        if kept_wam:
            plan["warnings"].append("%s must sign in again after WPJCleanUp" % ", ".join(kept_wam))
        if build is not None and build > WPJCLEANUP_MAX_BUILD:
            plan["warnings"].append("Microsoft gives WPJCleanUp for Windows 10 2004 and older (this is build %d); the "
                                    "result is checked in the registry afterwards" % build)
    plan["after"]["accounts"] = {
        "workplace_join": sorted(r["address"] or r["id"] for r in joined if r not in stale_wpj),
        "wam": [] if stale_wpj else sorted(kept_wam)}
    return plan


def plan_machine(block_workplace_join, leave_device, device, policy_value):
    """Machine-level ops: the block policy and, only when asked, leaving the device join."""
    ops, warnings = [], []
    if block_workplace_join is True and policy_value != 1:
        ops.append({"op": "set_block_policy", "sid": "", "data": 1})
    elif block_workplace_join is False and policy_value is not None:
        ops.append({"op": "remove_block_policy", "sid": ""})
    if leave_device:
        if device["device_join"] == "hybrid":
            ops.append({"op": "leave_device", "sid": ""})
            warnings.append("leave_device: the device leaves its hybrid Entra join; unless automatic registration is "
                            "turned off first it registers again, and users may lose access to company resources meanwhile")
        elif device["device_join"] == "entra":
            warnings.append("leave_device: Microsoft documents dsregcmd /leave for hybrid joined devices only; disconnect "
                            "an Entra joined device in Settings with a local administrator account; nothing was done")
        else:
            warnings.append("leave_device: the device is not Entra joined (%s); nothing to leave" % device["device_join"])
    return ops, warnings


def check_cleanup_path(path):
    if path is None:
        return None
    if not isinstance(path, str) or not re.match(r"^(?:[A-Za-z]:\\|\\\\)[^*?\"<>|%\r\n]+$", path) or ".." in path.split("\\"):
        raise MatchError("wpj_cleanup_path: expected an absolute Windows path to WPJCleanUp on the target "
                         "(C:\\Tools\\WPJCleanUp\\WPJCleanUp.cmd), got %r" % (path,))
    return path
