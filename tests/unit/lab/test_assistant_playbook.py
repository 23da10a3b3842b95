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


# Fetching the tool: an https URL the target downloads, a file from the controller, a zip on
# the target; each lands in the cache named after its SHA-256 and is not fetched again.
URL = "https://download.example.com/GetHelpCmd.zip"
ZIP_SHA = "5a" * 32
CACHE = "C:\\ProgramData\\officeops\\outlook_auth\\GetHelpCmd\\"


def run_json(run_playbook, tmp_path, label, variables, check=False):
    out = tmp_path / label
    out.mkdir()
    run_playbook(PLAYBOOK, "-e", json.dumps(dict(variables, dump_dir=str(out))), "--limit", "godaddy_657rx", check=check)
    return json.loads((out / "godaddy_657rx.json").read_text())


def seed_download(run_playbook, served, extra_tools=None):
    seed(run_playbook, {"ResetOfficeActivation": {"exit_code": 80, "output": ""}, "downloads": {URL: served}})
    path = run_playbook.state_dir / "godaddy_657rx.json"
    doc = json.loads(path.read_text())
    # The tool exists only at the URL: nothing on the target's disk yet.
    doc["tools"]["GetHelpCmd.exe"]["path"] = "C:\\Nowhere\\GetHelpCmd.exe"
    doc["tools"].update(extra_tools or {})
    path.write_text(json.dumps(doc))


def fetches(run_playbook):
    return [tool for key, tool in run_playbook.state("godaddy_657rx")["tools"].items() if key.startswith("cache:")]


def test_url_check_mode_downloads_nothing_then_downloads_once(run_playbook, tmp_path):
    seed_download(run_playbook, {"sha256": ZIP_SHA, "archive": True})
    wanted = {"sa_source": URL, "sa_checksum": ZIP_SHA.upper(), "sa_scenario": "ResetOfficeActivation"}
    planned = run_json(run_playbook, tmp_path, "check", wanted, check=True)
    assert planned["changed"] is True and planned["exit_code"] is None
    assert planned["fetch"].startswith("download %s (SHA-256 %s) into %s%s" % (URL, ZIP_SHA, CACHE, ZIP_SHA))
    assert not (run_playbook.state_dir / "godaddy_657rx.json").read_text().count('"cache:')
    done = run_json(run_playbook, tmp_path, "apply", wanted)
    assert done["status"] == "success" and done["fetch"].startswith("download ")
    assert [tool["path"] for tool in fetches(run_playbook)] == [CACHE + ZIP_SHA + "\\GetHelpCmd.exe"]
    calls = run_playbook.state("godaddy_657rx")["counters"]["win_support_assistant"]
    again = run_json(run_playbook, tmp_path, "again", wanted)
    assert again["status"] == "success" and "fetch" not in again
    # The rerun: one probe and one run, no download call.
    assert run_playbook.state("godaddy_657rx")["counters"]["win_support_assistant"] == calls + 2


def test_a_signed_url_is_downloaded_and_its_signature_shown_nowhere(run_playbook, tmp_path):
    signed = URL + "?sv=2026-01-01&sig=SIGNATURE-SENTINEL"
    seed(run_playbook, {"ResetOfficeActivation": {"exit_code": 80, "output": ""},
                        "downloads": {signed: {"sha256": ZIP_SHA, "archive": True}}})
    path = run_playbook.state_dir / "godaddy_657rx.json"
    doc = json.loads(path.read_text())
    doc["tools"]["GetHelpCmd.exe"]["path"] = "C:\\Nowhere\\GetHelpCmd.exe"
    path.write_text(json.dumps(doc))
    out = tmp_path / "signed"
    out.mkdir()
    wanted = {"sa_source": signed, "sa_checksum": ZIP_SHA, "sa_scenario": "ResetOfficeActivation", "dump_dir": str(out)}
    # the lab serves only the whole URL: a download asked for without the query would fail
    done = run_playbook(PLAYBOOK, "-vvv", "-e", json.dumps(wanted), "--limit", "godaddy_657rx")
    result = json.loads((out / "godaddy_657rx.json").read_text())
    assert result["status"] == "success" and result["fetch"].startswith("download %s?... (SHA-256" % URL)
    assert [tool["path"] for tool in fetches(run_playbook)] == [CACHE + ZIP_SHA + "\\GetHelpCmd.exe"]
    assert "SIGNATURE-SENTINEL" not in done.stdout + done.stderr + json.dumps(result)


def test_url_checksum_mismatch_and_unreachable(run_playbook, tmp_path):
    seed_download(run_playbook, {"sha256": "77" * 32, "archive": True})
    wrong = run_json(run_playbook, tmp_path, "wrong", {"sa_source": URL, "sa_checksum": ZIP_SHA, "sa_scenario": "ResetOfficeActivation"})
    assert wrong["failed"] is True and wrong["msg"].startswith("checksum: the download of %s" % URL)
    assert "77" * 32 in wrong["msg"] and "expected %s" % ZIP_SHA in wrong["msg"] and fetches(run_playbook) == []
    seed_download(run_playbook, {"error": "Unable to connect to the remote server"})
    down = run_json(run_playbook, tmp_path, "down", {"sa_source": URL, "sa_checksum": ZIP_SHA, "sa_scenario": "ResetOfficeActivation"})
    assert down["failed"] is True and down["msg"] == "source: could not download %s: Unable to connect to the remote server" % URL


def test_url_needs_https_and_a_checksum(run_playbook, tmp_path):
    seed(run_playbook)
    plain = run_json(run_playbook, tmp_path, "http", {"sa_source": "http://download.example.com/GetHelpCmd.zip", "sa_checksum": ZIP_SHA})
    assert plain["failed"] is True and plain["msg"].startswith("source: http:// is refused")
    bare = run_json(run_playbook, tmp_path, "bare", {"sa_source": URL})
    assert bare["failed"] is True and bare["msg"].startswith("checksum: required with a URL source")


def test_controller_file_is_checked_copied_and_cached(run_playbook, tmp_path):
    import hashlib
    local = tmp_path / "GetHelpCmd.zip"
    local.write_bytes(b"PK\x03\x04 not really a zip, but the lab only reads the first bytes")
    digest = hashlib.sha256(local.read_bytes()).hexdigest()
    seed(run_playbook, {"ExpertExperienceAdminTask": {"exit_code": 1, "output": "Scan complete"}})
    wanted = {"sa_source": str(local), "sa_remote_src": False}
    mismatch = run_json(run_playbook, tmp_path, "mismatch", dict(wanted, sa_checksum="ee" * 32))
    assert mismatch["failed"] is True and mismatch["msg"].startswith("checksum: the controller file %s has SHA-256 %s" % (local, digest))
    planned = run_json(run_playbook, tmp_path, "check", wanted, check=True)
    assert planned["fetch"].startswith("copy %s from the controller" % local)
    assert "upload:" not in (run_playbook.state_dir / "godaddy_657rx.json").read_text()
    done = run_json(run_playbook, tmp_path, "apply", dict(wanted, sa_checksum=digest))
    assert done["status"] == "success" and done["user"] == "BLOOMFIELD-PC\\maria"
    state = run_playbook.state("godaddy_657rx")
    # The copy sent through the connection went into the cache; nothing is left in the temp folder.
    assert [t["path"] for t in fetches(run_playbook)] == [CACHE + digest + "\\GetHelpCmd.exe"]
    assert not [key for key in state["tools"] if key.startswith("upload:")]
    again = run_json(run_playbook, tmp_path, "again", wanted)
    assert again["status"] == "success" and "fetch" not in again
    missing = run_json(run_playbook, tmp_path, "missing", dict(wanted, sa_source="files/NoSuchGetHelpCmd.zip"))
    assert missing["failed"] is True and missing["msg"].startswith("source: the controller file files/NoSuchGetHelpCmd.zip was not found")


def test_zip_on_the_target_is_unpacked_into_the_cache(run_playbook, tmp_path):
    archive = {"GetHelpCmd.zip": {"path": "C:\\Tools\\GetHelpCmd.zip", "outcomes": {"sha256": ZIP_SHA, "archive": True}}}
    seed_download(run_playbook, {"sha256": ZIP_SHA, "archive": True}, archive)
    done = run_json(run_playbook, tmp_path, "zip", {"sa_source": "C:\\Tools\\GetHelpCmd.zip", "sa_scenario": "ResetOfficeActivation"})
    assert done["status"] == "success" and done["fetch"].startswith("unpack C:\\Tools\\GetHelpCmd.zip")
    wrong = run_json(run_playbook, tmp_path, "wrong", {"sa_source": "C:\\Tools\\GetHelpCmd.zip", "sa_checksum": "ee" * 32,
                                                       "sa_scenario": "ResetOfficeActivation"})
    assert wrong["failed"] is True and "has SHA-256 %s, not the expected %s" % (ZIP_SHA, "ee" * 32) in wrong["msg"]
