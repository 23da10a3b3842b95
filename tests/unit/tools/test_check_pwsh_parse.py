import pathlib

import pytest

from tools import check_pwsh_parse

GOOD = """$spec = @{ options = @{}; supports_check_mode = $true }
function Get-Thing {
    param([string]$Name)
    try { Get-Item -LiteralPath $Name }
    finally { Write-Verbose 'done' }
}
"""
BROKEN = "function Get-Thing {\n    if ($x -eq 1 {\n        'unclosed'\n}\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_passes(tmp_path):
    assert check_pwsh_parse.check([write(tmp_path, "good.ps1", GOOD)], {}) == []


def test_broken_file_is_reported_with_a_line(tmp_path):
    problems = check_pwsh_parse.check([write(tmp_path, "bad.psm1", BROKEN)], {})
    assert len(problems) == 1
    assert "bad.psm1: syntax error near line(s)" in problems[0]


def test_allowlisted_file_passes_and_stale_entry_is_reported(tmp_path):
    bad = write(tmp_path, "bad.ps1", BROKEN)
    good = write(tmp_path, "good.ps1", GOOD)
    allowed = {bad.as_posix(): "grammar gap", good.as_posix(): "was broken once"}
    problems = check_pwsh_parse.check([bad, good], allowed)
    assert problems == ["%s: parses cleanly now; remove it from the allow-list" % good.as_posix()]


def test_allowlist_entry_needs_a_reason(tmp_path):
    listing = write(tmp_path, "allow.yml", "- path: plugins/x.ps1\n  reason: ''\n")
    with pytest.raises(SystemExit, match="non-empty 'reason'"):
        check_pwsh_parse.load_allowlist(listing)


def test_main_fails_on_a_directory_with_a_broken_file(tmp_path, capsys):
    write(tmp_path, "bad.ps1", BROKEN)
    allow = write(tmp_path, "allow.yml", "[]\n")
    assert check_pwsh_parse.main(["--allowlist", str(allow), str(tmp_path)]) == 1
    assert "1 problem(s)" in capsys.readouterr().out


def test_shipped_allowlist_is_well_formed():
    entries = check_pwsh_parse.load_allowlist(check_pwsh_parse.DEFAULT_ALLOWLIST)
    for path in entries:
        assert pathlib.Path(path).suffix in (".ps1", ".psm1")
