"""win_credential_purge end to end on the lab, with the real ansible-playbook."""

import json
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
PURGE = ROOT / "tests" / "unit" / "lab" / "files" / "purge.yml"
SCENARIOS = ROOT / "tests" / "lab" / "scenarios"

EXPECTED = {
    "godaddy_657rx": [
        "MicrosoftOffice16_Data:ADAL:4c1d9e7a-0b6f-4e53-8d2a-9f1e7c3b5a60",
        "LegacyGeneric:target=MicrosoftOffice16_Data:ADALWAM:d2b7f3e1-6a4c-4f89-b0e5-1c8a7d9e2f34",
        "msteams_adalsso/adal_context_0",
        # Basic-authentication caches (SSPI, domain passwords) go last (PurgePolicy.plan): an
        # interrupted purge is found again.
        "MicrosoftOffice16_Data:SSPI:maria@bloomfield-florist.com",
        "outlook.office365.com",
    ],
    "password_loop": [
        "MicrosoftOffice16_Data:SSPI:ken.sato@fabrikam.com",
        "MicrosoftOffice15_Data:SSPI:ken.sato@fabrikam.com",
        "Domain:target=outlook.office365.com",
    ],
    "foreign_credentials": [
        "MicrosoftOffice16_Data:ADAL:9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
        "OneDrive Cached Credential Business - Business1",
        "Microsoft_OC1:uri=nora@contoso.com:specific:OAUTH:1",
        "MicrosoftOffice16_Data:SSPI:nora@contoso.com",
    ],
    "shared_pc": [
        "MicrosoftOffice16_Data:ADAL:11aa22bb-33cc-44dd-55ee-66ff77889900",
        "MicrosoftOffice16_Data:SSPI:anna@fabrikam.com",
    ],
}
HOSTS = ",".join(sorted(EXPECTED) + ["logged_off"])


def results(directory):
    return dict((path.stem, json.loads(path.read_text())) for path in directory.glob("*.json"))


def purged_targets(result):
    return [c["target"] for user in result["users"] for c in user["purged"]]


def vault_targets(state, host):
    return sorted(c["target"] for user in state(host)["users"] for c in user["vault"])


def test_check_mode_lists_exactly_the_office_entries_and_changes_nothing(run_playbook, tmp_path):
    run_playbook(PURGE, "-e", "dump_dir=%s" % tmp_path, "--limit", HOSTS, "--diff", check=True)
    found = results(tmp_path)
    for host, expected in EXPECTED.items():
        assert purged_targets(found[host]) == expected, host
        assert found[host]["changed"] is True
        assert [u["outcome"] for u in found[host]["users"]] == ["would purge"]
        original = json.loads((SCENARIOS / (host + ".json")).read_text())
        assert vault_targets(run_playbook.state, host) == sorted(c["target"] for u in original["users"] for c in u["vault"])
    assert found["logged_off"]["skipped"] is True
    assert found["logged_off"]["msg"] == "nothing to do: no user is logged on at the console"


def test_apply_then_rerun_changes_nothing_and_foreign_credentials_survive(run_playbook, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    run_playbook(PURGE, "-e", "dump_dir=%s" % first, "--limit", HOSTS)
    for host, expected in EXPECTED.items():
        remaining = vault_targets(run_playbook.state, host)
        assert not set(expected) & set(remaining), host
    assert vault_targets(run_playbook.state, "foreign_credentials") == sorted([
        "WindowsLive:target=virtualapp/didlogical", "MicrosoftAccount:target=SSO_POP_Device",
        "MicrosoftAccount:user=nora.personal@outlook.com", "git:https://github.com",
        "LegacyGeneric:target=git:https://dev.azure.com/contoso", "TERMSRV/jump01.contoso.net",
        "Domain:target=vpn.contoso.net", "nora@contoso.com backup share", "vs*wildcard?target",
        "Ünïcödé-Zugang:Outlook-Prüfung", "LegacyGeneric:target=" + "x" * 300])
    run_playbook(PURGE, "-e", "dump_dir=%s" % second, "--limit", HOSTS)
    for host, result in results(second).items():
        assert result["changed"] is False, host
    # each apply used one session task per user, and none is left behind
    for host in EXPECTED:
        runtime = run_playbook.state(host).get("runtime", {})
        assert runtime.get("scheduled_tasks") == [] and runtime.get("temp_dirs") == []


def test_users_not_logged_on_are_skipped_with_the_reason(run_playbook, tmp_path):
    run_playbook(PURGE, "-e", "dump_dir=%s purge_user=all" % tmp_path, "--limit", "shared_pc,logged_off")
    shared = results(tmp_path)["shared_pc"]
    assert [(u["user"], u["status"]) for u in shared["users"]] == [
        ("FABRIKAM\\anna", "changed"), ("FABRIKAM\\tom", "skipped"), ("FABRIKAM\\lee", "skipped")]
    assert "FABRIKAM\\tom is not logged on" in shared["users"][1]["reason"]
    logged_off = results(tmp_path)["logged_off"]
    assert logged_off["skipped"] is True and logged_off["users"][0]["outcome"].startswith("skipped: WS-0871\\raj is not logged on")


def test_become_reaches_a_logged_off_user(run_playbook, tmp_path):
    run_playbook(PURGE, "-e", "dump_dir=%s purge_user=WS-0871\\\\raj purge_session=become" % tmp_path,
                 "--limit", "logged_off", "--become", "--become-user", "WS-0871\\raj", "-e", "ansible_become_method=runas")
    result = results(tmp_path)["logged_off"]
    assert purged_targets(result) == ["MicrosoftOffice16_Data:SSPI:raj@contoso.com"]
    assert vault_targets(run_playbook.state, "logged_off") == []


def test_no_secret_reaches_output_log_or_diff(run_playbook, tmp_path):
    log = tmp_path / "ansible.log"
    os.environ["ANSIBLE_LOG_PATH"] = str(log)
    try:
        done = run_playbook(PURGE, "-e", "dump_dir=%s" % tmp_path, "--limit", HOSTS, "--diff", "-vvv")
    finally:
        del os.environ["ANSIBLE_LOG_PATH"]
    assert "MicrosoftOffice16_Data" in done.stdout  # the output is really there
    for text in (done.stdout, done.stderr, log.read_text()) + tuple(p.read_text() for p in tmp_path.glob("*.json")):
        assert "<lab-secret" not in text
