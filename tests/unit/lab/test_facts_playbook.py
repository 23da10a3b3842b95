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
    assert no_office["office"] == {"installed": False, "click_to_run": {"installed": False}}
    assert no_office["outlook"]["running"] is False
    # one probe per host, counted by the twin
    assert run_playbook.state("healthy")["counters"]["wrapper_calls"] == 1


def test_main_playbook_runs_in_check_mode(run_playbook):
    done = run_playbook(ROOT / "playbooks" / "remediate_657rx.yml", check=True)
    assert "failed=0" in done.stdout and "unreachable=0" in done.stdout


def test_production_inventory_cannot_reach_the_twin(run_playbook, tmp_path):
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        "all:\n  hosts:\n    pc1:\n      ansible_connection: winrm\n      ansible_host: 127.0.0.1\n      ansible_port: 1\n"
        "      officeops_lab_scenario: healthy\n")
    done = run_playbook(DUMP, "-e", "dump_dir=%s" % tmp_path, inventory=inventory, expect_rc=2)
    assert "lab scenarios run only with connection 'local'" in done.stdout
    assert not (run_playbook.state_dir / "pc1.json").exists()
