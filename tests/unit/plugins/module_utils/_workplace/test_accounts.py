import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace import accounts
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry

SCENARIOS = pathlib.Path(__file__).resolve().parents[4] / "lab" / "scenarios"
CLEANUP = "C:\\Tools\\WPJCleanUp\\WPJCleanUp.cmd"


def probe(name, index=0):
    state = json.loads((SCENARIOS / (name + ".json")).read_text(encoding="utf-8"))
    user = state["users"][index]
    keys = {accounts.JOIN_INFO_KEY: registry.read_tree(registry.find_key(user["hive"], accounts.JOIN_INFO_KEY), 1)}
    wam = {"access": "interactive_task", "error": None, "accounts": [
        dict(a, signed_out=False) for a in user.get("wam_accounts", [])]}
    return {"sid": user["sid"], "keys": keys}, wam


def test_all_except_the_mailbox_signs_out_the_previous_employer_and_keeps_the_registration_by_default():
    user, wam = probe("godaddy_657rx")
    spec = accounts.parse_match({"all_except": "maria@bloomfield-florist.com"})
    plan = accounts.plan_user(spec, "absent", CLEANUP, user, wam)
    assert plan["ops"] == [{"op": "wam_sign_out", "sid": user["sid"], "ids": ["wam-7a21"]}]
    assert "would also sign out maria@bloomfield-florist.com; set cleanup_all=true" in plan["warnings"][0]
    assert plan["after"]["accounts"] == {"workplace_join": ["maria.lopez@northwind-traders.com"],
                                         "wam": ["maria@bloomfield-florist.com"]}


def test_cleanup_all_runs_wpjcleanup_and_says_who_signs_in_again():
    user, wam = probe("godaddy_657rx")
    spec = accounts.parse_match({"all_except": "maria@bloomfield-florist.com"})
    plan = accounts.plan_user(spec, "absent", CLEANUP, user, wam, {"device_join": "workgroup"}, 22631, cleanup_all=True)
    assert [op["op"] for op in plan["ops"]] == ["wam_sign_out", "wpj_cleanup"]
    assert plan["after"]["accounts"] == {"workplace_join": [], "wam": []}
    assert any("must sign in again" in w for w in plan["warnings"])
    assert any("2004 and older" in w for w in plan["warnings"])


def test_wpjcleanup_never_runs_on_a_joined_device():
    user, wam = probe("godaddy_657rx")
    spec = accounts.parse_match({"all_except": "maria@bloomfield-florist.com"})
    plan = accounts.plan_user(spec, "absent", CLEANUP, user, wam, {"device_join": "hybrid"}, 19045, cleanup_all=True)
    assert [op["op"] for op in plan["ops"]] == ["wam_sign_out"]
    assert "unregisters an Entra or hybrid joined device" in plan["warnings"][0]


def test_match_by_tenant_and_by_address():
    user, wam = probe("shared_pc")
    by_tenant = accounts.parse_match({"tenant_id": ["B1C2D3E4-F5A6-4B7C-8D9E-0F1A2B3C4D5E"]})
    plan = accounts.plan_user(by_tenant, "absent", CLEANUP, user, wam, cleanup_all=True)
    assert [op["op"] for op in plan["ops"]] == ["wam_sign_out", "wpj_cleanup"]
    by_address = accounts.parse_match({"address": ["nobody@example.com"]})
    assert accounts.plan_user(by_address, "absent", CLEANUP, user, wam)["ops"] == []


def test_no_cleanup_path_signs_out_and_says_why_the_registration_stays():
    user, wam = probe("godaddy_657rx")
    spec = accounts.parse_match({"all_except": "maria@bloomfield-florist.com"})
    plan = accounts.plan_user(spec, "absent", None, user, wam, cleanup_all=True)
    assert [op["op"] for op in plan["ops"]] == ["wam_sign_out"]
    assert "wpj_cleanup_path is not set" in plan["warnings"][0]


def test_wpjcleanup_is_not_run_when_a_registration_must_stay():
    user, wam = probe("godaddy_657rx")
    user["keys"][accounts.JOIN_INFO_KEY]["keys"]["AB12"] = {"keys": {}, "values": {
        "UserEmail": {"type": "REG_SZ", "data": "maria@bloomfield-florist.com"}, "TenantId": {"type": "REG_SZ", "data": "x"}}}
    spec = accounts.parse_match({"all_except": "maria@bloomfield-florist.com"})
    plan = accounts.plan_user(spec, "absent", CLEANUP, user, wam, cleanup_all=True)
    assert [op["op"] for op in plan["ops"]] == ["wam_sign_out"]
    assert "must stay" in plan["warnings"][0]


def test_query_changes_nothing_and_unreachable_users_are_skipped():
    user, wam = probe("godaddy_657rx")
    assert accounts.plan_user(None, "query", None, user, wam)["ops"] == []
    spec = accounts.parse_match({"all_except": "maria@bloomfield-florist.com"})
    unreachable = dict(wam, access="not_logged_on", reason="not logged on")
    assert accounts.plan_user(spec, "absent", CLEANUP, user, unreachable)["skip"] == "not logged on"


def test_machine_ops():
    device = {"device_join": "workgroup"}
    assert accounts.plan_machine(True, False, device, None)[0] == [{"op": "set_block_policy", "sid": "", "data": 1}]
    assert accounts.plan_machine(True, False, device, 1)[0] == []
    assert accounts.plan_machine(False, False, device, 1)[0] == [{"op": "remove_block_policy", "sid": ""}]
    ops, warnings = accounts.plan_machine(None, True, device, None)
    assert ops == [] and "not Entra joined" in warnings[0]
    ops, warnings = accounts.plan_machine(None, True, {"device_join": "hybrid"}, None)
    assert ops == [{"op": "leave_device", "sid": ""}] and "leaves its hybrid Entra join" in warnings[0]
    ops, warnings = accounts.plan_machine(None, True, {"device_join": "entra"}, None)
    assert ops == [] and "hybrid joined devices only" in warnings[0]


@pytest.mark.parametrize("match,message", [
    ({}, "match: expected exactly one of"),
    ({"address": "a@b.c"}, "match.address: expected a non-empty list"),
    ({"tenant_id": ["not-a-guid"]}, "is not a tenant id"),
    ({"all_except": "nope"}, "is not an address"),
    ({"user": ["a@b.c"]}, "is not one of address, tenant_id, all_except"),
])
def test_bad_match(match, message):
    with pytest.raises(accounts.MatchError, match=message):
        accounts.parse_match(match)


@pytest.mark.parametrize("path", ["WPJCleanUp.cmd", "C:\\a\\..\\b.cmd", "C:\\x*.cmd", "C:\\%TEMP%\\x.cmd", 5])
def test_bad_cleanup_path(path):
    with pytest.raises(accounts.MatchError, match="wpj_cleanup_path"):
        accounts.check_cleanup_path(path)
