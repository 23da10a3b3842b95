import pytest

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils import _transport


def test_host_without_lab_variable_goes_to_windows():
    assert _transport.select_endpoint("pc1", "winrm", {"inventory_dir": "/inv"}) is None
    assert _transport.select_endpoint("pc1", "local", {"inventory_dir": "/inv"}) is None


@pytest.mark.parametrize("connection", ["winrm", "psrp", "ssh", "ansible.windows.psrp", None])
def test_lab_variable_on_a_real_connection_is_refused(connection):
    with pytest.raises(_transport.BackendError, match="lab scenarios run only with connection 'local'"):
        _transport.select_endpoint("pc1", connection, {"officeops_lab_scenario": "healthy", "inventory_dir": "/inv"})


@pytest.fixture
def lab(tmp_path, monkeypatch):
    monkeypatch.delenv(_transport.LAB_STATE_DIR_ENV, raising=False)
    (tmp_path / "scenarios").mkdir()
    return tmp_path


@pytest.mark.parametrize("connection", ["local", "ansible.builtin.local"])
def test_lab_host_gets_an_endpoint(connection, lab):
    endpoint = _transport.select_endpoint("pc1", connection, {"officeops_lab_scenario": "healthy", "officeops_lab_dir": str(lab)})
    assert endpoint.seed_path == str(lab / "scenarios" / "healthy.json")
    assert endpoint.state_path == str(lab / ".state" / "pc1.json")


def test_default_lab_is_the_one_shipped_with_the_collection(monkeypatch):
    monkeypatch.delenv(_transport.LAB_STATE_DIR_ENV, raising=False)
    endpoint = _transport.select_endpoint("pc1", "local", {"officeops_lab_scenario": "healthy"})
    assert endpoint.seed_path.endswith("/tests/lab/scenarios/healthy.json")


def test_state_dir_from_inventory_and_environment(monkeypatch, lab, tmp_path):
    task_vars = {"officeops_lab_scenario": "healthy", "officeops_lab_dir": str(lab), "officeops_lab_state_dir": "/from/inventory"}
    assert _transport.select_endpoint("pc1", "local", task_vars).state_path == "/from/inventory/pc1.json"
    monkeypatch.setenv(_transport.LAB_STATE_DIR_ENV, str(tmp_path / "env"))
    assert _transport.select_endpoint("pc1", "local", task_vars).state_path == str(tmp_path / "env" / "pc1.json")


def test_lab_dir_without_scenarios_is_refused(tmp_path):
    with pytest.raises(_transport.BackendError, match="officeops_lab_dir must name a directory holding scenarios/"):
        _transport.select_endpoint("pc1", "local", {"officeops_lab_scenario": "x", "officeops_lab_dir": str(tmp_path / "nope")})


@pytest.mark.parametrize("scenario", ["", "../etc/passwd", "a/b", "a\\b", ".hidden", 5])
def test_bad_scenario_names_are_refused(scenario, lab):
    with pytest.raises(_transport.BackendError, match="must be the name of a scenario file"):
        _transport.select_endpoint("pc1", "local", {"officeops_lab_scenario": scenario, "officeops_lab_dir": str(lab)})


def test_missing_scenario_file_fails_with_its_path(lab):
    endpoint = _transport.LabEndpoint("pc1", "nope", str(lab))
    result = endpoint.invoke("win_outlook_auth_facts", {"_phase": "probe"}, False)
    assert result["failed"] is True
    assert str(lab / "scenarios" / "nope.json") in result["msg"]


def test_a_url_query_is_never_sent_in_a_logged_parameter():
    signed = "https://files.example.com/GetHelpCmd.zip?sv=2024&sig=SECRET"
    assert _transport.logged_url_queries({"source": signed, "_ops": [{"location": signed}]}) == ["source", "_ops[0].location"]
    assert _transport.logged_url_queries({"source": "https://files.example.com/GetHelpCmd.zip#part"}) == ["source"]
    # the shown() form, a URL without a query, the no_log option and op field pass
    assert _transport.logged_url_queries({
        "source": "https://files.example.com/GetHelpCmd.zip?...", "checksum": "ab" * 32,
        "_fetch_url": signed, "_ops": [{"location": "https://files.example.com/GetHelpCmd.zip",
                                        "configuration_xml": '<Add SourcePath="%s"/>' % signed}]}) == []


def test_no_log_options_are_the_ones_the_powershell_specs_mark_no_log():
    import pathlib
    import re
    modules = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "modules"
    marked = set()
    for ps1 in modules.glob("*.ps1"):
        text = ps1.read_text(encoding="utf-8")
        for name in re.findall(r"^\s*(\w+)\s*=\s*@\{[^}\n]*no_log\s*=\s*\$true", text, re.MULTILINE):
            # an op field is declared inside _ops' options
            marked.add(name if name.startswith("_") else "_ops[].%s" % name)
    assert marked == set(_transport.NO_LOG_OPTIONS)
