"""The lab's Windows semantics: hives, the credential vault, files and injected faults."""

import copy
import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import faults, files, registry, vault
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.state import read_counters
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._transport import LabEndpoint

SCENARIOS = pathlib.Path(__file__).resolve().parents[4] / "lab" / "scenarios"


def scenario(name):
    return json.loads((SCENARIOS / (name + ".json")).read_text(encoding="utf-8"))


# --- hive ---------------------------------------------------------------------------

def test_set_value_keeps_the_stored_case_and_reports_change():
    hive = {"keys": {}}
    assert registry.set_value(hive, r"Software\Microsoft\Office\16.0\Common\Identity", "EnableADAL", "REG_DWORD", 0)
    assert registry.set_value(hive, r"SOFTWARE\microsoft\office\16.0\common\identity", "enableadal", "REG_DWORD", 1)
    assert not registry.set_value(hive, r"Software\Microsoft\Office\16.0\Common\Identity", "EnableADAL", "REG_DWORD", 1)
    key = registry.find_key(hive, r"Software\Microsoft\Office\16.0\Common\Identity")
    assert key["values"] == {"EnableADAL": {"type": "REG_DWORD", "data": 1}}


def test_set_value_rejects_data_that_does_not_fit_the_type():
    with pytest.raises(ValueError, match="does not fit REG_DWORD"):
        registry.set_value({"keys": {}}, "Software", "X", "REG_DWORD", "1")


def test_delete_is_idempotent_and_recursive():
    hive = scenario("wam_disabled")["users"][0]["hive"]
    identity = r"Software\Microsoft\Office\16.0\Common\Identity"
    assert registry.delete_value(hive, identity, "disableaadwam")
    assert not registry.delete_value(hive, identity, "DisableAADWAM")
    assert not registry.delete_value(hive, r"Software\Nope", "X")
    assert registry.delete_key(hive, identity)
    assert registry.find_key(hive, identity + r"\Identities") is None
    assert not registry.delete_key(hive, identity)
    with pytest.raises(ValueError, match="root of a hive"):
        registry.delete_key(hive, "")


def test_subkey_names():
    hive = scenario("corrupt_profile")["users"][0]["hive"]
    assert registry.subkey_names(hive, r"Software\Microsoft\Office\16.0\Outlook\Profiles") == ["Outlook", "Outlook (old)"]


# --- vault --------------------------------------------------------------------------

def test_network_logon_cannot_reach_the_vault():
    user = scenario("foreign_credentials")["users"][0]
    with pytest.raises(vault.VaultError) as caught:
        vault.enumerate_credentials(user, "network")
    assert caught.value.code == vault.ERROR_NO_SUCH_LOGON_SESSION


def test_logged_off_user_has_no_session():
    user = scenario("logged_off")["users"][0]
    with pytest.raises(vault.VaultError) as caught:
        vault.enumerate_credentials(user, "user_session")
    assert caught.value.code == vault.ERROR_NO_SUCH_LOGON_SESSION


def test_enumeration_filter_and_no_secrets():
    user = scenario("foreign_credentials")["users"][0]
    office = vault.enumerate_credentials(user, "user_session", "microsoftoffice16_data:*")
    assert [c["target"] for c in office] == ["MicrosoftOffice16_Data:ADAL:9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
                                             "MicrosoftOffice16_Data:SSPI:nora@contoso.com"]
    everything = vault.enumerate_credentials(user, "user_session")
    assert len(everything) == len(user["vault"])
    assert all("secret" not in c for c in everything)
    assert "<lab-secret" not in json.dumps(everything)


def test_filter_star_only_at_the_end():
    user = scenario("foreign_credentials")["users"][0]
    with pytest.raises(vault.VaultError):
        vault.enumerate_credentials(user, "user_session", "Microsoft*Data")


def test_delete_by_target_and_type_then_not_found():
    user = scenario("password_loop")["users"][0]
    target = "MicrosoftOffice16_Data:SSPI:ken.sato@fabrikam.com"
    with pytest.raises(vault.VaultError):
        vault.delete_credential(user, "user_session", target, "domain_password")
    vault.delete_credential(user, "user_session", target, "generic")
    with pytest.raises(vault.VaultError) as caught:
        vault.delete_credential(user, "user_session", target, "generic")
    assert caught.value.code == vault.ERROR_NOT_FOUND


# --- files and faults ---------------------------------------------------------------

BROKER = r"AppData\Local\Packages\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AC\TokenBroker\Accounts"


def test_move_tree_moves_everything_under_a_folder():
    state = scenario("godaddy_657rx")
    user = state["users"][0]
    before = files.children(user, BROKER)
    assert len(before) == 3
    moved = files.move_tree(state, user, BROKER, r"AppData\Local\officeops\backup\Accounts")
    assert moved == 4
    assert files.children(user, BROKER) == [] and not files.exists(user, BROKER)
    assert len(files.children(user, r"AppData\Local\officeops\backup\Accounts")) == 3


def test_locked_file_moves_nothing():
    state = scenario("godaddy_657rx")
    user = state["users"][0]
    locked = files.children(user, BROKER)[1]
    state["faults"] = {"locked_files": [locked]}
    snapshot = copy.deepcopy(user["files"])
    with pytest.raises(files.FileLockedError, match="being used by another process"):
        files.move_tree(state, user, BROKER, r"AppData\Local\backup")
    assert user["files"] == snapshot


def test_fault_helpers():
    state = {"faults": {"hive_unload_fails": ["S-1"], "hanging_tools": ["GetHelpCmd.exe"]}}
    assert faults.hive_unload_fails(state, "S-1") and not faults.hive_unload_fails(state, "S-2")
    assert faults.tool_hangs(state, "gethelpcmd.exe") and not faults.tool_hangs(state, "OfficeClickToRun.exe")


def test_connection_drops_after_n_operations_and_earlier_work_persists(tmp_path, monkeypatch):
    monkeypatch.delenv("OFFICEOPS_LAB_STATE_DIR", raising=False)
    lab = tmp_path / "lab"
    (lab / "scenarios").mkdir(parents=True)
    doc = scenario("healthy")
    doc["faults"] = {"drop_connection_after_ops": 2}
    (lab / "scenarios" / "flaky.json").write_text(json.dumps(doc))
    endpoint = LabEndpoint("flaky", "flaky", str(lab))
    args = {"_phase": "probe"}
    assert "probe" in endpoint.invoke("win_outlook_auth_facts", args, False)
    assert "probe" in endpoint.invoke("win_outlook_auth_facts", args, False)
    dropped = endpoint.invoke("win_outlook_auth_facts", args, False)
    assert dropped["unreachable"] is True and "connection dropped before operation 3" in dropped["msg"]
    saved = read_counters(str(lab / ".state" / "flaky.json"))
    assert saved["ops"] == 3 and saved["wrapper_calls"] == 3
