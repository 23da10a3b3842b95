from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.values import value_data, value_map

TREE = {"keys": {}, "values": {"DefaultProfile": {"type": "REG_SZ", "data": "Outlook"},
                               "EnableADAL": {"type": "REG_DWORD", "data": 0}}}


def test_value_names_compare_case_insensitively():
    assert value_data(TREE, "defaultprofile") == "Outlook"
    assert value_data(TREE, "EnableADAL") == 0
    assert value_data(TREE, "Missing") is None
    assert value_data(None, "DefaultProfile") is None


def test_value_map():
    assert value_map(TREE) == {"DefaultProfile": "Outlook", "EnableADAL": 0}
    assert value_map(None) == {} and value_map({"keys": {}, "values": {}}) == {}
