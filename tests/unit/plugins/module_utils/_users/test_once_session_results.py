import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._users import once, results, session

ALICE = {"sid": "S-1-5-21-1-2-3-1001", "name": "CONTOSO\\alice", "logged_on": True}
BOB_OFF = {"sid": "S-1-5-21-1-2-3-1002", "name": "CONTOSO\\bob", "logged_on": False}


@pytest.mark.parametrize("value", ["INC0012345", "chg-2026.11.21:outlook", "a", "A" * 128])
def test_valid_once_ids(value):
    assert once.check_once_id(value) == value


@pytest.mark.parametrize("value", ["", " INC1", "-x", "INC 1", "inc/1", "A" * 129, 5, "ünïcode", "INC1\n"])
def test_invalid_once_ids_name_the_option(value):
    with pytest.raises(ValueError, match=r"^once: .* is not a valid incident id"):
        once.check_once_id(value)


def test_once_without_id_never_blocks_and_ids_compare_without_case():
    markers = {"INC0012345": "2026-11-20T10:00:00Z"}
    assert once.already_done(markers, None) is None
    assert once.already_done(markers, "inc0012345") == "2026-11-20T10:00:00Z"
    assert once.already_done(markers, "INC0099999") is None
    assert once.already_done({}, "INC0012345") is None
    assert once.marker_path("broker_reset") == r"Software\officeops\outlook_auth\once\broker_reset"


@pytest.mark.parametrize("profile,mode,running_as,how", [
    (ALICE, "auto", None, "interactive_task"),
    (ALICE, "auto", "s-1-5-21-1-2-3-1001", "direct"),
    (ALICE, "interactive_task", "S-1-5-21-1-2-3-1001", "interactive_task"),
    (ALICE, "become", "S-1-5-21-1-2-3-1001", "direct"),
    (ALICE, "become", "S-1-5-21-1-2-3-500", "fail"),
    (BOB_OFF, "auto", None, "skip"),
    (BOB_OFF, "interactive_task", None, "skip"),
    (BOB_OFF, "become", "S-1-5-21-1-2-3-1002", "direct"),
])
def test_session_plan(profile, mode, running_as, how):
    assert session.plan_session(profile, mode, running_as)["how"] == how


def test_session_plan_reasons_tell_the_operator_what_to_do():
    skip = session.plan_session(BOB_OFF, "auto", None)["reason"]
    assert "CONTOSO\\bob is not logged on" in skip and "session=become" in skip
    fail = session.plan_session(ALICE, "become", "S-1-5-21-1-2-3-500")["reason"]
    assert "become_user: CONTOSO\\alice" in fail
    assert "0x520" in session.no_logon_session_message(ALICE)
    with pytest.raises(ValueError, match="session: expected one of"):
        session.plan_session(ALICE, "runas", None)


def test_merge_per_user_results():
    done = [results.user_result(ALICE, "changed", purged=2), results.user_result(BOB_OFF, "skipped", "not logged on")]
    merged = results.merge(done)
    assert merged == {"changed": True, "failed": False, "skipped": False,
                      "msg": "2 user(s): 1 changed, 1 skipped (skipped: CONTOSO\\bob: not logged on)"}
    failed = results.merge(done + [results.user_result(BOB_OFF, "failed", "vault locked")])
    assert failed["failed"] is True and failed["msg"] == "failed for 1 of 3 user(s): CONTOSO\\bob: vault locked"
    assert results.merge([], "no user is logged on at the console") == {
        "changed": False, "failed": False, "skipped": True, "msg": "nothing to do: no user is logged on at the console"}
    with pytest.raises(ValueError):
        results.user_result(ALICE, "exploded")


@pytest.mark.parametrize("action", ["", "Identity", "a/b", "x" * 41, "..\\evil", "broker_reset\n"])
def test_marker_actions_are_plain_names(action):
    with pytest.raises(ValueError, match="invalid action name"):
        once.marker_path(action)


def test_a_named_user_who_does_not_exist_fails_while_nobody_at_the_console_skips():
    problem = "no user profile on this machine matches user=PC\\nobody"
    named = results.merge([], problem, explicit_user=True)
    assert named["failed"] is True and named["skipped"] is False and named["msg"] == problem
    console = results.merge([], "no user is logged on at the console")
    assert console["failed"] is False and console["skipped"] is True
