"""Run every integration target against every lab host, as a real Windows host would."""

import pathlib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
TARGETS = sorted(p for p in (ROOT / "tests" / "integration" / "targets").iterdir() if (p / "tasks" / "main.yml").exists())
LAB_HOSTS = sorted(yaml.safe_load((ROOT / "tests" / "lab" / "inventory.yml").read_text())["all"]["children"]["outlook_lab"]["hosts"])


def test_there_are_targets_and_hosts():
    assert TARGETS and LAB_HOSTS


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_target_passes_on_the_lab(target, run_playbook, tmp_path):
    playbook = tmp_path / "run_target.yml"
    playbook.write_text(yaml.safe_dump([{
        "name": "Integration target %s" % target.name,
        "hosts": ",".join(LAB_HOSTS),
        "gather_facts": False,
        "roles": [{"role": str(target)}],
    }]))
    done = run_playbook(playbook)
    for host in LAB_HOSTS:
        assert "%s " % host in done.stdout
    assert "failed=0" in done.stdout
