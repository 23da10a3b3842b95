# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From one host's ``outlook_auth`` fact (and the tenant lookups) to its findings.

Each rule reads only the fact; ids, severities and steps come from catalog.py. Where a module
of this collection decides what it would change (the identity values, which credentials are
Office's), the fact already carries that decision, so a finding and its fix cannot disagree.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._credentials.match import is_basic_auth_cache
from ansible_collections.officeops.outlook_auth.plugins.module_utils._facts.build import address_domain
from ansible_collections.officeops.outlook_auth.plugins.module_utils._facts.events import (
    BROKER_EVENT_IDS, NTE_BAD_KEYSET, is_network_code)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings.catalog import describe, severity_rank
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.identity import WAM_VALUES
from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm.domains import domain_of

AAD_LOG = "Microsoft-Windows-AAD/Operational"
# Office 2013 left extended support on 11 April 2023 (Microsoft lifecycle); it signs in to
# Microsoft 365 only with EnableADAL/Version set, and Microsoft no longer supports it.
UNSUPPORTED_VERSIONS = ("15.0",)
# The once-marker action of win_aad_broker_reset: a reset newer than an error resolves it.
BROKER_RESET_ACTION = "broker_reset"


def finding(finding_id, evidence, user=None, data=None):
    """One finding; ``data`` holds what its fixing role needs (for example which accounts)."""
    return dict(describe(finding_id), id=finding_id, user=user, evidence=list(evidence), data=data or {})


def _label(user):
    return user["name"] or user["sid"]


def _stale_accounts(user, device_tenant):
    """Evidence lines and the stale (address, tenant id) pairs of one user."""
    if not user["mailboxes"]:
        return [], []
    domains = set(address_domain(a) for a in user["mailboxes"])
    evidence, stale = [], []
    for registration in user["work_school"]:
        if device_tenant and (registration["tenant_id"] or "").lower() == device_tenant.lower():
            continue
        if address_domain(registration["address"]) not in domains:
            evidence.append("Access work or school registration %s (tenant %s) is not the mailbox's organisation (%s)"
                            % (registration["address"], registration["tenant_id"], ", ".join(sorted(domains))))
            stale.append((registration["address"], registration["tenant_id"]))
    for account in (user["wam"] or {}).get("accounts") or []:
        if address_domain(account["user_name"]) not in domains:
            evidence.append("Office WAM account %s (tenant %s) is not the mailbox's organisation"
                            % (account["user_name"], account["tenant_id"]))
            stale.append((account["user_name"], account["tenant_id"]))
    return evidence, stale


def _stale_credentials(user):
    credentials = user["credentials"]
    if not credentials["reachable"]:
        return []
    mailboxes = set(user["mailboxes"])
    evidence = []
    for entry in credentials["entries"]:
        if not entry["office"]:
            continue
        # The purge deletes these last (PurgePolicy.plan), so an interrupted purge is found again.
        if is_basic_auth_cache(entry):
            evidence.append("%s (%s): basic-authentication password cache" % (entry["target"], entry["type"]))
        elif mailboxes and "@" in (entry["user_name"] or "") and entry["user_name"].lower() not in mailboxes:
            evidence.append("%s: cached for %s, not a mailbox of this user" % (entry["target"], entry["user_name"]))
    return evidence


def _profile_findings(user, versions):
    found = []
    for version in versions:
        profiles = user["outlook_profiles"].get(version)
        if not profiles or not profiles["profiles"] and profiles["default"] is None:
            continue
        default = profiles["default"]
        names = dict((p["name"].lower(), p) for p in profiles["profiles"])
        if default is None:
            found.append(finding("profile_default_missing", [
                "Office %s has profiles (%s) but no DefaultProfile" % (version, ", ".join(sorted(p["name"] for p in profiles["profiles"])))],
                _label(user)))
        elif default.lower() not in names:
            found.append(finding("profile_default_missing", [
                "DefaultProfile of Office %s names %r, which does not exist" % (version, default)], _label(user)))
        elif not names[default.lower()]["accounts"] and not names[default.lower()].get("created_by_collection"):
            # A profile this collection created is empty until Outlook's next start adds the
            # mailbox (ZeroConfigExchange); only someone else's empty default is broken.
            found.append(finding("profile_default_corrupt", [
                "the default profile %r of Office %s has no e-mail account" % (default, version)], _label(user)))
    return found


def _latest_reset(users):
    times = [time for user in users for time in ((user.get("once") or {}).get(BROKER_RESET_ACTION) or {}).values()]
    return max(times) if times else None


def _broker_findings(facts):
    """Token broker errors newer than the last broker reset of any user on the host."""
    reset = _latest_reset(facts["users"])
    errors, bad_keyset, network = [], [], []
    for event in facts["events"]:
        if event["log"] != AAD_LOG or event["level"] not in ("Error", "Critical"):
            continue
        if reset and event["time"] <= reset:
            continue
        codes = event["error_codes"]
        described = "event %d at %s: %s" % (event["id"], event["time"], ", ".join(codes) or "no error code")
        if NTE_BAD_KEYSET in codes:
            bad_keyset.append(described)
        elif any(is_network_code(code) for code in codes):
            network.append(described)
        elif event["id"] in BROKER_EVENT_IDS:
            errors.append(described)
    found = []
    if errors:
        found.append(finding("broker_token_error", errors[:10]))
    if bad_keyset:
        found.append(finding("broker_bad_keyset", bad_keyset[:10]))
    return found, network


def _network_finding(facts, network_events):
    evidence = []
    net = facts["network"]
    for endpoint in net["endpoints"]:
        if not (endpoint["tcp"] and endpoint["tls"]):
            evidence.append("%s: %s" % (endpoint["host"], endpoint["error"] or "unreachable"))
    evidence.extend(network_events[:10])
    if not evidence:
        return []
    proxy = net["proxy"]
    if proxy.get("proxy"):
        evidence.append("WinHTTP proxy %s (bypass %s); the endpoint test connects directly" % (proxy["proxy"], proxy.get("bypass")))
    return [finding("network_blocked", evidence)]


def _godaddy(facts, realms):
    found = []
    for user in facts["users"]:
        federated = []
        for domain in sorted(set(filter(None, (address_domain(a) for a in user.get("mailboxes") or [])))):
            # m365_user_realm keys its answers by the ASCII (punycode) form of the domain.
            try:
                realm = realms.get(domain_of(domain)) or realms.get(domain) or {}
            except ValueError:
                realm = realms.get(domain) or {}
            if realm.get("godaddy"):
                federated.append("%s is federated to %s (%s)" % (domain, realm.get("federation_brand") or "GoDaddy",
                                                                 realm.get("auth_url")))
        if federated:
            found.append(finding("tenant_godaddy_federation", federated, _label(user)))
    return found


def findings_for(facts, realms=None):
    """Every finding of one host, most severe first."""
    realms = realms or {}
    found = []
    office = facts["office"]
    if not office["installed"]:
        found.append(finding("office_missing", ["no Click-to-Run configuration and no Office 2013/2016+ install root"]))
    unsupported = [v for v in office["versions"] if v in UNSUPPORTED_VERSIONS]
    if unsupported:
        found.append(finding("office_unsupported", ["Office %s (Office 2013) is out of support since 11 April 2023" % v
                                                    for v in unsupported]))
    device_tenant = facts["device"].get("tenant_id")
    for user in facts["users"]:
        label = _label(user)
        if user["error"]:
            found.append(finding("user_unreachable", ["registry: %s" % user["error"]], label))
            continue
        if not user["credentials"]["reachable"]:
            found.append(finding("user_unreachable", ["credentials: %s" % user["credentials"]["error"]], label))
        evidence, stale = _stale_accounts(user, device_tenant)
        if stale:
            # What win_work_school_account's match needs to select exactly these accounts.
            data = {"addresses": sorted(set(a.lower() for a, _t in stale if a)),
                    "tenant_ids": sorted(set(t.lower() for _a, t in stale if t))}
            found.append(finding("work_school_stale_account", evidence, label, data))
        adal = [c for c in user["modern_auth_changes"] if c["name"] in ("EnableADAL", "Version")]
        if adal:
            found.append(finding("modern_auth_adal_disabled", ["%s %s\\%s" % (c["op"], c["path"], c["name"]) for c in adal], label))
        wam = [c for c in user["modern_auth_changes"] if c["name"] in WAM_VALUES]
        if wam:
            found.append(finding("modern_auth_wam_override", ["%s\\%s is set" % (c["path"], c["name"]) for c in wam], label))
        credentials = _stale_credentials(user)
        if credentials:
            found.append(finding("credentials_stale_office", credentials, label))
        if office["installed"]:
            found.extend(_profile_findings(user, office["versions"]))
    broker, network_events = _broker_findings(facts)
    found.extend(broker)
    found.extend(_network_finding(facts, network_events))
    found.extend(_godaddy(facts, realms))
    found.sort(key=lambda f: (severity_rank(f["severity"]), f["step"] if f["step"] is not None else 99, f["id"], f["user"] or ""))
    return found


def steps_needed(findings):
    """The roles the findings call for, in flowchart order."""
    steps = sorted(set((f["step"], f["role"]) for f in findings if f["step"] is not None))
    return [role for _step, role in steps]
