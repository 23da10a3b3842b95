import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
DUMP = ROOT / "tests" / "unit" / "lab" / "files" / "dump_facts.yml"


def test_facts_from_the_lab(run_playbook, tmp_path):
    run_playbook(DUMP, "-e", "dump_dir=%s" % tmp_path, "--limit", "healthy,no_office")
    healthy = json.loads((tmp_path / "healthy.json").read_text())
    assert healthy["office"]["click_to_run"]["channel"]["name"] == "Current"
    assert healthy["office"]["click_to_run"]["version_info"]["build"] == 17928
    assert healthy["outlook"] == {"running": True, "processes": [
        {"pid": 4242, "session_id": 1, "user_name": "WS-HEALTHY\\alice"}]}
    no_office = json.loads((tmp_path / "no_office.json").read_text())
    assert no_office["office"] == {"installed": False, "versions": [], "msi": {"15.0": False, "16.0": False},
                                   "click_to_run": {"installed": False}}
    assert no_office["outlook"]["running"] is False
    # one probe per host, counted by the twin
    assert run_playbook.state("healthy")["counters"]["wrapper_calls"] == 1


def test_main_playbook_runs_in_check_mode(run_playbook, tmp_path):
    done = run_playbook(ROOT / "playbooks" / "remediate_657rx.yml", "-e", "audit_report_dest=%s" % tmp_path, check=True)
    assert "failed=0" in done.stdout and "unreachable=0" in done.stdout
    assert (tmp_path / "outlook-auth-report.html").exists()


def test_production_inventory_cannot_reach_the_twin(run_playbook, tmp_path):
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        "all:\n  hosts:\n    pc1:\n      ansible_connection: winrm\n      ansible_host: 127.0.0.1\n      ansible_port: 1\n"
        "      officeops_lab_scenario: healthy\n")
    done = run_playbook(DUMP, "-e", "dump_dir=%s" % tmp_path, inventory=inventory, expect_rc=2)
    assert "lab scenarios run only with connection 'local'" in done.stdout
    assert not (run_playbook.state_dir / "pc1.json").exists()


DUMP_FOR_USER = ROOT / "tests" / "unit" / "lab" / "files" / "dump_facts_for_user.yml"


def test_user_all_on_a_shared_pc_lists_every_real_profile(run_playbook, tmp_path):
    run_playbook(DUMP_FOR_USER, "-e", "dump_dir=%s target_user=all" % tmp_path, "--limit", "shared_pc,logged_off")
    shared = json.loads((tmp_path / "shared_pc.json").read_text())
    assert [(u["name"], u["logged_on"], u["console"]) for u in shared["users"]] == [
        ("FABRIKAM\\anna", True, True), ("FABRIKAM\\tom", False, False), ("FABRIKAM\\lee", False, False)]
    assert shared["users_problem"] is None
    assert "upn" not in shared["users"][0]


def test_interactive_with_nobody_at_the_console_says_why(run_playbook, tmp_path):
    run_playbook(DUMP_FOR_USER, "-e", "dump_dir=%s target_user=interactive" % tmp_path, "--limit", "logged_off")
    facts = json.loads((tmp_path / "logged_off.json").read_text())
    assert facts["users"] == [] and facts["users_problem"] == "no user is logged on at the console"


def test_bad_user_value_fails_before_touching_the_host(run_playbook, tmp_path):
    done = run_playbook(DUMP_FOR_USER, "-e", "dump_dir=%s target_user=A\\\\B\\\\C" % tmp_path, "--limit", "healthy",
                        expect_rc=2)
    assert "is not a valid target user" in done.stdout and "DOMAIN\\\\name" in done.stdout
    assert not (run_playbook.state_dir / "healthy.json").exists()


def test_a_session_folder_left_behind_is_in_the_facts_and_warned(run_playbook, tmp_path):
    scenario = json.loads((ROOT / "tests" / "lab" / "scenarios" / "healthy.json").read_text(encoding="utf-8"))
    scenario["faults"] = {"session_cleanup_fails": [scenario["users"][0]["sid"]]}
    run_playbook.state_dir.mkdir(parents=True)
    (run_playbook.state_dir / "healthy.json").write_text(json.dumps(scenario))
    done = run_playbook(DUMP, "-e", "dump_dir=%s" % tmp_path, "--limit", "healthy")
    user = json.loads((tmp_path / "healthy.json").read_text())["users"][0]
    left = run_playbook.state("healthy")["runtime"]["temp_dirs"]
    # the vault's task and the WAM task each leave their folder, and each is named
    assert user["credentials"]["reachable"] is True and len(left) == 2
    assert user["credentials"]["cleanup_error"].startswith("could not remove %s:" % left[0])
    assert user["wam"]["cleanup_error"].startswith("could not remove %s:" % left[1])
    output = " ".join((done.stdout + done.stderr).split())
    assert all("could not remove %s" % folder in output for folder in left)


def test_facts_say_nothing_of_cleanup_when_the_session_folder_goes(run_playbook, tmp_path):
    run_playbook(DUMP, "-e", "dump_dir=%s" % tmp_path, "--limit", "healthy")
    user = json.loads((tmp_path / "healthy.json").read_text())["users"][0]
    assert user["credentials"]["cleanup_error"] is None and user["wam"]["cleanup_error"] is None
    assert run_playbook.state("healthy")["runtime"]["temp_dirs"] == []
