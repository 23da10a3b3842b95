# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report as one self-contained HTML file for a help-desk lead.

Inline CSS and JavaScript only, no external URL (a Content-Security-Policy forbids loading
anything). Every value from the model is escaped: host names, users and evidence come from
the PCs and are untrusted. The script reads only the page's own data attributes, so no data
is ever written into script text. Without JavaScript everything is visible; the filters
(severity, step, host text) only hide rows.
"""

from __future__ import annotations

from html import escape

from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.model import HOST_STATUS_LABELS, printable

SEVERITY_COLOURS = {
    "critical": "#b00020",
    "high": "#e65100",
    "medium": "#f9a825",
    "low": "#1e88e5",
    "info": "#78909c",
}

_CSS = u"""
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1c1c1c;background:#fafafa}
header{background:#203040;color:#fff;padding:16px 24px}
header h1{margin:0 0 4px;font-size:22px}
main{padding:16px 24px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:0 0 16px}
.card{min-width:110px;padding:10px 14px;border-radius:6px;color:#fff}
.card b{display:block;font-size:26px}
.card.hosts{background:#455a64}
.sev-critical{background:#b00020;color:#fff}.sev-high{background:#e65100;color:#fff}
.sev-medium{background:#f9a825;color:#000}.sev-low{background:#1e88e5;color:#fff}
.sev-info{background:#78909c;color:#fff}
.status-failed_or_unreachable{background:#6a1b9a;color:#fff}.status-no_data{background:#bdbdbd}
.status-clean{background:#2e7d32;color:#fff}.status-findings{background:#fff}
table{border-collapse:collapse;margin:0 0 24px;background:#fff}
th,td{border:1px solid #d0d0d0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eceff1;position:sticky;top:0}
td.cell{text-align:center;min-width:64px}
td.ok{background:#c8e6c9}td.na{background:#eeeeee;color:#757575}
.result{display:block;font-size:11px}
ul.evidence{margin:0;padding-left:18px;font-family:ui-monospace,Consolas,monospace;font-size:12px;white-space:pre-wrap;word-break:break-all}
.sev{display:inline-block;padding:1px 6px;border-radius:3px;font-weight:600}
#filters{display:flex;gap:16px;flex-wrap:wrap;align-items:center;padding:10px;background:#fff;border:1px solid #d0d0d0;margin:0 0 16px}
#filters[hidden]{display:none}
#shown-count{font-weight:600}
select{max-width:360px}
"""

# Filters: a row stays visible when it matches every active filter. Rows carry
# data-severity / data-step / data-host; the host matrix rows carry data-severities (all of
# the host's severities) and data-steps.
_JS = u"""
(function () {
  var form = document.getElementById('filters');
  var severity = document.getElementById('filter-severity');
  var step = document.getElementById('filter-step');
  var host = document.getElementById('filter-host');
  var counter = document.getElementById('shown-count');
  var findingRows = document.querySelectorAll('#findings tbody tr');
  var hostRows = document.querySelectorAll('#matrix tbody tr');
  function has(list, value) { return (' ' + list + ' ').indexOf(' ' + value + ' ') >= 0; }
  function apply() {
    var sev = severity.value, st = step.value, text = host.value.trim().toLowerCase();
    var shown = 0, i, row, ok;
    for (i = 0; i < findingRows.length; i++) {
      row = findingRows[i];
      ok = (!sev || row.getAttribute('data-severity') === sev) &&
           (!st || row.getAttribute('data-step') === st) &&
           (!text || row.getAttribute('data-host').toLowerCase().indexOf(text) >= 0);
      row.hidden = !ok;
      if (ok) { shown++; }
    }
    for (i = 0; i < hostRows.length; i++) {
      row = hostRows[i];
      ok = (!sev || has(row.getAttribute('data-severities'), sev)) &&
           (!st || has(row.getAttribute('data-steps'), st)) &&
           (!text || row.getAttribute('data-host').toLowerCase().indexOf(text) >= 0);
      row.hidden = !ok;
    }
    counter.textContent = shown + ' of ' + findingRows.length + ' findings shown';
  }
  severity.addEventListener('change', apply);
  step.addEventListener('change', apply);
  host.addEventListener('input', apply);
  form.hidden = false;
  apply();
}());
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _e(value):
    """Escaped text for element content and quoted attribute values."""
    return escape(printable(u"" if value is None else value), quote=True)


def _severity_badge(severity):
    if not severity:
        return u""
    return u'<span class="sev sev-%s">%s</span>' % (_e(severity), _e(severity))


def _step_label(step):
    return u"step %s" % step if step is not None else u"no step"


def _cell(host, column):
    cell = host["steps"][column["key"]]
    result = u""
    if cell["result"]:
        result = u'<span class="result" title="%s">%s</span>' % (_e(cell["result_msg"] or u""), _e(cell["result"]))
    if not cell["audited"]:
        return u'<td class="cell na">&ndash;%s</td>' % result
    if cell["findings"]:
        return u'<td class="cell sev-%s">%d %s%s</td>' % (_e(cell["worst_severity"]), cell["findings"], _e(cell["worst_severity"]), result)
    return u'<td class="cell ok">ok%s</td>' % result


def _matrix(model):
    columns = model["columns"]
    head = u"".join(u'<th title="%s">%s</th>' % (_e(c["title"]), _e(_step_label(c["step"]) if c["step"] else c["key"]))
                    for c in columns)
    rows = []
    for host in model["hosts"]:
        severities = sorted(set(k for k, v in host["findings_by_severity"].items() if v))
        steps = sorted(set(u"%s" % c["step"] if c["step"] is not None else u"none"
                           for c in columns if host["steps"][c["key"]]["findings"]))
        rows.append(
            u'<tr data-host="%s" data-severities="%s" data-steps="%s"><th scope="row">%s</th>'
            u'<td class="status-%s">%s</td><td>%s</td>%s</tr>'
            % (_e(host["name"]), _e(u" ".join(severities)), _e(u" ".join(steps)), _e(host["name"]),
               _e(host["status"]), _e(HOST_STATUS_LABELS[host["status"]]), _severity_badge(host["worst_severity"]),
               u"".join(_cell(host, c) for c in columns)))
    return (u'<table id="matrix"><thead><tr><th>host</th><th>status</th><th>worst</th>%s</tr></thead>'
            u'<tbody>%s</tbody></table>' % (head, u"".join(rows)))


def _findings(model):
    rows = []
    for finding in model["findings"]:
        evidence = u"".join(u"<li>%s</li>" % _e(item) for item in finding["evidence"])
        rows.append(
            u'<tr data-severity="%s" data-step="%s" data-host="%s"><td>%s</td><td>%s</td><td>%s</td>'
            u'<td><b>%s</b><br><code>%s</code></td><td>%s</td><td><ul class="evidence">%s</ul></td></tr>'
            % (_e(finding["severity"]), _e(finding["step"] if finding["step"] is not None else u"none"), _e(finding["host"]),
               _severity_badge(finding["severity"]), _e(finding["host"]),
               _e(_step_label(finding["step"]) + (u" (%s)" % finding["role"] if finding["role"] else u"")),
               _e(finding["title"]), _e(finding["id"]), _e(finding["user"] or u""), evidence))
    return (u'<table id="findings"><thead><tr><th>severity</th><th>host</th><th>step</th><th>finding</th><th>user</th>'
            u'<th>evidence</th></tr></thead><tbody>%s</tbody></table>' % u"".join(rows))


def _domains(model):
    if not model["domains"]:
        return u""
    rows = u"".join(
        u"<tr><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
        % (_e(d["domain"]), d["hosts"], _e(d["namespace_type"] or u""), _e(d["federation_brand"] or u""),
           _e(u"yes" if d["godaddy"] else (u"no" if d["godaddy"] is False else u"")), _e(d["error"] or u""))
        for d in model["domains"])
    return (u'<h2>Mailbox domains</h2><table id="domains"><thead><tr><th>domain</th><th>hosts</th><th>namespace</th>'
            u'<th>federation brand</th><th>GoDaddy</th><th>lookup error</th></tr></thead><tbody>%s</tbody></table>' % rows)


def _filters(model):
    severities = u"".join(u'<option value="%s">%s</option>' % (_e(s), _e(s)) for s in model["catalog"]["severities"])
    steps = u"".join(u'<option value="%s">%s</option>' % (_e(c["step"] if c["step"] is not None else u"none"),
                                                          _e(u"%s: %s" % (_step_label(c["step"]), c["title"])))
                     for c in model["columns"])
    # Hidden until the script runs: without JavaScript the controls would do nothing.
    return (u'<form id="filters" hidden onsubmit="return false">'
            u'<label>severity <select id="filter-severity"><option value="">all</option>%s</select></label>'
            u'<label>step <select id="filter-step"><option value="">all</option>%s</select></label>'
            u'<label>host <input id="filter-host" type="search" placeholder="part of a host name"></label>'
            u'<span id="shown-count"></span></form>' % (severities, steps))


def _cards(model):
    summary = model["summary"]
    cards = [u'<div class="card hosts"><b>%d</b>hosts</div>' % summary["hosts"],
             u'<div class="card status-failed_or_unreachable"><b>%d</b>failed or unreachable</div>'
             % summary["hosts_by_status"]["failed_or_unreachable"]]
    cards.extend(u'<div class="card sev-%s"><b>%d</b>%s</div>' % (_e(s), summary["findings_by_severity"][s], _e(s))
                 for s in model["catalog"]["severities"])
    return u'<div class="cards" id="summary">%s</div>' % u"".join(cards)


def render_html(model):
    """The report page as text (UTF-8 when written)."""
    return (
        u'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        u'<meta http-equiv="Content-Security-Policy" content="%s">'
        u'<meta name="viewport" content="width=device-width, initial-scale=1">'
        u'<title>%s</title><style>%s</style></head>\n<body><header><h1>%s</h1>'
        u'<div>generated %s &middot; %d hosts &middot; %d findings</div></header>\n<main>%s%s'
        u'<h2>Hosts &times; steps</h2>%s\n<h2>Findings, most severe first</h2>%s\n%s</main>'
        u'<script>%s</script></body></html>\n'
        % (_CSP, _e(model["title"]), _CSS, _e(model["title"]), _e(model["generated_at"]), model["summary"]["hosts"],
           model["summary"]["findings"], _cards(model), _filters(model), _matrix(model), _findings(model),
           _domains(model), _JS))
