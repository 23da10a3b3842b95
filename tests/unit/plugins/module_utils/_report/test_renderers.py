"""Each renderer on a small fleet: escaping, structure, schema."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings.catalog import FINDINGS
from ansible_collections.officeops.outlook_auth.plugins.module_utils._report import csv_report, html, json_report, junit, model

NOW = "2026-11-21T10:15:00Z"
HOSTILE = '<script>alert("x")</script>'


def small_model():
    return model.build_model([
        {"name": "pc-1", "findings": [
            {"id": "broker_token_error", "user": "PC\\maria", "evidence": [HOSTILE, "event 1098 0xCAA5001C"]},
            {"id": "broker_token_error", "user": "PC\\tom", "evidence": ["=1+2"]},
            {"id": "network_blocked", "user": None, "evidence": ["login.microsoftonline.com:443 timed out"]}]},
        {"name": "pc-2", "findings": []},
        {"name": "pc-3", "reached": False},
        {"name": "pc-<4>&", "findings": None},
    ], 'Audit "<b>"', NOW)


def test_html_escapes_every_untrusted_value(strict_page):
    text = html.render_html(small_model())
    assert HOSTILE not in text and 'Audit "<b>"' not in text and "pc-<4>" not in text
    assert "<title>Audit &quot;&lt;b&gt;&quot;</title>" in text and "pc-&lt;4&gt;&amp;" in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    page = strict_page(text)
    assert page.errors == []
    assert page.tags.count("script") == 1  # only our own
    assert page.urls == []
    assert page.text_by_id["findings"].count("pc-1") == 3


def test_html_everything_visible_without_script(strict_page):
    page = strict_page(html.render_html(small_model()))
    assert "hidden" in page.attributes_of_id["filters"]  # controls appear only when the script runs
    assert [row["attributes"].get("hidden") for row in page.tables["findings"]] == [None] * 4  # header + 3
    assert page.text_by_id["shown-count"] == ""  # filled by the script
    assert len(page.tables["matrix"]) == 1 + 4
    row = [r for r in page.tables["findings"] if r["attributes"].get("data-severity") == "critical"][0]
    assert row["attributes"]["data-step"] == "none" and row["attributes"]["data-host"] == "pc-1"


def test_html_has_no_external_resource():
    text = html.render_html(small_model())
    assert "http://" not in text and "https://" not in text and "default-src 'none'" in text


def test_json_matches_the_schema(report_schema):
    document = json.loads(json_report.render_json(small_model()))
    jsonschema.Draft202012Validator.check_schema(report_schema)
    jsonschema.validate(document, report_schema, cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert document["findings"][1]["evidence"][0] == HOSTILE  # JSON keeps the text as it was


def test_schema_rejects_what_the_report_never_writes(report_schema):
    document = json.loads(json_report.render_json(small_model()))
    document["findings"][0]["severity"] = "urgent"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, report_schema, cls=jsonschema.Draft202012Validator)
    document = json.loads(json_report.render_json(small_model()))
    document["hosts"][0]["password"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, report_schema, cls=jsonschema.Draft202012Validator)


def test_csv_one_row_per_finding_and_host_and_formula_safe():
    text = csv_report.render_csv(small_model())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["host"], r["finding_id"]) for r in rows] == [
        ("pc-1", "network_blocked"), ("pc-1", "broker_token_error"), ("pc-1", "broker_token_error"),
        ("pc-2", ""), ("pc-<4>&", ""), ("pc-3", "")]
    assert rows[2]["evidence"] == "'=1+2"
    assert rows[1]["evidence"] == HOSTILE + "\nevent 1098 0xCAA5001C"
    assert rows[5]["host_status"] == "failed_or_unreachable" and rows[5]["severity"] == ""


@pytest.mark.parametrize("value, shown", [("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("+1", "'+1"), ("-1", "'-1"),
                                          ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("safe=1", "safe=1"), (None, "")])
def test_csv_neutralise(value, shown):
    assert csv_report.neutralise(value) == shown


def test_junit_valid_with_failures_and_skips(junit_schema):
    text = junit.render_junit(small_model())
    junit_schema.validate(text)
    root = ET.fromstring(text.encode("utf-8"))
    suites = dict((s.get("name"), s) for s in root.findall("testsuite"))
    assert sorted(suites) == ["pc-1", "pc-2", "pc-3", "pc-<4>&"]
    assert all(len(s.findall("testcase")) == len(FINDINGS) for s in suites.values())
    failures = suites["pc-1"].findall("testcase/failure")
    assert sorted(f.get("type") for f in failures) == ["critical", "high"]
    broker = suites["pc-1"].find("testcase[@name='broker_token_error']/failure")
    assert broker.get("message").endswith("(2 users)") and "PC\\tom" in broker.text and HOSTILE in broker.text
    assert suites["pc-3"].get("skipped") == str(len(FINDINGS)) and suites["pc-<4>&"].get("skipped") == str(len(FINDINGS))
    assert suites["pc-2"].findall("testcase/*") == []
    assert root.get("failures") == "2" and root.get("tests") == str(4 * len(FINDINGS))


def test_junit_schema_rejects_an_unknown_severity(junit_schema):
    text = junit.render_junit(small_model()).replace('type="critical"', 'type="fatal"')
    assert not junit_schema.is_valid(text)
