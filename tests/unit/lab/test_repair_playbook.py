"""win_office_repair end to end on the lab, with scripted OfficeClickToRun.exe outcomes."""

import copy
import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK = ROOT / "tests" / "unit" / "lab" / "files" / "repair.yml"
SCENARIO = json.loads((ROOT / "tests" / "lab" / "scenarios" / "wam_disabled.json").read_text(encoding="utf-8"))


def seed(run_playbook, change):
    doc = copy.deepcopy(SCENARIO)
    change(doc)
    path = run_playbook.state_dir / "wam_disabled.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))


def run(run_playbook, tmp_path, label, extra="", check=False):
    out = tmp_path / label
    out.mkdir()
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s %s" % (out, extra), "--limit", "wam_disabled", check=check)
    return json.loads((out / "wam_disabled.json").read_text())


def test_check_mode_reports_the_command_and_runs_nothing(run_playbook, tmp_path):
    result = run(run_playbook, tmp_path, "check", check=True)
    assert result["changed"] is True and result["exit_code"] is None
    assert result["command"] == "scenario=Repair platform=x64 culture=en-us RepairType=QuickRepair forceappshutdown=False DisplayLevel=False"
    assert run_playbook.state("wam_disabled")["counters"].get("ops") == 1  # the probe only


def test_success_reports_versions_and_once_makes_a_rerun_a_no_op(run_playbook, tmp_path):
    def scripted(doc):
        doc["tools"]["OfficeClickToRun.exe"]["outcomes"]["QuickRepair"] = {"exit_code": 0, "version_after": "16.0.17928.20200"}
    seed(run_playbook, scripted)
    result = run(run_playbook, tmp_path, "first", "repair_once=INC9")
    assert result["changed"] is True and result["exit_code"] == 0
    assert (result["version_before"], result["version_after"]) == ("16.0.17928.20156", "16.0.17928.20200")
    again = run(run_playbook, tmp_path, "again", "repair_once=INC9")
    assert again["changed"] is False and again["msg"].startswith("Office already repaired for INC9")


def test_failure_code_hang_and_missing_tool(run_playbook, tmp_path):
    seed(run_playbook, lambda doc: doc["tools"]["OfficeClickToRun.exe"]["outcomes"].update(QuickRepair={"exit_code": 17002}))
    failed = run(run_playbook, tmp_path, "code", "repair_once=INC10")
    assert failed["failed"] is True and "exited with 17002" in failed["msg"] and failed["exit_code"] == 17002
    assert run(run_playbook, tmp_path, "retry", "repair_once=INC10")["failed"] is True  # no marker after a failure
    seed(run_playbook, lambda doc: doc["faults"].update(hanging_tools=["OfficeClickToRun.exe"]) if "faults" in doc
         else doc.update(faults={"hanging_tools": ["OfficeClickToRun.exe"]}))
    hung = run(run_playbook, tmp_path, "hang")
    assert hung["failed"] is True and hung["changed"] is True and "still running after 120 seconds" in hung["msg"]
    seed(run_playbook, lambda doc: doc["tools"].pop("OfficeClickToRun.exe"))
    missing = run(run_playbook, tmp_path, "missing")
    assert missing["failed"] is True and "OfficeClickToRun.exe was not found" in missing["msg"]


def test_running_office_needs_force(run_playbook, tmp_path):
    seed(run_playbook, lambda doc: doc["processes"].append({"name": "OUTLOOK.EXE", "pid": 77, "session_id": 1,
                                                           "user_sid": doc["users"][0]["sid"]}))
    refused = run(run_playbook, tmp_path, "refused")
    assert refused["failed"] is True and "Office is running (OUTLOOK)" in refused["msg"]
    forced = run(run_playbook, tmp_path, "forced", "repair_force=true")
    assert forced["changed"] is True and "forceappshutdown=True" in forced["command"]


# Reinstall through the Office Deployment Tool.
ODT = "C:\\Tools\\ODT\\setup.exe"
CONFIGURATION = ('<Configuration><Remove All="TRUE"/><Add OfficeClientEdition="64" Channel="Current">'
                 '<Product ID="O365BusinessRetail"><Language ID="en-us"/></Product></Add>'
                 '<Display Level="None" AcceptEULA="TRUE"/></Configuration>')


def with_odt(outcomes=None, configuration_file=None):
    def change(doc):
        doc["tools"]["setup.exe"] = {"path": ODT, "outcomes": dict({"exit_code": 0, "version_after": "16.0.18025.20104"},
                                                                   **(outcomes or {}))}
        if configuration_file:
            doc["tools"]["configuration.xml"] = {"path": "C:\\Tools\\ODT\\configuration.xml", "outcomes": {"content": configuration_file}}
    return change


def run_json(run_playbook, tmp_path, label, variables, check=False):
    out = tmp_path / label
    out.mkdir()
    variables = dict({"repair_type": "reinstall", "repair_odt_path": ODT}, **variables)
    run_playbook(PLAYBOOK, "-e", json.dumps(dict(variables, dump_dir=str(out))), "--limit", "wam_disabled", check=check)
    return json.loads((out / "wam_disabled.json").read_text())


def test_reinstall_check_apply_and_once(run_playbook, tmp_path):
    seed(run_playbook, with_odt())
    wanted = {"repair_configuration": CONFIGURATION, "repair_once": "INC21"}
    planned = run_json(run_playbook, tmp_path, "check", wanted, check=True)
    assert planned["changed"] is True and planned["exit_code"] is None
    assert planned["command"] == '"%s" /configure "C:\\ProgramData\\officeops\\outlook_auth\\odt\\configuration.xml"' % ODT
    assert any("can remove and reinstall Office" in w for w in planned["warnings"])
    assert "odt_configurations" not in run_playbook.state("wam_disabled").get("runtime", {})
    done = run_json(run_playbook, tmp_path, "apply", wanted)
    assert done["changed"] is True and done["exit_code"] == 0 and done["msg"].startswith("reinstalled (reinstall)")
    assert (done["version_before"], done["version_after"]) == ("16.0.17928.20156", "16.0.18025.20104")
    # setup.exe got exactly the configuration that was checked.
    assert run_playbook.state("wam_disabled")["runtime"]["odt_configurations"] == [CONFIGURATION]
    again = run_json(run_playbook, tmp_path, "again", wanted)
    assert again["changed"] is False and again["msg"].startswith("Office already repaired for INC21")
    assert len(run_playbook.state("wam_disabled")["runtime"]["odt_configurations"]) == 1


def test_reinstall_from_a_configuration_file_closing_office(run_playbook, tmp_path):
    def change(doc):
        with_odt(configuration_file=CONFIGURATION)(doc)
        doc["processes"].append({"name": "OUTLOOK.EXE", "pid": 77, "session_id": 1, "user_sid": doc["users"][0]["sid"]})
    seed(run_playbook, change)
    wanted = {"repair_configuration": "C:\\Tools\\ODT\\configuration.xml"}
    refused = run_json(run_playbook, tmp_path, "refused", wanted)
    assert refused["failed"] is True and "Office is running (OUTLOOK)" in refused["msg"]
    done = run_json(run_playbook, tmp_path, "forced", dict(wanted, repair_force=True))
    assert done["changed"] is True and done["exit_code"] == 0
    written = run_playbook.state("wam_disabled")["runtime"]["odt_configurations"][-1]
    assert '<Property Name="FORCEAPPSHUTDOWN" Value="TRUE" />' in written


KEYED = CONFIGURATION.replace('<Product ID="O365BusinessRetail">', '<Product ID="ProPlus2024Volume" PIDKEY="KEY01-SENTINEL">')


def test_a_product_key_in_a_configuration_file_never_leaves_the_host_yet_reaches_setup(run_playbook, tmp_path):
    seed(run_playbook, with_odt(configuration_file=KEYED))
    wanted = {"repair_configuration": "C:\\Tools\\ODT\\configuration.xml", "repair_force": True}
    out = tmp_path / "keyed"
    out.mkdir()
    variables = dict(wanted, repair_type="reinstall", repair_odt_path=ODT, dump_dir=str(out))
    done = run_playbook(PLAYBOOK, "-vvv", "-e", json.dumps(variables), "--limit", "wam_disabled")
    result = json.loads((out / "wam_disabled.json").read_text())
    assert result["changed"] is True and result["exit_code"] == 0
    written = run_playbook.state("wam_disabled")["runtime"]["odt_configurations"][-1]
    # setup.exe reads the key (restored on the host, into the XML the controller rewrote)...
    assert 'PIDKEY="KEY01-SENTINEL"' in written and '<Property Name="FORCEAPPSHUTDOWN" Value="TRUE" />' in written
    # ...which the controller only ever saw as a token
    assert "KEY01-SENTINEL" not in done.stdout + done.stderr + json.dumps(result)


def test_a_configuration_file_changed_after_the_probe_is_not_used(run_playbook, tmp_path):
    from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import deployment
    from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.twins import win_office_repair as twin
    state = {"tools": {"configuration.xml": {"path": "C:\\Tools\\ODT\\configuration.xml", "outcomes": {"content": KEYED}}}}
    view = twin._odt_view(dict(state, tools=dict(state["tools"], **{"setup.exe": {"path": ODT, "outcomes": {}}})),
                          {"odt_path": ODT, "configuration": "C:\\Tools\\ODT\\configuration.xml"})
    assert "KEY01-SENTINEL" not in json.dumps(view) and 'PIDKEY="officeops-hidden-pidkey-0"' in view["configuration"]["content"]
    op = {"configuration_path": "C:\\Tools\\ODT\\configuration.xml", "configuration_sha256": view["configuration"]["sha256"],
          "configuration_xml": view["configuration"]["content"]}
    assert twin._configuration_to_write(state, op) == KEYED
    state["tools"]["configuration.xml"]["outcomes"]["content"] = KEYED.replace("KEY01", "KEY02")
    with pytest.raises(ValueError, match="changed since it was checked"):
        twin._configuration_to_write(state, op)
    # a token the file has no key for, and a value that is not a key, are refused
    with pytest.raises(ValueError, match="product key 1"):
        deployment.restore_product_keys('PIDKEY="officeops-hidden-pidkey-1"', KEYED)
    with pytest.raises(ValueError, match="is not a product key"):
        deployment.restore_product_keys('PIDKEY="officeops-hidden-pidkey-0"', "<Product PIDKEY='a\"b'/>")
    assert deployment.hide_product_keys("<P pidkey = 'AB-1'/><P PIDKEY=\"CD-2\"/>") == \
        "<P pidkey = \"officeops-hidden-pidkey-0\"/><P PIDKEY=\"officeops-hidden-pidkey-1\"/>"
    # a PIDKEY= left without a token fails closed (no text at all): an unmatched quote in a
    # comment (which must not swallow the next key either) or a value without quotes
    for unsafe in ("<!-- PIDKEY=' retail only --><Product PIDKEY='AAAAA-BBBBB'/>", "<Product PIDKEY=AAAAA-BBBBB/>",
                   "<Product PidKey = AAAAA-BBBBB />",
                   # a value that swallowed another PIDKEY, a look-alike token
                   '<!-- PIDKEY="old one, new PIDKEY="AAAAA-BBBBB" -->',
                   '<Product PIDKEY="officeops-hidden-pidkey-1>AAAAA-BBBBB"/>',
                   # PIDKEY in other forms: a property, the old MSI element, a comment
                   '<Property Name="PIDKEY" Value="AAAAA-BBBBB"/>', '<PIDKEY Value="AAAAA-BBBBB"/>',
                   '<!-- the PIDKEY is AAAAA-BBBBB -->'):
        with pytest.raises(ValueError, match="other than as a quoted product key attribute") as refused:
            deployment.hide_product_keys(unsafe)
        assert "AAAAA" not in str(refused.value)
    # after a character that one regex engine calls a word character and the other does not,
    # the key is still hidden (both engines use the same ASCII look-behind)
    hidden = deployment.hide_product_keys('<Product \u00b2PIDKEY="AAAAA-BBBBB" \u0301PIDKEY="AAAAA-BBBBB"/>')
    assert "AAAAA" not in hidden and hidden.count("officeops-hidden-pidkey-") == 2
    with pytest.raises(ValueError, match="DOCTYPE or ENTITY"):
        deployment.hide_product_keys("<!DOCTYPE C [<!ENTITY p '<P PIDKEY&#61;\"AAAAA-BBBBB\"/>'>]><C>&p;</C>")
    with pytest.raises(ValueError, match="NUL characters"):
        deployment.hide_product_keys("<\x00P\x00I\x00D\x00K\x00E\x00Y\x00")


def test_a_configuration_file_whose_key_cannot_be_hidden_is_not_returned(run_playbook, tmp_path):
    seed(run_playbook, with_odt(configuration_file=KEYED.replace('PIDKEY="KEY01-SENTINEL"', "PIDKEY=KEY01-SENTINEL")))
    refused = run_json(run_playbook, tmp_path, "unquoted", {"repair_configuration": "C:\\Tools\\ODT\\configuration.xml"})
    assert refused["failed"] is True and "other than as a quoted product key attribute" in refused["msg"]
    assert "KEY01-SENTINEL" not in json.dumps(refused)
    assert "odt_configurations" not in run_playbook.state("wam_disabled").get("runtime", {})


def test_reinstall_failure_code_hang_and_refusals(run_playbook, tmp_path):
    seed(run_playbook, with_odt({"exit_code": 17004}))
    failed = run_json(run_playbook, tmp_path, "code", {"repair_configuration": CONFIGURATION, "repair_once": "INC22"})
    assert failed["failed"] is True and failed["msg"] == "the reinstall failed: setup.exe exited with 17004"
    assert run_json(run_playbook, tmp_path, "retry", {"repair_configuration": CONFIGURATION, "repair_once": "INC22"})["failed"] is True
    seed(run_playbook, lambda doc: (with_odt()(doc), doc.update(faults={"hanging_tools": ["setup.exe"]})))
    hung = run_json(run_playbook, tmp_path, "hang", {"repair_configuration": CONFIGURATION})
    assert hung["failed"] is True and hung["changed"] is True and "still running after 120 seconds" in hung["msg"]
    seed(run_playbook, with_odt())
    remove_only = run_json(run_playbook, tmp_path, "remove", {"repair_configuration": '<Configuration><Remove All="TRUE"/></Configuration>'})
    assert remove_only["failed"] is True and remove_only["msg"].startswith("configuration: it has <Remove All=\"TRUE\"> and no <Add>")
    broken = run_json(run_playbook, tmp_path, "broken", {"repair_configuration": "<Configuration><Add>"})
    assert broken["failed"] is True and broken["msg"].startswith("configuration: not well-formed XML")
    seed(run_playbook, with_odt({"writable_by_others": ["BUILTIN\\Users"]}))
    writable = run_json(run_playbook, tmp_path, "writable", {"repair_configuration": CONFIGURATION})
    assert writable["failed"] is True and writable["msg"].startswith("odt_path: %s or its folder can be written" % ODT)
    assert "odt_configurations" not in run_playbook.state("wam_disabled").get("runtime", {})
