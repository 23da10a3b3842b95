"""The Outlook profile policy on the lab scenarios' hives."""

import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import outlook_profile as op
from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry import regfile
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.office import machine_office
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.userstate import list_files

SCENARIOS = pathlib.Path(__file__).resolve().parents[4] / "lab" / "scenarios"
NOW = "20261122T101500Z"


def probe(name, options, index=0):
    state = json.loads((SCENARIOS / (name + ".json")).read_text(encoding="utf-8"))
    user = state["users"][index]
    keys = dict((item["path"], registry.read_tree(registry.find_key(user["hive"], item["path"]), item["depth"]))
                for item in op.keys_to_read(options))
    probed = {"sid": user["sid"], "name": user["name"], "logged_on": user["logged_on"],
              "session_id": user["session_id"], "keys": keys, "once": {}, "files": list_files(user, op.folders_to_list(options))}
    processes = [{"pid": p["pid"], "session_id": p["session_id"]} for p in state["processes"] if p["name"].lower() == "outlook.exe"]
    return machine_office(state), probed, processes


def kinds(plan):
    return [(o["op"], o.get("path"), o.get("name"), o.get("data")) for o in plan["ops"]]


def test_corrupt_profile_gets_a_new_default_and_keeps_the_old_ones():
    options = op.ProfileOptions()
    plan = op.plan_user(options, *probe("corrupt_profile", options), now=NOW)
    profiles16 = op.profiles_key("16.0")
    assert kinds(plan) == [
        # Ours before it exists, the default switched last (an interrupted run is found again).
        ("set_value", op.OURS_KEY, "Outlook-20261122", NOW),
        ("create_key", profiles16 + "\\Outlook-20261122", None, None),
        ("set_value", op.autodiscover_policy_key("16.0"), "ZeroConfigExchange", 1),
        ("set_value", op.EXCHANGE_OPTIONS_KEY, "PickLogonProfile", "0"),
        ("set_value", op.outlook_key("16.0"), "DefaultProfile", "Outlook-20261122"),
    ]
    assert plan["after"]["16.0"] == {"default": "Outlook-20261122", "profiles": ["Outlook", "Outlook (old)", "Outlook-20261122"]}
    assert not any(o["op"] in ("delete_key", "move_file") for o in plan["ops"])


def test_running_outlook_fails_clearly_by_default_or_is_stopped_when_asked():
    options = op.ProfileOptions()
    plan = op.plan_user(options, *probe("healthy", options), now=NOW)
    assert plan["ops"] == [] and plan["failure"].startswith("Outlook is running for WS-HEALTHY\\alice (pid 4242)")
    stop = op.ProfileOptions(outlook_running="stop")
    assert op.plan_user(stop, *probe("healthy", stop), now=NOW)["ops"][0] == {"op": "stop_process", "sid": probe("healthy", stop)[1]["sid"], "name": "OUTLOOK"}
    defer = op.ProfileOptions(outlook_running="defer")
    plan = op.plan_user(defer, *probe("healthy", defer), now=NOW)
    assert plan["failure"] is None and "next starts" in plan["warnings"][0]


def test_a_rerun_reuses_our_profile():
    options = op.ProfileOptions()
    machine, user, processes = probe("corrupt_profile", options)
    user["keys"][op.profiles_key("16.0")]["keys"]["Outlook-20261122"] = {"keys": {}, "values": {}}
    user["keys"][op.outlook_key("16.0")]["values"]["DefaultProfile"]["data"] = "Outlook-20261122"
    user["keys"][op.OURS_KEY] = {"keys": {}, "values": {"Outlook-20261122": {"type": "REG_SZ", "data": NOW}}}
    user["keys"][op.autodiscover_policy_key("16.0")] = {"keys": {}, "values": {"ZeroConfigExchange": {"type": "REG_DWORD", "data": 1}}}
    user["keys"][op.EXCHANGE_OPTIONS_KEY] = {"keys": {}, "values": {"PickLogonProfile": {"type": "REG_SZ", "data": "0"}}}
    assert op.plan_user(options, machine, user, processes, now="20261130T000000Z")["ops"] == []


def test_offline_and_autodiscover_caches_move_but_pst_never_does():
    options = op.ProfileOptions(clear_offline_cache=True, clear_autodiscover_cache=True)
    plan = op.plan_user(options, *probe("corrupt_profile", options), now=NOW)
    moves = [(o["path"], o["destination"]) for o in plan["ops"] if o["op"] == "move_file"]
    assert moves == [
        (op.OUTLOOK_FOLDER + "\\16\\c6f9e6a7-58a1-4ef0-9c1e-7a4a2d1d0b55 - Autodiscover.xml",
         op.BACKUP_FOLDER + "\\" + NOW + "-autodiscover-16\\c6f9e6a7-58a1-4ef0-9c1e-7a4a2d1d0b55 - Autodiscover.xml"),
        (op.OUTLOOK_FOLDER + "\\sam@contoso.com.ost", op.BACKUP_FOLDER + "\\" + NOW + "-ost\\sam@contoso.com.ost"),
    ]
    assert not any(".pst" in source for source, _dest in moves)


def test_office_2013_uses_its_own_keys():
    options = op.ProfileOptions(name="Fresh")
    plan = op.plan_user(options, *probe("office2013", options), now=NOW)
    assert ("set_value", op.outlook_key("15.0"), "DefaultProfile", "Fresh") in kinds(plan)
    assert plan["versions"] == ["15.0"]


def test_absent_removes_only_ours_after_a_backup():
    options = op.ProfileOptions(name="Outlook (old)", state="absent")
    machine, user, processes = probe("corrupt_profile", options)
    plan = op.plan_user(options, machine, user, processes, now=NOW)
    assert "was not created by this collection" in plan["failure"] and plan["ops"] == []
    forced = op.ProfileOptions(name="Outlook (old)", state="absent", force=True)
    plan = op.plan_user(forced, *probe("corrupt_profile", forced), now=NOW)
    assert [o["op"] for o in plan["ops"]] == ["write_backup", "delete_key"]
    backup = regfile.parse(plan["ops"][0]["content"])
    assert any("Outlook (old)" in path for path in backup)
    default = op.ProfileOptions(name="Outlook", state="absent", force=True)
    assert "is the default" in op.plan_user(default, *probe("corrupt_profile", default), now=NOW)["failure"]


def test_once_makes_a_rerun_a_no_op():
    options = op.ProfileOptions(once="INC0042")
    machine, user, processes = probe("corrupt_profile", options)
    plan = op.plan_user(options, machine, user, processes, now=NOW)
    # the marker comes just before the default switch, which is the last op
    assert plan["ops"][-2] == {"op": "set_once_marker", "sid": user["sid"], "action": op.ONCE_ACTION, "once_id": "INC0042"}
    assert plan["ops"][-1]["name"] == "DefaultProfile"
    user["once"] = {"INC0042": "2026-11-22T10:15:00Z"}
    again = op.plan_user(options, machine, user, processes, now=NOW)
    assert again["ops"] == [] and again["note"].startswith("profile already recreated for INC0042")


def test_no_office():
    options = op.ProfileOptions()
    assert op.plan_user(options, *probe("no_office", options), now=NOW)["note"] == "Office not found"


@pytest.mark.parametrize("kwargs,message", [
    ({"name": "a\\b"}, "is not a usable profile name"),
    ({"name": ""}, "is not a usable profile name"),
    ({"state": "gone"}, "state: expected one of default, present, absent"),
    ({"state": "absent"}, "name: required with state=absent"),
    ({"outlook_running": "kill"}, "outlook_running: expected one of fail, stop, defer"),
    ({"state": "present", "clear_offline_cache": True}, "only with state=default"),
])
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", "\\(").replace(")", "\\)")):
        op.ProfileOptions(**kwargs)


BASE16 = op.profiles_key("16.0")
USED = {"keys": {"00000002": {"keys": {}, "values": {}}}, "values": {}}
MACHINE16 = {"click_to_run_version": "16.0.1.1", "install_roots": {}}


def cut_off_hive():
    """A user's keys after a run cut off before the default switch: profile Outlook-20261122
    recorded as ours and created (Outlook never used it), the default still the old Outlook."""
    return {
        op.OURS_KEY: {"keys": {}, "values": {"Outlook-20261122": {"type": "REG_SZ", "data": "20261122T010000Z"}}},
        op.outlook_key("16.0"): {"keys": {}, "values": {"DefaultProfile": {"type": "REG_SZ", "data": "Outlook"}}},
        BASE16: {"keys": {"Outlook": {"keys": {}, "values": {}}, "Outlook-20261122": {"keys": {}, "values": {}}}, "values": {}},
        BASE16 + "\\Outlook\\" + op.ACCOUNT_SECTION: {"keys": {}, "values": {}},
        BASE16 + "\\Outlook-20261122\\" + op.ACCOUNT_SECTION: None,
        op.autodiscover_policy_key("16.0"): {"keys": {}, "values": {"ZeroConfigExchange": {"type": "REG_DWORD", "data": 1}}},
    }


def test_a_never_used_profile_of_ours_is_reused_after_a_cut_before_the_default_switch():
    keys = cut_off_hive()
    user = {"sid": "S-1-5-21-1-2-3-1001", "name": "PC\\sam", "keys": keys, "once": {}, "files": [], "logged_on": False}
    plan = op.plan_user(op.ProfileOptions(), MACHINE16, user, [], "20261122T020000Z")
    assert not [o for o in plan["ops"] if o["op"] == "create_key"]
    assert plan["after"]["16.0"]["default"] == "Outlook-20261122"
    # once Outlook has added the mailbox to it, it is the user's and a new one is made
    keys[BASE16 + "\\Outlook-20261122\\" + op.ACCOUNT_SECTION] = USED
    plan = op.plan_user(op.ProfileOptions(), MACHINE16, user, [], "20261122T020000Z")
    assert [o["path"].rpartition("\\")[2] for o in plan["ops"] if o["op"] == "create_key"] == ["Outlook-20261122-2"]


def test_a_run_cut_off_between_the_once_marker_and_the_default_switch_is_finished_not_repeated():
    keys = cut_off_hive()
    user = {"sid": "S-1-5-21-1-2-3-1001", "name": "PC\\sam", "keys": keys, "once": {"INC0042": "2026-11-22T01:00:00Z"},
            "files": [], "logged_on": False}
    options = op.ProfileOptions(once="INC0042", profile_selection="unmanaged")
    plan = op.plan_user(options, MACHINE16, user, [], "20261122T020000Z")
    assert [(o["op"], o.get("name"), o.get("data")) for o in plan["ops"]] == [("set_value", "DefaultProfile", "Outlook-20261122")]
    # once the default is ours, the marker makes the step a no-op again
    keys[op.outlook_key("16.0")]["values"]["DefaultProfile"]["data"] = "Outlook-20261122"
    again = op.plan_user(options, MACHINE16, user, [], "20261122T030000Z")
    assert again["ops"] == [] and again["note"].startswith("profile already recreated")
    # a profile of ours that Outlook already used is not "unfinished": no new one is made under the marker
    keys[op.outlook_key("16.0")]["values"]["DefaultProfile"]["data"] = "Outlook"
    keys[BASE16 + "\\Outlook-20261122\\" + op.ACCOUNT_SECTION] = USED
    third = op.plan_user(options, MACHINE16, user, [], "20261122T040000Z")
    assert third["ops"] == [] and third["note"].startswith("profile already recreated")
