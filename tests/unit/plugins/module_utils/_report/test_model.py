"""The fleet model on small inputs."""

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings.catalog import FINDINGS, SEVERITIES, STEPS
from ansible_collections.officeops.outlook_auth.plugins.module_utils._report import model

NOW = "2026-11-21T10:15:00Z"


def finding(finding_id, user=None, evidence=("seen",), **extra):
    return dict({"id": finding_id, "user": user, "evidence": list(evidence)}, **extra)


def host(name, findings=(), reached=True, facts=None, step_results=None):
    return {"name": name, "reached": reached, "facts": facts,
            "findings": None if findings is None else list(findings), "step_results": step_results}


def test_findings_sorted_by_severity_then_host():
    built = model.build_model([
        host("pc-b", [finding("office_missing"), finding("credentials_stale_office", "PC\\z")]),
        host("pc-a", [finding("network_blocked"), finding("credentials_stale_office", "PC\\y")]),
    ], "audit", NOW)
    assert [(f["severity"], f["host"], f["id"]) for f in built["findings"]] == [
        ("critical", "pc-a", "network_blocked"),
        ("high", "pc-a", "credentials_stale_office"),
        ("high", "pc-b", "credentials_stale_office"),
        ("info", "pc-b", "office_missing"),
    ]
    assert built["summary"]["findings_by_severity"] == {"critical": 1, "high": 2, "medium": 0, "low": 0, "info": 1}
    # hosts: worst first
    assert [h["name"] for h in built["hosts"]] == ["pc-a", "pc-b"]


def test_catalog_decides_severity_step_and_role_not_the_finding():
    built = model.build_model([host("pc", [finding("broker_token_error", severity="info", step=6, role="x")])], "t", NOW)
    only = built["findings"][0]
    assert (only["severity"], only["step"], only["role"]) == ("high", 3, "credential_cache")
    assert only["title"] == FINDINGS["broker_token_error"][2]


def test_host_statuses():
    built = model.build_model([
        host("down", reached=False), host("no-data", findings=None), host("clean"), host("bad", [finding("office_unsupported")]),
    ], "t", NOW)
    statuses = dict((h["name"], h["status"]) for h in built["hosts"])
    assert statuses == {"down": "failed_or_unreachable", "no-data": "no_data", "clean": "clean", "bad": "findings"}
    assert built["summary"]["hosts_by_status"] == {"findings": 1, "clean": 1, "no_data": 1, "failed_or_unreachable": 1}
    down = [h for h in built["hosts"] if h["name"] == "down"][0]
    assert not any(cell["audited"] for cell in down["steps"].values())


def test_unreachable_host_findings_are_ignored():
    # stale facts from an earlier play must not be reported for a host that failed now
    built = model.build_model([host("down", [finding("network_blocked")], reached=False)], "t", NOW)
    assert built["findings"] == [] and built["hosts"][0]["worst_severity"] is None


def test_step_matrix_counts_findings_and_results_per_step():
    built = model.build_model([host("pc", [finding("credentials_stale_office", "a"), finding("broker_bad_keyset", "a"),
                                           finding("network_blocked")],
                                    step_results={"credential_cache": {"status": "changed", "msg": "purged 2"},
                                                  "office_repair": {"status": "bogus"}})], "t", NOW)
    cells = built["hosts"][0]["steps"]
    assert [c["key"] for c in built["columns"]] == [role for _n, role, _t in STEPS] + ["other"]
    assert cells["credential_cache"] == {"audited": True, "findings": 2, "worst_severity": "high", "result": "changed",
                                         "result_msg": "purged 2"}
    assert cells["other"]["findings"] == 1 and cells["other"]["worst_severity"] == "critical"
    assert cells["modern_auth"]["findings"] == 0 and cells["modern_auth"]["result"] is None
    assert cells["office_repair"]["result"] is None  # an unknown status is not shown as a result


def test_unknown_finding_id_names_host_and_index():
    with pytest.raises(ValueError, match=r"host pc: finding 1: unknown finding id 'made_up'"):
        model.build_model([host("pc", [finding("office_missing"), finding("made_up")])], "t", NOW)


def test_duplicate_host_and_bad_findings_type():
    with pytest.raises(ValueError, match="pc is listed twice"):
        model.build_model([host("pc"), host("pc")], "t", NOW)
    with pytest.raises(ValueError, match="outlook_auth_findings: expected a list"):
        model.build_model([dict(host("pc"), findings={"id": "office_missing"})], "t", NOW)


def test_host_summary_tolerates_missing_facts_and_reads_only_named_fields():
    facts = {"windows": {"build": 22631, "version": "23H2", "computer_name": "PC"},
             "office": {"installed": True, "click_to_run": {"version": "16.0.1", "channel": {"name": "Current"}}},
             "users": [{"name": "PC\\maria", "password": "never"}], "mailbox_domains": ["b.com", "a.com", "a.com"]}
    built = model.build_model([host("pc", facts=facts), host("bare", facts={"office": "odd"})], "t", NOW)
    pc = [h for h in built["hosts"] if h["name"] == "pc"][0]
    assert pc["windows"] == {"version": "23H2", "build": 22631, "ubr": None, "edition": None}
    assert pc["office"] == {"installed": True, "version": "16.0.1", "channel": "Current", "platform": None}
    assert pc["mailbox_domains"] == ["a.com", "b.com"]
    assert "never" not in repr(built)
    bare = [h for h in built["hosts"] if h["name"] == "bare"][0]
    assert bare["windows"] is None and bare["office"]["installed"] is None


def test_domains_join_hosts_and_realms():
    built = model.build_model([host("pc", facts={"mailbox_domains": ["godaddy.example"]})], "t", NOW,
                              realms={"godaddy.example": {"namespace_type": "Federated", "federation_brand": "GoDaddy",
                                                          "auth_url": "https://sso.godaddy.com/", "godaddy": True, "error": None},
                                      "other.example": {"error": "timed out"}})
    assert built["domains"] == [
        {"domain": "godaddy.example", "hosts": 1, "namespace_type": "Federated", "federation_brand": "GoDaddy",
         "auth_url": "https://sso.godaddy.com/", "godaddy": True, "error": None},
        {"domain": "other.example", "hosts": 0, "namespace_type": None, "federation_brand": None, "auth_url": None,
         "godaddy": None, "error": "timed out"},
    ]


def test_catalog_section_lists_every_check():
    section = model.catalog_section()
    assert section["severities"] == list(SEVERITIES)
    assert sorted(c["id"] for c in section["checks"]) == sorted(FINDINGS)


def test_printable_replaces_characters_xml_forbids():
    assert model.printable("a\x00b\x1bc\td\ne") == u"a\ufffdb\ufffdc\td\ne"
    assert model.printable(42) == "42"
