"""benchmarks/: the stock-module twin the naive baseline runs on, and the benchmark script on a
one-host fleet (only that it runs and prints its figures; the figures themselves are not
asserted, they are what the script is for)."""

import copy
import importlib.util
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.registry import value_data

ROOT = pathlib.Path(__file__).resolve().parents[3]
SCENARIOS = ROOT / "tests" / "lab" / "scenarios"
IDENTITY = "Software\\Microsoft\\Office\\16.0\\Common\\Identity"
BROKER = "AppData\\Local\\Packages\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy"


@pytest.fixture(scope="module")
def twin():
    spec = importlib.util.spec_from_file_location("officeops_bench_stock_twin", ROOT / "benchmarks" / "stock_twin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scenario(name):
    return json.loads((SCENARIOS / (name + ".json")).read_text())


def test_registry_write_changes_the_users_hive_once(twin):
    state = scenario("office2013")
    args = {"op": "reg_set", "hive": "HKCU", "path": IDENTITY, "name": "EnableADAL", "type": "REG_DWORD", "data": "1"}
    assert twin.run(state, args, False, {}) == {"changed": True}
    assert value_data(state["users"][0]["hive"], IDENTITY, "EnableADAL") == 1
    assert twin.run(state, args, False, {}) == {"changed": False}
    read = twin.run(state, dict(args, op="reg_stat"), False, {})
    assert read["exists"] and read["value"] == 1 and not read["changed"]


def test_check_mode_writes_nothing(twin):
    state = scenario("godaddy_657rx")
    before = copy.deepcopy(state)
    assert twin.run(state, {"op": "path_absent", "path": BROKER}, True, {})["changed"]
    assert twin.run(state, {"op": "reg_set", "hive": "HKCU", "path": IDENTITY, "name": "Version",
                            "type": "REG_DWORD", "data": "1"}, True, {})["changed"]
    state.pop("runtime", None)  # the lab's record of mounted hives, empty again after each call
    assert state == before


def test_credentials_listed_without_secrets_and_deleted_one_by_one(twin):
    state = scenario("godaddy_657rx")
    listed = twin.run(state, {"op": "vault_list", "hive": "HKCU"}, False, {})["credentials"]
    assert listed and not [entry for entry in listed if set(entry) != {"target", "type"}]
    first = listed[0]
    assert twin.run(state, {"op": "vault_delete", "hive": "HKCU", "target": first["target"], "type": first["type"]}, False, {})["changed"]
    assert first["target"] not in [cred["target"] for cred in state["users"][0]["vault"]]
    assert len(state["users"][0]["vault"]) == len(listed) - 1


def test_folder_removal_takes_everything_under_it(twin):
    state = scenario("godaddy_657rx")
    assert twin.run(state, {"op": "path_stat", "hive": "HKCU", "path": BROKER}, False, {})["exists"]
    assert twin.run(state, {"op": "path_absent", "hive": "HKCU", "path": BROKER}, False, {})["changed"]
    assert not [path for path in state["users"][0]["files"] if "BrokerPlugin" in path]
    assert any("CloudExperienceHost" in path for path in state["users"][0]["files"])


def test_unknown_op_fails_and_names_the_choices(twin):
    result = twin.run(scenario("healthy"), {"op": "format_disk"}, False, {})
    assert result["failed"] and "reg_set" in result["msg"] and "'format_disk'" in result["msg"]


def test_script_prints_figures_and_targets_for_a_one_host_fleet():
    env = dict(os.environ)
    env.pop("OFFICEOPS_LAB_STATE_DIR", None)
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "1", "--forks", "1"],
                          cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-3000:]
    rows = dict((cells[0], cells) for cells in (
        [cell.strip() for cell in line.strip("|").split("|")] for line in done.stdout.splitlines() if line.startswith("| ")))
    for name in ("audit", "remediation", "baseline audit", "baseline remediation"):
        assert rows[name][1] == "1" and rows[name][-1] == "0", rows[name]
        assert float(rows[name][2]) > 0 and float(rows[name][4]) > 0 and float(rows[name][5]) > 0
    # The one host is corrupt_profile: the audit probe is its only round trip; the baseline needs many.
    assert rows["audit"][6].startswith("1.00 ")
    assert float(rows["baseline audit"][6].split()[0]) > 5
    assert re.search(r"PASS\s+1 hosts: audit = 1 round trip per host", done.stdout)
    assert re.search(r"(PASS|MISS)\s+1 hosts: remediation needs >= 5x fewer round trips", done.stdout)
    # its profile step changed it: one probe and one apply besides the audit probe, so the
    # strict reading misses and the projection without the step's probe is 2 round trips
    assert rows["remediation"][6].startswith("3.00 ")
    assert re.search(r"MISS\s+1 hosts: remediation = 1 probe \+ 1 apply per step that changes, read strictly.*: 1 host\(s\)",
                     done.stdout)
    assert re.search(r"without the steps' own probes: 2\.00 per host", done.stdout)
    assert "ansible-core" in done.stdout and "ru_maxrss" in done.stdout
