# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_report: write the audit's fleet report (HTML, JSON, CSV, JUnit) on the controller.

Run once (``run_once: true``) after the audit; reads each host's audit data from hostvars,
only the fields of the audit data interface, so no other variable (and no secret) can reach
a report. Never connects to a host.
"""

from __future__ import annotations

import datetime
import os
import tempfile

from collections.abc import Mapping

from ansible.module_utils.common.collections import is_sequence
from ansible.plugins.action import ActionBase

from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.csv_report import render_csv
from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.html import render_html
from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.json_report import render_json
from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.junit import render_junit
from ansible_collections.officeops.outlook_auth.plugins.module_utils._report.model import build_model

FORMATS = ("html", "json", "csv", "junit")
FILE_NAMES = {
    "html": "outlook-auth-report.html",
    "json": "outlook-auth-report.json",
    "csv": "outlook-auth-report.csv",
    "junit": "outlook-auth-report-junit.xml",
}
RENDERERS = {"html": render_html, "json": render_json, "csv": render_csv, "junit": render_junit}
DEFAULT_TITLE = "Outlook sign-in audit"

# Kept equal to the DOCUMENTATION options of plugins/modules/fleet_report.py by
# tests/unit/plugins/action/test_fleet_report.py.
ARGUMENT_SPEC = dict(
    dest=dict(type="path", required=True),
    formats=dict(type="list", elements="str", choices=list(FORMATS), default=list(FORMATS)),
    title=dict(type="str", default=DEFAULT_TITLE),
    hosts=dict(type="list", elements="str"),
    report_in_check_mode=dict(type="bool", default=True),
)


def plain(value):
    """A deep copy in plain Python types: templated hostvars hold lazy and tagged containers
    (ansible-core 2.19 data tagging) that the renderers and json need not know."""
    if isinstance(value, Mapping):
        return dict((u"%s" % (key,), plain(item)) for key, item in value.items())
    if isinstance(value, str):
        return u"%s" % (value,)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    if is_sequence(value):
        return [plain(item) for item in value]
    return u"%s" % (value,)


def collect_hosts(hostvars, hosts, play_hosts):
    """Per-host input of the fleet model, read from ``hostvars``: only
    ``ansible_facts.outlook_auth``, ``ansible_facts.outlook_auth_findings`` and
    ``officeops_step_results``. A host missing from ``play_hosts`` (the play's remaining
    hosts) failed or was unreachable."""
    remaining = set(play_hosts)
    collected = []
    for name in hosts:
        if name not in hostvars:
            raise ValueError("hosts: '%s' is not a host of the inventory" % name)
        variables = hostvars[name]
        facts = variables.get("ansible_facts") or {}
        collected.append({
            "name": name,
            "reached": name in remaining,
            "facts": plain(facts.get("outlook_auth")),
            "findings": plain(facts.get("outlook_auth_findings")),
            "step_results": plain(variables.get("officeops_step_results")),
        })
    return collected


def find_realms(task_vars):
    """The ``m365_user_realm`` answers (``officeops_realms.realms``), from this host's vars or
    localhost's, where the audit registers them; None when the audit did not look them up."""
    candidates = [task_vars.get("officeops_realms")]
    hostvars = task_vars.get("hostvars") or {}
    if "localhost" in hostvars:
        candidates.append(hostvars["localhost"].get("officeops_realms"))
    for registered in candidates:
        if isinstance(registered, Mapping) and isinstance(registered.get("realms"), Mapping):
            return plain(registered["realms"])
    return None


def prepare_dest(dest):
    """Create ``dest`` if needed; a ValueError naming it when it cannot hold the report."""
    if os.path.exists(dest) and not os.path.isdir(dest):
        raise ValueError("dest: '%s' exists and is not a directory" % dest)
    try:
        os.makedirs(dest, exist_ok=True)
    except OSError as exc:
        raise ValueError("dest: cannot create directory '%s': %s" % (dest, exc.strerror or exc))
    if not os.access(dest, os.W_OK | os.X_OK):
        raise ValueError("dest: directory '%s' is not writable" % dest)


def write_atomically(path, text):
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same directory and
    a rename, so a reader (a pipeline, a browser) never sees half a report."""
    directory = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes 0600; a report is an ordinary file: the mode the umask gives.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_reports(model, dest, formats):
    """Render and write each format; returns format -> path written."""
    prepare_dest(dest)
    written = {}
    for name in FORMATS:
        if name in formats:
            path = os.path.join(dest, FILE_NAMES[name])
            try:
                write_atomically(path, RENDERERS[name](model))
            except OSError as exc:
                raise ValueError("dest: cannot write '%s': %s" % (path, exc.strerror or exc))
            written[name] = path
    return written


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    # The report is written on the controller from hostvars; no host is contacted.
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        # The report never changes a managed host, so it reports changed=false even when it
        # writes; an audit's recap then shows changes on hosts only.
        result["changed"] = False
        if not self._task.run_once:
            result.setdefault("warnings", []).append(
                "fleet_report runs once for the whole play; set 'run_once: true' (each host now rewrites the same files)")
        if not params["formats"]:
            result.update(failed=True, msg="formats: expected at least one of %s; an empty list writes no report" % ", ".join(FORMATS))
            return result
        if not params["title"].strip():
            result.update(failed=True, msg="title: expected a heading for the report, got an empty one")
            return result
        hosts = params["hosts"] if params["hosts"] is not None else list(task_vars.get("ansible_play_hosts_all") or [])
        play_hosts = task_vars.get("ansible_play_hosts") or []
        try:
            collected = collect_hosts(task_vars.get("hostvars") or {}, hosts, play_hosts)
            model = build_model(collected, params["title"], utc_now(), realms=find_realms(task_vars))
        except ValueError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        result.update(
            hosts=model["summary"]["hosts_by_status"],
            counts=model["summary"]["findings_by_severity"],
            findings=model["summary"]["findings"],
            paths={},
        )
        if self._task.check_mode and not params["report_in_check_mode"]:
            result.update(msg="check mode and report_in_check_mode=false: no report written")
            return result
        try:
            result["paths"] = write_reports(model, params["dest"], params["formats"])
        except ValueError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        result["msg"] = "fleet report of %d host(s), %d finding(s) written to %s" % (
            model["summary"]["hosts"], model["summary"]["findings"], params["dest"])
        return result
