"""put_file: a controller file reaches a real host through the connection, a lab host's state."""

import hashlib
import json
import types

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils import _transport


class FakeShell(object):
    def __init__(self, tmpdir=None):
        self.tmpdir = tmpdir

    @staticmethod
    def join_path(*parts):
        return "\\".join(parts)


class FakeAction(object):
    def __init__(self, connection="winrm", tmpdir=None):
        self._play_context = types.SimpleNamespace(connection=connection)
        self._connection = types.SimpleNamespace(_shell=FakeShell(tmpdir))
        self.sent = []

    def _make_tmp_path(self):
        self._connection._shell.tmpdir = "C:\\Users\\svc\\AppData\\Local\\Temp\\ansible-tmp-1"
        return self._connection._shell.tmpdir

    def _transfer_file(self, local, remote):
        self.sent.append((local, remote))
        return remote


def test_a_real_host_gets_the_file_in_the_tasks_tmp_folder(tmp_path):
    local = tmp_path / "GetHelpCmd.zip"
    local.write_bytes(b"PK\x03\x04")
    action = FakeAction()
    sent = _transport.put_file(action, str(local), "GetHelpCmd-1.bin", {"inventory_hostname": "pc1"})
    assert sent == {"path": "C:\\Users\\svc\\AppData\\Local\\Temp\\ansible-tmp-1\\GetHelpCmd-1.bin"}
    assert action.sent == [(str(local), sent["path"])]


def test_a_lab_host_records_what_was_sent_as_a_tool(tmp_path, monkeypatch):
    monkeypatch.setenv(_transport.LAB_STATE_DIR_ENV, str(tmp_path / "state"))
    local = tmp_path / "GetHelpCmd.zip"
    local.write_bytes(b"PK\x03\x04 payload")
    action = FakeAction(connection="local")
    sent = _transport.put_file(action, str(local), "GetHelpCmd-2.bin", {"inventory_hostname": "healthy",
                                                                        "officeops_lab_scenario": "healthy"})
    assert sent == {"path": _transport.LAB_TEMP_FOLDER + "\\GetHelpCmd-2.bin"} and action.sent == []
    state = json.loads((tmp_path / "state" / "healthy.json").read_text())
    assert state["tools"]["upload:GetHelpCmd-2.bin"] == {
        "path": sent["path"], "outcomes": {"sha256": hashlib.sha256(local.read_bytes()).hexdigest(), "archive": True}}


def test_a_lab_variable_on_a_real_connection_sends_nothing(tmp_path):
    local = tmp_path / "x.bin"
    local.write_bytes(b"MZ")
    action = FakeAction(connection="psrp")
    refused = _transport.put_file(action, str(local), "x.bin", {"inventory_hostname": "pc1", "officeops_lab_scenario": "healthy"})
    assert refused["failed"] is True and "lab scenarios run only with connection 'local'" in refused["msg"] and action.sent == []
