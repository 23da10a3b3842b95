"""Parse every .ps1 / .psm1 with tree-sitter-pwsh; fail on syntax errors.

Files with a known grammar gap are listed in tools/pwsh_parse_allowlist.yml, each with the
reason. An allow-list entry whose file now parses cleanly is reported too, so the list
cannot rot.

Usage: python -m tools.check_pwsh_parse [--allowlist FILE] PATH...
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import yaml

from tools.pwsh_ast import error_lines, parse

DEFAULT_ALLOWLIST = pathlib.Path(__file__).with_name("pwsh_parse_allowlist.yml")


def load_allowlist(path: pathlib.Path) -> dict[str, str]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    allowed = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("path") or not str(entry.get("reason", "")).strip():
            raise SystemExit("%s: entry %d needs a 'path' and a non-empty 'reason'" % (path, index))
        allowed[entry["path"]] = entry["reason"]
    return allowed


def powershell_files(paths: list[str]) -> list[pathlib.Path]:
    files = []
    for item in map(pathlib.Path, paths):
        if item.is_dir():
            files.extend(sorted(p for p in item.rglob("*") if p.suffix.lower() in (".ps1", ".psm1")))
        else:
            files.append(item)
    return files


def check(files: list[pathlib.Path], allowed: dict[str, str]) -> list[str]:
    problems = []
    for path in files:
        lines = error_lines(parse(path.read_bytes()))
        key = path.as_posix()
        if lines and key not in allowed:
            problems.append("%s: syntax error near line(s) %s" % (key, ", ".join(map(str, lines[:10]))))
        elif not lines and key in allowed:
            problems.append("%s: parses cleanly now; remove it from the allow-list" % key)
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allowlist", type=pathlib.Path, default=DEFAULT_ALLOWLIST)
    parser.add_argument("paths", nargs="+")
    options = parser.parse_args(argv)
    files = powershell_files(options.paths)
    problems = check(files, load_allowlist(options.allowlist))
    for problem in problems:
        print(problem)
    print("pwsh parse: %d file(s), %d problem(s)" % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
