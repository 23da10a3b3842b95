# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secret-leak proof (issue 13): a sentinel secret planted in every credential of every
vault and in every BrokerPlugin token file of the lab appears in no output of any playbook.

Each playbook runs once in check mode and once applying, over the whole lab (copies of
every scenario with the sentinel planted, through ``officeops_lab_dir``), with ``-vvv``,
``--diff``, ``ANSIBLE_LOG_PATH`` and the fleet report written. The sentinel may then appear
only where the user's own secrets live: a credential's ``secret`` in their vault, and the
``content`` of a file in their profile (a token file moved into a backup in the profile
keeps its content). Anywhere else (stdout, stderr, the log, the reports, any other part of
a lab state, the counters) is a leak.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
BIN = pathlib.Path(sys.executable).parent
SENTINEL = "OFFICEOPS-SENTINEL-7f3a9c2e-do-not-print"
PLAYBOOKS = ("audit", "remediate_657rx", "remediate_password_prompt")
MODES = ("check", "apply")
TOKEN_FOLDER = "\\TokenBroker\\"
# Where the sentinel may stay in a lab state: the user's vault and files in their profile.
ALLOWED_IN_STATE = (re.compile(r"^\$\.users\[\d+\]\.vault\[\d+\]\.secret$"),
                    re.compile(r"^\$\.users\[\d+\]\.files\[[^\]]+\]\.content$"))


def plant(scenario):
    """The scenario with the sentinel as every credential's secret and every token file's
    content; returns ``(scenario, how many were planted)``."""
    planted = 0
    for user in scenario["users"]:
        for credential in user.get("vault", []):
            credential["secret"] = "%s:%s" % (SENTINEL, credential["target"])
            planted += 1
        for path, item in user.get("files", {}).items():
            if item["kind"] == "file" and TOKEN_FOLDER.lower() in path.lower():
                item["content"] = "%s:%s" % (SENTINEL, path)
                planted += 1
    return scenario, planted


def sentinel_paths(value, path="$"):
    """JSON paths in ``value`` (keys included) that hold the sentinel."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if SENTINEL in key:
                found.append("%s{key %s}" % (path, key))
            found.extend(sentinel_paths(item, "%s[%s]" % (path, key) if "\\" in key or " " in key else "%s.%s" % (path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(sentinel_paths(item, "%s[%d]" % (path, index)))
    elif isinstance(value, str) and SENTINEL in value:
        found.append(path)
    return found


def leaks_in_state(text):
    """The places in a lab state file's text where the sentinel is outside the user's own
    vault and profile files."""
    try:
        state = json.loads(text)
    except ValueError:
        return ["(not JSON)"] if SENTINEL in text else []
    return [path for path in sentinel_paths(state) if not any(rule.match(path) for rule in ALLOWED_IN_STATE)]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A lab directory with the sentinel planted in every scenario, and an inventory of it."""
    work = tmp_path_factory.mktemp("secret-leak")
    scenarios = work / "lab" / "scenarios"
    scenarios.mkdir(parents=True)
    planted = {}
    for seed in sorted((ROOT / "tests" / "lab" / "scenarios").glob("*.json")):
        scenario, count = plant(json.loads(seed.read_text(encoding="utf-8")))
        (scenarios / seed.name).write_text(json.dumps(scenario, indent=2), encoding="utf-8")
        planted[seed.stem] = count
    inventory = yaml.safe_load((ROOT / "tests" / "lab" / "inventory.yml").read_text(encoding="utf-8"))
    inventory["all"]["children"]["outlook_lab"]["vars"]["officeops_lab_dir"] = str(work / "lab")
    (work / "inventory.yml").write_text(yaml.safe_dump(inventory), encoding="utf-8")
    return work, planted


@pytest.fixture(scope="module")
def runs(lab):
    """Every playbook in both modes, each on a fresh lab state, two at a time; returns
    (playbook, mode) -> the run's folder (stdout, stderr, log, report/, state/)."""
    work, _planted = lab

    def run(key):
        playbook, mode = key
        folder = work / ("%s-%s" % key)
        folder.mkdir()
        env = dict(os.environ, OFFICEOPS_LAB_STATE_DIR=str(folder / "state"), ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
                   ANSIBLE_LOG_PATH=str(folder / "ansible.log"), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
        command = [str(BIN / "ansible-playbook"), "-i", str(work / "inventory.yml"), str(ROOT / "playbooks" / (playbook + ".yml")),
                   "-vvv", "--diff", "-e", "audit_report_dest=%s" % (folder / "report")]
        if mode == "check":
            command.append("--check")
        done = subprocess.run(command, cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=900, check=False)
        (folder / "stdout").write_text(done.stdout, encoding="utf-8")
        (folder / "stderr").write_text(done.stderr, encoding="utf-8")
        failure = "%s %s exited %d\n%s\n%s" % (playbook, mode, done.returncode, done.stdout[-4000:], done.stderr[-2000:])
        assert done.returncode == 0, failure
        return key, folder

    keys = [(playbook, mode) for playbook in PLAYBOOKS for mode in MODES]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, keys))


def test_planting_reaches_every_scenario(lab):
    _work, planted = lab
    assert planted and all(count > 0 for count in planted.values()), planted


def test_leak_finder_sees_a_leak_outside_the_profile():
    state, _count = plant({"users": [{"vault": [{"target": "t", "secret": ""}], "files": {}}]})
    assert leaks_in_state(json.dumps(state)) == []
    state["runtime"] = {"temp_dirs": [{"content": state["users"][0]["vault"][0]["secret"]}]}
    state["users"][0]["hive"] = {"values": {"x": {"data": SENTINEL}}}
    assert sorted(leaks_in_state(json.dumps(state))) == ["$.runtime.temp_dirs[0].content", "$.users[0].hive.values.x.data"]


@pytest.mark.parametrize("playbook", PLAYBOOKS)
@pytest.mark.parametrize("mode", MODES)
def test_sentinel_in_no_output_log_or_report(runs, playbook, mode):
    folder = runs[(playbook, mode)]
    outputs = [folder / "stdout", folder / "stderr", folder / "ansible.log"]
    assert (folder / "ansible.log").stat().st_size > 0
    # Every playbook ends with the audit role's fleet report (audit_report_dest).
    reports = sorted((folder / "report").glob("*"))
    assert reports, "no fleet report was written"
    for path in outputs + reports:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert SENTINEL not in text, "%s leaks the sentinel: ...%s..." % (path.name, text[max(0, text.find(SENTINEL) - 300):
                                                                                          text.find(SENTINEL) + 100])


@pytest.mark.parametrize("playbook", PLAYBOOKS)
@pytest.mark.parametrize("mode", MODES)
def test_sentinel_stays_in_the_users_vault_and_profile(runs, playbook, mode):
    folder = runs[(playbook, mode)]
    states = sorted((folder / "state").iterdir())
    assert any(path.name.endswith(".json") and not path.name.endswith(".counters.json") for path in states)
    kept = 0
    for path in states:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert leaks_in_state(text) == [], "%s: the sentinel left the user's vault and profile" % path.name
        kept += text.count(SENTINEL)
    # The state read back is the planted one: the proof is not vacuous.
    assert kept > 0
