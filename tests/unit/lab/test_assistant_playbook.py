"""win_support_assistant end to end on the lab, with scripted GetHelpCmd.exe outcomes."""

import copy
import datetime
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK = ROOT / "tests" / "unit" / "lab" / "files" / "assistant.yml"
SCENARIO = json.loads((ROOT / "tests" / "lab" / "scenarios" / "godaddy_657rx.json").read_text(encoding="utf-8"))
RECENT = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")


def seed(run_playbook, outcomes=None, faults=None, created=RECENT, present=True, writable_by_others=()):
    doc = copy.deepcopy(SCENARIO)
    if present:
        outcomes = dict({"sha256": "ab" * 32, "created": created, "writable_by_others": list(writable_by_others)},
                        **(outcomes or {}))
        doc["tools"]["GetHelpCmd.exe"] = {"path": "C:\\Tools\\GetHelpCmd\\GetHelpCmd.exe", "outcomes": outcomes}
    doc["faults"] = faults or {}
    path = run_playbook.state_dir / "godaddy_657rx.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))


def run(run_playbook, tmp_path, label, extra="", check=False):
    out = tmp_path / label
    out.mkdir()
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s %s" % (out, extra), "--limit", "godaddy_657rx", check=check)
    return json.loads((out / "godaddy_657rx.json").read_text())


def test_outlook_scan_runs_in_the_users_session(run_playbook, tmp_path):
    seed(run_playbook, {"ExpertExperienceAdminTask": {"exit_code": 1, "output": "Scan complete"}})
    planned = run(run_playbook, tmp_path, "check", check=True)
    assert planned["changed"] is True and planned["exit_code"] is None and "-S ExpertExperienceAdminTask" in planned["command"]
    done = run(run_playbook, tmp_path, "run")
    assert done["status"] == "success" and done["user"] == "BLOOMFIELD-PC\\maria"
    assert done["log_folder"].startswith("C:\\Users\\maria\\AppData\\Local\\officeops")
    runtime = run_playbook.state("godaddy_657rx")["runtime"]
    assert runtime["scheduled_tasks"] == [] and runtime["temp_dirs"] == []


def test_documented_failure_code_and_unknown_code(run_playbook, tmp_path):
    seed(run_playbook, {"ResetOfficeActivation": {"exit_code": 72, "output": ""}})
    failed = run(run_playbook, tmp_path, "72", "sa_scenario=ResetOfficeActivation")
    assert failed["failed"] is True and failed["status"] == "failed" and "not run elevated" in failed["meaning"]
    seed(run_playbook, {"ResetOfficeActivation": {"exit_code": 3, "output": ""}})
    unknown = run(run_playbook, tmp_path, "3", "sa_scenario=ResetOfficeActivation")
    assert unknown["status"] == "unknown"


def test_old_copy_warns_and_the_tools_own_answer_decides(run_playbook, tmp_path):
    seed(run_playbook, {"ExpertExperienceAdminTask": {"exit_code": 1, "output": "Scan complete"}},
         created="2026-01-01T00:00:00Z")
    old = run(run_playbook, tmp_path, "old")
    assert old["status"] == "success" and any("builds stop working 90 days" in w for w in old["warnings"])
    seed(run_playbook, {"ExpertExperienceAdminTask": {"exit_code": 9, "output": "This build has expired."}})
    reported = run(run_playbook, tmp_path, "reported")
    assert reported["failed"] is True and reported["status"] == "expired"


def test_elevated_scenario_refuses_a_tool_others_can_write(run_playbook, tmp_path):
    seed(run_playbook, {"ResetOfficeActivation": {"exit_code": 80, "output": ""}}, writable_by_others=["BUILTIN\\Users"])
    refused = run(run_playbook, tmp_path, "writable", "sa_scenario=ResetOfficeActivation")
    assert refused["failed"] is True and "BUILTIN\\Users" in refused["msg"]
    seed(run_playbook, {"ResetOfficeActivation": {"exit_code": 80, "output": ""}})
    done = run(run_playbook, tmp_path, "reset", "sa_scenario=ResetOfficeActivation")
    assert done["status"] == "success" and done["command"].endswith("-CloseOffice") and done["log_folder"] is None


def test_hanging_and_missing_tool(run_playbook, tmp_path):
    seed(run_playbook, {"ResetOfficeActivation": {"exit_code": 80, "output": ""}}, faults={"hanging_tools": ["GetHelpCmd.exe"]})
    hung = run(run_playbook, tmp_path, "hang", "sa_scenario=ResetOfficeActivation")
    assert hung["failed"] is True and "did not finish within 300 seconds" in hung["msg"]
    seed(run_playbook, present=False)
    missing = run(run_playbook, tmp_path, "missing")
    assert missing["failed"] is True and "was not found on the target" in missing["msg"]


def test_scrub_needs_an_explicit_yes(run_playbook, tmp_path):
    seed(run_playbook)
    refused = run(run_playbook, tmp_path, "scrub", "sa_scenario=OfficeScrubScenario")
    assert refused["failed"] is True and "uninstalls Office" in refused["msg"]
    assert not (run_playbook.state_dir / "godaddy_657rx.json").read_text().count('"wrapper_calls"')
