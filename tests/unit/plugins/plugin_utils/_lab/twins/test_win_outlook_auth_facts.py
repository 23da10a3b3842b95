import json
import pathlib

from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract.wrappers import check_probe
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import office, registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.twins import win_outlook_auth_facts as twin

SCENARIOS = pathlib.Path(__file__).resolve().parents[5] / "lab" / "scenarios"


def load(name):
    return json.loads((SCENARIOS / (name + ".json")).read_text(encoding="utf-8"))


def test_every_scenario_keeps_the_contract():
    for path in sorted(SCENARIOS.glob("*.json")):
        result = twin.run(json.loads(path.read_text(encoding="utf-8")), {"_phase": "probe"}, True, {"running_as_sid": None})
        assert check_probe("win_outlook_auth_facts", result) == [], path.name
        assert result["changed"] is False


def test_values_are_read_as_the_wrapper_reads_them():
    state = load("healthy")
    key = office.CLICK_TO_RUN_KEY
    registry.set_value(state["hklm"], key, "ProductReleaseIds", "REG_MULTI_SZ", ["O365ProPlusRetail", "VisioProRetail"])
    registry.set_value(state["hklm"], key, "ClientCulture", "REG_DWORD", 1033)
    registry.delete_value(state["hklm"], key, "Platform")
    probe = twin.run(state, {"_phase": "probe"}, False, {"running_as_sid": None})["probe"]["click_to_run"]
    assert probe["product_release_ids"] == "O365ProPlusRetail,VisioProRetail"
    assert probe["client_culture"] is None
    assert probe["platform"] is None


def test_processes_are_sorted_by_pid_with_owner_names():
    state = load("shared_pc")
    sid = state["users"][1]["sid"]
    state["processes"].append({"name": "outlook.exe", "pid": 100, "session_id": 4, "user_sid": sid})
    state["processes"].append({"name": "OUTLOOK.EXE", "pid": 200, "session_id": 5, "user_sid": "S-1-5-21-0-0-0-9999"})
    processes = twin.run(state, {"_phase": "probe"}, False, {"running_as_sid": None})["probe"]["outlook_processes"]
    assert [p["pid"] for p in processes] == [100, 200, 8812]
    assert processes[0]["user_name"] == "FABRIKAM\\tom" and processes[1]["user_name"] is None


def test_office_2013_msi_has_no_click_to_run():
    assert twin.run(load("office2013"), {"_phase": "probe"}, False, {"running_as_sid": None})["probe"]["click_to_run"] is None
