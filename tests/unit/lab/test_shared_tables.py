"""The lab twins against the shared expected-behaviour tables under tests/data, which the
PowerShell passes too (tests/powershell/tables/*.Tests.ps1): where the host decides, the twin
has its own implementation, and these tables hold both to the same hand-written results.

- user_selection.json: which profiles the ``user`` option selects (users.select_users,
  users.resolve);
- session_access.json: how the user's logon session is reached (users.session_access,
  wam.session_access);
- once_marker.json: where once markers live and what they report (users.once_markers,
  users.set_once_marker);
- user_ops.json: what each registry op returns and leaves behind (userstate.apply_user_ops).
"""

import copy
import hashlib
import json
import pathlib
import re

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.regfile import fingerprint
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import already_done
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.session import plan_session
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry, users, userstate, wam

DATA = pathlib.Path(__file__).resolve().parents[2] / "data"
UTC_TIME = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z\Z")


def table(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def cases(name, section="cases"):
    return [pytest.param(case, id=case["name"]) for case in table(name)[section]]


SELECTION = table("user_selection.json")
SESSIONS = table("session_access.json")
MARKERS = table("once_marker.json")
OPS = table("user_ops.json")


# --- helpers: tree shapes (independent of the code under test) ---------------------------

def full(tree):
    """A tree with 'keys' and 'values' on every key."""
    return {"keys": dict((name, full(child)) for name, child in tree.get("keys", {}).items()),
            "values": copy.deepcopy(tree.get("values", {}))}


def flatten(tree, prefix=""):
    """Key path -> values for every key that has values or no subkeys."""
    flat = {}
    for name, child in tree.get("keys", {}).items():
        path = prefix + "\\" + name if prefix else name
        if child.get("values") or not child.get("keys"):
            flat[path] = copy.deepcopy(child.get("values", {}))
        flat.update(flatten(child, path))
    return flat


def unflatten(flat):
    tree = {"keys": {}, "values": {}}
    for path, values in flat.items():
        key = registry.ensure_key(tree, path)
        key.setdefault("values", {}).update(copy.deepcopy(values))
    return tree


def stamp_times(expected_values, actual_values):
    """Where the table says '<utc time>', the actual value must be such a time; then it
    compares as the placeholder."""
    for name, value in expected_values.items():
        if value["data"] == "<utc time>" and name in actual_values:
            assert actual_values[name]["type"] == "REG_SZ" and UTC_TIME.match(actual_values[name]["data"]), actual_values[name]
            actual_values[name] = dict(actual_values[name], data="<utc time>")


def stamp_tree(expected, actual):
    stamp_times(expected.get("values", {}), actual.get("values", {}))
    for name, child in expected.get("keys", {}).items():
        if name in actual.get("keys", {}):
            stamp_tree(child, actual["keys"][name])


def assert_error(expected, actual):
    if "error_match" in expected:
        assert actual is not None and re.search(expected["error_match"], actual), actual
    else:
        assert actual == expected["error"]


# --- user_selection.json -------------------------------------------------------------------

def test_selection_table_is_consistent():
    for case in SELECTION["cases"]:
        assert case["machine"] in SELECTION["machines"], case["name"]
        assert (case["problem"] is None) == bool(case["sids"]), case["name"]


@pytest.mark.parametrize("case", cases("user_selection.json"))
def test_user_selection(case):
    machine = SELECTION["machines"][case["machine"]]
    asked = []

    def lookup(account):
        asked.append(account)
        return case["lookup"].get(account)

    selected, problem = users.select_users(case["user"], copy.deepcopy(machine["profiles"]), lookup)
    assert [profile["sid"] for profile in selected] == case["sids"]
    assert problem == case["problem"]
    assert asked == ([case["user"]] if case["lookup_used"] else [])


def lab_state(machine):
    """A lab machine holding the table's profiles (with the UPNs the lab keeps)."""
    consoles = [p["session_id"] for p in machine["profiles"] if p["console"]]
    return {
        "windows": {"build": 22631, "edition": "Enterprise", "computer_name": machine["computer_name"]},
        "console_session_id": consoles[0] if consoles else -1,
        "users": [{"sid": p["sid"], "name": p["name"], "upn": p["upn"], "profile_path": p["profile_path"],
                   "hive_loaded": p["hive_loaded"], "logged_on": p["logged_on"], "session_id": p["session_id"], "hive": {}}
                  for p in machine["profiles"]],
    }


@pytest.mark.parametrize("case", cases("user_selection.json"))
def test_lab_resolution_answers_the_lookup_from_its_users(case):
    """resolve on a lab machine: its own account lookup (names, UPNs, .\\name) reaches the
    same profiles as what Windows answers in the table."""
    selected, problem = users.resolve(lab_state(SELECTION["machines"][case["machine"]]), case["user"])
    assert [profile["sid"] for profile in selected] == case["sids"]
    assert problem == case["problem"]


# --- session_access.json -------------------------------------------------------------------

def session_profile(case):
    who = SESSIONS["users"][case["target"]]
    return {"sid": who["sid"], "name": who["name"], "logged_on": case["logged_on"]}


@pytest.mark.parametrize("case", cases("session_access.json"))
def test_session_access(case):
    identity = {"sid": SESSIONS["users"][case["process"]["as"]]["sid"], "network_logon": case["process"]["network_logon"]}
    assert users.session_access(session_profile(case), case["session"], identity) == case["access"]


@pytest.mark.parametrize("case", cases("session_access.json"))
def test_wam_twin_reaches_the_session_the_same_way(case):
    """The twins' entry point: the lab knows the process only as the become user's SID, or
    None for the administrator's network logon."""
    process = case["process"]
    context = {"running_as_sid": None if process["network_logon"] else SESSIONS["users"][process["as"]]["sid"]}
    assert wam.session_access(session_profile(case), {"session": case["session"]}, context) == case["access"]


@pytest.mark.parametrize("case", cases("session_access.json"))
def test_controller_explains_the_same_decision(case):
    """plan_session, whose words the controller reports, decides as the host does."""
    process = case["process"]
    running_as = None if process["network_logon"] else SESSIONS["users"][process["as"]]["sid"]
    how = plan_session(session_profile(case), case["session"], running_as)["how"]
    names = {"direct": "direct", "interactive_task": "interactive_task", "skip": "not_logged_on", "fail": "become_mismatch"}
    assert names[how] == case["access"]


# --- once_marker.json ----------------------------------------------------------------------

@pytest.mark.parametrize("case", cases("once_marker.json", "read"))
def test_once_markers_read(case):
    hive = copy.deepcopy(case["hive"])
    markers = users.once_markers(hive, case["action"])
    assert markers == case["markers"]
    assert already_done(markers, case["once"]) == case["stops_rerun_at"]
    assert hive == case["hive"]


@pytest.mark.parametrize("case", cases("once_marker.json", "write"))
def test_once_markers_written(case):
    hive = copy.deepcopy(case["hive"])
    for record in case["record"]:
        users.set_once_marker(hive, record["action"], record["once_id"], users.marker_time({}))
    actual = full(hive)
    stamp_tree(case["after"], actual)
    assert actual == full(case["after"])


@pytest.mark.parametrize("bad", [pytest.param(bad, id=repr(bad["action"])) for bad in MARKERS["bad_actions"]])
def test_bad_action_names_are_refused(bad):
    hive = {"keys": {"Software": {}}}
    with pytest.raises(ValueError) as caught:
        users.once_markers(hive, bad["action"])
    assert re.search(bad["message"], str(caught.value))
    with pytest.raises(ValueError) as caught:
        users.set_once_marker(hive, bad["action"], "INC0012345", users.marker_time({}))
    assert re.search(bad["message"], str(caught.value))
    assert hive == {"keys": {"Software": {}}}


@pytest.mark.parametrize("action", MARKERS["good_actions"])
def test_good_action_names_are_taken(action):
    hive = {}
    users.set_once_marker(hive, action, "INC0012345", users.marker_time({}))
    assert list(users.once_markers(hive, action)) == ["INC0012345"]
    assert registry.find_key(hive, "Software\\officeops\\outlook_auth\\once\\" + action) is not None


# --- user_ops.json -------------------------------------------------------------------------

def test_ops_table_fingerprints_are_the_hand_written_lines():
    for name, item in OPS["fingerprints"].items():
        assert hashlib.sha256("\n".join(item["expect_lines"]).encode("utf-8")).hexdigest() == item["expect"], name
    # and the controller, which makes 'expect' from the probe, agrees on the live keys
    hive = unflatten(OPS["hives"]["office"])
    identity = registry.find_key(hive, r"Software\Microsoft\Office\16.0\Common\Identity")
    assert fingerprint(identity) == OPS["fingerprints"]["identity_now"]["expect"]
    assert fingerprint(registry.find_key(identity, r"Identities\abc_ADAL")) == OPS["fingerprints"]["abc_adal_now"]["expect"]


def resolve_placeholders(item):
    """'@backup' and '@<fingerprint>' in a table op or result."""
    item = dict(item)
    if item.get("path") == "@backup":
        item["path"] = OPS["backup"]["path"]
    if item.get("content") == "@backup":
        item["content"] = OPS["backup"]["content"]
    if str(item.get("expect", "")).startswith("@"):
        item["expect"] = OPS["fingerprints"][item["expect"][1:]]["expect"]
    return item


def ops_state(hives):
    return {
        "windows": {"build": 22631, "edition": "Enterprise", "computer_name": "PC-0042"},
        "users": [{"sid": sid, "name": "CORP\\user%d" % index, "profile_path": "C:\\Users\\user%d" % index,
                   "hive_loaded": True, "logged_on": True, "session_id": index + 1, "hive": unflatten(flat), "files": {}}
                  for index, (sid, flat) in enumerate(hives.items())],
    }


def assert_results(expected, actual):
    assert [(r["op"], r["sid"], r["path"], r["status"]) for r in actual] == \
        [(e["op"], e["sid"], e["path"], e["status"]) for e in expected]
    for want, got in zip(expected, actual):
        assert_error(want, got["error"])


def assert_hive(expected_flat, hive):
    actual = flatten(hive)
    for path, values in expected_flat.items():
        stamp_times(values, actual.get(path, {}))
    assert actual == expected_flat


@pytest.mark.parametrize("case", cases("user_ops.json"))
def test_user_ops(case):
    sid = OPS["sid"]
    state = ops_state({sid: OPS["hives"][case["hive"]]})
    ops = [dict(resolve_placeholders(op), sid=sid) for op in case["ops"]]
    results = userstate.apply_user_ops(state, ops)
    assert_results([dict(resolve_placeholders(r), sid=sid) for r in case["results"]], results)
    after = OPS["hives"][case["hive"]] if case["after"] == "unchanged" else case["after"]
    assert_hive(after, state["users"][0]["hive"])


@pytest.mark.parametrize("case", cases("user_ops.json", "batches"))
def test_user_op_batches(case):
    state = ops_state(case["before"])
    results = userstate.apply_user_ops(state, [resolve_placeholders(op) for op in case["ops"]])
    assert_results(case["results"], results)
    for user in state["users"]:
        assert_hive(case["after"][user["sid"]], user["hive"])


def test_lab_marker_time_is_the_lab_clock_in_the_host_format():
    assert users.marker_time({"clock": "2026-11-21T09:00:00Z"}) == "2026-11-21T09:00:00.0000000Z"
    assert UTC_TIME.match(users.marker_time({}))
