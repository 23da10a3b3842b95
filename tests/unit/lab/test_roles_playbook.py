"""The remediation roles and playbooks (issue 12) on the lab.

Each role is driven by findings fed per host (files/steps.yml +
files/action_plugins/inject_findings.py), so a role's tests do not depend on the audit; the
end-to-end tests run the real playbooks, audit included.
"""

import json
import os
import pathlib
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
STEPS = ROOT / "tests" / "unit" / "lab" / "files" / "steps.yml"
SCENARIOS = sorted(path.stem for path in (ROOT / "tests" / "lab" / "scenarios").glob("*.json"))
BIN = pathlib.Path(sys.executable).parent


NORTHWIND_TENANT = next(account["tenant_id"] for account in json.loads(
    (ROOT / "tests" / "lab" / "scenarios" / "godaddy_657rx.json").read_text())["users"][0]["wam_accounts"]
    if account["user_name"].endswith("@northwind-traders.com"))


def finding(finding_id, role, user=None):
    return {"id": finding_id, "role": role, "user": user, "severity": "high", "step": 0, "title": finding_id,
            "evidence": ["fed by the test"]}


def run_steps(run_playbook, tmp_path, label, host, findings, roles=None, extra=None, check=False):
    out = tmp_path / label
    out.mkdir()
    variables = {"dump_dir": str(out), "lab_findings": {host: findings}}
    if roles:
        variables["lab_roles"] = roles
    variables.update(extra or {})
    done = run_playbook(STEPS, "-e", json.dumps(variables), "--limit", host, check=check)
    return json.loads((out / (host + ".json")).read_text()), done.stdout


def counters(run_playbook, host):
    return run_playbook.state(host)["counters"]


def test_no_finding_runs_no_step_and_calls_nothing(run_playbook, tmp_path):
    results, _stdout = run_steps(run_playbook, tmp_path, "none", "password_loop", [])
    assert set(results) == {"work_school_accounts", "modern_auth", "credential_cache", "outlook_profile",
                            "support_assistant", "office_repair"}
    assert {entry["status"] for entry in results.values()} == {"not_run"}
    state_file = run_playbook.state_dir / "password_loop.json"
    assert not state_file.exists() or not counters(run_playbook, "password_loop").get("wrapper_calls")


def test_findings_run_their_steps_once_and_a_rerun_changes_nothing(run_playbook, tmp_path):
    fed = [finding("credentials_stale_office", "credential_cache"), finding("modern_auth_adal_disabled", "modern_auth")]
    results, _stdout = run_steps(run_playbook, tmp_path, "first", "password_loop", fed)
    assert results["credential_cache"]["status"] == "changed" and results["modern_auth"]["status"] == "changed"
    assert results["outlook_profile"]["status"] == "not_run"
    calls = counters(run_playbook, "password_loop")
    # One probe and one apply per step that changes, no broker reset without a broker finding.
    assert calls["win_credential_purge"] == 2 and calls["win_office_identity"] == 2
    assert "win_aad_broker_reset" not in calls
    vault = [entry["target"] for entry in run_playbook.state("password_loop")["users"][0]["vault"]]
    assert vault == ["TERMSRV/rds01.corp.fabrikam.com"]
    again, _stdout = run_steps(run_playbook, tmp_path, "again", "password_loop", fed)
    assert again["credential_cache"]["status"] == "ok" and again["modern_auth"]["status"] == "ok"


def test_check_mode_reports_changes_and_changes_nothing(run_playbook, tmp_path):
    fed = [finding("credentials_stale_office", "credential_cache")]
    results, _stdout = run_steps(run_playbook, tmp_path, "check", "password_loop", fed, roles=["credential_cache"], check=True)
    assert results["credential_cache"]["status"] == "changed"
    assert len(run_playbook.state("password_loop")["users"][0]["vault"]) == 4


def test_broker_reset_only_for_broker_findings(run_playbook, tmp_path):
    fed = [finding("broker_token_error", "credential_cache", "BLOOMFIELD-PC\\maria")]
    results, _stdout = run_steps(run_playbook, tmp_path, "broker", "godaddy_657rx", fed, roles=["credential_cache"])
    assert results["credential_cache"]["status"] == "changed" and "broker:" in results["credential_cache"]["msg"]
    assert counters(run_playbook, "godaddy_657rx")["win_aad_broker_reset"] == 2


def test_tenant_finding_gives_guidance_and_changes_nothing(run_playbook, tmp_path):
    fed = [finding("tenant_godaddy_federation", "modern_auth")]
    results, stdout = run_steps(run_playbook, tmp_path, "tenant", "godaddy_657rx", fed, roles=["modern_auth"])
    assert results["modern_auth"]["status"] == "skipped" and "tenant" in results["modern_auth"]["msg"]
    assert "defederate the domain from GoDaddy" in stdout
    assert not (run_playbook.state_dir / "godaddy_657rx.json").exists()  # no module ever touched the host


def test_work_school_step_disconnects_what_the_findings_or_the_operator_name(run_playbook, tmp_path):
    fed = [finding("work_school_stale_account", "work_school_accounts", "BLOOMFIELD-PC\\maria")]
    skipped, _stdout = run_steps(run_playbook, tmp_path, "unset", "godaddy_657rx", fed, roles=["work_school_accounts"])
    assert skipped["work_school_accounts"]["status"] == "skipped"
    assert "work_school_accounts_match" in skipped["work_school_accounts"]["msg"]
    # cleanup_all off (the lab inventory turns it on): only the matched WAM account goes.
    match = {"work_school_accounts_match": {"all_except": "maria@bloomfield-florist.com"}, "work_school_accounts_cleanup_all": False}
    done, _stdout = run_steps(run_playbook, tmp_path, "set", "godaddy_657rx", fed, roles=["work_school_accounts"], extra=match)
    assert done["work_school_accounts"]["status"] == "changed"
    wam = [entry["user_name"] for entry in run_playbook.state("godaddy_657rx")["users"][0]["wam_accounts"]]
    assert wam == ["maria@bloomfield-florist.com"]


def test_work_school_step_takes_the_stale_tenant_from_the_finding(run_playbook, tmp_path):
    stale = dict(finding("work_school_stale_account", "work_school_accounts", "BLOOMFIELD-PC\\maria"),
                 data={"addresses": ["maria.lopez@northwind-traders.com"], "tenant_ids": [NORTHWIND_TENANT]})
    done, _stdout = run_steps(run_playbook, tmp_path, "derived", "godaddy_657rx", [stale], roles=["work_school_accounts"],
                              extra={"work_school_accounts_cleanup_all": False})
    assert done["work_school_accounts"]["status"] == "changed"
    wam = [entry["user_name"] for entry in run_playbook.state("godaddy_657rx")["users"][0]["wam_accounts"]]
    assert wam == ["maria@bloomfield-florist.com"]


def test_opt_in_steps_are_skipped_with_a_message(run_playbook, tmp_path):
    fed = [finding("office_unsupported", "office_repair")]
    results, _stdout = run_steps(run_playbook, tmp_path, "optin", "wam_disabled", fed,
                                 roles=["support_assistant", "office_repair"], extra={"support_assistant_force": True})
    assert results["office_repair"]["status"] == "skipped" and "office_repair_enabled" in results["office_repair"]["msg"]
    assert results["support_assistant"] == {"status": "skipped", "msg": "support_assistant_source is not set"}
    assert not (run_playbook.state_dir / "wam_disabled.json").exists()


def test_a_failing_step_is_recorded_and_fails_the_host(run_playbook, tmp_path):
    out = tmp_path / "failed"
    out.mkdir()
    variables = {"dump_dir": str(out), "lab_roles": ["outlook_profile"], "outlook_profile_outlook_running": "fail",
                 "lab_findings": {"corrupt_profile": [finding("profile_default_corrupt", "outlook_profile")]}}
    # Outlook runs in the user's session on godaddy_657rx; outlook_running=fail refuses.
    variables["lab_findings"] = {"godaddy_657rx": [finding("profile_default_corrupt", "outlook_profile")]}
    done = run_playbook(STEPS, "-e", json.dumps(variables), "--limit", "godaddy_657rx", expect_rc=2)
    assert "Step 4 (outlook_profile) failed" in done.stdout


def test_role_variables_are_validated(run_playbook, tmp_path):
    done = run_playbook(STEPS, "-e", json.dumps({"dump_dir": str(tmp_path), "lab_roles": ["office_repair"],
                                                 "office_repair_type": "reinstall-everything"}),
                        "--limit", "healthy", expect_rc=2)
    assert "office_repair_type" in done.stdout and "reinstall-everything" in done.stdout


def state_files(state_dir):
    """Each host's state file, as bytes: what Windows would hold. The lab counts calls in a
    separate file (``<host>.counters.json``) so a run that only reads leaves these untouched."""
    return dict((path.name, path.read_bytes()) for path in sorted(state_dir.glob("*.json"))
                if not path.name.endswith(".counters.json"))


def test_audit_playbook_changes_no_host_even_without_check(run_playbook, tmp_path):
    options = "audit_realm_lookup=false audit_report_dest=%s" % (tmp_path / "report")
    run_playbook(ROOT / "playbooks" / "audit.yml", "-e", options, check=True)  # makes the working copies
    before = state_files(run_playbook.state_dir)
    calls = dict((name, counters(run_playbook, name)["wrapper_calls"]) for name in SCENARIOS)
    assert len(before) == len(SCENARIOS)
    run_playbook(ROOT / "playbooks" / "audit.yml", "-e", options)  # no --check
    assert state_files(run_playbook.state_dir) == before
    for name in SCENARIOS:
        # and it did reach every host: one more facts probe each
        assert counters(run_playbook, name)["wrapper_calls"] == calls[name] + 1, name


def test_remediate_657rx_heals_the_lab_and_a_second_run_changes_nothing(run_playbook, tmp_path):
    converge = yaml.safe_load((ROOT / "extensions" / "molecule" / "default" / "converge.yml").read_text())
    lab_vars = dict(converge[0]["vars"], audit_report_dest=str(tmp_path / "report"))
    extra = ["-e", json.dumps(lab_vars)]
    run_playbook(ROOT / "playbooks" / "remediate_657rx.yml", *extra)
    second = run_playbook(ROOT / "playbooks" / "remediate_657rx.yml", *extra)
    for line in second.stdout.splitlines():
        if " : ok=" in line:
            assert " changed=0 " in line, line
    report = json.loads((tmp_path / "report" / "outlook-auth-report.json").read_text())
    # The second run's audit: every scenario is healthy but for the documented skips (no Office,
    # Office 2013 needs the opt-in reinstall, logged-off users' vault and session are out of reach).
    left = dict((name, set()) for name in SCENARIOS)
    for found in report["findings"]:
        left[found["host"]].add((found["id"], found["user"]))
    assert left == dict(dict((name, set()) for name in SCENARIOS), **{
        "no_office": {("office_missing", None)},
        "office2013": {("office_unsupported", None)},
        "logged_off": {("user_unreachable", "WS-0871\\raj")},
        "shared_pc": {("user_unreachable", "FABRIKAM\\lee"), ("user_unreachable", "FABRIKAM\\tom"),
                      ("work_school_stale_account", "FABRIKAM\\tom")},
    })
    for host in report["hosts"]:
        for role, step in host["steps"].items():
            # After the first run, the second audit finds nothing a step of ours must fix,
            # except what is documented as out of reach (tenant side, opt-in repair).
            assert step.get("result") in (None, "not_run", "skipped"), (host["name"], role, step)


def test_collection_playbooks_run_by_fqcn_from_the_installed_collection(tmp_path):
    env = dict(os.environ, ANSIBLE_NOCOLOR="1")
    build = subprocess.run([str(BIN / "ansible-galaxy"), "collection", "build", "--force", "--output-path", str(tmp_path / "dist"),
                            str(ROOT)], capture_output=True, text=True, check=False, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    tarball = next((tmp_path / "dist").glob("officeops-outlook_auth-*.tar.gz"))
    install = subprocess.run([str(BIN / "ansible-galaxy"), "collection", "install", "--offline", "--force", "-p",
                              str(tmp_path / "collections"), str(tarball)], capture_output=True, text=True, check=False, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    env.update(ANSIBLE_COLLECTIONS_PATH=str(tmp_path / "collections"), ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"))
    work = tmp_path / "elsewhere"  # not the checkout: only the installed copy can answer
    work.mkdir()
    for name in ("remediate_657rx", "remediate_password_prompt", "audit"):
        done = subprocess.run([str(BIN / "ansible-playbook"), "--syntax-check", "-i", str(ROOT / "tests" / "lab" / "inventory.yml"),
                               "officeops.outlook_auth.%s" % name], cwd=str(work), capture_output=True, text=True, check=False, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert str(tmp_path / "collections") in done.stdout or "playbook:" in done.stdout
