"""m365_user_realm through ansible-playbook against a local user-realm endpoint.

The endpoint is an http.server on 127.0.0.1 (ephemeral port, a daemon thread) that answers
in the real format (samples under module_utils/_realm/samples) and counts the requests per
domain, so the tests see the one-lookup-per-domain rule from the server's side.
"""

import collections
import json
import os
import pathlib
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[4]
PLAYBOOK = pathlib.Path(__file__).parent / "files" / "m365_user_realm.yml"
SAMPLES = ROOT / "tests" / "unit" / "plugins" / "module_utils" / "_realm" / "samples"
SLOW_SECONDS = 3  # longer than the timeout the tests give; bounds how long a handler thread lives


class RealmEndpoint(object):
    """What each domain answers, by the domain of the ``login`` parameter."""

    def __init__(self):
        self.requests = collections.Counter()
        self.logins = []
        self.lock = threading.Lock()

    def answer(self, domain, seen):
        """(status, headers, body, delay) for the ``seen``-th request (1-based) of ``domain``."""
        json_type = {"Content-Type": "application/json; charset=utf-8"}
        samples = {
            "contoso-managed.example": "managed_srf.json",
            "bloomfield-florist.example": "federated_godaddy_srf.json",
            "fabrikam.example": "federated_adfs_srf.json",
            "no-tenant.example": "unknown_srf.json",
        }
        if domain in samples:
            return 200, json_type, (SAMPLES / samples[domain]).read_bytes(), 0
        if domain == "old-bakery.example":  # a server error, then the answer
            if seen == 1:
                return 500, {"Content-Type": "text/html"}, b"<html>Internal Server Error</html>", 0
            return 200, json_type, (SAMPLES / "federated_secureserver_srf.json").read_bytes(), 0
        if domain == "busy.example":  # always overloaded, asks for no wait
            return 503, {"Retry-After": "0"}, b"", 0
        if domain == "slow.example":
            return 200, json_type, (SAMPLES / "managed_srf.json").read_bytes(), SLOW_SECONDS
        if domain == "html.example":
            return 200, {"Content-Type": "text/html"}, (SAMPLES / "error_page.html").read_bytes(), 0
        return 404, {}, b"", 0


def make_handler(endpoint):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            login = parse_qs(urlsplit(self.path).query).get("login", [""])[0]
            domain = login.rpartition("@")[2]
            with endpoint.lock:
                endpoint.requests[domain] += 1
                endpoint.logins.append(login)
                seen = endpoint.requests[domain]
            status, headers, body, delay = endpoint.answer(domain, seen)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout); nothing to answer

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def endpoint():
    state = RealmEndpoint()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    state.base_url = "http://127.0.0.1:%d/getuserrealm.srf" % server.server_address[1]
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def run_module(tmp_path, extra_vars, check=False):
    """The registered result of the module, run by the real ansible-playbook."""
    result_file = tmp_path / "result.json"
    vars_file = tmp_path / "vars.json"
    vars_file.write_text(json.dumps(dict(extra_vars, result_file=str(result_file))))
    env = dict(os.environ, ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"), ANSIBLE_NOCOLOR="1",
               no_proxy="127.0.0.1,localhost", NO_PROXY="127.0.0.1,localhost")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        env.pop(name, None)
    command = [str(pathlib.Path(sys.executable).parent / "ansible-playbook"), str(PLAYBOOK), "-e", "@%s" % vars_file]
    if check:
        command.append("--check")
    done = subprocess.run(command, cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, "%s\n%s" % (done.stdout[-6000:], done.stderr[-3000:])
    return json.loads(result_file.read_text())


def test_managed_godaddy_adfs_and_unknown_domains_one_lookup_each(endpoint, tmp_path):
    names = ["maria@Bloomfield-Florist.example", "bloomfield-florist.example", "ann@bloomfield-florist.example",
             "contoso-managed.example", "joe@fabrikam.example", "FABRIKAM.example.", "no-tenant.example"]
    result = run_module(tmp_path, {"realm_names": names, "realm_base_url": endpoint.base_url})
    assert result.get("failed") is not True and result["changed"] is False
    realms = result["realms"]
    assert sorted(realms) == ["bloomfield-florist.example", "contoso-managed.example", "fabrikam.example", "no-tenant.example"]
    assert result["lookups"] == 4 and result["requests"] == 4
    assert dict(endpoint.requests) == dict.fromkeys(realms, 1)
    assert sorted(endpoint.logins) == sorted("probe@" + domain for domain in realms)  # no operator address sent
    godaddy = realms["bloomfield-florist.example"]
    assert (godaddy["namespace_type"], godaddy["godaddy"], godaddy["federation_brand"]) == ("Federated", True, "Bloomfield Florist")
    assert godaddy["auth_url"].startswith("https://sso.godaddy.com/") and godaddy["error"] is None
    adfs = realms["fabrikam.example"]
    assert (adfs["namespace_type"], adfs["godaddy"]) == ("Federated", False) and "/adfs/ls/" in adfs["auth_url"]
    managed = realms["contoso-managed.example"]
    assert (managed["namespace_type"], managed["godaddy"], managed["auth_url"]) == ("Managed", False, None)
    assert (managed["domain_name"], managed["cloud_instance"]) == ("contoso-managed.example", "microsoftonline.com")
    assert realms["no-tenant.example"]["namespace_type"] == "Unknown"


def test_a_server_error_is_retried_and_failures_stay_per_domain(endpoint, tmp_path):
    names = ["old-bakery.example", "busy.example", "html.example", "slow.example"]
    started = time.monotonic()
    result = run_module(tmp_path, {"realm_names": names, "realm_base_url": endpoint.base_url,
                                   "realm_timeout": 1, "realm_retries": 1})
    elapsed = time.monotonic() - started
    assert result.get("failed") is not True and result["lookups"] == 4
    realms = result["realms"]
    recovered = realms["old-bakery.example"]
    assert recovered["error"] is None and recovered["godaddy"] is True and recovered["auth_url"].startswith("https://sso.secureserver.net/")
    assert realms["busy.example"]["error"].endswith(": HTTP 503 Service Unavailable, after 2 tries")
    assert realms["busy.example"]["godaddy"] is None and realms["busy.example"]["namespace_type"] is None
    assert realms["html.example"]["error"].startswith("the response is not JSON (it starts with '<!DOCTYPE html>")
    assert realms["slow.example"]["error"].endswith("no answer within 1 seconds (timeout), after 2 tries")
    assert dict(endpoint.requests) == {"old-bakery.example": 2, "busy.example": 2, "html.example": 1, "slow.example": 2}
    assert result["requests"] == 7
    assert elapsed < 60  # the slow answer is cut at the timeout, not waited out per try


def test_fail_on_error_fails_with_the_failed_domains_and_keeps_the_result(endpoint, tmp_path):
    result = run_module(tmp_path, {"realm_names": ["busy.example", "contoso-managed.example"],
                                   "realm_base_url": endpoint.base_url, "realm_retries": 0, "realm_fail_on_error": True})
    assert result["failed"] is True
    assert result["msg"] == "user-realm lookup failed for busy.example (fail_on_error=true)"
    assert result["realms"]["contoso-managed.example"]["namespace_type"] == "Managed"


def test_check_mode_still_looks_up(endpoint, tmp_path):
    result = run_module(tmp_path, {"realm_names": ["joe@fabrikam.example"], "realm_base_url": endpoint.base_url}, check=True)
    assert result["changed"] is False and result["realms"]["fabrikam.example"]["namespace_type"] == "Federated"
    assert endpoint.requests["fabrikam.example"] == 1


@pytest.mark.parametrize("extra,message", [
    ({"realm_names": ["ok.example", "not a domain", "x@"]},
     "names: expected an address (name@domain.tld) or a domain (domain.tld); names[1] 'not a domain': "),
    ({"realm_names": ["ok.example"], "realm_timeout": 0}, "timeout: expected 1 to 300, got 0"),
    ({"realm_names": ["ok.example"], "realm_retries": 11}, "retries: expected 0 to 10, got 11"),
    ({"realm_names": ["ok.example"], "realm_base_url": "login.example/getuserrealm.srf"},
     "base_url: expected an http:// or https:// URL, got 'login.example/getuserrealm.srf'"),
])
def test_bad_options_fail_before_any_lookup_naming_the_option(endpoint, tmp_path, extra, message):
    result = run_module(tmp_path, dict({"realm_base_url": endpoint.base_url}, **extra))
    assert result["failed"] is True and message in result["msg"]
    assert sum(endpoint.requests.values()) == 0


def test_an_empty_list_looks_nothing_up(endpoint, tmp_path):
    result = run_module(tmp_path, {"realm_names": [], "realm_base_url": endpoint.base_url})
    assert result.get("failed") is not True
    assert (result["realms"], result["lookups"], result["requests"]) == ({}, 0, 0)
    assert sum(endpoint.requests.values()) == 0
