import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import state as lab_state

SCENARIOS = pathlib.Path(__file__).resolve().parents[4] / "lab" / "scenarios"


def test_every_shipped_scenario_is_valid():
    files = sorted(SCENARIOS.glob("*.json"))
    assert files, "no scenarios found in %s" % SCENARIOS
    for path in files:
        lab_state.load_state(str(path))


def test_error_names_the_file_and_the_field(tmp_path):
    doc = json.loads((SCENARIOS / "healthy.json").read_text())
    doc["users"][0]["session_id"] = "one"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(lab_state.LabStateError) as caught:
        lab_state.load_state(str(path))
    assert str(path) in str(caught.value)
    assert "$.users[0].session_id: expected int, got str" in str(caught.value)


def test_bad_json_is_reported(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{nope")
    with pytest.raises(lab_state.LabStateError, match="not valid JSON"):
        lab_state.load_state(str(path))


def test_runs_work_on_a_copy_and_the_seed_never_changes(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text((SCENARIOS / "healthy.json").read_text())
    before = seed.read_bytes()
    work = tmp_path / "state" / "host.json"
    with lab_state.open_state(str(work), str(seed)) as doc:
        doc["processes"] = []
    assert seed.read_bytes() == before
    with lab_state.open_state(str(work), str(seed)) as doc:
        assert doc["processes"] == []


def test_failed_block_does_not_save(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text((SCENARIOS / "healthy.json").read_text())
    work = tmp_path / "host.json"
    with pytest.raises(RuntimeError):
        with lab_state.open_state(str(work), str(seed)) as doc:
            doc["processes"] = []
            raise RuntimeError("boom")
    assert json.loads(work.read_text())["processes"] != []
