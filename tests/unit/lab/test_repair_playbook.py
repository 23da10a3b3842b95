"""win_office_repair end to end on the lab, with scripted OfficeClickToRun.exe outcomes."""

import copy
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK = ROOT / "tests" / "unit" / "lab" / "files" / "repair.yml"
SCENARIO = json.loads((ROOT / "tests" / "lab" / "scenarios" / "wam_disabled.json").read_text(encoding="utf-8"))


def seed(run_playbook, change):
    doc = copy.deepcopy(SCENARIO)
    change(doc)
    path = run_playbook.state_dir / "wam_disabled.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))


def run(run_playbook, tmp_path, label, extra="", check=False):
    out = tmp_path / label
    out.mkdir()
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s %s" % (out, extra), "--limit", "wam_disabled", check=check)
    return json.loads((out / "wam_disabled.json").read_text())


def test_check_mode_reports_the_command_and_runs_nothing(run_playbook, tmp_path):
    result = run(run_playbook, tmp_path, "check", check=True)
    assert result["changed"] is True and result["exit_code"] is None
    assert result["command"] == "scenario=Repair platform=x64 culture=en-us RepairType=QuickRepair forceappshutdown=False DisplayLevel=False"
    assert run_playbook.state("wam_disabled")["counters"].get("ops") == 1  # the probe only


def test_success_reports_versions_and_once_makes_a_rerun_a_no_op(run_playbook, tmp_path):
    def scripted(doc):
        doc["tools"]["OfficeClickToRun.exe"]["outcomes"]["QuickRepair"] = {"exit_code": 0, "version_after": "16.0.17928.20200"}
    seed(run_playbook, scripted)
    result = run(run_playbook, tmp_path, "first", "repair_once=INC9")
    assert result["changed"] is True and result["exit_code"] == 0
    assert (result["version_before"], result["version_after"]) == ("16.0.17928.20156", "16.0.17928.20200")
    again = run(run_playbook, tmp_path, "again", "repair_once=INC9")
    assert again["changed"] is False and again["msg"].startswith("Office already repaired for INC9")


def test_failure_code_hang_and_missing_tool(run_playbook, tmp_path):
    seed(run_playbook, lambda doc: doc["tools"]["OfficeClickToRun.exe"]["outcomes"].update(QuickRepair={"exit_code": 17002}))
    failed = run(run_playbook, tmp_path, "code", "repair_once=INC10")
    assert failed["failed"] is True and "exited with 17002" in failed["msg"] and failed["exit_code"] == 17002
    assert run(run_playbook, tmp_path, "retry", "repair_once=INC10")["failed"] is True  # no marker after a failure
    seed(run_playbook, lambda doc: doc["faults"].update(hanging_tools=["OfficeClickToRun.exe"]) if "faults" in doc
         else doc.update(faults={"hanging_tools": ["OfficeClickToRun.exe"]}))
    hung = run(run_playbook, tmp_path, "hang")
    assert hung["failed"] is True and hung["changed"] is True and "still running after 120 seconds" in hung["msg"]
    seed(run_playbook, lambda doc: doc["tools"].pop("OfficeClickToRun.exe"))
    missing = run(run_playbook, tmp_path, "missing")
    assert missing["failed"] is True and "OfficeClickToRun.exe was not found" in missing["msg"]


def test_running_office_needs_force(run_playbook, tmp_path):
    seed(run_playbook, lambda doc: doc["processes"].append({"name": "OUTLOOK.EXE", "pid": 77, "session_id": 1,
                                                           "user_sid": doc["users"][0]["sid"]}))
    refused = run(run_playbook, tmp_path, "refused")
    assert refused["failed"] is True and "Office is running (OUTLOOK)" in refused["msg"]
    forced = run(run_playbook, tmp_path, "forced", "repair_force=true")
    assert forced["changed"] is True and "forceappshutdown=True" in forced["command"]
