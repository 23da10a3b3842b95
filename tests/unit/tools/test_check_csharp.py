import shutil

import pytest

from tools import check_csharp

GOOD = """using System;
namespace Officeops.Check
{
    public static class Good
    {
        public static int Twice(int value) { return value * 2; }
    }
}
"""
# C# 6 string interpolation: Windows PowerShell 5.1 compiles C# 5 and rejects it.
CSHARP6 = """namespace Officeops.Check
{
    public static class TooNew
    {
        public static string Greet(string name) { return $"hello {name}"; }
    }
}
"""
BROKEN = "namespace Officeops.Check { public class Broken { public void Run() { int x = \"text\"; } } }\n"


@pytest.fixture(scope="module")
def mcs():
    path = shutil.which("mcs")
    if path is None:
        pytest.fail("mcs is required for the C# check (Debian package mono-mcs)")
    return path


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_csharp5_compiles(tmp_path, mcs):
    assert check_csharp.compile_one(write(tmp_path, "_Good.cs", GOOD), tmp_path, mcs) is None


def test_type_error_fails(tmp_path, mcs):
    problem = check_csharp.compile_one(write(tmp_path, "_Broken.cs", BROKEN), tmp_path, mcs)
    assert problem is not None and "CS0029" in problem


def test_csharp6_feature_fails_in_langversion5(tmp_path, mcs):
    problem = check_csharp.compile_one(write(tmp_path, "_TooNew.cs", CSHARP6), tmp_path, mcs)
    assert problem is not None and "mcs failed" in problem


def test_required_utility_is_compiled_alongside(tmp_path, mcs):
    write(tmp_path, "_Helper.cs", GOOD)
    user = write(tmp_path, "_User.cs", "//AnsibleRequires -CSharpUtil ._Helper\n"
                 "namespace Officeops.Use { public static class U { public static int F() "
                 "{ return Officeops.Check.Good.Twice(2); } } }\n")
    assert check_csharp.compile_one(user, tmp_path, mcs) is None


def test_missing_required_utility_is_reported(tmp_path, mcs):
    user = write(tmp_path, "_User.cs", "//AnsibleRequires -CSharpUtil ._Absent\nnamespace N { class C {} }\n")
    problem = check_csharp.compile_one(user, tmp_path, mcs)
    assert problem is not None and "not found" in problem


def test_main_counts_failures(tmp_path, mcs, capsys):
    write(tmp_path, "_Broken.cs", BROKEN)
    write(tmp_path, "_Good.cs", GOOD)
    assert check_csharp.main(["--root", str(tmp_path), str(tmp_path)]) == 1
    assert "2 file(s), 0 embedded source(s), 1 problem(s)" in capsys.readouterr().out


def test_parent_relative_requirement_resolves_like_ansible(tmp_path):
    module = tmp_path / "plugins" / "modules" / "win_x.ps1"
    assert check_csharp.resolve_util("..module_utils._Helper", module, tmp_path, ".cs") == \
        tmp_path / "plugins" / "module_utils" / "_Helper.cs"


def test_ansible_privilege_from_ansible_core_compiles_alongside(tmp_path, mcs):
    user = write(tmp_path, "_UsesPrivilege.cs", "//AnsibleRequires -CSharpUtil Ansible.Privilege\n"
                 "using Ansible.Privilege;\nnamespace N { public static class C { public static System.IDisposable E() "
                 "{ return new PrivilegeEnabler(true, \"SeBackupPrivilege\"); } } }\n")
    assert check_csharp.compile_one(user, tmp_path, mcs) is None


EMBEDDING = """Set-StrictMode -Version 2.0
# csharp-source: Sample
$script:SampleSource = @'
%s
'@
Function Use-It { Add-Type -TypeDefinition $script:SampleSource }
"""


def test_marked_here_string_is_compiled(tmp_path, mcs, capsys):
    write(tmp_path, "_Good.psm1", EMBEDDING % GOOD)
    write(tmp_path, "_Bad.psm1", EMBEDDING % CSHARP6)
    assert [name for name, _text in check_csharp.embedded_sources(tmp_path / "_Bad.psm1")] == ["Sample"]
    assert check_csharp.main(["--root", str(tmp_path), str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "_Bad.psm1 (csharp-source Sample)" in out and "_Good.psm1" not in out
    assert "0 file(s), 2 embedded source(s), 1 problem(s)" in out
