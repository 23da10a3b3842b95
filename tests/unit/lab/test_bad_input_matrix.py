# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad-input matrix (issue 13): every option of every module with malformed values.

Each case must fail with a message naming the option, report changed=false, make no
wrapper call (the value is refused on the controller, before any round trip) and leave the
lab host's state file byte for byte as it was (and write no fleet report). One playbook run
per module holds all of its cases (ignore_errors + register); after each case a set_fact
records the state file's hash, the counters and the report folder, and the last task dumps
everything to JSON for the parametrized tests below. Cases: files/bad_input_cases.py.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import importlib.util
import json
import os
import pathlib
import shutil

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
HOST = "godaddy_657rx"
SEED = ROOT / "tests" / "lab" / "scenarios" / (HOST + ".json")


def _load_cases():
    spec = importlib.util.spec_from_file_location("bad_input_cases", str(ROOT / "tests" / "unit" / "lab" / "files" / "bad_input_cases.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _load_cases()
MATRIX = CASES.all_cases(ROOT)
PARAMS = [pytest.param(module, index, id="%s-%s-%s" % (case.module, case.option, case.name))
          for module, cases in MATRIX.items() for index, case in enumerate(cases)]

# After each case: the state file's hash (the file lookup strips trailing whitespace, as
# the test does for the seed), the counters file if any, and the report folder's files.
_AFTER = {
    "state": "{{ lookup('ansible.builtin.file', lab_state_file) | hash('sha1') }}",
    "counters": "{{ lookup('ansible.builtin.file', lab_counters_file) if query('ansible.builtin.fileglob', lab_counters_file) "
                "else '' }}",
    "reports": "{{ query('ansible.builtin.fileglob', report_dir ~ '/*') }}",
}


def playbook_for(module, cases, report_dir):
    baseline = dict(CASES.BASELINES[module])
    if module == "fleet_report":
        baseline["dest"] = str(report_dir)
    tasks = [{"name": "before the cases", "ansible.builtin.set_fact": {"after_start": dict(_AFTER)}}]
    for index, case in enumerate(cases):
        task = {"name": "case %d: %s / %s" % (index, case.option, case.name),
                "officeops.outlook_auth.%s" % module: dict(baseline, **case.args),
                "register": "case_%d" % index, "ignore_errors": True}
        if module == "fleet_report":
            task["run_once"] = True
        tasks.append(task)
        tasks.append({"name": "after case %d" % index, "ansible.builtin.set_fact": {"after_%d" % index: dict(_AFTER)}})
    dump = "{{ {'after_start': after_start, %s} | to_json }}" % ", ".join("'case_%d': case_%d, 'after_%d': after_%d" % (i, i, i, i) for i in range(len(cases)))
    tasks.append({"name": "Dump every result", "ansible.builtin.copy": {"content": dump, "dest": "{{ dump_file }}", "mode": "0600"},
                  "check_mode": False})
    return [{"name": "Bad input for %s" % module, "hosts": HOST, "gather_facts": False, "tasks": tasks}]


@pytest.fixture(scope="module")
def matrix_results(module_playbook, tmp_path_factory):
    """Runs every module's playbook, each on its own seeded lab state, a few at a time (each
    run is mostly one process waiting on its forks); returns module -> dumped results."""
    playbook_run = type(module_playbook)

    def run(module):
        work = tmp_path_factory.mktemp("bad-input-%s" % module)
        state_dir = work / "lab-state"
        state_dir.mkdir()
        # Seeded up front: a refused call must leave the file as it was, not just not create it.
        shutil.copyfile(str(SEED), str(state_dir / (HOST + ".json")))
        playbook = work / "playbook.yml"
        playbook.write_text(yaml.safe_dump(playbook_for(module, MATRIX[module], work / "report"),
                                           allow_unicode=True, sort_keys=False), encoding="utf-8")
        dump = work / "dump.json"
        playbook_run(state_dir)(playbook, "-e", json.dumps({
            "dump_file": str(dump), "lab_state_file": str(state_dir / (HOST + ".json")),
            "lab_counters_file": str(state_dir / (HOST + ".counters.json")), "report_dir": str(work / "report")}))
        return module, json.loads(dump.read_text(encoding="utf-8"))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(pool.map(run, MATRIX))


def test_every_option_of_every_module_has_cases():
    for module, cases in MATRIX.items():
        documented = set(CASES.documented_options(ROOT, ROOT / "plugins" / "modules" / (module + ".py")))
        covered = set(case.option for case in cases)
        assert documented <= covered, "%s: no bad-input case for %s" % (module, sorted(documented - covered))


def test_every_module_is_in_the_matrix():
    modules = sorted(path.stem for path in (ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
    assert sorted(MATRIX) == modules


@pytest.mark.parametrize("module, index", PARAMS)
def test_bad_value_is_refused_before_any_change(matrix_results, module, index):
    case = MATRIX[module][index]
    results = matrix_results[module]
    result, after = results["case_%d" % index], results["after_%d" % index]
    # Compared with the state just before this case, so one accepted case fails alone.
    before = results["after_%d" % (index - 1)] if index else results["after_start"]
    accepted = CASES.ACCEPTED.get((case.module, case.option, case.name))
    if accepted:
        assert not result.get("failed"), "%s (accepted: %s): %s" % (case, accepted, result.get("msg"))
        return
    assert result.get("failed") is True, "accepted %r: %s" % (case.args, json.dumps(result)[:2000])
    message = result.get("msg") or ""
    assert case.names in message, "the message does not name %s: %s" % (case.names, message)
    assert result.get("changed") is False
    assert after["state"] == before["state"], "the lab state file changed"
    assert after["counters"] == before["counters"], "a wrapper was called: %s" % after["counters"]
    assert after["reports"] == before["reports"], "a report was written: %s" % after["reports"]


def test_the_state_file_is_the_seed_it_started_from(matrix_results):
    seed_hash = hashlib.sha1(SEED.read_text(encoding="utf-8").rstrip().encode("utf-8")).hexdigest()
    for module, results in matrix_results.items():
        assert results["after_start"]["state"] == seed_hash, module
        assert results["after_start"]["counters"] == "" and results["after_start"]["reports"] == [], module
