from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.userstate import read_keys

PROFILES = r"Software\Microsoft\Office\16.0\Outlook\Profiles"
SECTION = "9375CFF0413111d3B88A00104B2A6676"


def _hive():
    account = {"keys": {}, "values": {"Account Name": {"type": "REG_SZ", "data": "sam@contoso.com"},
                                      "IMAP Password": {"type": "REG_BINARY", "data": "01000000d08c9ddf"}}}
    profile = {"keys": {SECTION: {"keys": {"00000002": account}, "values": {}},
                        "0a0d020000000000c000000000000046": {"keys": {}, "values": {"big": {"type": "REG_BINARY", "data": "00"}}}},
               "values": {}}
    tree = {"keys": {}, "values": {}}
    node = tree
    for part in PROFILES.split("\\"):
        node["keys"][part] = {"keys": {}, "values": {}}
        node = node["keys"][part]
    node["keys"]["Outlook"] = profile
    return tree


def test_each_reads_only_the_named_section_of_every_child_and_never_a_password():
    trees = read_keys(_hive(), [{"path": PROFILES, "depth": 1, "each": SECTION, "each_depth": 1}])
    assert sorted(trees) == [PROFILES, PROFILES + "\\Outlook\\" + SECTION]
    # depth 1: the profile names, not their MAPI sections
    assert trees[PROFILES]["keys"]["Outlook"]["keys"] == {}
    account = trees[PROFILES + "\\Outlook\\" + SECTION]["keys"]["00000002"]
    assert account["values"] == {"Account Name": {"type": "REG_SZ", "data": "sam@contoso.com"}}


def test_without_each_the_tree_is_read_as_is():
    trees = read_keys(_hive(), [{"path": PROFILES + "\\Outlook", "depth": 2}])
    assert "IMAP Password" in trees[PROFILES + "\\Outlook"]["keys"][SECTION]["keys"]["00000002"]["values"]
