import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import deployment, repair

ADD = '<Add OfficeClientEdition="64"><Product ID="O365BusinessRetail"><Language ID="en-us"/></Product></Add>'
SILENT = '<Display Level="None" AcceptEULA="TRUE"/>'
SETUP = {"exists": True, "sha256": "ab" * 32, "created": "2026-01-01T00:00:00Z", "writable_by_others": [],
         "path": "C:\\Tools\\ODT\\setup.exe"}
C2R = {"version_to_report": "16.0.17928.20156", "platform": "x64", "update_channel": None, "cdn_base_url": None,
       "product_release_ids": "O365BusinessRetail", "client_culture": "en-us"}


def config(*parts):
    return "<Configuration>%s</Configuration>" % "".join(parts)


def probe(setup=None, configuration=None, **changes):
    base = {"click_to_run": dict(C2R), "tool": None, "office_running": [], "once": {},
            "odt": {"setup": setup or dict(SETUP), "configuration": configuration,
                    "work_folder": "C:\\ProgramData\\officeops\\outlook_auth\\odt"}}
    base.update(changes)
    return base


def options(configuration=None, **kwargs):
    return repair.RepairOptions("reinstall", odt_path="C:\\Tools\\ODT\\setup.exe",
                                configuration=configuration or config(ADD, SILENT), **kwargs)


def test_a_plain_install_is_accepted_as_written():
    text = config(ADD, SILENT)
    checked = deployment.check_configuration(text)
    assert checked == {"xml": text, "warnings": [], "removes": False}


@pytest.mark.parametrize("text,message", [
    ("<Configuration><Add>", "not well-formed XML"),
    ("<Config>%s</Config>" % ADD, "expected <Configuration> as the root element, got <Config>"),
    (config(SILENT), "expected <Configuration> with an <Add> element"),
    (config("<Add/>", SILENT), "at least one <Product ID=...>"),
    (config('<Remove All="TRUE"/>'), 'it has <Remove All="TRUE"> and no <Add>, so it only uninstalls Office'),
    ('<!DOCTYPE x [<!ENTITY a "b">]>' + config(ADD), "DOCTYPE or ENTITY declaration is not allowed"),
    ("  ", "expected the ODT configuration XML"),
])
def test_bad_configurations_are_refused_naming_the_option(text, message):
    with pytest.raises(ValueError, match="^configuration: ") as raised:
        deployment.check_configuration(text)
    assert message in str(raised.value)


def test_remove_only_needs_the_explicit_yes_and_remove_with_add_warns():
    removed = deployment.check_configuration(config('<Remove All="TRUE"/>'), accept_office_removal=True)
    assert removed["removes"] is True and "removes Office and installs nothing" in removed["warnings"][0]
    both = deployment.check_configuration(config('<Remove All="TRUE"/>', ADD, SILENT))
    assert both["warnings"] == ["this configuration removes every Click-to-Run product before it installs; Office is "
                                "missing until setup.exe finishes"]


def test_not_silent_warns_and_force_sets_forceappshutdown():
    loud = deployment.check_configuration(config(ADD))
    assert any("Display Level" in w for w in loud["warnings"])
    forced = deployment.check_configuration(config(ADD, SILENT, '<Property Name="FORCEAPPSHUTDOWN" Value="FALSE"/>'),
                                            force_app_shutdown=True)
    assert forced["xml"].count("FORCEAPPSHUTDOWN") == 1 and '<Property Name="FORCEAPPSHUTDOWN" Value="TRUE" />' in forced["xml"]
    kept = config(ADD, SILENT, '<Property Name="FORCEAPPSHUTDOWN" Value="TRUE"/>')
    assert deployment.check_configuration(kept, force_app_shutdown=True)["xml"] == kept


def test_plan_builds_the_command_line_from_the_work_folder():
    planned = repair.plan(options(), probe())
    assert planned["failure"] is None
    assert planned["run"] == {"setup": "C:\\Tools\\ODT\\setup.exe", "configuration_xml": config(ADD, SILENT),
                              "arguments": '/configure "C:\\ProgramData\\officeops\\outlook_auth\\odt\\configuration.xml"',
                              # inline: no file for the wrapper to restore product keys from
                              "configuration_path": "", "configuration_sha256": ""}
    assert any("can remove and reinstall Office" in w for w in planned["warnings"])


def test_plan_reads_a_configuration_file_and_reinstalls_without_click_to_run():
    path = "C:\\Tools\\ODT\\configuration.xml"
    found = {"exists": True, "content": config(ADD, SILENT), "sha256": "c0" * 32, "error": None}
    planned = repair.plan(options(path), probe(configuration=found, click_to_run=None))
    assert planned["run"]["configuration_xml"] == found["content"] and planned["before"] == {"version": None}
    # the wrapper restores the file's product keys only from the file the probe hashed
    assert (planned["run"]["configuration_path"], planned["run"]["configuration_sha256"]) == (path, "c0" * 32)
    missing = repair.plan(options(path), probe(configuration=dict(found, exists=False)))
    assert missing["failure"] == "configuration: %s was not found on the target" % path


@pytest.mark.parametrize("change,message", [
    ({"setup": dict(SETUP, exists=False)}, "odt_path: C:\\Tools\\ODT\\setup.exe was not found on the target"),
    ({"setup": dict(SETUP, writable_by_others=["S-1-5-32-545"])}, "can be written (or, as owner, re-permissioned) by S-1-5-32-545"),
    ({"office_running": ["OUTLOOK"]}, "Office is running (OUTLOOK)"),
])
def test_plan_refusals(change, message):
    planned = repair.plan(options(), probe(**change))
    assert planned["run"] is None and message in planned["failure"]


def test_once_is_honoured_for_a_reinstall():
    planned = repair.plan(options(once="INC5"), probe(once={"INC5": "2026-11-21T10:00:00Z"}))
    assert planned["run"] is None and planned["note"].startswith("Office already repaired for INC5")


@pytest.mark.parametrize("kwargs,message", [
    ({"repair_type": "reinstall", "configuration": config(ADD)}, "odt_path: required with repair_type=reinstall"),
    ({"repair_type": "reinstall", "odt_path": "C:\\ODT\\setup.exe"}, "configuration: required with repair_type=reinstall"),
    ({"repair_type": "reinstall", "odt_path": "setup.exe", "configuration": config(ADD)}, "odt_path: expected the absolute path"),
    ({"repair_type": "reinstall", "odt_path": "C:\\ODT\\setup.exe", "configuration": "C:\\ODT\\c.txt"},
     "configuration: expected the absolute path of a .xml file"),
    ({"odt_path": "C:\\ODT\\setup.exe"}, "odt_path: only used with repair_type=reinstall"),
    ({"accept_office_removal": True}, "accept_office_removal: only used with repair_type=reinstall"),
])
def test_reinstall_options(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", "\\(").replace(")", "\\)").replace(".", "\\.")):
        repair.RepairOptions(**kwargs)


def test_a_configuration_that_is_not_a_path_is_never_echoed():
    secret = '\ufeff <Configuration><Add><Product ID="X"><Property Name="PIDKEY" Value="AAAAA-BBBBB"/></Product></Add>'
    assert deployment.is_inline(secret)
    with pytest.raises(ValueError) as raised:
        deployment.check_target_path("configuration", "D:/odt/" + secret, ".xml", echo=False)
    assert "AAAAA-BBBBB" not in str(raised.value) and "configuration:" in str(raised.value)
