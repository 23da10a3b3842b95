# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report as CSV: one row per host and finding; a host without findings gets one
row with the finding columns empty, so every host appears.

Spreadsheets run a cell that starts with = + - @ (or a tab / carriage return) as a
formula (OWASP "CSV Injection"); host names and evidence come from the PCs, so such a cell
is prefixed with a single quote and shows as text.
"""

from __future__ import annotations

import csv
import io

from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.model import printable

COLUMNS = ("host", "host_status", "severity", "finding_id", "step", "role", "title", "user", "evidence")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell value a spreadsheet shows as text, never evaluates."""
    text = u"" if value is None else printable(value)
    return u"'" + text if text.startswith(_FORMULA_STARTS) else text


def rows(model):
    """The CSV rows (dicts keyed by COLUMNS), before neutralising."""
    findings_of = {}
    for finding in model["findings"]:
        findings_of.setdefault(finding["host"], []).append(finding)
    result = []
    for host in model["hosts"]:
        base = {"host": host["name"], "host_status": host["status"]}
        for finding in findings_of.get(host["name"], []):
            result.append(dict(base, severity=finding["severity"], finding_id=finding["id"],
                               step=u"" if finding["step"] is None else finding["step"], role=finding["role"] or u"",
                               title=finding["title"], user=finding["user"] or u"", evidence=u"\n".join(finding["evidence"])))
        if host["name"] not in findings_of:
            result.append(dict(base, **dict((column, u"") for column in COLUMNS[2:])))
    return result


def render_csv(model):
    """The report as CSV text (RFC 4180 quoting, CRLF line ends, header row first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(model):
        writer.writerow(dict((key, neutralise(value)) for key, value in row.items()))
    return out.getvalue()
