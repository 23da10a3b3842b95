"""win_outlook_profile end to end on the lab, with the real ansible-playbook."""

import json
import pathlib

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK = ROOT / "tests" / "unit" / "lab" / "files" / "profile.yml"
SCENARIOS = ROOT / "tests" / "lab" / "scenarios"
OUTLOOK16 = r"Software\Microsoft\Office\16.0\Outlook"


def results(directory):
    return dict((path.stem, json.loads(path.read_text())) for path in directory.glob("*.json"))


def original_files(host):
    doc = json.loads((SCENARIOS / (host + ".json")).read_text(encoding="utf-8"))
    return [sorted(user.get("files", {})) for user in doc["users"]]


def profiles(user):
    return sorted(registry.find_key(user["hive"], OUTLOOK16 + r"\Profiles")["keys"])


def test_check_mode_plans_a_new_default_and_changes_nothing(run_playbook, tmp_path):
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s" % tmp_path, "--limit", "corrupt_profile", "--diff", check=True)
    result = results(tmp_path)["corrupt_profile"]
    assert result["changed"] is True
    assert result["users"][0]["after"]["16.0"]["default"].startswith("Outlook-")
    user = run_playbook.state("corrupt_profile")["users"][0]
    assert registry.value_data(user["hive"], OUTLOOK16, "DefaultProfile") == "Outlook"


def test_new_default_profiles_keep_the_old_ones_and_every_file(run_playbook, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    args = "profile_user=all profile_running=stop"
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s %s" % (first, args), "--limit", "corrupt_profile,shared_pc")
    for host in ("corrupt_profile", "shared_pc"):
        state = run_playbook.state(host)
        original = json.loads((SCENARIOS / (host + ".json")).read_text(encoding="utf-8"))
        for user, before in zip(state["users"], original["users"]):
            default = registry.value_data(user["hive"], OUTLOOK16, "DefaultProfile")
            assert default.startswith("Outlook-"), (host, user["name"])
            old = sorted(registry.find_key(before["hive"], OUTLOOK16 + r"\Profiles")["keys"])
            assert profiles(user) == sorted(old + [default])
            assert sorted(user.get("files", {})) == sorted(before.get("files", {}))  # .pst and .ost untouched
        assert state["runtime"]["mounted_hives"] == []
    anna = run_playbook.state("shared_pc")
    assert not [p for p in anna["processes"] if p["name"] == "OUTLOOK.EXE"]  # stopped as asked
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s %s" % (second, args), "--limit", "corrupt_profile,shared_pc")
    assert dict((host, r["changed"]) for host, r in results(second).items()) == {"corrupt_profile": False, "shared_pc": False}


def test_running_outlook_fails_clearly_by_default(run_playbook, tmp_path):
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s profile_ignore_errors=true" % tmp_path, "--limit", "godaddy_657rx")
    result = results(tmp_path)["godaddy_657rx"]
    assert result["failed"] is True and result["changed"] is False
    assert "Outlook is running for BLOOMFIELD-PC\\maria (pid 6120)" in result["msg"]
    user = run_playbook.state("godaddy_657rx")["users"][0]
    assert registry.value_data(user["hive"], OUTLOOK16, "DefaultProfile") == "Outlook"


def test_caches_move_to_backup_only_when_asked_and_pst_stays(run_playbook, tmp_path):
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s profile_clear=true" % tmp_path, "--limit", "corrupt_profile")
    files = run_playbook.state("corrupt_profile")["users"][0]["files"]
    assert "Documents\\Outlook Files\\archive-2023.pst" in files
    assert "AppData\\Local\\Microsoft\\Outlook\\sam@contoso.com.ost" not in files
    moved = [path for path in files if path.startswith("AppData\\Local\\officeops\\outlook_auth\\backup\\")]
    expected = ["c6f9e6a7-58a1-4ef0-9c1e-7a4a2d1d0b55 - Autodiscover.xml", "sam@contoso.com.ost"]
    assert sorted(p.rpartition("\\")[2] for p in moved) == expected
