import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry import regfile

ROOT = r"HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\Common\Identity"
TREE = {
    "values": {
        "EnableADAL": {"type": "REG_DWORD", "data": 0},
        "": {"type": "REG_SZ", "data": "default"},
        "Quoted": {"type": "REG_SZ", "data": 'a "b" \\c\\ ünï'},
        "Path": {"type": "REG_EXPAND_SZ", "data": "%LOCALAPPDATA%\\Microsoft"},
        "List": {"type": "REG_MULTI_SZ", "data": ["one", "", "three"]},
        "Big": {"type": "REG_QWORD", "data": 2 ** 40 + 5},
        "Blob": {"type": "REG_BINARY", "data": "00ff10"},
        "Empty": {"type": "REG_BINARY", "data": ""},
    },
    "keys": {
        "Identities": {"keys": {"4c1d_ADAL": {"values": {"EmailAddress": {"type": "REG_SZ", "data": "maria@bloomfield-florist.com"}}}}},
        "Profiles": {},
    },
}


def test_export_looks_like_regedit():
    text = regfile.export(TREE, ROOT)
    lines = text.split("\r\n")
    assert lines[0] == "Windows Registry Editor Version 5.00" and lines[1] == ""
    assert lines[2] == "[%s]" % ROOT
    assert lines[3] == '@="default"'
    assert '"EnableADAL"=dword:00000000' in lines
    assert '"Quoted"="a \\"b\\" \\\\c\\\\ ünï"' in lines
    assert '"Big"=hex(b):05,00,00,00,00,01,00,00' in lines
    assert "[%s\\Identities\\4c1d_ADAL]" % ROOT in lines


def test_round_trip_keeps_every_value_and_key():
    sections = regfile.parse(regfile.export(TREE, ROOT))
    assert list(sections) == [ROOT, ROOT + "\\Identities", ROOT + "\\Identities\\4c1d_ADAL", ROOT + "\\Profiles"]
    assert sections[ROOT]["values"] == TREE["values"]
    assert sections[ROOT + "\\Identities\\4c1d_ADAL"]["values"]["EmailAddress"]["data"] == "maria@bloomfield-florist.com"


def test_utf16_file_bytes_round_trip():
    raw = regfile.export(TREE, ROOT).encode(regfile.ENCODING)
    assert raw[:2] == b"\xff\xfe"
    assert regfile.parse(raw.decode(regfile.ENCODING))[ROOT]["values"]["Quoted"]["data"] == 'a "b" \\c\\ ünï'


def test_regedit_continuation_lines_and_comments():
    text = ("Windows Registry Editor Version 5.00\r\n\r\n; a comment\r\n[HKEY_CURRENT_USER\\X]\r\n"
            '"Bin"=hex:01,02,\\\r\n  03,04\r\n')
    assert regfile.parse(text)["HKEY_CURRENT_USER\\X"]["values"]["Bin"] == {"type": "REG_BINARY", "data": "01020304"}


@pytest.mark.parametrize("text,message", [
    ("REGEDIT4\r\n", "line 1: not a Registry Editor 5.00 file"),
    ('Windows Registry Editor Version 5.00\r\n"A"="b"\r\n', "line 2: expected a [key]"),
    ('Windows Registry Editor Version 5.00\r\n[K]\r\n"A"=hex(4):01\r\n', "line 3: unsupported value data"),
])
def test_bad_files_name_the_line(text, message):
    with pytest.raises(regfile.RegFileError, match=message.replace("[", "\\[")):
        regfile.parse(text)


def test_multiline_strings_are_written_as_hex1_and_read_back():
    tree = {"values": {"Note": {"type": "REG_SZ", "data": "line one\r\nline two"}}}
    text = regfile.export(tree, ROOT)
    assert '"Note"=hex(1):' in text
    assert regfile.parse(text)[ROOT]["values"]["Note"] == {"type": "REG_SZ", "data": "line one\r\nline two"}


def test_fingerprint_sees_every_change_and_ignores_order():
    base = regfile.fingerprint(TREE)
    reordered = {"keys": dict(reversed(list(TREE["keys"].items()))), "values": dict(reversed(list(TREE["values"].items())))}
    assert regfile.fingerprint(reordered) == base
    changed_value = {"keys": TREE["keys"], "values": dict(TREE["values"], EnableADAL={"type": "REG_DWORD", "data": 1})}
    extra_key = {"keys": dict(TREE["keys"], New={}), "values": TREE["values"]}
    retyped = {"keys": TREE["keys"], "values": dict(TREE["values"], EnableADAL={"type": "REG_QWORD", "data": 0})}
    assert len({base, regfile.fingerprint(changed_value), regfile.fingerprint(extra_key), regfile.fingerprint(retyped)}) == 4
    assert regfile.fingerprint(None) == regfile.fingerprint({})


def test_fingerprint_cannot_be_forged_by_separators_in_content():
    a = {"values": {"a": {"type": "REG_SZ", "data": "b\tREG_SZ\tc"}}}
    b = {"values": {"a\tREG_SZ\tb": {"type": "REG_SZ", "data": "c"}}}
    assert regfile.fingerprint(a) != regfile.fingerprint(b)
    empty = {"values": {"m": {"type": "REG_MULTI_SZ", "data": []}}}
    one_empty = {"values": {"m": {"type": "REG_MULTI_SZ", "data": [""]}}}
    assert regfile.fingerprint(empty) != regfile.fingerprint(one_empty)
    forged = {"values": {"x": {"type": "REG_SZ", "data": "1\n\tother\tREG_SZ\t2"}}}
    honest = {"values": {"x": {"type": "REG_SZ", "data": "1"}, "other": {"type": "REG_SZ", "data": "2"}}}
    assert regfile.fingerprint(forged) != regfile.fingerprint(honest)


@pytest.mark.parametrize("tree", [
    {"values": {"evil\r\n[HKEY_LOCAL_MACHINE\\X]": {"type": "REG_SZ", "data": ""}}},
    {"keys": {"a]b": {}}},
    {"keys": {"line\nbreak": {}}},
])
def test_export_refuses_names_that_could_forge_sections(tree):
    with pytest.raises(regfile.RegFileError, match="cannot be written to a .reg file safely"):
        regfile.export(tree, ROOT)
