import pathlib
import subprocess
import sys

import yaml

LAB_PY = pathlib.Path(__file__).resolve().parents[2] / "lab" / "lab.py"


def run(*args):
    return subprocess.run([sys.executable, str(LAB_PY)] + list(args), capture_output=True, text=True, check=False)


def test_validate_passes_on_the_shipped_scenarios():
    done = run("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("ok ") == 10


def test_fleet_cycles_through_every_scenario(tmp_path):
    done = run("fleet", "23", str(tmp_path))
    assert done.returncode == 0, done.stderr
    inventory = yaml.safe_load((tmp_path / "inventory.yml").read_text())
    group = inventory["all"]["children"]["outlook_lab"]
    hosts = group["hosts"]
    assert len(hosts) == 23
    scenarios = [h["officeops_lab_scenario"] for h in hosts.values()]
    assert len(set(scenarios)) == 10 and scenarios.count("corrupt_profile") == 3
    assert group["vars"]["officeops_lab_state_dir"] == str(tmp_path / "state")


def test_fleet_rejects_a_bad_count(tmp_path):
    done = run("fleet", "0", str(tmp_path))
    assert done.returncode == 2 and "count must be at least 1" in done.stderr


def test_reset_removes_only_the_working_copies(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "healthy.json").write_text("{}")
    done = run("reset", "--state-dir", str(state))
    assert done.returncode == 0 and not state.exists()
    assert (LAB_PY.parent / "scenarios" / "healthy.json").exists()
