import datetime

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import support_assistant as sa

NOW = datetime.datetime(2026, 11, 22, 10, 0, 0, tzinfo=datetime.timezone.utc)
SOURCE = "C:\\Tools\\GetHelpCmd\\GetHelpCmd.exe"
TOOL = {"exists": True, "sha256": "ab" * 32, "built": "2026-10-01T00:00:00Z"}


def test_user_scenario_logs_in_the_profile_and_runs_as_the_user():
    planned = sa.plan(sa.AssistantOptions(SOURCE), TOOL, NOW, "C:\\Users\\maria")
    run = planned["run"]
    assert run["as_user"] is True
    assert run["log_folder"] == "C:\\Users\\maria\\" + sa.USER_LOG_FOLDER + "\\ExpertExperienceAdminTask-20261122T100000Z"
    assert run["arguments"] == '-S ExpertExperienceAdminTask -AcceptEula -LogFolder "%s"' % run["log_folder"]


def test_elevated_scenario_with_close_office():
    planned = sa.plan(sa.AssistantOptions(SOURCE, "ResetOfficeActivation", close_office=True), TOOL, NOW)
    assert planned["run"]["as_user"] is False and planned["run"]["arguments"].endswith(" -CloseOffice")
    assert planned["run"]["log_folder"].startswith(sa.LOG_ROOT)


@pytest.mark.parametrize("tool,options,message", [
    (dict(TOOL, exists=False), {}, "was not found on the target"),
    (TOOL, {"checksum": "cd" * 32}, "not the expected"),
    (dict(TOOL, built="2026-07-01T00:00:00Z"), {}, "builds stop working 90 days after"),
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
    ("ResetOfficeActivation", 3, "", "unknown", "result code 3 is not documented"),
    ("ExpertExperienceAdminTask", 1, "This version has expired.", "expired", "expired"),
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
