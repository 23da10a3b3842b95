"""fleet_report's controller side: options equal to the docs, what it reads from hostvars,
where and how it writes."""

import json
import os
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.action import fleet_report
from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.model import build_model
from tools.check_spec_docs import compare, documented_options

ROOT = pathlib.Path(__file__).resolve().parents[4]


def test_argument_spec_equals_the_documentation():
    docs = documented_options(ROOT, ROOT / "plugins" / "modules" / "fleet_report.py")
    assert compare(fleet_report.ARGUMENT_SPEC, "options", docs, "fleet_report") == []


def test_the_spec_check_can_fail():
    docs = documented_options(ROOT, ROOT / "plugins" / "modules" / "fleet_report.py")
    spec = dict(fleet_report.ARGUMENT_SPEC, formats=dict(fleet_report.ARGUMENT_SPEC["formats"], default=["html"]))
    assert compare(spec, "options", docs, "fleet_report") != []


HOSTVARS = {
    "pc-1": {"ansible_facts": {"outlook_auth": {"office": {"installed": True}},
                               "outlook_auth_findings": [{"id": "office_missing", "user": None, "evidence": []}],
                               "env": {"SECRET_TOKEN": "s3cret-env"}},
             "ansible_password": "s3cret-password", "vault_thing": "s3cret-vault",
             "officeops_step_results": {"office_repair": {"status": "ok", "msg": "repaired"}}},
    "pc-2": {"ansible_facts": {}},
    "pc-3": {"ansible_password": "s3cret-password"},
}


def test_collect_reads_only_the_interface_fields():
    collected = fleet_report.collect_hosts(HOSTVARS, ["pc-1", "pc-2", "pc-3"], ["pc-1", "pc-2"])
    assert [(h["name"], h["reached"]) for h in collected] == [("pc-1", True), ("pc-2", True), ("pc-3", False)]
    assert collected[0]["step_results"] == {"office_repair": {"status": "ok", "msg": "repaired"}}
    assert collected[1]["findings"] is None
    assert "s3cret" not in repr(collected)


def test_collect_names_an_unknown_host():
    with pytest.raises(ValueError, match="hosts: 'pc-9' is not a host of the inventory"):
        fleet_report.collect_hosts(HOSTVARS, ["pc-1", "pc-9"], ["pc-1"])


def test_plain_turns_mappings_and_sequences_into_dicts_and_lists():
    class Tagged(str):
        pass
    assert fleet_report.plain({"a": (Tagged("x"), 1, None, True)}) == {"a": ["x", 1, None, True]}
    assert fleet_report.plain(Tagged("x")).__class__ is str


def test_find_realms_from_own_vars_or_localhost():
    realms = {"realms": {"a.com": {"godaddy": True}}}
    assert fleet_report.find_realms({"officeops_realms": realms}) == {"a.com": {"godaddy": True}}
    assert fleet_report.find_realms({"hostvars": {"localhost": {"officeops_realms": realms}}}) == {"a.com": {"godaddy": True}}
    assert fleet_report.find_realms({"officeops_realms": {"failed": True}}) is None


def small_model():
    return build_model(fleet_report.collect_hosts(HOSTVARS, ["pc-1", "pc-2", "pc-3"], ["pc-1", "pc-2"]), "t",
                       "2026-11-21T10:15:00Z")


def test_write_reports_creates_dest_and_writes_the_formats_asked(tmp_path):
    dest = tmp_path / "a" / "b"
    written = fleet_report.write_reports(small_model(), str(dest), ["json", "junit"])
    assert written == {"json": str(dest / "outlook-auth-report.json"), "junit": str(dest / "outlook-auth-report-junit.xml")}
    assert sorted(os.listdir(str(dest))) == ["outlook-auth-report-junit.xml", "outlook-auth-report.json"]  # no temp left
    assert json.loads((dest / "outlook-auth-report.json").read_text())["summary"]["hosts"] == 3


def test_write_replaces_an_existing_report_with_the_umask_mode(tmp_path):
    target = tmp_path / "outlook-auth-report.csv"
    target.write_text("old")
    old_umask = os.umask(0o027)
    try:
        fleet_report.write_reports(small_model(), str(tmp_path), ["csv"])
    finally:
        os.umask(old_umask)
    assert target.read_text().startswith("host,host_status")
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)


def test_dest_that_is_a_file_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ValueError, match="dest: '%s' exists and is not a directory" % blocker):
        fleet_report.write_reports(small_model(), str(blocker), ["csv"])
    with pytest.raises(ValueError, match="dest: cannot create directory '%s/sub'" % blocker):
        fleet_report.write_reports(small_model(), str(blocker / "sub"), ["csv"])


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def refuse(_source, _target):
        raise OSError(13, "Permission denied")
    monkeypatch.setattr(fleet_report.os, "replace", refuse)
    with pytest.raises(ValueError, match="dest: cannot write '.*outlook-auth-report.html': Permission denied"):
        fleet_report.write_reports(small_model(), str(tmp_path), ["html"])
    assert os.listdir(str(tmp_path)) == []
