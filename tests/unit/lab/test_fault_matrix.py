"""Fault matrix (issue 13): a connection that drops after any operation of remediate_657rx
loses nothing, leaves nothing behind, and a rerun reaches the uninterrupted end state.

Affordable by design (three ansible-playbook runs in all, not one per variant):

1. remediate_657rx once on the normal lab: each scenario's operation count (the lab counts
   each wrapper call and each applied op, tests/lab/README.md "faults") and end state;
2. a temporary lab with one scenario file and one host per (scenario, N), N = 1 .. ops - 1,
   whose ``faults.drop_connection_after_ops`` is N: the connection drops right before
   operation N + 1 (N = 0 would drop at the audit's first probe, before anything happens);
   remediate_657rx once over all of them (the drops make hosts unreachable mid-run);
3. the fault and the counters cleared, remediate_657rx once more over all of them.

Each variant is then its own test, so a failure names the scenario and N.
"""

import json
import pathlib
import re

import pytest
import yaml

from ansible_collections.officeops.outlook_auth.plugins.module_utils._broker.reset import BACKUP_ROOT as BROKER_BACKUP_ROOT
from ansible_collections.officeops.outlook_auth.plugins.module_utils._credentials.match import PurgePolicy
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.identity import BACKUP_FOLDER
from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace.accounts import JOIN_INFO_KEY
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.state import counters_path, load_state, save_state

ROOT = pathlib.Path(__file__).resolve().parents[3]
LAB = ROOT / "tests" / "lab"
PLAYBOOK = ROOT / "playbooks" / "remediate_657rx.yml"
SCENARIOS = sorted(path.stem for path in (LAB / "scenarios").glob("*.json"))
# Variants are parametrized before the first run tells how many operations a scenario has, so
# the matrix reserves N up to this bound; N past a scenario's last operation is skipped, and
# test_matrix_reaches_every_operation fails when a scenario outgrows the bound.
MAX_DROP_AFTER = 24
# Every run: one batch (a canary batch of one dropped host would stop nothing, but batches
# cost time), no failure stops the rollout (failing is the point), and a fixed incident id so
# the once markers of all three runs name the same incident whatever the day.
RUN_VARS = {"outlook_auth_serial": ["100%"], "outlook_auth_max_fail_percentage": 100, "outlook_auth_once": "fault-matrix"}
FORKS = "10"
# The plans' "now" (UTC YYYYMMDDTHHMMSSZ) in backup names and in the value recording a profile
# this collection created, and the date part of it in new profile names (Outlook-YYYYMMDD):
# every run has its own, so two runs never agree on it.
PLAN_TIMESTAMP = re.compile(r"\b\d{8}T\d{6}Z\b")
PROFILE_DATE = re.compile(r"\bOutlook-\d{8}\b")
# Where the collection keeps what it moved or deleted, inside the user's profile.
BACKUP_ROOTS = (BACKUP_FOLDER.lower() + "\\", BROKER_BACKUP_ROOT.lower() + "\\")
KEEP_INTACT = (".pst", ".ost")
# Strict xfails for variants whose rerun does not converge, with the reason. None left: a rerun
# reuses a never-used profile of ours (a cut before the default switch converges), and the
# profile step writes its once marker before the switch and finishes a switch cut off after it
# (corrupt_profile's profile step: facts probe (1), profile probe (2), apply call (3), ours
# marker (4), create_key (5), ZeroConfigExchange (6), PickLogonProfile (7), once (8),
# DefaultProfile (9): drop-08 is that cut).
KNOWN_DIVERGENT = {}


def variant_name(scenario, drop_after):
    return "%s-drop-%02d" % (scenario, drop_after)


def read_state(state_dir, host):
    """The host's state file as written (its counters live in another file)."""
    return json.loads((state_dir / (host + ".json")).read_text(encoding="utf-8"))


def read_ops(state_dir, host):
    return json.loads(pathlib.Path(counters_path(str(state_dir / (host + ".json")))).read_text()).get("ops", 0)


def recap(stdout):
    """host -> PLAY RECAP counts of one ansible-playbook run."""
    counts = {}
    for line in stdout.splitlines():
        match = re.match(r"^(\S+)\s+:\s+(ok=.*)$", line)
        if match:
            counts[match.group(1)] = dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", match.group(2)))
    return counts


def comparable(state):
    """The state with what legitimately differs between two runs that did the same work:

    - ``runtime``: lists the lab keeps while a wrapper works; it must be empty at the end
      (test_nothing_is_left_behind checks that), and empty equals absent;
    - the plans' timestamps and the dated profile names (PLAN_TIMESTAMP, PROFILE_DATE): each
      run has its own "now", so they name the time of the run, not what it did.

    ``faults`` need no exclusion (the test restores the seed's) and the counters are not in
    the state file at all. Once markers hold the time the lab writes (not the run's), so
    they are compared as they are: a missing once marker is a difference.
    """
    def scrub(value):
        if isinstance(value, dict):
            return dict((scrub(key), scrub(item)) for key, item in value.items())
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, str):
            return PROFILE_DATE.sub("Outlook-<date>", PLAN_TIMESTAMP.sub("<now>", value))
        return value
    return scrub(dict((key, value) for key, value in state.items() if key != "runtime"))


def differences(expected, actual, path="$"):
    """JSON paths where two states differ, for a readable failure."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                found.append("%s.%s: missing (expected %s)" % (path, key, json.dumps(expected[key])[:200]))
            elif key not in expected:
                found.append("%s.%s: unexpected %s" % (path, key, json.dumps(actual[key])[:200]))
            else:
                found.extend(differences(expected[key], actual[key], "%s.%s" % (path, key)))
        return found
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [line for index, (a, b) in enumerate(zip(expected, actual)) for line in differences(a, b, "%s[%d]" % (path, index))]
    return [] if expected == actual else ["%s: expected %s, got %s" % (path, json.dumps(expected)[:200], json.dumps(actual)[:200])]


def key_paths(tree, prefix=""):
    for name, sub in tree.get("keys", {}).items():
        path = prefix + "\\" + name if prefix else name
        yield path
        yield from key_paths(sub, path)


def in_backup(path):
    return path.lower().startswith(BACKUP_ROOTS)


def lost_or_left(seed, state):
    """What the end state lost against its seed or left behind, as readable problems."""
    problems = []
    for name, left in sorted(state.get("runtime", {}).items()):
        if left:
            problems.append("runtime.%s still holds %s" % (name, left))
    policy = PurgePolicy()  # the collection's own decision of what is Office sign-in state
    users = dict((user["sid"], user) for user in state["users"])
    for seeded in seed["users"]:
        user = users.get(seeded["sid"])
        if user is None:
            problems.append("user %s is gone" % seeded["name"])
            continue
        vault = [dict(credential) for credential in user.get("vault", [])]
        for credential in seeded.get("vault", []):
            if not policy.decide(credential)[0] and credential not in vault:
                problems.append("%s: non-Office credential %r is gone or changed" % (seeded["name"], credential["target"]))
        files = user.get("files", {})
        backed_up = [(path.rpartition("\\")[2].lower(), item.get("size")) for path, item in files.items() if in_backup(path)]
        for path, item in sorted(seeded.get("files", {}).items()):
            if item["kind"] != "file" or in_backup(path):
                continue
            kept = files.get(path)
            if path.lower().endswith(KEEP_INTACT) and kept is not None and kept.get("size") != item.get("size"):
                problems.append("%s: %s changed size" % (seeded["name"], path))
            if kept is None and (path.rpartition("\\")[2].lower(), item.get("size")) not in backed_up:
                # Whatever leaves its place (token files, .ost caches) is moved into a backup
                # folder of the profile whole; .pst files never move at all.
                problems.append("%s: %s is gone and no backup folder holds it with its size" % (seeded["name"], path))
            if kept is None and path.lower().endswith(".pst"):
                problems.append("%s: %s was moved; .pst files are never touched" % (seeded["name"], path))
        backups = " ".join(item.get("content", "") for path, item in files.items() if path.lower().endswith(".reg") and in_backup(path))
        for gone in sorted(set(key_paths(seeded["hive"])) - set(key_paths(user["hive"]))):
            # WPJCleanUp (Microsoft's tool, run by win_work_school_account) removes the work
            # account registrations itself; its undo is joining again, not a .reg import.
            if gone.lower().startswith(JOIN_INFO_KEY.lower()):
                continue
            if ("\\" + gone + "]").lower() not in backups.lower():
                problems.append("%s: registry key %s was deleted without a .reg backup naming it" % (seeded["name"], gone))
    return problems


class Matrix(object):
    """The three runs and what the tests read from them."""

    def __init__(self, base, baseline):
        self.baseline = baseline
        # conftest's runner, on a state directory of its own
        self.faulted = type(baseline)(base / "matrix-state")
        self.lab_dir = base / "matrix-lab"
        self.base = base
        self.ops, self.expected, self.variants, self.drop_ops = {}, {}, {}, {}

    def run(self, runner, label, *args):
        variables = dict(RUN_VARS, audit_report_dest=str(self.base / ("report-" + label)))
        return runner(PLAYBOOK, "-e", json.dumps(variables), "-f", FORKS, *args, expect_rc=None)

    def learn_uninterrupted(self):
        done = self.run(self.baseline, "baseline")
        assert done.returncode == 0, done.stdout[-4000:]
        for scenario in SCENARIOS:
            self.ops[scenario] = read_ops(self.baseline.state_dir, scenario)
            self.expected[scenario] = read_state(self.baseline.state_dir, scenario)

    def write_variants(self):
        (self.lab_dir / "scenarios").mkdir(parents=True)
        inventory = yaml.safe_load((LAB / "inventory.yml").read_text())
        group = inventory["all"]["children"]["outlook_lab"]
        hosts = {}
        for scenario in SCENARIOS:
            seed = json.loads((LAB / "scenarios" / (scenario + ".json")).read_text(encoding="utf-8"))
            for drop_after in range(1, self.ops[scenario]):
                name = variant_name(scenario, drop_after)
                faulted = dict(seed, faults=dict(seed.get("faults", {}), drop_connection_after_ops=drop_after))
                (self.lab_dir / "scenarios" / (name + ".json")).write_text(json.dumps(faulted, indent=1), encoding="utf-8")
                hosts[name] = {"officeops_lab_scenario": name}
                self.variants[name] = (scenario, drop_after)
        # The lab's own operator choices, so the variants run as their scenarios do.
        variables = dict(group["vars"], officeops_lab_dir=str(self.lab_dir))
        (self.lab_dir / "inventory.yml").write_text(yaml.safe_dump({"all": {"children": {"outlook_lab": {
            "vars": variables, "hosts": hosts}}}}))

    def clear_faults(self):
        """What an operator would see on the rerun: the same machine, a working connection."""
        for name, (scenario, _drop_after) in self.variants.items():
            path = self.faulted.state_dir / (name + ".json")
            self.drop_ops[name] = read_ops(self.faulted.state_dir, name)
            state = load_state(str(path))
            state["faults"] = json.loads((LAB / "scenarios" / (scenario + ".json")).read_text(encoding="utf-8")).get("faults", {})
            save_state(str(path), state)
            pathlib.Path(counters_path(str(path))).unlink()


@pytest.fixture(scope="module")
def matrix(tmp_path_factory, module_playbook):
    matrix = Matrix(tmp_path_factory.mktemp("fault-matrix"), module_playbook)
    matrix.learn_uninterrupted()
    matrix.write_variants()
    inventory = str(matrix.lab_dir / "inventory.yml")
    matrix.dropped = matrix.run(matrix.faulted, "dropped", "-i", inventory)
    matrix.clear_faults()
    matrix.rerun = matrix.run(matrix.faulted, "rerun", "-i", inventory)
    matrix.rerun_recap = recap(matrix.rerun.stdout)
    return matrix


def variant_params(divergent):
    params = []
    for scenario in SCENARIOS:
        for drop_after in range(1, MAX_DROP_AFTER + 1):
            name = variant_name(scenario, drop_after)
            marks = [pytest.mark.xfail(strict=True, reason=divergent[name])] if name in divergent else []
            params.append(pytest.param(scenario, drop_after, id=name, marks=marks))
    return params


def exercised(matrix, scenario, drop_after):
    if drop_after >= matrix.ops[scenario]:
        pytest.skip("N is past the last operation of the scenario's uninterrupted run")
    return variant_name(scenario, drop_after)


def test_matrix_reaches_every_operation(matrix):
    too_long = dict((s, n) for s, n in matrix.ops.items() if n - 1 > MAX_DROP_AFTER)
    assert not too_long, "raise MAX_DROP_AFTER: these scenarios run more operations %s" % too_long
    # The matrix is not empty: the scenarios that change something have operations to cut.
    assert len(matrix.variants) >= len([s for s in SCENARIOS if matrix.ops[s] > 1]) > 0


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_uninterrupted_run_loses_nothing_and_leaves_nothing(matrix, scenario):
    seed = json.loads((LAB / "scenarios" / (scenario + ".json")).read_text(encoding="utf-8"))
    assert lost_or_left(seed, matrix.expected[scenario]) == []


@pytest.mark.parametrize("scenario, drop_after", variant_params(KNOWN_DIVERGENT))
def test_dropped_connection_then_rerun_reaches_the_uninterrupted_state(matrix, scenario, drop_after):
    name = exercised(matrix, scenario, drop_after)
    # The drop happened exactly there: operation N + 1 was refused and nothing ran after it.
    assert matrix.drop_ops[name] == drop_after + 1, "the connection did not drop after operation %d" % drop_after
    assert recap(matrix.dropped.stdout)[name]["unreachable"] == 1
    counts = matrix.rerun_recap.get(name)
    assert counts is not None and counts["failed"] == 0 and counts["unreachable"] == 0, (counts, matrix.rerun.stdout[-3000:])
    actual = comparable(read_state(matrix.faulted.state_dir, name))
    expected = comparable(matrix.expected[scenario])
    assert differences(expected, actual) == []


# Every variant loses nothing and leaves nothing, the divergent ones too.
@pytest.mark.parametrize("scenario, drop_after", variant_params({}))
def test_dropped_connection_then_rerun_loses_nothing_and_leaves_nothing(matrix, scenario, drop_after):
    name = exercised(matrix, scenario, drop_after)
    seed = json.loads((LAB / "scenarios" / (scenario + ".json")).read_text(encoding="utf-8"))
    assert lost_or_left(seed, read_state(matrix.faulted.state_dir, name)) == []
