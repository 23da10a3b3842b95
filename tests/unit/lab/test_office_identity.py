"""win_office_identity end to end on the lab, with the real ansible-playbook."""

import copy
import json
import pathlib

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.twins.win_office_identity import reg_import

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK = ROOT / "tests" / "unit" / "lab" / "files" / "identity.yml"
IDENTITY16 = r"Software\Microsoft\Office\16.0\Common\Identity"
IDENTITY15 = r"Software\Microsoft\Office\15.0\Common\Identity"
EXCHANGE = r"Software\Microsoft\Exchange"
HOSTS = "password_loop,wam_disabled,office2013,shared_pc,healthy,no_office"


def results(directory):
    return dict((path.stem, json.loads(path.read_text())) for path in directory.glob("*.json"))


def hive(state, index=0):
    return state["users"][index]["hive"]


def test_check_mode_reports_and_changes_nothing(run_playbook, tmp_path):
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s" % tmp_path, "--limit", HOSTS, "--diff", check=True)
    found = results(tmp_path)
    assert dict((host, found[host]["changed"]) for host in found) == {
        "password_loop": True, "wam_disabled": True, "office2013": True, "shared_pc": True,
        "healthy": False, "no_office": False}
    assert found["no_office"]["users"][0]["reason"] == "Office not found"
    assert any("Microsoft does not support disabling ADAL or WAM" in w for w in found["wam_disabled"]["warnings"])
    assert registry.value_data(hive(run_playbook.state("password_loop")), IDENTITY16, "EnableADAL") == 0


def test_apply_converges_and_a_rerun_changes_nothing(run_playbook, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s" % first, "--limit", HOSTS)
    loop = hive(run_playbook.state("password_loop"))
    assert registry.get_value(loop, IDENTITY16, "EnableADAL") is None
    assert registry.value_data(loop, EXCHANGE, "AlwaysUseMSOAuthForAutoDiscover") == 1
    wam = hive(run_playbook.state("wam_disabled"))
    assert registry.get_value(wam, IDENTITY16, "DisableAADWAM") is None
    assert registry.get_value(wam, IDENTITY16, "DisableADALatopWAMOverride") is None
    olga = hive(run_playbook.state("office2013"))
    assert registry.value_data(olga, IDENTITY15, "EnableADAL") == 1 and registry.value_data(olga, IDENTITY15, "Version") == 1
    assert registry.value_data(hive(run_playbook.state("shared_pc")), EXCHANGE, "AlwaysUseMSOAuthForAutoDiscover") == 1
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s" % second, "--limit", HOSTS)
    assert dict((host, r["changed"]) for host, r in results(second).items()) == dict((h, False) for h in HOSTS.split(","))


def test_logged_off_user_goes_through_a_mounted_hive_that_is_unloaded(run_playbook, tmp_path):
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s identity_user=WS-0871\\\\raj" % tmp_path, "--limit", "logged_off")
    state = run_playbook.state("logged_off")
    assert registry.get_value(hive(state), IDENTITY16, "EnableADAL") is None
    assert state["runtime"]["mounted_hives"] == [] and state["counters"]["hive_loads"] == 2  # probe and apply


def test_reset_is_backed_up_once_and_the_backup_imports(run_playbook, tmp_path):
    original = copy.deepcopy(registry.find_key(hive(json.loads(
        (ROOT / "tests" / "lab" / "scenarios" / "godaddy_657rx.json").read_text(encoding="utf-8"))), IDENTITY16))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    args = "identity_reset=true identity_once=INC0012345"
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s %s" % (first, args), "--limit", "godaddy_657rx")
    result = results(first)["godaddy_657rx"]
    backups = result["users"][0]["backups"]
    assert len(backups) == 1 and result["changed"] is True
    state = run_playbook.state("godaddy_657rx")
    user = state["users"][0]
    assert registry.find_key(user["hive"], IDENTITY16) is None
    assert user["files"][backups[0]]["content"].startswith("Windows Registry Editor Version 5.00")
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s %s" % (second, args), "--limit", "godaddy_657rx")
    again = results(second)["godaddy_657rx"]
    assert again["changed"] is False and again["users"][0]["reason"].startswith("identity cache already reset for INC0012345")
    reg_import(state, user, backups[0])
    assert registry.find_key(user["hive"], IDENTITY16) == original


def test_a_hive_that_will_not_unload_fails_loudly(run_playbook, tmp_path):
    state_file = run_playbook.state_dir / "logged_off.json"
    scenario = json.loads((ROOT / "tests" / "lab" / "scenarios" / "logged_off.json").read_text(encoding="utf-8"))
    scenario["faults"] = {"hive_unload_fails": [scenario["users"][0]["sid"]]}
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(scenario))
    done = run_playbook(PLAYBOOK, "-e", "dump_dir=%s identity_user=all identity_ignore_errors=true" % tmp_path,
                        "--limit", "logged_off")
    result = results(tmp_path)["logged_off"]
    assert result["failed"] is True
    assert 'reg.exe unload \\"HKU\\\\officeops_' in done.stdout or "reg.exe unload" in result["msg"]
