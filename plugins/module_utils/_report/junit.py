# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report as JUnit XML for pipelines (Jenkins, GitLab, Azure DevOps).

One ``testsuite`` per host, so a pipeline's test view lists the PCs; in each, one
``testcase`` per check (every finding id of the catalog), named by the finding id, with
``classname`` ``officeops.outlook_auth.<role>`` (the role that fixes it, ``other`` when none).
A check that found something has a ``failure`` (type: the severity, message: the title,
text: the users and evidence); a host that failed, was unreachable or has no audit data
has every check ``skipped`` with the reason. Only the elements and attributes of the
common JUnit format are used (docs/report-junit.xsd).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.model import printable

SKIP_REASONS = {
    "failed_or_unreachable": "host failed or was unreachable during the audit; not checked",
    "no_data": "no audit data: the findings task did not run on this host",
}


def _failure_text(instances):
    lines = []
    for finding in instances:
        lines.append(u"user: %s" % (finding["user"] or u"(machine)"))
        lines.extend(u"  - %s" % item for item in finding["evidence"])
    return printable(u"\n".join(lines))


def render_junit(model):
    """The report as JUnit XML text (UTF-8 declaration included)."""
    checks = model["catalog"]["checks"]
    findings_of = {}
    for finding in model["findings"]:
        findings_of.setdefault((finding["host"], finding["id"]), []).append(finding)
    timestamp = model["generated_at"][:19]  # JUnit's timestamp has no zone; the model's is UTC
    root = ET.Element("testsuites", {"name": printable(model["title"]), "time": "0"})
    totals = {"tests": 0, "failures": 0}
    for host in sorted(model["hosts"], key=lambda h: h["name"]):
        suite = ET.SubElement(root, "testsuite", {"name": printable(host["name"]), "hostname": printable(host["name"]),
                                                  "timestamp": timestamp, "time": "0"})
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for check in checks:
            case = ET.SubElement(suite, "testcase", {"name": check["id"], "time": "0",
                                                     "classname": "officeops.outlook_auth.%s" % (check["role"] or "other")})
            counts["tests"] += 1
            instances = findings_of.get((host["name"], check["id"]), [])
            if host["status"] in SKIP_REASONS:
                ET.SubElement(case, "skipped", {"message": SKIP_REASONS[host["status"]]})
                counts["skipped"] += 1
            elif instances:
                title = instances[0]["title"]
                if len(instances) > 1:
                    title = u"%s (%d users)" % (title, len(instances))
                failure = ET.SubElement(case, "failure", {"type": check["severity"], "message": printable(title)})
                failure.text = _failure_text(instances)
                counts["failures"] += 1
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        totals["tests"] += counts["tests"]
        totals["failures"] += counts["failures"]
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    return ET.tostring(root, encoding="unicode").join((u'<?xml version="1.0" encoding="UTF-8"?>\n', u"\n"))
