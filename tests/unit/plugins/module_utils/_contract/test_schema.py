from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract.schema import key_names, validate
from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract.wrappers import check_probe, contract_for

import pytest

SCHEMA = {
    "type": "dict",
    "keys": {
        "name": {"type": "str"},
        "count": {"type": "int"},
        "mode": {"type": "str", "choices": ["a", "b"], "nullable": True},
        "items": {"type": "list", "items": {"type": "dict", "keys": {"id": {"type": "int"}}}},
        "free": {"type": "dict", "extra": {"type": "bool"}},
    },
    "required": ["name"],
}


def test_valid_document_has_no_errors():
    assert validate({"name": "x", "count": 1, "mode": None, "items": [{"id": 1}], "free": {"k": True}}, SCHEMA) == []


@pytest.mark.parametrize("doc,error", [
    ({}, "$: missing required key 'name'"),
    ({"name": 3}, "$.name: expected str, got int"),
    ({"name": "x", "count": True}, "$.count: expected int, got bool"),
    ({"name": "x", "mode": "c"}, "$.mode: expected one of a, b, got 'c'"),
    ({"name": "x", "items": [{"id": 1}, {"id": "2"}]}, "$.items[1].id: expected int, got str"),
    ({"name": "x", "free": {"k": "yes"}}, "$.free.k: expected bool, got str"),
    ({"name": "x", "other": 1}, "$.other: unexpected key (allowed: count, free, items, mode, name)"),
    ({"name": None}, "$.name: expected str, got null"),
])
def test_errors_name_the_path(doc, error):
    assert error in validate(doc, SCHEMA)


def test_key_names_walks_nested_schemas():
    assert key_names(SCHEMA) == {"name", "count", "mode", "items", "id", "free"}


def test_facts_contract_rejects_drift():
    good = {"probe": {
        "click_to_run": None, "machine_office": {"click_to_run_version": None, "install_roots": {"15.0": False, "16.0": False}},
        "windows": {"build": 22631, "ubr": None, "version": "23H2", "edition": "Professional", "product_name": None,
                    "computer_name": "PC"},
        "outlook_processes": [], "dsregcmd_status": "", "dsregcmd_exit_code": 0, "event_logs": [],
        "winhttp_proxy": {"access_type": 1, "proxy": None, "bypass": None, "error": None}, "endpoints": [],
        "users": [], "user_problem": "nobody"}}
    assert check_probe("win_outlook_auth_facts", good) == []
    bad = dict(good["probe"], outlook_processes=[{"pid": "12", "session_id": 1, "user_name": None}])
    bad = {"probe": bad}
    assert check_probe("win_outlook_auth_facts", bad) == ["$.probe.outlook_processes[0].pid: expected int, got str"]
    assert check_probe("win_outlook_auth_facts", {}) == ["$: the wrapper returned no 'probe' key"]


def test_unknown_wrapper_is_named():
    with pytest.raises(ValueError, match="no contract is written for wrapper 'win_nope'"):
        contract_for("win_nope")
