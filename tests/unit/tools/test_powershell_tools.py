"""The PowerShell checks of scripts/test: the parse check, the C# load check and the Pester
runner each fail on what they exist to catch. Under CI a missing pwsh fails these tests;
elsewhere they skip."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def pwsh():
    found = subprocess.run([str(ROOT / "tools" / "find_pwsh")], capture_output=True, text=True)
    if found.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("pwsh not found: CI must run the PowerShell checks (scripts/setup installs it)")
        pytest.skip("pwsh not found (scripts/setup installs it)")
    return found.stdout.strip()


def run(pwsh, script, *arguments):
    return subprocess.run([pwsh, "-NoProfile", "-NonInteractive", "-File", str(ROOT / "tools" / script), *arguments],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_parse_check_accepts_windows_powershell_code(pwsh, tmp_path):
    (tmp_path / "good.psm1").write_text("Function Get-Two { param([int]$X) if ($X) { $X * 2 } else { 0 } }\n")
    result = run(pwsh, "check_pwsh_parse.ps1", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file(s), 0 problem(s)" in result.stdout


def test_parse_check_names_file_and_line_of_a_syntax_error(pwsh, tmp_path):
    (tmp_path / "broken.ps1").write_text("Function Get-Two {\n    $x = (1 + \n")
    result = run(pwsh, "check_pwsh_parse.ps1", str(tmp_path))
    assert result.returncode == 1
    assert "broken.ps1:" in result.stdout and "problem(s)" in result.stdout


@pytest.mark.parametrize("code", ["$a = $b ?? 1", "$a = $b ? 1 : 2", "Get-Item x && Get-Item y", "$a = ${b}?.Name"])
def test_parse_check_refuses_what_only_powershell_7_parses(pwsh, tmp_path, code):
    (tmp_path / "newer.ps1").write_text("${b} = $null\n%s\n" % code)
    result = run(pwsh, "check_pwsh_parse.ps1", str(tmp_path))
    assert result.returncode == 1, result.stdout
    assert "needs PowerShell 7" in result.stdout


def ansible_module_utils():
    import ansible.module_utils

    return os.path.dirname(ansible.module_utils.__file__)


def test_csharp_load_check_loads_a_good_utility(pwsh, tmp_path):
    (tmp_path / "_Good.cs").write_text("namespace OfficeopsCheck.Good%d { public static class Two { public static int Get() { return 2; } } }\n"
                                       % os.getpid())
    result = run(pwsh, "check_csharp_load.ps1", "-AnsibleModuleUtils", ansible_module_utils(), "-Path", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "loaded: _Good.cs" in result.stdout


def test_csharp_load_check_fails_on_a_type_error(pwsh, tmp_path):
    (tmp_path / "_Bad.cs").write_text('namespace OfficeopsCheck { public class Bad { public void Run() { int x = "text"; } } }\n')
    result = run(pwsh, "check_csharp_load.ps1", "-AnsibleModuleUtils", ansible_module_utils(), "-Path", str(tmp_path))
    assert result.returncode == 1
    assert "failed: _Bad.cs" in result.stdout


def test_pester_runner_fails_when_a_test_fails(pwsh, tmp_path):
    (tmp_path / "Failing.Tests.ps1").write_text("Describe 'x' { It 'fails' { 1 | Should -Be 2 } }\n")
    result = run(pwsh, "run_pester.ps1", "-Path", str(tmp_path), "-NoCoverage")
    if "Pester is not installed" in result.stderr + result.stdout:
        pytest.skip("Pester is not installed under .tools (scripts/setup)")
    assert result.returncode == 1
    assert "pester: 0 passed, 1 failed" in result.stdout


def test_pester_runner_fails_when_no_test_ran(pwsh, tmp_path):
    (tmp_path / "Empty.Tests.ps1").write_text("Describe 'x' { }\n")
    result = run(pwsh, "run_pester.ps1", "-Path", str(tmp_path), "-NoCoverage")
    if "Pester is not installed" in result.stderr + result.stdout:
        pytest.skip("Pester is not installed under .tools (scripts/setup)")
    assert result.returncode == 1
