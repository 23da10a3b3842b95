import copy

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings import catalog, rules

USER = {
    "sid": "S-1-5-21-1-2-3-1001", "name": "PC\\alice", "error": None, "mailboxes": ["alice@contoso.com"],
    "work_school": [], "wam": {"access": "direct", "error": None, "accounts": []},
    "modern_auth_changes": [], "once": {},
    "credentials": {"access": "direct", "reachable": True, "error": None, "count": 0, "entries": []},
    "outlook_profiles": {"16.0": {"default": "Outlook", "profiles": [{"name": "Outlook", "accounts": ["alice@contoso.com"]}]}},
}
HEALTHY = {
    "office": {"installed": True, "versions": ["16.0"]},
    "device": {"tenant_id": None},
    "network": {"proxy": {"type": "direct", "proxy": None}, "endpoints": [
        {"host": "login.microsoftonline.com", "tcp": True, "tls": True, "error": None}], "unreachable": []},
    "events": [],
    "users": [USER],
}


def facts_with(**user_changes):
    facts = copy.deepcopy(HEALTHY)
    facts["users"][0].update(copy.deepcopy(user_changes))
    return facts


def ids(found):
    return [f["id"] for f in found]


def test_healthy_has_no_finding():
    assert rules.findings_for(HEALTHY) == []


def test_every_finding_is_described_by_the_catalog():
    facts = facts_with(work_school=[{"id": "X", "address": "a@other.org", "tenant_id": "t"}])
    for found in rules.findings_for(facts):
        described = catalog.describe(found["id"])
        assert (found["severity"], found["step"], found["role"]) == (described["severity"], described["step"], described["role"])


def test_stale_work_account_needs_another_organisation():
    same = facts_with(work_school=[{"id": "A", "address": "alice@contoso.com", "tenant_id": "t1"}])
    assert rules.findings_for(same) == []
    other = facts_with(wam={"access": "direct", "error": None, "accounts": [
        {"id": "w", "provider": "https://login.microsoft.com", "user_name": "alice@fabrikam.com", "tenant_id": "t2"}]})
    found = rules.findings_for(other)
    assert ids(found) == ["work_school_stale_account"] and "alice@fabrikam.com" in found[0]["evidence"][0]
    assert found[0]["user"] == "PC\\alice" and found[0]["role"] == "work_school_accounts"


def test_registration_of_the_device_tenant_is_not_stale():
    facts = facts_with(work_school=[{"id": "A", "address": "svc@corp.example", "tenant_id": "ABC"}])
    facts["device"]["tenant_id"] = "abc"
    assert rules.findings_for(facts) == []


def test_without_known_mailboxes_no_account_is_called_stale():
    facts = facts_with(mailboxes=[], work_school=[{"id": "A", "address": "x@other.org", "tenant_id": "t"}])
    assert "work_school_stale_account" not in ids(rules.findings_for(facts))


def test_modern_auth_changes_become_findings():
    facts = facts_with(modern_auth_changes=[
        {"op": "delete_value", "path": r"Software\Microsoft\Office\16.0\Common\Identity", "name": "EnableADAL"},
        {"op": "delete_value", "path": r"Software\Microsoft\Office\16.0\Common\Identity", "name": "DisableAADWAM"}])
    assert sorted(ids(rules.findings_for(facts))) == ["modern_auth_adal_disabled", "modern_auth_wam_override"]


@pytest.mark.parametrize("entry, stale", [
    ({"target": "MicrosoftOffice16_Data:SSPI:alice@contoso.com", "type": "generic", "user_name": "alice@contoso.com"}, True),
    ({"target": "MicrosoftOffice15_Data:orgid:alice@contoso.com", "type": "generic", "user_name": "alice@contoso.com"}, True),
    ({"target": "Domain:target=outlook.office365.com", "type": "domain_password", "user_name": "alice@contoso.com"}, True),
    ({"target": "MicrosoftOffice16_Data:ADAL:1234", "type": "generic", "user_name": "alice@contoso.com"}, False),
    ({"target": "MicrosoftOffice16_Data:ADAL:5678", "type": "generic", "user_name": "bob@northwind.com"}, True),
])
def test_stale_office_credentials(entry, stale):
    facts = facts_with(credentials={"access": "direct", "reachable": True, "error": None, "count": 1,
                                    "entries": [dict(entry, office=True, last_written="2026-01-01T00:00:00Z")]})
    assert ("credentials_stale_office" in ids(rules.findings_for(facts))) is stale


def test_foreign_credentials_are_never_findings():
    facts = facts_with(credentials={"access": "direct", "reachable": True, "error": None, "count": 1, "entries": [
        {"target": "TERMSRV/host", "type": "domain_password", "user_name": "bob@other.org", "office": False,
         "last_written": ""}]})
    assert rules.findings_for(facts) == []


def test_unreachable_vault_is_reported_low_not_guessed():
    facts = facts_with(credentials={"access": "not_logged_on", "reachable": False, "error": "not logged on",
                                    "count": None, "entries": []})
    found = rules.findings_for(facts)
    assert ids(found) == ["user_unreachable"] and found[0]["severity"] == "low"


def test_profile_findings():
    missing = facts_with(outlook_profiles={"16.0": {"default": "Gone", "profiles": [{"name": "Outlook", "accounts": ["a@b.c"]}]}})
    assert ids(rules.findings_for(missing)) == ["profile_default_missing"]
    empty = facts_with(outlook_profiles={"16.0": {"default": "outlook", "profiles": [{"name": "Outlook", "accounts": []}]}})
    assert ids(rules.findings_for(empty)) == ["profile_default_corrupt"]
    never_configured = facts_with(outlook_profiles={})
    assert rules.findings_for(never_configured) == []
    # an empty default this collection created waits for Outlook's next start to add the mailbox
    ours = facts_with(outlook_profiles={"16.0": {"default": "Outlook-20261122", "profiles": [
        {"name": "Outlook-20261122", "accounts": [], "created_by_collection": True}]}})
    assert rules.findings_for(ours) == []


def _aad(event_id, time, message_codes):
    return {"log": rules.AAD_LOG, "id": event_id, "time": time, "level": "Error", "error_codes": message_codes,
            "office_codes": [], "message": ""}


def test_broker_errors_keyset_and_network_codes_are_told_apart():
    facts = copy.deepcopy(HEALTHY)
    facts["events"] = [_aad(1098, "2026-11-20T08:00:00Z", ["0xCAA5001C"]), _aad(1098, "2026-11-20T08:01:00Z", ["0x80090016"]),
                       _aad(1097, "2026-11-20T08:02:00Z", ["0xCAA82EE2"])]
    found = rules.findings_for(facts)
    assert ids(found) == ["network_blocked", "broker_bad_keyset", "broker_token_error"]
    assert found[0]["severity"] == "critical"


def test_a_later_broker_reset_resolves_older_errors():
    facts = facts_with(once={"broker_reset": {"INC1": "2026-11-21T10:00:00.0000000Z"}})
    facts["events"] = [_aad(1098, "2026-11-20T08:00:00Z", ["0xCAA5001C"])]
    assert rules.findings_for(facts) == []
    facts["events"].append(_aad(1098, "2026-11-22T08:00:00Z", ["0xCAA5001C"]))
    assert ids(rules.findings_for(facts)) == ["broker_token_error"]


def test_unreachable_endpoint_names_the_proxy():
    facts = copy.deepcopy(HEALTHY)
    facts["network"]["endpoints"][0].update(tls=False, error="TLS: certificate not trusted")
    facts["network"]["proxy"] = {"type": "named", "proxy": "proxy.corp:8080", "bypass": "<local>"}
    found = rules.findings_for(facts)
    assert ids(found) == ["network_blocked"]
    assert any("proxy.corp:8080" in line for line in found[0]["evidence"])


def test_office_missing_and_unsupported():
    missing = copy.deepcopy(HEALTHY)
    missing["office"] = {"installed": False, "versions": []}
    missing["users"][0]["outlook_profiles"] = {}
    assert ids(rules.findings_for(missing)) == ["office_missing"]
    old = copy.deepcopy(HEALTHY)
    old["office"]["versions"] = ["15.0"]
    assert "office_unsupported" in ids(rules.findings_for(old))


def test_godaddy_realm():
    realms = {"contoso.com": {"godaddy": True, "federation_brand": "GoDaddy", "auth_url": "https://sso.secureserver.net/x"}}
    found = rules.findings_for(HEALTHY, realms)
    assert ids(found) == ["tenant_godaddy_federation"] and "sso.secureserver.net" in found[0]["evidence"][0]
    assert rules.findings_for(HEALTHY, {"contoso.com": {"godaddy": False}}) == []


def test_sorted_most_severe_first_and_steps_in_flowchart_order():
    facts = facts_with(modern_auth_changes=[{"op": "delete_value", "path": "p", "name": "DisableAADWAM"}],
                       work_school=[{"id": "A", "address": "a@other.org", "tenant_id": "t"}])
    facts["network"]["endpoints"][0].update(tcp=False, tls=False)
    found = rules.findings_for(facts)
    ranks = [catalog.severity_rank(f["severity"]) for f in found]
    assert ranks == sorted(ranks) and found[0]["id"] == "network_blocked"
    assert rules.steps_needed(found) == ["work_school_accounts", "modern_auth"]


def test_unknown_id_is_named():
    with pytest.raises(KeyError, match="nope"):
        catalog.describe("nope")


def test_internationalised_mailbox_domain_matches_its_punycode_realm():
    facts = facts_with(mailboxes=["anna@bäckerei.de"],
                       outlook_profiles={"16.0": {"default": "Outlook", "profiles": [{"name": "Outlook", "accounts": ["anna@bäckerei.de"]}]}})
    realms = {"xn--bckerei-5wa.de": {"godaddy": True, "auth_url": "https://sso.godaddy.com/"}}
    assert ids(rules.findings_for(facts, realms)) == ["tenant_godaddy_federation"]
