from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry

TREE = {"keys": {"Software": {"keys": {"Microsoft": {"keys": {"Office": {"values": {
    "EnableADAL": {"type": "REG_DWORD", "data": 1}}}}}}}}}


def test_lookup_ignores_case_like_windows():
    assert registry.value_data(TREE, r"SOFTWARE\microsoft\OFFICE", "enableadal") == 1
    assert registry.find_key(TREE, "Software/Microsoft") is not None
    assert registry.find_key(TREE, r"Software\Nope") is None
    assert registry.get_value(TREE, r"Software\Microsoft\Office", "Missing") is None


def test_value_types_are_checked():
    assert registry.check_value({"type": "REG_DWORD", "data": 2 ** 32}, "$.v") == ["$.v.data: 4294967296 does not fit REG_DWORD"]
    assert registry.check_value({"type": "REG_BINARY", "data": "0a0"}, "$.v")
    assert registry.check_value({"type": "REG_MULTI_SZ", "data": ["a", 1]}, "$.v")
    assert registry.check_value({"type": "REG_NONE", "data": ""}, "$.v")[0].startswith("$.v.type: expected one of")
    assert registry.check_value({"type": "REG_QWORD", "data": 2 ** 40}, "$.v") == []


def test_duplicate_names_differing_in_case_are_rejected():
    tree = {"values": {"A": {"type": "REG_SZ", "data": ""}, "a": {"type": "REG_SZ", "data": ""}}}
    assert registry.check_key(tree, "$.hive") == ["$.hive.values.a: duplicates 'A' (names are case-insensitive)"]


def test_nested_errors_name_their_path():
    tree = {"keys": {"S": {"keys": {"T": {"values": {"V": {"type": "REG_SZ", "data": 1}}, "junk": 1}}}}}
    errors = registry.check_key(tree, "$.hklm")
    assert "$.hklm.keys.S.keys.T.junk: unexpected key (allowed: keys, values)" in errors
