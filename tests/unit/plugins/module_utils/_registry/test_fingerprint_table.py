"""The controller's registry fingerprint against the shared table tests/data/registry_fingerprint.json,
which the PowerShell (tests/powershell/module_utils/_RegistryTree.Tests.ps1) must pass too."""

import hashlib
import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry import regfile

TABLE = json.loads((pathlib.Path(__file__).resolve().parents[5] / "tests" / "data" / "registry_fingerprint.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TABLE["cases"], ids=[case["name"] for case in TABLE["cases"]])
def test_fingerprint_is_the_hash_of_the_hand_written_lines(case):
    expected = hashlib.sha256("\n".join(case["lines"]).encode("utf-8")).hexdigest()
    assert regfile.fingerprint(case["tree"]) == expected
