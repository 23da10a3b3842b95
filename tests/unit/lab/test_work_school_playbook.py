"""win_work_school_account end to end on the lab, with the real ansible-playbook."""

import json
import pathlib

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab import registry

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK = ROOT / "tests" / "unit" / "lab" / "files" / "work_school.yml"
JOIN_INFO = r"Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo"
CLEANUP = "C:\\Tools\\WPJCleanUp\\WPJCleanUp.cmd"


def run(run_playbook, tmp_path, label, extra, limit="godaddy_657rx", check=False):
    out = tmp_path / label
    out.mkdir()
    run_playbook(PLAYBOOK, "-e", json.dumps(dict(extra, dump_dir=str(out))), "--limit", limit, "--diff", check=check)
    return dict((path.stem, json.loads(path.read_text())) for path in out.glob("*.json"))


def test_query_reports_device_accounts_and_changes_nothing(run_playbook, tmp_path):
    result = run(run_playbook, tmp_path, "query", {})["godaddy_657rx"]
    assert result["changed"] is False and result["device"]["device_join"] == "workgroup"
    user = result["users"][0]
    assert [r["address"] for r in user["registrations"]] == ["maria.lopez@northwind-traders.com"]
    assert sorted(a["user_name"] for a in user["wam_accounts"]) == ["maria.lopez@northwind-traders.com",
                                                                    "maria@bloomfield-florist.com"]


def test_stale_accounts_go_and_a_rerun_changes_nothing(run_playbook, tmp_path):
    extra = {"ws_state": "absent", "ws_match": {"all_except": "maria@bloomfield-florist.com"}, "ws_cleanup": CLEANUP}
    planned = run(run_playbook, tmp_path, "check", extra, check=True)["godaddy_657rx"]
    assert planned["changed"] is True and any("set cleanup_all=true" in w for w in planned["warnings"])
    state = run_playbook.state("godaddy_657rx")
    assert len(state["users"][0]["wam_accounts"]) == 2  # check mode changed nothing
    done = run(run_playbook, tmp_path, "apply", extra)["godaddy_657rx"]
    assert done["changed"] is True
    state = run_playbook.state("godaddy_657rx")
    # Only the stale WAM account: WPJCleanUp would have signed out the mailbox's own account too.
    assert [a["user_name"] for a in state["users"][0]["wam_accounts"]] == ["maria@bloomfield-florist.com"]
    assert registry.find_key(state["users"][0]["hive"], JOIN_INFO) is not None
    again = run(run_playbook, tmp_path, "again", extra)["godaddy_657rx"]
    assert again["changed"] is False
    accepted = run(run_playbook, tmp_path, "all", dict(extra, ws_cleanup_all=True))["godaddy_657rx"]
    assert accepted["changed"] is True
    state = run_playbook.state("godaddy_657rx")
    assert registry.find_key(state["users"][0]["hive"], JOIN_INFO) is None
    assert state["users"][0]["wam_accounts"] == []  # WPJCleanUp signs every SSO account out, as on Windows
    assert state["device"]["azure_ad_joined"] is False and state["device"]["domain_joined"] is False
    final = run(run_playbook, tmp_path, "final", dict(extra, ws_cleanup_all=True))["godaddy_657rx"]
    assert final["changed"] is False


def test_shared_pc_by_tenant_and_the_block_policy(run_playbook, tmp_path):
    extra = {"ws_state": "absent", "ws_match": {"tenant_id": ["b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e"]}, "ws_cleanup": CLEANUP,
             "ws_block": True, "ws_cleanup_all": True}
    result = run(run_playbook, tmp_path, "apply", extra, limit="shared_pc")["shared_pc"]
    assert result["changed"] is True and result["machine"]["after"]["block_workplace_join"] is True
    state = run_playbook.state("shared_pc")
    anna = state["users"][0]
    assert anna["wam_accounts"] == []  # the stale one signed out, the rest by WPJCleanUp
    assert registry.find_key(anna["hive"], JOIN_INFO) is None
    assert registry.find_key(state["users"][1]["hive"], JOIN_INFO) is not None  # tom was not a target
    assert registry.value_data(state["hklm"], r"SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin", "BlockAADWorkplaceJoin") == 1
    assert state["device"]["domain_joined"] is True
    again = run(run_playbook, tmp_path, "again", extra, limit="shared_pc")["shared_pc"]
    assert again["changed"] is False
