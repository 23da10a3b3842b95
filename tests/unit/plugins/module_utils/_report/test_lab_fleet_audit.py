"""The fleet report of a real audit of a 200-host lab fleet (tests/lab/lab.py fleet), with the
tenant check answered by a local user-realm endpoint: one probe per host, one realm lookup per
domain, and the four formats validated against their schemas."""

import csv
import io
import json
import os
import pathlib
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.state import read_counters

ROOT = pathlib.Path(__file__).resolve().parents[5]
BIN = pathlib.Path(sys.executable).parent
HOSTS = 200
# The real endpoint's answer for a GoDaddy-federated domain (the samples of m365_user_realm).
GODADDY = (ROOT / "tests" / "unit" / "plugins" / "module_utils" / "_realm" / "samples" / "federated_godaddy_srf.json").read_bytes()
MANAGED = (ROOT / "tests" / "unit" / "plugins" / "module_utils" / "_realm" / "samples" / "managed_srf.json").read_bytes()


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    out = tmp_path_factory.mktemp("fleet")
    asked = []

    class Realm(BaseHTTPRequestHandler):
        def do_GET(self):
            login = parse_qs(urlsplit(self.path).query).get("login", [""])[0]
            asked.append(login.rpartition("@")[2])
            body = GODADDY if login.endswith("@bloomfield-florist.com") else MANAGED
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Realm)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    env = dict(os.environ, ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    env.pop("OFFICEOPS_LAB_STATE_DIR", None)
    try:
        subprocess.run([str(BIN / "python"), str(ROOT / "tests" / "lab" / "lab.py"), "fleet", str(HOSTS), str(out)],
                       check=True, capture_output=True, text=True, env=env)
        extra = {"audit_realm_lookup": True, "audit_report_dest": str(out / "report"),
                 "audit_realm_base_url": "http://127.0.0.1:%d/getuserrealm.srf" % server.server_address[1]}
        done = subprocess.run([str(BIN / "ansible-playbook"), "-i", str(out / "inventory.yml"), "-f", "20",
                               str(ROOT / "playbooks" / "audit.yml"), "-e", json.dumps(extra)],
                              cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=900, check=False)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-3000:]
    return out, asked


def _report(out, name):
    return (out / "report" / name).read_text(encoding="utf-8")


def test_one_probe_per_host_and_one_realm_lookup_per_domain(audited):
    out, asked = audited
    states = [path for path in (out / "state").glob("*.json") if not path.name.endswith(".counters.json")]
    assert len(states) == HOSTS
    for path in states:
        counters = read_counters(str(path))
        assert counters["wrapper_calls"] == 1 and counters["win_outlook_auth_facts"] == 1, path.name
    assert sorted(asked) == sorted(set(asked)) and "bloomfield-florist.com" in asked


def test_json_report_follows_its_schema_and_holds_every_host(audited, report_schema):
    out, _asked = audited
    document = json.loads(_report(out, "outlook-auth-report.json"))
    jsonschema.validate(document, report_schema, cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert len(document["hosts"]) == HOSTS
    godaddy_hosts = set(f["host"] for f in document["findings"] if f["id"] == "tenant_godaddy_federation")
    assert godaddy_hosts and all("godaddy" in host for host in godaddy_hosts)
    assert not [f for f in document["findings"] if "healthy" in f["host"]]


def test_junit_html_and_csv_of_the_lab_fleet(audited, junit_schema, strict_page):
    out, _asked = audited
    junit_text = _report(out, "outlook-auth-report-junit.xml")
    junit_schema.validate(junit_text)
    assert len(ET.fromstring(junit_text.encode("utf-8")).findall("testsuite")) == HOSTS
    page = strict_page(_report(out, "outlook-auth-report.html"))
    assert page.errors == [] and page.urls == []
    assert len(page.tables["matrix"]) - 1 == HOSTS
    rows = list(csv.DictReader(io.StringIO(_report(out, "outlook-auth-report.csv"), newline="")))
    hosts = set(path.stem for path in (out / "state").glob("*.json") if not path.name.endswith(".counters.json"))
    assert set(row["host"] for row in rows) == hosts
