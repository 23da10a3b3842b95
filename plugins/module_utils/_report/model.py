# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet model: one structure built from the per-host audit data, rendered by every
report format (html.py, json_report.py, csv_report.py, junit.py).

Input, one dict per host, holding only the fields of the audit data interface::

    {"name": "pc-0142", "reached": True,
     "facts": ansible_facts.outlook_auth or None,
     "findings": ansible_facts.outlook_auth_findings or None (None: the audit did not run),
     "step_results": officeops_step_results or None}

Host and evidence text is untrusted (it comes from the PCs): the model keeps it as text and
every renderer escapes it for its format.
"""

from __future__ import annotations

import re

from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings.catalog import (
    FINDINGS, SEVERITIES, STEPS, describe, severity_rank)

SCHEMA_VERSION = 1

# Host status: audited with or without findings, no findings data (the audit's findings
# task did not run there), or dropped from the play (failed or unreachable).
HOST_STATUSES = ("findings", "clean", "no_data", "failed_or_unreachable")
HOST_STATUS_LABELS = {
    "findings": "findings",
    "clean": "no findings",
    "no_data": "no audit data",
    "failed_or_unreachable": "failed or unreachable",
}
STEP_RESULT_STATUSES = ("ok", "changed", "failed", "skipped", "not_run")
# The matrix column of findings that no remediation step fixes (catalog step None).
OTHER_COLUMN = "other"

# XML 1.0 forbids these characters and HTML calls them parse errors; a PC's event text can
# hold them. Replaced, never dropped silently, so the evidence still shows something was there.
_FORBIDDEN_CONTROL = re.compile(u"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def printable(value):
    """``value`` as text safe for XML 1.0 and HTML: forbidden control characters become U+FFFD."""
    return _FORBIDDEN_CONTROL.sub(u"\ufffd", u"%s" % (value,))


def matrix_columns():
    """The hosts x steps matrix columns: the six flowchart steps, then findings no step fixes."""
    columns = [{"key": role, "step": number, "title": title} for number, role, title in STEPS]
    columns.append({"key": OTHER_COLUMN, "step": None, "title": "Not fixed by a step (network, Office missing, unreadable user)"})
    return columns


def catalog_section():
    """The catalog the report was built with, so a reader of the JSON needs nothing else."""
    return {
        "severities": list(SEVERITIES),
        "steps": [{"step": number, "role": role, "title": title} for number, role, title in STEPS],
        "checks": [dict(describe(finding_id), id=finding_id) for finding_id in sorted(FINDINGS)],
    }


def _finding(host, index, raw):
    if not isinstance(raw, dict):
        raise ValueError("host %s: finding %d: expected a dict, got %s" % (host, index, type(raw).__name__))
    finding_id = raw.get("id")
    try:
        known = describe(finding_id)
    except KeyError as exc:
        raise ValueError("host %s: finding %d: %s" % (host, index, exc.args[0]))
    evidence = raw.get("evidence") or []
    if isinstance(evidence, str):
        evidence = [evidence]
    user = raw.get("user")
    # Severity, step and role come from the catalog: the one place they are defined.
    return {
        "host": host,
        "id": finding_id,
        "severity": known["severity"],
        "step": known["step"],
        "role": known["role"],
        "title": raw.get("title") or known["title"],
        "user": None if user is None else u"%s" % (user,),
        "evidence": [u"%s" % (item,) for item in evidence],
    }


def _get(mapping, *path):
    """A nested value, or None when any level is missing or not a dict."""
    for key in path:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(key)
    return mapping


def _host_summary(facts):
    """The few facts a reader of the report needs beside the findings; never user data."""
    facts = facts if isinstance(facts, dict) else {}
    windows = facts.get("windows") if isinstance(facts.get("windows"), dict) else {}
    office = facts.get("office") if isinstance(facts.get("office"), dict) else {}
    click_to_run = office.get("click_to_run") if isinstance(office.get("click_to_run"), dict) else {}
    domains = facts.get("mailbox_domains") or []
    return {
        "windows": {key: windows.get(key) for key in ("version", "build", "ubr", "edition")} if windows else None,
        "office": {
            "installed": office.get("installed") if "installed" in office else None,
            "version": click_to_run.get("version"),
            "channel": _get(click_to_run, "channel", "name"),
            "platform": click_to_run.get("platform"),
        },
        "mailbox_domains": sorted(set(u"%s" % (domain,) for domain in domains)) if isinstance(domains, list) else [],
    }


def _worst(severities):
    ranked = sorted(severities, key=severity_rank)
    return ranked[0] if ranked else None


def _step_cells(status, findings, step_results):
    """One cell per matrix column: finding count and worst severity, and the remediation
    result of that step when a role reported one."""
    cells = {}
    for column in matrix_columns():
        in_column = [f for f in findings if (f["role"] or OTHER_COLUMN) == column["key"]]
        result = step_results.get(column["key"]) if isinstance(step_results, dict) else None
        result = result if isinstance(result, dict) else {}
        result_status = result.get("status")
        if result_status is not None and result_status not in STEP_RESULT_STATUSES:
            result_status = None
        cells[column["key"]] = {
            "audited": status in ("findings", "clean"),
            "findings": len(in_column),
            "worst_severity": _worst([f["severity"] for f in in_column]),
            "result": result_status,
            "result_msg": None if result.get("msg") is None else u"%s" % (result["msg"],),
        }
    return cells


def build_model(hosts, title, generated_at, realms=None):
    """The fleet model from per-host data (see the module docstring).

    ``realms``: domain -> the ``m365_user_realm`` answer, or None. ``generated_at``: an ISO
    8601 UTC time stamp (passed in so the model is a pure function of its input).
    Raises ValueError naming the host and finding when a finding id is not in the catalog.
    """
    model_hosts, all_findings = [], []
    seen = set()
    for host in hosts:
        name = u"%s" % (host["name"],)
        if name in seen:
            raise ValueError("host %s is listed twice" % name)
        seen.add(name)
        raw_findings = host.get("findings")
        if not host.get("reached", True):
            status, findings = "failed_or_unreachable", []
        elif raw_findings is None:
            status, findings = "no_data", []
        elif not isinstance(raw_findings, list):
            raise ValueError("host %s: outlook_auth_findings: expected a list, got %s" % (name, type(raw_findings).__name__))
        else:
            findings = [_finding(name, index, raw) for index, raw in enumerate(raw_findings)]
            status = "findings" if findings else "clean"
        findings.sort(key=lambda f: (severity_rank(f["severity"]), f["id"], f["user"] or ""))
        counts = dict((severity, 0) for severity in SEVERITIES)
        for finding in findings:
            counts[finding["severity"]] += 1
        entry = {
            "name": name,
            "status": status,
            "worst_severity": _worst([f["severity"] for f in findings]),
            "findings_by_severity": counts,
            "steps": _step_cells(status, findings, host.get("step_results")),
        }
        entry.update(_host_summary(host.get("facts")))
        model_hosts.append(entry)
        all_findings.extend(findings)

    # Most severe first, then by host, so a reader starts with what hurts most.
    all_findings.sort(key=lambda f: (severity_rank(f["severity"]), f["host"], f["id"], f["user"] or ""))
    model_hosts.sort(key=lambda h: (severity_rank(h["worst_severity"]) if h["worst_severity"] else len(SEVERITIES),
                                    HOST_STATUSES.index(h["status"]), h["name"]))
    by_severity = dict((severity, 0) for severity in SEVERITIES)
    for finding in all_findings:
        by_severity[finding["severity"]] += 1
    by_status = dict((status, 0) for status in HOST_STATUSES)
    for host in model_hosts:
        by_status[host["status"]] += 1
    return {
        "schema_version": SCHEMA_VERSION,
        "title": u"%s" % (title,),
        "generated_at": generated_at,
        "catalog": catalog_section(),
        "columns": matrix_columns(),
        "summary": {
            "hosts": len(model_hosts),
            "hosts_by_status": by_status,
            "findings": len(all_findings),
            "findings_by_severity": by_severity,
        },
        "hosts": model_hosts,
        "findings": all_findings,
        "domains": _domains(model_hosts, realms),
    }


def _domains(model_hosts, realms):
    """Each mailbox domain seen on a host, with its realm answer when the audit looked it up."""
    realms = realms if isinstance(realms, dict) else {}
    hosts_of = {}
    for host in model_hosts:
        for domain in host["mailbox_domains"]:
            hosts_of.setdefault(domain, []).append(host["name"])
    result = []
    for domain in sorted(set(hosts_of) | set(u"%s" % (d,) for d in realms)):
        realm = realms.get(domain) if isinstance(realms.get(domain), dict) else {}
        result.append({
            "domain": domain,
            "hosts": len(hosts_of.get(domain, [])),
            "namespace_type": realm.get("namespace_type"),
            "federation_brand": realm.get("federation_brand"),
            "auth_url": realm.get("auth_url"),
            "godaddy": realm.get("godaddy") if isinstance(realm.get("godaddy"), bool) else None,
            "error": None if realm.get("error") is None else u"%s" % (realm["error"],),
        })
    return result
