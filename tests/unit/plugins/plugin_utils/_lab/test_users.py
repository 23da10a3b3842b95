"""The lab twin of the per-user layer: selection, hives, session tasks and once markers."""

import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry, users

SCENARIOS = pathlib.Path(__file__).resolve().parents[4] / "lab" / "scenarios"


def scenario(name):
    return json.loads((SCENARIOS / (name + ".json")).read_text(encoding="utf-8"))


def names(selected):
    return [p["name"] for p in selected]


def test_resolution_on_a_shared_pc():
    state = scenario("shared_pc")
    assert names(users.resolve(state, "interactive")[0]) == ["FABRIKAM\\anna"]
    assert names(users.resolve(state, "all")[0]) == ["FABRIKAM\\anna", "FABRIKAM\\tom", "FABRIKAM\\lee"]
    assert names(users.resolve(state, "tom@fabrikam.com")[0]) == ["FABRIKAM\\tom"]
    assert names(users.resolve(state, "fabrikam\\LEE")[0]) == ["FABRIKAM\\lee"]
    tom = users.resolve(state, "FABRIKAM\\tom")[0][0]
    assert tom["logged_on"] is False and tom["session_id"] is None and tom["hive_loaded"] is False


def test_nobody_at_the_console():
    selected, problem = users.resolve(scenario("logged_off"), "interactive")
    assert selected == [] and problem == "no user is logged on at the console"


def mounted(state):
    return users.runtime(state)["mounted_hives"]


def test_logged_off_hive_is_mounted_then_unmounted():
    state = scenario("logged_off")
    user = state["users"][0]
    with users.user_hive(state, user) as hive:
        assert mounted(state) == ["officeops_" + user["sid"]]
        registry.set_value(hive, r"Software\Microsoft\Office\16.0\Common\Identity", "EnableADAL", "REG_DWORD", 1)
    assert mounted(state) == []
    assert registry.value_data(user["hive"], r"Software\Microsoft\Office\16.0\Common\Identity", "EnableADAL") == 1
    assert state["counters"]["hive_loads"] == 1


def test_loaded_hive_is_used_in_place():
    state = scenario("healthy")
    with users.user_hive(state, state["users"][0]):
        assert mounted(state) == []
    assert "hive_loads" not in state.get("counters", {})


def test_no_hive_stays_loaded_after_a_failure_in_the_middle():
    state = scenario("logged_off")
    user = state["users"][0]
    with pytest.raises(RuntimeError, match="injected"):
        with users.user_hive(state, user) as hive:
            registry.set_value(hive, r"Software\officeops", "Step", "REG_DWORD", 1)
            raise RuntimeError("injected failure between two operations")
    assert mounted(state) == []


def test_unload_failure_names_the_key_and_the_manual_command():
    state = scenario("logged_off")
    user = state["users"][0]
    state["faults"] = {"hive_unload_fails": [user["sid"]]}
    with pytest.raises(users.HiveUnloadError) as caught:
        with users.user_hive(state, user):
            raise RuntimeError("the operation broke")
    message = str(caught.value)
    assert "HKEY_USERS\\officeops_%s" % user["sid"] in message
    assert 'reg.exe unload "HKU\\officeops_%s"' % user["sid"] in message
    assert "the operation broke" in message


def tasks_and_dirs(state):
    record = users.runtime(state)
    return record["scheduled_tasks"] + record["temp_dirs"]


def test_session_task_is_removed_after_success_failure_and_timeout():
    state = scenario("godaddy_657rx")
    user = state["users"][0]
    seen = []

    def work(who):
        seen.extend(tasks_and_dirs(state))
        return {"accounts": len(who["wam_accounts"])}

    expected = {"status": "ok", "output": {"accounts": 2}, "error": None, "cleanup_error": None}
    assert users.run_in_session(state, user, work) == expected
    assert len(seen) == 2 and tasks_and_dirs(state) == []

    def broken(_who):
        raise OSError("CredEnumerate failed")

    failed = users.run_in_session(state, user, broken)
    assert failed["status"] == "failed" and "CredEnumerate failed" in failed["error"]
    assert tasks_and_dirs(state) == []

    state["faults"] = {"session_task_timeouts": [user["sid"]]}
    timed_out = users.run_in_session(state, user, work, timeout_seconds=7)
    assert timed_out["status"] == "timeout" and "7 seconds" in timed_out["error"]
    assert tasks_and_dirs(state) == []


def test_a_session_folder_that_cannot_be_removed_stays_and_is_reported():
    state = scenario("godaddy_657rx")
    user = state["users"][0]
    state["faults"] = {"session_cleanup_fails": [user["sid"]]}
    answer = users.run_in_session(state, user, lambda who: "done")
    assert answer["status"] == "ok" and answer["output"] == "done"
    left = state["runtime"]["temp_dirs"]
    assert state["runtime"]["scheduled_tasks"] == [] and len(left) == 1
    assert answer["cleanup_error"].startswith("could not remove %s: " % left[0])


def test_session_needs_a_logged_on_user():
    state = scenario("logged_off")
    with pytest.raises(ValueError):
        users.run_in_session(state, state["users"][0], lambda who: None)


def test_once_marker_makes_a_rerun_a_no_op():
    state = scenario("godaddy_657rx")
    hive = state["users"][0]["hive"]
    runs = []

    def guarded_reset(once_id):
        from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import already_done

        if already_done(users.once_markers(hive, "broker_reset"), once_id):
            return False
        runs.append(once_id)
        users.set_once_marker(hive, "broker_reset", once_id, "2026-11-21T10:00:00Z")
        return True

    assert guarded_reset("INC0012345") is True
    assert guarded_reset("INC0012345") is False
    assert guarded_reset("inc0012345") is False
    assert guarded_reset("INC0099999") is True
    assert runs == ["INC0012345", "INC0099999"]
    expected = {"INC0012345": "2026-11-21T10:00:00Z", "INC0099999": "2026-11-21T10:00:00Z"}
    assert users.once_markers(hive, "broker_reset") == expected


def test_a_stale_private_mount_is_cleared_first_or_fails_loudly():
    state = scenario("logged_off")
    user = state["users"][0]
    users.runtime(state)["mounted_hives"].append("officeops_" + user["sid"])
    with users.user_hive(state, user):
        assert mounted(state) == ["officeops_" + user["sid"]]
    assert mounted(state) == []
    users.runtime(state)["mounted_hives"].append("officeops_" + user["sid"])
    state["faults"] = {"hive_unload_fails": [user["sid"]]}
    with pytest.raises(users.HiveUnloadError, match="still loaded from an earlier run"):
        with users.user_hive(state, user):
            raise AssertionError("the body must not run over a stale mount")
