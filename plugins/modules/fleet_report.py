#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the logic is the controller-side action plugin
# plugins/action/fleet_report.py.

DOCUMENTATION = r"""
---
module: fleet_report
short_description: Write the Outlook sign-in audit's fleet report on the controller
version_added: 0.1.0
description:
  - Writes the report of an audit of the whole play, once, on the controller, in up to four
    formats - an HTML page for people (one self-contained file - hosts by flowchart steps,
    findings with their evidence sorted by severity, filters by severity, step and host),
    JSON (schema C(docs/report-schema.json), described in C(docs/report.md)), CSV (one row per
    host and finding) and JUnit XML for pipelines (a test suite per host, a test case per
    check).
  - Reads, for each host, only C(ansible_facts.outlook_auth) (M(officeops.outlook_auth.win_outlook_auth_facts)),
    C(ansible_facts.outlook_auth_findings) (the findings of the audit) and C(officeops_step_results)
    (set by the remediation roles), and C(officeops_realms) (the registered result of the
    tenant realm lookup, on the host running the task or on C(localhost)). No other variable
    reaches a report.
  - Hosts of the play that failed or were unreachable (in C(ansible_play_hosts_all) but no
    longer in C(ansible_play_hosts)) are reported as failed or unreachable; hosts without
    findings data as having no audit data.
  - Use it with C(run_once=true). It never connects to a host.
options:
  dest:
    description:
      - Directory on the controller to write the report files into; created when missing.
      - The files are C(outlook-auth-report.html), C(outlook-auth-report.json),
        C(outlook-auth-report.csv) and C(outlook-auth-report-junit.xml); each is replaced
        atomically (temporary file and rename).
    type: path
    required: true
  formats:
    description:
      - The report formats to write.
    type: list
    elements: str
    choices: [html, json, csv, junit]
    default: [html, json, csv, junit]
  title:
    description:
      - The report's title (HTML page title and heading, JSON C(title), JUnit C(testsuites) name).
    type: str
    default: Outlook sign-in audit
  hosts:
    description:
      - The hosts to report on.
      - Defaults to every host of the play, C(ansible_play_hosts_all).
    type: list
    elements: str
  report_in_check_mode:
    description:
      - Whether to write the report in check mode.
      - An audit is a check-mode run and the report is its output, so by default the report
        is written even in check mode, as a callback plugin would. It is written on the
        controller only and no managed host changes.
      - With V(false), check mode writes nothing and returns the counts only.
    type: bool
    default: true
notes:
  - A task and not a callback plugin, so it works the same from any playbook, AWX /
    Automation Controller and pipelines without enabling a callback, takes explicit options,
    and can be placed after the audit's last task.
  - The task reports C(changed=false) even when it writes, since no managed host changes.
  - Host names, user names and evidence come from the PCs; each format escapes them (HTML
    escaping, XML escaping, CSV cells starting with C(=), C(+), C(-) or C(@) prefixed with a quote).
attributes:
  check_mode:
    support: full
    description: Nothing on a managed host changes. The report is written on the controller in check mode too unless O(report_in_check_mode=false).
  diff_mode:
    support: none
    description: A report has no before and after to show.
  platform:
    support: full
    platforms: all
    description: Runs on the controller; the hosts reported on can be anything.
seealso:
  - module: officeops.outlook_auth.win_outlook_auth_facts
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Write the fleet report after the audit
  officeops.outlook_auth.fleet_report:
    dest: "{{ playbook_dir }}/reports"
  run_once: true

- name: JUnit only, for the pipeline's test view
  officeops.outlook_auth.fleet_report:
    dest: "{{ lookup('env', 'CI_PROJECT_DIR') }}/audit"
    formats: [junit]
    title: Nightly Outlook sign-in audit
  run_once: true

- name: In check mode, count findings but write nothing
  officeops.outlook_auth.fleet_report:
    dest: /tmp/outlook-audit
    report_in_check_mode: false
  run_once: true
  register: audit_report

- name: Fail the pipeline on critical findings
  ansible.builtin.assert:
    that: audit_report.counts.critical == 0
    fail_msg: "{{ audit_report.counts.critical }} critical finding(s); see the report"
  run_once: true
"""

RETURN = r"""
paths:
  description: The files written, by format; empty when nothing was written.
  returned: success
  type: dict
  sample:
    html: /srv/audit/outlook-auth-report.html
    json: /srv/audit/outlook-auth-report.json
    csv: /srv/audit/outlook-auth-report.csv
    junit: /srv/audit/outlook-auth-report-junit.xml
counts:
  description: Findings in the fleet by severity (every severity present, zero when none).
  returned: success
  type: dict
  sample: {"critical": 1, "high": 12, "medium": 3, "low": 0, "info": 2}
findings:
  description: Number of findings in the fleet.
  returned: success
  type: int
  sample: 18
hosts:
  description: Hosts by status - C(findings), C(clean) (no findings), C(no_data) (no findings data), C(failed_or_unreachable).
  returned: success
  type: dict
  sample: {"findings": 14, "clean": 180, "no_data": 0, "failed_or_unreachable": 6}
msg:
  description: What was written, or why nothing was.
  returned: always
  type: str
  sample: fleet report of 200 host(s), 18 finding(s) written to /srv/audit
"""
