"""A broker reset cut off between its last move and its once marker (found by the fault matrix)."""

from ansible_collections.officeops.outlook_auth.plugins.module_utils._broker import reset

SID = "S-1-5-21-1-2-3-1001"
MACHINE = {"build": 22631}
TOKEN = reset.ACCOUNT_FOLDERS[0] + "\\a3f9.tbacct"
NOW = "20261121T101500Z"


def user(files, once=None):
    return {"sid": SID, "once": once or {}, "files": [{"path": path, "last_write": "2026-11-21T10:00:00Z"} for path in files]}


def test_moved_tokens_without_a_marker_get_the_marker_only():
    options = reset.BrokerOptions(method="token_cache", once="INC1")
    plan = reset.plan_user(options, MACHINE, user([reset.BACKUP_ROOT + "\\INC1\\" + TOKEN]), None, NOW)
    assert plan["ops"] == [{"op": "set_once_marker", "sid": SID, "action": reset.ONCE_ACTION, "once_id": "INC1"}]
    assert "INC1" in plan["note"]


def test_another_incidents_backup_records_nothing():
    options = reset.BrokerOptions(method="token_cache", once="INC2")
    plan = reset.plan_user(options, MACHINE, user([reset.BACKUP_ROOT + "\\INC1\\" + TOKEN]), None, NOW)
    assert plan["ops"] == [] and plan["note"] == "no token files to move"


def test_without_once_there_is_no_marker_to_record():
    plan = reset.plan_user(reset.BrokerOptions(method="token_cache"), MACHINE, user([reset.BACKUP_ROOT + "\\" + NOW[:8] + "\\" + TOKEN]),
                           None, NOW)
    assert plan["ops"] == []


def test_tokens_still_in_place_are_moved_and_marked_last():
    options = reset.BrokerOptions(method="token_cache", once="INC1")
    plan = reset.plan_user(options, MACHINE, user([TOKEN]), None, NOW)
    assert [op["op"] for op in plan["ops"]] == ["stop_process", "move_file", "set_once_marker"]
