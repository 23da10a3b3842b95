"""The audit's facts and findings on every lab scenario, through real ansible-playbook runs."""

import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.state import read_counters

ROOT = pathlib.Path(__file__).resolve().parents[3]
DUMP = ROOT / "tests" / "unit" / "lab" / "files" / "dump_findings.yml"
SCENARIOS = sorted(path.stem for path in (ROOT / "tests" / "lab" / "scenarios").glob("*.json"))

# (finding id, user or None) expected on each scenario with user=all; nothing else may appear.
EXPECTED = {
    "healthy": set(),
    "no_office": {("office_missing", None)},
    "corrupt_profile": {("profile_default_corrupt", "WS-0233\\sam")},
    "foreign_credentials": {("credentials_stale_office", "DEV-07\\nora")},
    "godaddy_657rx": {("work_school_stale_account", "BLOOMFIELD-PC\\maria"), ("broker_token_error", None),
                      ("credentials_stale_office", "BLOOMFIELD-PC\\maria")},
    "logged_off": {("modern_auth_adal_disabled", "WS-0871\\raj"), ("user_unreachable", "WS-0871\\raj")},
    "office2013": {("modern_auth_adal_disabled", "FABRIKAM\\olga"), ("credentials_stale_office", "FABRIKAM\\olga"),
                   ("office_unsupported", None)},
    "password_loop": {("modern_auth_adal_disabled", "FABRIKAM\\ken"), ("credentials_stale_office", "FABRIKAM\\ken")},
    "shared_pc": {("work_school_stale_account", "FABRIKAM\\anna"), ("work_school_stale_account", "FABRIKAM\\tom"),
                  ("credentials_stale_office", "FABRIKAM\\anna"), ("user_unreachable", "FABRIKAM\\lee"),
                  ("user_unreachable", "FABRIKAM\\tom")},
    "wam_disabled": {("modern_auth_wam_override", "WS-0417\\li")},
}


@pytest.fixture(scope="module")
def audit(module_playbook, tmp_path_factory):
    """One audit of the whole lab (user=all), shared by the tests of this module."""
    out = tmp_path_factory.mktemp("findings")
    module_playbook(DUMP, "-e", "dump_dir=%s" % out)
    return out, module_playbook.state_dir


def test_every_scenario_has_expectations():
    assert sorted(EXPECTED) == SCENARIOS


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_yields_exactly_its_findings(audit, scenario):
    out, _state = audit
    dumped = json.loads((out / ("%s.json" % scenario)).read_text())
    assert set((f["id"], f["user"]) for f in dumped["findings"]) == EXPECTED[scenario]
    for found in dumped["findings"]:
        assert found["evidence"] and all(isinstance(line, str) and line for line in found["evidence"])


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_audit_is_one_wrapper_call_and_changes_nothing(audit, scenario):
    _out, state_dir = audit
    state = json.loads((state_dir / ("%s.json" % scenario)).read_text())
    assert read_counters(str(state_dir / ("%s.json" % scenario)))["wrapper_calls"] == 1
    seed = json.loads((ROOT / "tests" / "lab" / "scenarios" / ("%s.json" % scenario)).read_text())
    for key in ("hklm", "users", "events", "processes"):
        assert state.get(key) == seed.get(key), "the audit changed %s of %s" % (key, scenario)


def test_no_secret_reaches_the_facts(audit):
    out, _state = audit
    for path in out.glob("*.json"):
        text = path.read_text()
        assert "<lab-secret:" not in text
        # the DPAPI blob of corrupt_profile's IMAP account password stays on the host
        assert "Password" not in text and "d08c9ddf0115d111" not in text


def test_godaddy_realm_adds_the_federation_finding(run_playbook, tmp_path):
    realms = {"bloomfield-florist.com": {"namespace_type": "Federated", "federation_brand": "GoDaddy", "godaddy": True,
                                         "auth_url": "https://sso.godaddy.com/?realm=pass", "error": None}}
    run_playbook(DUMP, "-e", json.dumps({"dump_dir": str(tmp_path), "lab_realms": realms}), "--limit", "godaddy_657rx")
    dumped = json.loads((tmp_path / "godaddy_657rx.json").read_text())
    federation = [f for f in dumped["findings"] if f["id"] == "tenant_godaddy_federation"]
    assert len(federation) == 1 and "sso.godaddy.com" in federation[0]["evidence"][0]
    assert federation[0]["role"] == "modern_auth" and federation[0]["step"] == 2
    assert "modern_auth" in dumped["steps"]


def test_facts_carry_what_the_findings_need(audit):
    out, _state = audit
    godaddy = json.loads((out / "godaddy_657rx.json").read_text())["facts"]
    assert godaddy["mailbox_domains"] == ["bloomfield-florist.com"]
    assert godaddy["device"]["device_join"] == "workgroup"
    assert [e["error_codes"] for e in godaddy["events"] if e["id"] == 1098] == [["0xCAA5001C"], ["0xCAA5001C"]]
    maria = godaddy["users"][0]
    assert maria["broker"]["account_files"] == 3
    assert [w["address"] for w in maria["work_school"]] == ["maria.lopez@northwind-traders.com"]
    stale = [f for f in json.loads((out / "godaddy_657rx.json").read_text())["findings"] if f["id"] == "work_school_stale_account"]
    assert stale[0]["data"] == {"addresses": ["maria.lopez@northwind-traders.com"],
                                "tenant_ids": ["9188040d-6c67-4c5b-b112-36a304b66dad"]}
    assert maria["credentials"]["count"] == 7
    assert [e["target"] for e in maria["credentials"]["entries"] if not e["office"]] == [
        "WindowsLive:target=virtualapp/didlogical", "MicrosoftAccount:target=SSO_POP_Device"]
    shared = json.loads((out / "shared_pc.json").read_text())["facts"]
    tom = [u for u in shared["users"] if u["name"] == "FABRIKAM\\tom"][0]
    assert tom["credentials"]["reachable"] is False and tom["credentials"]["count"] is None
    assert "not_logged_on" in tom["credentials"]["error"]
    corrupt = json.loads((out / "corrupt_profile.json").read_text())["facts"]
    assert corrupt["users"][0]["outlook_profiles"]["16.0"]["profiles"] == [
        {"name": "Outlook", "accounts": [], "created_by_collection": False},
        {"name": "Outlook (old)", "accounts": ["sam@contoso.com"], "created_by_collection": False}]


def test_bad_input_fails_naming_the_option(run_playbook):
    done = run_playbook(ROOT / "tests" / "unit" / "lab" / "files" / "findings_bad_input.yml")
    assert "failed=0" in done.stdout.split("PLAY RECAP")[1]
    # controller-only: the host was never contacted
    assert not (run_playbook.state_dir / "healthy.json").exists()
