import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import clicktorun

# Values as read from HKLM\SOFTWARE\Microsoft\Office\ClickToRun\Configuration on real
# installations (Microsoft 365 Apps for business / enterprise, Office LTSC 2021).
M365_BUSINESS_CURRENT = {
    "version_to_report": "16.0.17928.20156",
    "platform": "x64",
    "update_channel": None,
    "cdn_base_url": "http://officecdn.microsoft.com/pr/492350f6-3a01-4f97-b9c0-c7c6ddf67d60",
    "product_release_ids": "O365BusinessRetail",
    "client_culture": "en-us",
}
ENTERPRISE_MOVED_TO_MEC = {
    "version_to_report": "16.0.17726.20206",
    "platform": "x86",
    "update_channel": "http://officecdn.microsoft.com/pr/55336b82-a18d-4dd6-b5f6-9e5095c314a6",
    "cdn_base_url": "http://officecdn.microsoft.com/pr/7ffbc6bf-bc32-4f92-8982-f9dd17fd3114",
    "product_release_ids": "O365ProPlusRetail,VisioProRetail, ProjectProRetail",
    "client_culture": "ja-jp",
}
LTSC_2021 = {
    "version_to_report": "16.0.14332.20771",
    "platform": "x64",
    "update_channel": None,
    "cdn_base_url": "http://officecdn.microsoft.com/pr/5030841D-C919-4594-8D2D-84AE4F96E58E",
    "product_release_ids": "ProPlus2021Volume",
    "client_culture": "de-de",
}


def test_current_channel_from_cdn_base_url():
    facts = clicktorun.normalise_click_to_run(M365_BUSINESS_CURRENT)
    assert facts["installed"] is True
    assert facts["version_info"] == {"major": 16, "minor": 0, "build": 17928, "revision": 20156}
    assert facts["channel"] == {"id": "492350f6-3a01-4f97-b9c0-c7c6ddf67d60", "name": "Current", "source": "CDNBaseUrl"}
    assert facts["product_release_ids"] == ["O365BusinessRetail"]
    assert facts["platform"] == "x64"


def test_update_channel_wins_over_cdn_base_url():
    facts = clicktorun.normalise_click_to_run(ENTERPRISE_MOVED_TO_MEC)
    assert facts["channel"]["name"] == "MonthlyEnterprise"
    assert facts["channel"]["source"] == "UpdateChannel"
    assert facts["product_release_ids"] == ["O365ProPlusRetail", "VisioProRetail", "ProjectProRetail"]
    assert facts["culture"] == "ja-jp"


def test_guid_case_does_not_matter():
    facts = clicktorun.normalise_click_to_run(LTSC_2021)
    assert facts["channel"]["id"] == "5030841d-c919-4594-8d2d-84ae4f96e58e"
    assert facts["channel"]["name"] == "PerpetualVL2021"


def test_unknown_guid_is_reported_not_guessed():
    raw = dict(M365_BUSINESS_CURRENT, cdn_base_url="http://officecdn.microsoft.com/pr/00000000-1111-2222-3333-444444444444")
    assert clicktorun.normalise_click_to_run(raw)["channel"] == {
        "id": "00000000-1111-2222-3333-444444444444", "name": "Unknown", "source": "CDNBaseUrl"}


def test_missing_channel_values():
    raw = dict(M365_BUSINESS_CURRENT, cdn_base_url=None, update_channel="")
    assert clicktorun.normalise_click_to_run(raw)["channel"] == {"id": None, "name": "Unknown", "source": None}


def test_not_installed():
    assert clicktorun.normalise_click_to_run(None) == {"installed": False}


@pytest.mark.parametrize("text,expected", [
    ("16.0.17928.20156", (16, 0, 17928, 20156)),
    (" 15.0.5589.1001 ", (15, 0, 5589, 1001)),
    ("16.0.17928", None),
    ("16.0.abc.1", None),
    ("", None),
    (None, None),
    (16, None),
])
def test_parse_version(text, expected):
    parsed = clicktorun.parse_version(text)
    if expected is None:
        assert parsed is None
    else:
        assert (parsed["major"], parsed["minor"], parsed["build"], parsed["revision"]) == expected


def test_unparsable_version_keeps_the_raw_text():
    facts = clicktorun.normalise_click_to_run(dict(M365_BUSINESS_CURRENT, version_to_report="garbage"))
    assert facts["version"] == "garbage" and facts["version_info"] is None
