import datetime

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import support_assistant as sa

NOW = datetime.datetime(2026, 11, 22, 10, 0, 0, tzinfo=datetime.timezone.utc)
SOURCE = "C:\\Tools\\GetHelpCmd\\GetHelpCmd.exe"
TOOL = {"exists": True, "sha256": "ab" * 32, "created": "2026-10-01T00:00:00Z", "writable_by_others": []}


def test_user_scenario_logs_in_the_profile_and_runs_as_the_user():
    planned = sa.plan(sa.AssistantOptions(SOURCE), TOOL, NOW, "C:\\Users\\maria")
    run = planned["run"]
    assert run["as_user"] is True
    assert run["log_folder"] == "C:\\Users\\maria\\" + sa.USER_LOG_FOLDER + "\\ExpertExperienceAdminTask-20261122T100000Z"
    assert run["arguments"] == '-S ExpertExperienceAdminTask -AcceptEula -LogFolder "%s"' % run["log_folder"]


@pytest.mark.parametrize("scenario,closes_office", [
    ("ResetOfficeActivation", True), ("OfficeActivationScenario", True),
])
def test_elevated_scenarios_close_office_and_keep_no_log_folder(scenario, closes_office):
    planned = sa.plan(sa.AssistantOptions(SOURCE, scenario), TOOL, NOW, "C:\\Users\\maria")
    run = planned["run"]
    assert run["as_user"] is False and run["log_folder"] is None
    assert run["arguments"] == "-S %s -AcceptEula -CloseOffice" % scenario


def test_the_user_scan_does_not_close_office():
    planned = sa.plan(sa.AssistantOptions(SOURCE), TOOL, NOW, "C:\\Users\\maria")
    assert "-CloseOffice" not in planned["run"]["arguments"]


def test_an_old_copy_warns_but_still_runs():
    planned = sa.plan(sa.AssistantOptions(SOURCE), dict(TOOL, created="2026-07-01T00:00:00Z"), NOW)
    assert planned["run"] is not None and planned["failure"] is None
    assert any("builds stop working 90 days after" in w for w in planned["warnings"])
    fresh = sa.plan(sa.AssistantOptions(SOURCE), TOOL, NOW)
    assert fresh["warnings"] == []


def test_an_elevated_scenario_refuses_a_tool_others_can_write():
    tool = dict(TOOL, writable_by_others=["BUILTIN\\Users"])
    refused = sa.plan(sa.AssistantOptions(SOURCE, "ResetOfficeActivation"), tool, NOW)
    assert refused["run"] is None and "BUILTIN\\Users" in refused["failure"]
    # The user scan runs as the user anyway, so a writable folder gives nobody more rights.
    assert sa.plan(sa.AssistantOptions(SOURCE), tool, NOW)["run"] is not None


@pytest.mark.parametrize("tool,options,message", [
    (dict(TOOL, exists=False), {}, "was not found on the target"),
    (TOOL, {"checksum": "cd" * 32}, "not the expected"),
])
def test_the_tool_is_judged_before_it_runs(tool, options, message):
    planned = sa.plan(sa.AssistantOptions(SOURCE, **options), tool, NOW)
    assert planned["run"] is None and message in planned["failure"]


@pytest.mark.parametrize("scenario,code,output,status,meaning", [
    ("ResetOfficeActivation", 80, "", "success", "reset"),
    ("ResetOfficeActivation", 72, "", "failed", "not run elevated"),
    ("ResetOfficeActivation", 75, "", "failed", "older than Windows 10 1803"),
    ("OfficeActivationScenario", 36, "", "success", "activation"),
    ("OfficeScrubScenario", 0, "", "success", "removed"),
    ("ResetOfficeActivation", 3, "", "unknown", "result code 3 is not in this collection"),
    ("OfficeActivationScenario", 37, "", "success", "already activated"),
    ("ExpertExperienceAdminTask", 1, "", "success", "offline Outlook scan"),
    ("ExpertExperienceAdminTask", 66, "", "success", "code 66"),
    ("ExpertExperienceAdminTask", 4, "", "failed", "run elevated"),
    ("ExpertExperienceAdminTask", 9, "This version has expired.", "expired", "expired"),
    # A documented success is a success even if the log mentions expiry somewhere.
    ("ExpertExperienceAdminTask", 1, "license expired for another product", "success", "offline"),
])
def test_result_codes(scenario, code, output, status, meaning):
    found = sa.interpret(scenario, code, output)
    assert found["status"] == status and meaning in found["meaning"]


@pytest.mark.parametrize("kwargs,message", [
    ({"source": "GetHelpCmd.exe"}, "source: expected the absolute path"),
    ({"source": "C:\\Tools\\..\\x.exe"}, "source: expected the absolute path"),
    ({"scenario": "Nope"}, "scenario: expected one of"),
    ({"checksum": "abc"}, "checksum: expected the SHA-256"),
    ({"scenario": "OfficeScrubScenario"}, "accept_office_removal: OfficeScrubScenario uninstalls Office"),
    ({"timeout": 5}, "timeout: expected 60 to 14400 seconds"),
])
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sa.AssistantOptions(**dict({"source": SOURCE}, **kwargs))


URL = "https://aka.ms/SaRA_EnterpriseVersionFiles"
CACHE = {"folder": "C:\\ProgramData\\officeops\\outlook_auth\\GetHelpCmd\\" + "ab" * 32, "ready": False, "source_sha256": None}


@pytest.mark.parametrize("kwargs,kind,fetched", [
    ({}, "target", False),
    ({"source": "C:\\Tools\\GetHelpCmd.ZIP"}, "target", True),
    ({"source": URL, "checksum": "AB" * 32}, "url", True),
    ({"source": "files/GetHelpCmd.zip", "remote_src": False}, "controller", True),
])
def test_source_kinds(kwargs, kind, fetched):
    options = sa.AssistantOptions(**dict({"source": SOURCE}, **kwargs))
    assert (options.kind, options.fetched) == (kind, fetched)


@pytest.mark.parametrize("kwargs,message", [
    ({"source": "http://example.com/GetHelpCmd.zip", "checksum": "ab" * 32}, "source: http:// is refused"),
    ({"source": "ftp://example.com/GetHelpCmd.zip"}, "source: expected an https URL"),
    ({"source": "https://exa mple.com/x", "checksum": "ab" * 32}, "source: expected an https URL"),
    ({"source": URL}, "checksum: required with a URL source"),
    ({"source": URL, "checksum": "ab" * 32, "remote_src": False}, "remote_src: a URL is downloaded by the target"),
    ({"source": "C:\\Tools\\GetHelpCmd.msi"}, "source: expected the absolute path"),
])
def test_bad_sources(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", "\\(").replace(".", "\\.")):
        sa.AssistantOptions(**dict({"source": SOURCE}, **kwargs))


def test_plan_fetch_per_kind():
    url = sa.AssistantOptions(URL, checksum="AB" * 32)
    planned = sa.plan_fetch(url, CACHE)
    assert planned["fetch"] == {"op": "fetch_tool", "kind": "url", "location": URL, "sha256": "ab" * 32, "timeout": 1800}
    assert planned["describe"] == "download %s (SHA-256 %s) into %s" % (URL, "ab" * 32, CACHE["folder"])
    assert sa.plan_fetch(url, dict(CACHE, ready=True))["fetch"] is None
    local = sa.plan_fetch(sa.AssistantOptions("GetHelpCmd.zip", remote_src=False), CACHE, "cd" * 32)
    assert local["fetch"]["kind"] == "controller" and local["fetch"]["sha256"] == "cd" * 32 and local["fetch"]["location"] == ""
    assert sa.plan_fetch(sa.AssistantOptions(SOURCE), None) == {"fetch": None, "failure": None, "describe": None}


def test_plan_fetch_of_a_zip_on_the_target():
    options = sa.AssistantOptions("C:\\Tools\\GetHelpCmd.zip", checksum="ee" * 32)
    assert "was not found on the target" in sa.plan_fetch(options, CACHE)["failure"]
    wrong = sa.plan_fetch(options, dict(CACHE, source_sha256="ab" * 32))["failure"]
    assert wrong == "checksum: C:\\Tools\\GetHelpCmd.zip has SHA-256 %s, not the expected %s; nothing was run" % ("ab" * 32, "ee" * 32)
    fine = sa.plan_fetch(sa.AssistantOptions("C:\\Tools\\GetHelpCmd.zip"), dict(CACHE, source_sha256="ab" * 32))
    assert fine["fetch"]["kind"] == "target" and fine["fetch"]["sha256"] == "ab" * 32


def test_fetch_failures_name_the_option():
    options = sa.AssistantOptions(URL, checksum="ab" * 32)
    fetch = sa.plan_fetch(options, CACHE)["fetch"]
    mismatch = sa.fetch_failure(options, fetch, {"sha256": "cd" * 32, "error": "SHA-256 mismatch"})
    assert mismatch.startswith("checksum: the download of %s has SHA-256 %s, not the expected %s" % (URL, "cd" * 32, "ab" * 32))
    down = sa.fetch_failure(options, fetch, {"sha256": None, "error": "Unable to connect to the remote server"})
    assert down == "source: could not download %s: Unable to connect to the remote server" % URL


def test_a_fetched_tool_runs_from_the_cache_and_its_checksum_is_the_archives():
    options = sa.AssistantOptions(URL, "ResetOfficeActivation", checksum="ee" * 32)
    cached = dict(TOOL, path=CACHE["folder"] + "\\GetHelpCmd.exe")
    planned = sa.plan(options, cached, NOW)
    assert planned["failure"] is None and planned["run"]["tool"] == cached["path"]
    empty = sa.plan(options, dict(TOOL, exists=False, path=None), NOW)
    assert "holds neither GetHelpCmd.exe nor SaRAcmd.exe" in empty["failure"]


def test_a_signed_url_is_shown_without_its_signature():
    signed = "https://files.example.com/GetHelpCmd.zip?sv=2024&sig=SECRETSIG"
    assert sa.shown(signed) == "https://files.example.com/GetHelpCmd.zip?..."
    assert sa.shown(r"C:\Tools\GetHelpCmd.exe") == r"C:\Tools\GetHelpCmd.exe"
    options = sa.AssistantOptions(signed, checksum="a" * 64)
    message = sa.fetch_failure(options, {"sha256": "a" * 64}, {"sha256": None, "error": "timed out"})
    assert "SECRETSIG" not in message and "files.example.com" in message
