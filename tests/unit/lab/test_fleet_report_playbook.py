"""fleet_report from a real ansible-playbook run on lab hosts: run once, hosts that failed
reported as such, facts gathered by the lab, nothing but the interface fields read."""

import csv
import json
import pathlib
import xml.etree.ElementTree as ET

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK = ROOT / "tests" / "unit" / "lab" / "files" / "fleet_report.yml"
HOSTS = "healthy,no_office,wam_disabled,godaddy_657rx,office2013"


def test_report_written_once_in_check_mode_with_the_failed_host(run_playbook, tmp_path):
    report_dir, result_file = tmp_path / "report", tmp_path / "result.json"
    done = run_playbook(PLAYBOOK, "--limit", HOSTS, "-e", "report_dir=%s result_file=%s report_failing_host=office2013"
                        % (report_dir, result_file), check=True, expect_rc=2)
    assert done.stdout.count("TASK [Report]") == 1
    result = json.loads(result_file.read_text())
    assert result["changed"] is False and result["failed"] is False
    assert result["hosts"] == {"findings": 3, "clean": 1, "no_data": 0, "failed_or_unreachable": 1}
    assert result["counts"] == {"critical": 0, "high": 0, "medium": 2, "low": 0, "info": 1}
    assert sorted(result["paths"]) == ["csv", "html", "json", "junit"]

    document = json.loads((report_dir / "outlook-auth-report.json").read_text())
    schema = json.loads((ROOT / "docs" / "report-schema.json").read_text())
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    hosts = dict((h["name"], h) for h in document["hosts"])
    assert hosts["office2013"]["status"] == "failed_or_unreachable"
    # facts from the lab's one probe reached the report
    assert hosts["healthy"]["office"]["channel"] == "Current" and hosts["no_office"]["office"]["installed"] is False
    assert hosts["wam_disabled"]["steps"]["modern_auth"]["result"] == "changed"
    for path in result["paths"].values():
        assert "lab-secret-never-reported" not in pathlib.Path(path).read_text()

    page = (report_dir / "outlook-auth-report.html").read_text()
    assert "<script>alert('godaddy')" not in page and "&lt;script&gt;alert(&#x27;godaddy&#x27;)" in page
    rows = list(csv.DictReader((report_dir / "outlook-auth-report.csv").open(newline="")))
    assert sorted(r["host"] for r in rows) == sorted(HOSTS.split(","))
    suites = ET.parse(str(report_dir / "outlook-auth-report-junit.xml")).getroot().findall("testsuite")
    assert [s.get("name") for s in suites if s.get("skipped") != "0"] == ["office2013"]


def test_check_mode_can_skip_writing(run_playbook, tmp_path):
    report_dir, result_file = tmp_path / "report", tmp_path / "result.json"
    run_playbook(PLAYBOOK, "--limit", "healthy,no_office", "-e", "report_dir=%s result_file=%s report_in_check_mode=false"
                 % (report_dir, result_file), check=True)
    result = json.loads(result_file.read_text())
    assert result["paths"] == {} and result["counts"]["info"] == 1
    assert not report_dir.exists()


def test_unwritable_dest_is_named(run_playbook, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory")
    done = run_playbook(PLAYBOOK, "--limit", "healthy", "-e", "report_dir=%s result_file=%s"
                        % (blocker, tmp_path / "result.json"), expect_rc=2)
    assert "dest: '%s' exists and is not a directory" % blocker in done.stdout
