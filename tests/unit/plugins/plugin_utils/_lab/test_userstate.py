"""The lab twin of _UserState.psm1: ordered per-user ops that never delete what is not backed up."""

import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.regfile import export, fingerprint
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry, userstate

SCENARIOS = pathlib.Path(__file__).resolve().parents[4] / "lab" / "scenarios"
IDENTITY = r"Software\Microsoft\Office\16.0\Common\Identity"
BACKUP = r"AppData\Local\officeops\outlook_auth\backup\x.reg"


def scenario(name):
    return json.loads((SCENARIOS / (name + ".json")).read_text(encoding="utf-8"))


def reset_ops(state, tree=None):
    user = state["users"][0]
    tree = registry.find_key(user["hive"], IDENTITY) if tree is None else tree
    return [
        {"op": "write_backup", "sid": user["sid"], "path": BACKUP, "content": export(tree, "HKEY_CURRENT_USER\\" + IDENTITY)},
        {"op": "delete_key", "sid": user["sid"], "path": IDENTITY, "expect": fingerprint(tree)},
    ]


def test_backup_then_delete():
    state = scenario("godaddy_657rx")
    results = userstate.apply_user_ops(state, reset_ops(state))
    assert [r["status"] for r in results] == ["changed", "changed"]
    assert registry.find_key(state["users"][0]["hive"], IDENTITY) is None


def test_a_key_that_changed_since_the_probe_is_not_deleted():
    state = scenario("godaddy_657rx")
    ops = reset_ops(state)
    registry.set_value(state["users"][0]["hive"], IDENTITY, "WrittenMeanwhile", "REG_DWORD", 1)
    results = userstate.apply_user_ops(state, ops)
    assert results[1]["status"] == "failed" and "changed since it was backed up" in results[1]["error"]
    assert registry.value_data(state["users"][0]["hive"], IDENTITY, "WrittenMeanwhile") == 1


def test_no_delete_without_a_backup_and_nothing_after_a_failure():
    state = scenario("godaddy_657rx")
    user = state["users"][0]
    tree = registry.find_key(user["hive"], IDENTITY)
    ops = [{"op": "delete_key", "sid": user["sid"], "path": IDENTITY, "expect": fingerprint(tree)},
           {"op": "set_value", "sid": user["sid"], "path": IDENTITY, "name": "X", "type": "REG_DWORD", "data": 1}]
    results = userstate.apply_user_ops(state, ops)
    assert [r["status"] for r in results] == ["failed", "not_run"]
    assert "no backup of it was written first" in results[0]["error"]
    assert registry.find_key(user["hive"], IDENTITY) is not None


@pytest.mark.parametrize("path", [r"..\..\Windows\x.reg", "AppData/../../x.reg", r"C:\Windows\x.reg", r"\\server\share\x.reg",
                                  "AppData\\x*.reg", "", "AppData\\ok\x01.reg"])
def test_paths_outside_the_profile_are_refused(path):
    state = scenario("godaddy_657rx")
    ops = reset_ops(state)
    ops[0]["path"] = path
    results = userstate.apply_user_ops(state, ops)
    assert results[0]["status"] == "failed" and "invalid profile-relative path" in results[0]["error"]
    assert results[1]["status"] == "not_run"


def test_only_the_backups_root_counts_as_backed_up():
    state = scenario("godaddy_657rx")
    user = state["users"][0]
    tree = registry.find_key(user["hive"], IDENTITY)
    other = r"Software\Microsoft\Office\16.0\Outlook"
    content = export(tree, "HKEY_CURRENT_USER\\" + IDENTITY)
    ops = [{"op": "write_backup", "sid": user["sid"], "path": BACKUP, "content": content},
           {"op": "delete_key", "sid": user["sid"], "path": other,
            "expect": fingerprint(registry.find_key(user["hive"], other))}]
    results = userstate.apply_user_ops(state, ops)
    assert results[1]["status"] == "failed" and "no backup of it was written first" in results[1]["error"]


@pytest.mark.parametrize("path", ["AppData\\Local.\\x.reg", "AppData \\x.reg", "AppData\\x.reg."])
def test_names_windows_would_trim_are_refused(path):
    with pytest.raises(userstate.OpError):
        userstate.check_relative(path)
