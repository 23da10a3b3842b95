"""Compile every C# utility with Mono's mcs in C# 5 mode (what Windows PowerShell 5.1's
Add-Type compiles), so a syntax or type error is caught here instead of on a fleet.

Ansible's directives in the source are honoured: ``//AssemblyReference -Name X.dll`` adds a
reference, ``//AnsibleRequires -CSharpUtil NAME`` compiles the named utility alongside
(Ansible.* from ansible-core, ansible_collections.* or ``.Name`` from this collection),
``//AllowUnsafe`` allows unsafe code. Output goes to a temporary file: never /dev/null,
which mcs replaces with a file when run as root.

C# that is compiled on Windows by Add-Type from a PowerShell here-string (code that must also
run in a process without the module's types, such as a task in the user's session) is
checked the same way when the line before the assignment says ``# csharp-source: NAME``.

Usage: python -m tools.check_csharp PATH...
"""

from __future__ import annotations

import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from tools.collection import resolve_util

_REQUIRES = re.compile(r"^//\s*AnsibleRequires\s+-CSharpUtil\s+(\S+)", re.MULTILINE | re.IGNORECASE)
_REFERENCE = re.compile(r"^//\s*AssemblyReference\s+-Name\s+(\S+)", re.MULTILINE | re.IGNORECASE)
_UNSAFE = re.compile(r"^//\s*AllowUnsafe\b", re.MULTILINE | re.IGNORECASE)
_EMBEDDED = re.compile(r"^#\s*csharp-source:\s*(\S+)\s*\n\$[\w:]+\s*=\s*@'\r?\n(.*?)\r?\n'@", re.MULTILINE | re.DOTALL)


def embedded_sources(path: pathlib.Path) -> list[tuple[str, str]]:
    """(name, C# text) of every marked here-string in a PowerShell file."""
    return _EMBEDDED.findall(path.read_text(encoding="utf-8-sig"))


def compile_text(label: str, text: str, mcs: str) -> str | None:
    """Compile C# held in a PowerShell file; None when it compiles."""
    with tempfile.TemporaryDirectory(prefix="cs-embedded-") as workdir:
        source = pathlib.Path(workdir, "embedded.cs")
        source.write_text(text, encoding="utf-8")
        problem = compile_one(source, pathlib.Path(workdir), mcs)
    return None if problem is None else problem.replace(str(source), label)


def sources_for(path: pathlib.Path, root: pathlib.Path) -> tuple[list[pathlib.Path], set[str], bool]:
    """The file plus every utility it requires (transitively), references, unsafe flag."""
    ordered, references, unsafe = [], set(), False
    pending = [path]
    while pending:
        current = pending.pop()
        if current in ordered:
            continue
        if not current.is_file():
            raise ValueError("%s: required C# utility not found" % current)
        ordered.append(current)
        text = current.read_text(encoding="utf-8-sig")
        references.update(_REFERENCE.findall(text))
        unsafe = unsafe or bool(_UNSAFE.search(text))
        pending.extend(resolve_util(name, current, root, ".cs") for name in _REQUIRES.findall(text))
    return ordered, references, unsafe


def compile_one(path: pathlib.Path, root: pathlib.Path, mcs: str) -> str | None:
    """None when it compiles, else the compiler's complaint."""
    try:
        sources, references, unsafe = sources_for(path, root)
    except ValueError as exc:
        return str(exc)
    with tempfile.TemporaryDirectory(prefix="cs-check-") as workdir:
        command = [mcs, "-langversion:5", "-target:library", "-nologo", "-warn:4",
                   "-out:%s" % pathlib.Path(workdir, "check.dll")]
        command += ["-r:%s" % ref for ref in sorted(references)]
        if unsafe:
            command.append("-unsafe")
        command += [str(source) for source in sources]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return "%s: mcs failed:\n%s" % (path, (done.stdout + done.stderr).strip())
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path.cwd(), help="collection root")
    parser.add_argument("paths", nargs="+")
    options = parser.parse_args(argv)
    mcs = shutil.which("mcs")
    if mcs is None:
        print("C# check: mcs not found; install Debian's mono-mcs (scripts/setup does)")
        return 2
    files, scripts = [], []
    for item in map(pathlib.Path, options.paths):
        if item.is_dir():
            files.extend(sorted(item.rglob("*.cs")))
            scripts.extend(sorted(p for p in item.rglob("*") if p.suffix.lower() in (".ps1", ".psm1")))
        elif item.suffix.lower() == ".cs":
            files.append(item)
        else:
            scripts.append(item)
    problems = [problem for problem in (compile_one(path, options.root, mcs) for path in files) if problem]
    embedded = [("%s (csharp-source %s)" % (path, name), text) for path in scripts for name, text in embedded_sources(path)]
    problems += [problem for problem in (compile_text(label, text, mcs) for label, text in embedded) if problem]
    for problem in problems:
        print(problem)
    print("C# compile: %d file(s), %d embedded source(s), %d problem(s)" % (len(files), len(embedded), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
