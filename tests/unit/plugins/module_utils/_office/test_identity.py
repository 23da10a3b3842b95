"""The identity policy on the lab scenarios' real hive shapes."""

import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import identity
from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry import regfile
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.registry import find_key

SCENARIOS = pathlib.Path(__file__).resolve().parents[4] / "lab" / "scenarios"
NOW = "20261121T101500Z"


def probe(name, index=0):
    state = json.loads((SCENARIOS / (name + ".json")).read_text(encoding="utf-8"))
    c2r = find_key(state["hklm"], r"SOFTWARE\Microsoft\Office\ClickToRun\Configuration")
    machine = {
        "click_to_run_version": c2r["values"]["VersionToReport"]["data"] if c2r else None,
        "install_roots": dict((v, find_key(state["hklm"], r"SOFTWARE\Microsoft\Office\%s\Outlook\InstallRoot" % v) is not None)
                              for v in identity.VERSIONS),
    }
    user = state["users"][index]
    keys = dict((path, find_key(user["hive"], path)) for path in identity.keys_to_read())
    return machine, {"sid": user["sid"], "keys": keys, "once": {}}


def ops_of(plan):
    return [(op["op"], op.get("path"), op.get("name"), op.get("data")) for op in plan["ops"]]


EXCHANGE = ("set_value", identity.EXCHANGE_KEY, "AlwaysUseMSOAuthForAutoDiscover", 1)


def test_password_loop_removes_enable_adal_zero():
    plan = identity.plan_user(identity.IdentityOptions(), *probe("password_loop"), now=NOW)
    assert plan["versions"] == ["16.0"]
    # Autodiscover first, the value the audit looks for last (an interrupted run leaves it found).
    assert ops_of(plan) == [EXCHANGE, ("delete_value", identity.identity_key("16.0"), "EnableADAL", None)]
    assert plan["before"]["16.0"]["EnableADAL"] == 0 and plan["after"]["16.0"]["EnableADAL"] is None


def test_wam_overrides_are_removed_with_a_warning_citing_microsoft():
    plan = identity.plan_user(identity.IdentityOptions(), *probe("wam_disabled"), now=NOW)
    assert ops_of(plan)[1:3] == [("delete_value", identity.identity_key("16.0"), "DisableADALatopWAMOverride", None),
                                 ("delete_value", identity.identity_key("16.0"), "DisableAADWAM", None)]
    assert len(plan["warnings"]) == 1 and "Microsoft does not support disabling ADAL or WAM" in plan["warnings"][0]


def test_office_2013_gets_adal_and_version():
    plan = identity.plan_user(identity.IdentityOptions(), *probe("office2013"), now=NOW)
    assert plan["versions"] == ["15.0"]
    assert ops_of(plan) == [EXCHANGE, ("set_value", identity.identity_key("15.0"), "EnableADAL", 1),
                            ("set_value", identity.identity_key("15.0"), "Version", 1)]


def test_healthy_and_no_office_need_nothing():
    assert identity.plan_user(identity.IdentityOptions(), *probe("healthy"), now=NOW)["ops"] == []
    plan = identity.plan_user(identity.IdentityOptions(), *probe("no_office"), now=NOW)
    assert plan["ops"] == [] and plan["note"] == "Office not found"


def test_wam_disabled_is_an_explicit_opt_in_with_a_warning():
    plan = identity.plan_user(identity.IdentityOptions(wam="disabled"), *probe("healthy"), now=NOW)
    assert ops_of(plan) == [("set_value", identity.identity_key("16.0"), "DisableADALatopWAMOverride", 1),
                            ("set_value", identity.identity_key("16.0"), "DisableAADWAM", 0)]
    assert "takes Office 16.0 off WAM" in plan["warnings"][0]
    assert identity.plan_user(identity.IdentityOptions(wam="unmanaged"), *probe("wam_disabled"), now=NOW)["warnings"] == []


def test_reset_backs_up_before_deleting_and_marks_once():
    machine, user = probe("godaddy_657rx")
    plan = identity.plan_user(identity.IdentityOptions(reset_identity_cache=True, once="INC0012345"), machine, user, now=NOW)
    kinds = [op["op"] for op in plan["ops"]]
    assert kinds[:3] == ["write_backup", "delete_key", "set_once_marker"]
    backup = plan["ops"][0]
    assert backup["path"].startswith(identity.BACKUP_FOLDER + "\\" + NOW)
    sections = regfile.parse(backup["content"])
    root = "HKEY_CURRENT_USER\\" + identity.identity_key("16.0")
    assert root in sections and any(path.startswith(root + "\\Identities\\") for path in sections)
    user["once"] = {"inc0012345": "2026-11-20T09:00:00Z"}
    again = identity.plan_user(identity.IdentityOptions(reset_identity_cache=True, once="INC0012345"), machine, user, now=NOW)
    assert [op["op"] for op in again["ops"]] == ["set_value"]  # only the Autodiscover value, still unset
    assert again["note"].startswith("identity cache already reset for INC0012345")


def test_policy_values_are_reported():
    machine, user = probe("healthy")
    user["keys"][identity.policy_key("16.0")] = {"values": {"EnableADAL": {"type": "REG_DWORD", "data": 0}}}
    plan = identity.plan_user(identity.IdentityOptions(), machine, user, now=NOW)
    assert any("overrides the user value" in w and "EnableADAL=0" in w for w in plan["warnings"])


@pytest.mark.parametrize("kwargs,message", [
    ({"office_version": "14.0"}, "office_version: expected one of auto, 15.0, 16.0"),
    ({"wam": "off"}, "wam: expected one of enabled, disabled, unmanaged"),
    ({"reset_web_service_cache": True}, "reset_web_service_cache: needs reset_identity_cache=true"),
])
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        identity.IdentityOptions(**kwargs)
