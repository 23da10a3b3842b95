"""win_aad_broker_reset end to end on the lab, with the real ansible-playbook."""

import copy
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK = ROOT / "tests" / "unit" / "lab" / "files" / "broker.yml"
SCENARIO = json.loads((ROOT / "tests" / "lab" / "scenarios" / "godaddy_657rx.json").read_text(encoding="utf-8"))
ACCOUNTS = "AppData\\Local\\Packages\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AC\\TokenBroker\\Accounts\\"
BACKUP = "AppData\\Local\\officeops\\outlook_auth\\broker-backup\\"


def run(run_playbook, tmp_path, label, extra="", expect_rc=0, check=False):
    out = tmp_path / label
    out.mkdir()
    run_playbook(PLAYBOOK, "-e", "dump_dir=%s %s" % (out, extra), "--limit", "godaddy_657rx", expect_rc=expect_rc, check=check)
    return json.loads((out / "godaddy_657rx.json").read_text())


def user(run_playbook):
    return run_playbook.state("godaddy_657rx")["users"][0]


def token_files(files):
    return sorted(path for path in files if path.startswith(ACCOUNTS))


def seed_state(run_playbook, **faults):
    doc = copy.deepcopy(SCENARIO)
    doc["faults"] = faults
    path = run_playbook.state_dir / "godaddy_657rx.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))


def test_signout_signs_out_every_office_account_and_reruns_clean(run_playbook, tmp_path):
    planned = run(run_playbook, tmp_path, "check", check=True)
    assert sorted(a["id"] for a in planned["users"][0]["signed_out"]) == ["wam-7a21", "wam-9c04"]
    assert len(user(run_playbook)["wam_accounts"]) == 2
    done = run(run_playbook, tmp_path, "apply", "broker_once=INC1")
    assert done["changed"] is True and user(run_playbook)["wam_accounts"] == []
    assert all(set(a) == {"id", "provider"} for a in done["users"][0]["signed_out"])
    again = run(run_playbook, tmp_path, "again", "broker_once=INC1")
    assert again["changed"] is False


def test_token_cache_moves_into_the_profile_and_restore_brings_it_back_byte_for_byte(run_playbook, tmp_path):
    before = copy.deepcopy(SCENARIO["users"][0]["files"])
    done = run(run_playbook, tmp_path, "reset", "broker_method=token_cache broker_once=INC2")
    assert done["changed"] is True and done["reboot_required"] is True and done["users"][0]["moved"] == 3
    files = user(run_playbook)["files"]
    assert token_files(files) == []
    assert sorted(p for p in files if p.startswith(BACKUP + "INC2\\")) == sorted(BACKUP + "INC2\\" + p for p in token_files(before))
    assert not [p for p in run_playbook.state("godaddy_657rx")["processes"] if p["name"] == "Microsoft.AAD.BrokerPlugin.exe"]
    assert run(run_playbook, tmp_path, "rerun", "broker_method=token_cache broker_once=INC2")["changed"] is False
    restored = run(run_playbook, tmp_path, "restore", "broker_method=token_cache broker_restore=true")
    assert restored["changed"] is True
    assert user(run_playbook)["files"] == before


def test_full_moves_the_package_state_and_registers_it_again(run_playbook, tmp_path):
    done = run(run_playbook, tmp_path, "full", "broker_method=full")
    assert done["changed"] is True
    assert token_files(user(run_playbook)["files"]) == []
    assert user(run_playbook)["registrations"] == ["broker"]


def test_a_locked_file_leaves_a_state_a_rerun_completes(run_playbook, tmp_path):
    locked = token_files(SCENARIO["users"][0]["files"])[1]
    seed_state(run_playbook, locked_files=[locked])
    first = run(run_playbook, tmp_path, "locked", "broker_method=token_cache broker_once=INC3 broker_ignore_errors=true")
    assert first["failed"] is True and "being used by another process" in first["msg"]
    state = run_playbook.state("godaddy_657rx")
    assert token_files(state["users"][0]["files"]) == [locked, token_files(SCENARIO["users"][0]["files"])[2]]
    state["faults"] = {}
    (run_playbook.state_dir / "godaddy_657rx.json").write_text(json.dumps(state))
    second = run(run_playbook, tmp_path, "unlocked", "broker_method=token_cache broker_once=INC3")
    assert second["changed"] is True and token_files(user(run_playbook)["files"]) == []
    backed_up = [p for p in user(run_playbook)["files"] if p.startswith(BACKUP + "INC3\\")]
    assert len(backed_up) == 3  # one backup folder, whole


def test_a_dropped_connection_leaves_a_state_a_rerun_completes(run_playbook, tmp_path):
    # Ops: the probe, the apply call, stopping the broker, then one move each: drop after the first move.
    seed_state(run_playbook, drop_connection_after_ops=4)
    first = run(run_playbook, tmp_path, "dropped", "broker_method=token_cache broker_once=INC4", expect_rc=None)
    assert first.get("unreachable") is True
    state = run_playbook.state("godaddy_657rx")
    assert 0 < len(token_files(state["users"][0]["files"])) < 3
    assert state["runtime"]["mounted_hives"] == []
    state["faults"] = {}
    (run_playbook.state_dir / "godaddy_657rx.json").write_text(json.dumps(state))
    second = run(run_playbook, tmp_path, "resumed", "broker_method=token_cache broker_once=INC4")
    assert second["changed"] is True and token_files(user(run_playbook)["files"]) == []
    assert len([p for p in user(run_playbook)["files"] if p.startswith(BACKUP + "INC4\\")]) == 3
