"""Judge one wrapper result (a JSON file) against the wrapper's contract, for the Pester
harness (tests/powershell/Harness.ps1): the contract is written once, in Python, and the
PowerShell is held to that same text rather than to a copy.

Usage: python -m tools.check_contract WRAPPER probe|apply|ops FILE
  probe, apply: FILE holds the module's whole result; ops: FILE holds a list of ops.
Exit 0 when it keeps the contract; else 1, one problem per line.
"""

from __future__ import annotations

import json
import pathlib
import sys

from tools.collection import ensure_importable

CHECKS = ("probe", "apply", "ops")


def problems(wrapper: str, phase: str, document) -> list[str]:
    ensure_importable()
    from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract import wrappers

    if phase == "ops":
        return wrappers.check_ops(wrapper, document)
    if not isinstance(document, dict):
        return ["$: the result is %s, not an object" % type(document).__name__]
    return wrappers.check_probe(wrapper, document) if phase == "probe" else wrappers.check_apply(wrapper, document)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3 or argv[1] not in CHECKS:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    wrapper, phase, path = argv
    try:
        found = problems(wrapper, phase, json.loads(pathlib.Path(path).read_text(encoding="utf-8")))
    except ValueError as exc:
        found = [str(exc)]
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
