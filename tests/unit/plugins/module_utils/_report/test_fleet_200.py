"""The report of a 200-host fleet in all four formats, validated; the HTML opened in headless
Chromium (Debian ``chromium``), screenshot decoded and checked, DOM dumped to prove the
script ran. Without chromium the browser tests skip, except under CI=true, where they fail."""

import csv
import io
import json
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib

import jsonschema
import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._findings.catalog import FINDINGS
from ansible_collections.officeops.outlook_auth.plugins.module_utils._report import csv_report, html, json_report, junit, model

NOW = "2026-11-21T10:15:00Z"
HOSTS = 200
WIDTH, HEIGHT = 1400, 1000


@pytest.fixture
def fleet(fleet_hosts):
    hosts = fleet_hosts(HOSTS)
    return hosts, model.build_model(hosts, "Lab fleet audit", NOW)


def expected_findings(hosts):
    return sorted((h["name"], f["id"], f["user"] or "") for h in hosts if h["reached"] and h["findings"] for f in h["findings"])


def test_the_fleet_is_realistic(fleet):
    hosts, built = fleet
    statuses = built["summary"]["hosts_by_status"]
    assert built["summary"]["hosts"] == HOSTS
    assert statuses["failed_or_unreachable"] == HOSTS // 37 and statuses["no_data"] == 1
    assert statuses["findings"] > 50 and statuses["clean"] > 50
    assert set(f["id"] for f in built["findings"]) == set(FINDINGS)  # every check fires somewhere


def test_html_of_200_hosts(fleet, strict_page):
    hosts, built = fleet
    page = strict_page(html.render_html(built))
    assert page.errors == []
    matrix = page.tables["matrix"][1:]
    assert sorted(r["attributes"]["data-host"] for r in matrix) == sorted(h["name"] for h in hosts)
    rows = page.tables["findings"][1:]
    assert len(rows) == len(expected_findings(hosts))
    for host in hosts:
        if host["reached"] and host["findings"]:
            texts = [r["text"] for r in rows if r["attributes"]["data-host"] == host["name"]]
            for finding in host["findings"]:
                assert any(finding["id"] in text and all(e in text for e in finding["evidence"]) for text in texts)
    ranks = [["critical", "high", "medium", "low", "info"].index(r["attributes"]["data-severity"]) for r in rows]
    assert ranks == sorted(ranks)
    assert page.tags.count("script") == 1 and page.urls == []


def test_json_of_200_hosts(fleet, report_schema):
    hosts, built = fleet
    document = json.loads(json_report.render_json(built))
    jsonschema.validate(document, report_schema, cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert sorted((f["host"], f["id"], f["user"] or "") for f in document["findings"]) == expected_findings(hosts)
    assert len(document["hosts"]) == HOSTS


def test_junit_of_200_hosts(fleet, junit_schema):
    hosts, built = fleet
    text = junit.render_junit(built)
    junit_schema.validate(text)
    root = ET.fromstring(text.encode("utf-8"))
    assert len(root.findall("testsuite")) == HOSTS
    assert len(root.findall("testsuite/testcase")) == HOSTS * len(FINDINGS)
    failed = sorted((s.get("name"), c.get("name")) for s in root.findall("testsuite")
                    for c in s.findall("testcase") if c.find("failure") is not None)
    assert failed == sorted(set((name, finding_id) for name, finding_id, _user in expected_findings(hosts)))
    skipped_suites = [s.get("name") for s in root.findall("testsuite") if s.get("skipped") != "0"]
    assert sorted(skipped_suites) == sorted(h["name"] for h in hosts if not h["reached"] or h["findings"] is None)


def test_csv_of_200_hosts(fleet):
    hosts, built = fleet
    rows = list(csv.DictReader(io.StringIO(csv_report.render_csv(built), newline="")))
    assert sorted((r["host"], r["finding_id"], r["user"]) for r in rows if r["finding_id"]) == expected_findings(hosts)
    with_findings = set(h["name"] for h in hosts if h["reached"] and h["findings"])
    empty = [r["host"] for r in rows if not r["finding_id"]]
    assert sorted(empty) == sorted(h["name"] for h in hosts if h["name"] not in with_findings)
    assert all(not r[c].startswith(("=", "+", "-", "@")) for r in rows for c in csv_report.COLUMNS)


# --- headless Chromium ---------------------------------------------------------------

def chromium_or_skip():
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        return binary
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed; CI installs Debian's chromium (.ci/run)")
    pytest.skip("chromium is not installed (Debian: apt-get install chromium)")


def run_chromium(binary, tmp_path, *arguments):
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--user-data-dir=%s" % (tmp_path / "profile")] + list(arguments)
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False,
                          env=dict(os.environ, HOME=str(tmp_path)))
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def decode_png(data):
    """Width, height and rows of RGB(A) pixel tuples of an 8-bit RGB or RGBA PNG (what
    Chromium writes), with the scanline filters of the PNG specification undone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        offset = y * (stride + 1)
        kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - up_left
                distances = (abs(estimate - left), abs(estimate - up), abs(estimate - up_left))
                predictor = (left, up, up_left)[distances.index(min(distances))]
                line[x] = (line[x] + predictor) & 0xFF
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def hex_colour(value):
    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))


@pytest.fixture
def report_page(fleet, tmp_path):
    _hosts, built = fleet
    page = tmp_path / "report.html"
    page.write_text(html.render_html(built), encoding="utf-8")
    return built, page


def test_chromium_renders_the_report(report_page, tmp_path):
    binary = chromium_or_skip()
    built, page = report_page
    screenshot = tmp_path / "report.png"
    run_chromium(binary, tmp_path, "--screenshot=%s" % screenshot, "--window-size=%d,%d" % (WIDTH, HEIGHT), page.as_uri())
    width, height, rows = decode_png(screenshot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    colours = {}
    for row in rows[::2]:
        for pixel in row[::2]:
            colours[pixel] = colours.get(pixel, 0) + 1
    assert len(colours) > 20, "the page rendered flat"
    # the summary cards of every severity present, as solid areas of their colour
    for severity, colour in html.SEVERITY_COLOURS.items():
        assert colours.get(hex_colour(colour), 0) > 200, "no %s (%s) area in the screenshot" % (severity, colour)


def test_chromium_runs_the_filter_script(report_page, tmp_path):
    binary = chromium_or_skip()
    built, page = report_page
    dom = run_chromium(binary, tmp_path, "--dump-dom", page.as_uri())
    total = built["summary"]["findings"]
    assert '<span id="shown-count">%d of %d findings shown</span>' % (total, total) in dom
    assert '<form id="filters" onsubmit="return false">' in dom  # the script showed the controls
    # the hostile evidence stayed text: its script never ran and no element came of it
    assert "<title>Lab fleet audit</title>" in dom and "<img" not in dom
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom
