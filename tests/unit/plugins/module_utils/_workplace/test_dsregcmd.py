"""dsregcmd /status parsing on outputs of several Windows builds."""

import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace import dsregcmd

SAMPLES = pathlib.Path(__file__).resolve().parent / "samples"


def sample(name):
    return (SAMPLES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name,join,workplace,tenant", [
    ("win11_23h2_entra_joined.txt", "entra", False, "72f988bf-86f1-41af-91ab-2d7cd011db47"),
    ("win10_22h2_hybrid.txt", "hybrid", False, "c0ffee00-1234-4abc-9def-000000000001"),
    ("win11_workgroup_wpj_user_session.txt", "workgroup", True, None),
    ("win10_1607_flat.txt", "domain", None, None),
])
def test_join_state_of_each_build(name, join, workplace, tenant):
    state = dsregcmd.summarise(sample(name))
    assert state["device_join"] == join
    assert state["workplace_joined"] is workplace
    assert state["tenant_id"] == tenant


def test_values_with_colons_and_empty_values():
    sections = dsregcmd.parse(sample("win11_23h2_entra_joined.txt"))["sections"]
    assert sections["SSO State"]["AzureAdPrtAuthority"] == \
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47"
    assert sections["SSO State"]["EnterprisePrtAuthority"] is None
    assert sections["SSO State"]["KerbTopLevelNames"].endswith(".azure.net:1433")
    assert sections["Diagnostic Data"]["Executing Account Name"] == "CONTOSO\\maria, maria@contoso.com"
    assert sections["User State"]["WamDefaultGUID"] == "{B16898C6-A148-4967-9171-64D755DA8520} (AzureAd)"


def test_work_account_sections_and_crlf():
    text = sample("win11_workgroup_wpj_user_session.txt").replace("\n", "\r\n")
    sections = dsregcmd.parse(text)["sections"]
    assert sections["Work Account 1"]["WorkplaceTenantName"] == "Northwind Traders"


def test_lines_it_cannot_read_are_kept_not_guessed():
    parsed = dsregcmd.parse(sample("win10_1607_flat.txt"))
    assert parsed["unparsed"] == []
    assert parsed["sections"][dsregcmd.FLAT_SECTION]["KeySignTest"] == "MUST Run elevated to test."
    assert parsed["sections"][dsregcmd.FLAT_SECTION]["DeviceId"] is None
    summary = dsregcmd.summarise(sample("win11_23h2_entra_joined.txt"))
    assert "For more information, please visit https://www.microsoft.com/aadjerrors" in summary["unparsed"]


@pytest.mark.parametrize("text", ["", "garbage only\nno fields here\n", "+-----+\n| Device State |\n+-----+\n"])
def test_output_without_device_state_is_unknown(text):
    assert dsregcmd.summarise(text)["device_join"] == "unknown"


def test_not_text_is_refused():
    with pytest.raises(ValueError, match="dsregcmd output: expected text"):
        dsregcmd.parse(None)
