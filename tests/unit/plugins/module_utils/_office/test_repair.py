import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import repair

C2R = {"version_to_report": "16.0.17928.20156", "platform": "x64", "update_channel": None, "cdn_base_url": None,
       "product_release_ids": "O365BusinessRetail", "client_culture": "en-us"}
TOOL = "C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe"


def probe(**changes):
    base = {"click_to_run": dict(C2R), "tool": TOOL, "office_running": [], "once": {}}
    base.update(changes)
    return base


def test_quick_repair_command_line():
    planned = repair.plan(repair.RepairOptions(), probe())
    assert planned["run"] == "scenario=Repair platform=x64 culture=en-us RepairType=QuickRepair forceappshutdown=False DisplayLevel=False"
    assert planned["before"] == {"version": "16.0.17928.20156"}


def test_full_repair_is_explicit_and_warns():
    planned = repair.plan(repair.RepairOptions("full", force_app_shutdown=True), probe(office_running=["OUTLOOK"]))
    assert "RepairType=FullRepair forceappshutdown=True" in planned["run"]
    assert "downloads and reinstalls Office" in planned["warnings"][0]


@pytest.mark.parametrize("changes,expected", [
    ({"office_running": ["OUTLOOK", "EXCEL"]}, "Office is running (EXCEL, OUTLOOK)"),
    ({"tool": None}, "OfficeClickToRun.exe was not found"),
    ({"click_to_run": dict(C2R, platform="arm64")}, "neither x86 nor x64"),
    ({"click_to_run": dict(C2R, client_culture="en us")}, "is not a culture name"),
])
def test_refusals_say_why(changes, expected):
    planned = repair.plan(repair.RepairOptions(), probe(**changes))
    assert planned["run"] is None and expected in planned["failure"]


def test_no_click_to_run_and_once():
    assert "Click-to-Run Office not found" in repair.plan(repair.RepairOptions(), probe(click_to_run=None))["note"]
    planned = repair.plan(repair.RepairOptions(once="INC7"), probe(once={"inc7": "2026-11-21T10:00:00Z"}))
    assert planned["run"] is None and planned["note"].startswith("Office already repaired for INC7")


@pytest.mark.parametrize("kwargs,message", [
    ({"repair_type": "deep"}, "repair_type: expected one of quick, full"),
    ({"timeout": 10}, "timeout: expected 60 to 14400 seconds"),
    ({"timeout": True}, "timeout: expected 60 to 14400 seconds"),
])
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        repair.RepairOptions(**kwargs)
