# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Microsoft's support assistant command line (flowchart step 5): what to run and what its
answer means.

Sources (../shared/docs/domain-facts.md, "SaRA -> Get Help command line"): SaRA is
deprecated; its command line is now GetHelpCmd.exe (formerly SaRAcmd.exe), not
redistributable, and each build stops working 90 days after it was built. Switches:
``-S <scenario> -AcceptEula [-CloseOffice] [-LogFolder <dir>]``. ExpertExperienceAdminTask
must not run elevated; the activation and scrub scenarios must. Result codes as documented
for each scenario; anything else is reported as unknown, not guessed.
"""

from __future__ import annotations

import datetime
import re

SCENARIOS = ("ExpertExperienceAdminTask", "ResetOfficeActivation", "OfficeActivationScenario", "OfficeScrubScenario")
# Scenarios that must run in the user's session, not elevated.
USER_SCENARIOS = ("ExpertExperienceAdminTask",)
RESULT_CODES = {
    "ResetOfficeActivation": {80: ("success", "Office activation was reset"),
                              72: ("failed", "the scenario was not run elevated"),
                              75: ("failed", "Windows is older than Windows 10 1803"),
                              76: ("failed", "signing the WAM accounts out failed"),
                              79: ("failed", "the Workplace Join cleanup failed")},
    "OfficeActivationScenario": {36: ("success", "Office activation was checked and fixed")},
    "OfficeScrubScenario": {0: ("success", "Office was removed")},
    "ExpertExperienceAdminTask": {0: ("success", "the Outlook scan finished")},
}
BUILD_LIFETIME_DAYS = 90
LOG_ROOT = r"C:\ProgramData\officeops\outlook_auth\support-assistant"
USER_LOG_FOLDER = r"AppData\Local\officeops\outlook_auth\support-assistant"
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_EXPIRED = re.compile(r"expired|no longer (supported|valid)", re.IGNORECASE)


class AssistantOptions(object):
    def __init__(self, source, scenario="ExpertExperienceAdminTask", checksum=None, close_office=False,
                 accept_office_removal=False, timeout=1800):
        if not isinstance(source, str) or not re.match(r"^(?:[A-Za-z]:\\|\\\\)[^*?\"<>|%\r\n]+\.exe$", source) \
                or ".." in source.split("\\"):
            raise ValueError("source: expected the absolute path of GetHelpCmd.exe (or SaRAcmd.exe) on the target, got %r"
                             % (source,))
        if scenario not in SCENARIOS:
            raise ValueError("scenario: expected one of %s, got %r" % (", ".join(SCENARIOS), scenario))
        if checksum is not None and not _SHA256.match(checksum):
            raise ValueError("checksum: expected the SHA-256 of the tool as 64 hex digits, got %r" % (checksum,))
        if scenario == "OfficeScrubScenario" and not accept_office_removal:
            raise ValueError("accept_office_removal: OfficeScrubScenario uninstalls Office; set it to true to mean it")
        if not isinstance(timeout, int) or isinstance(timeout, bool) or not 60 <= timeout <= 14400:
            raise ValueError("timeout: expected 60 to 14400 seconds, got %r" % (timeout,))
        self.source, self.scenario, self.checksum = source, scenario, checksum
        self.close_office, self.timeout = close_office, timeout


def plan(options, tool, now, user_profile_path=None):
    """``{"run": {arguments, log_folder, as_user}, "failure"}``. ``tool``: the probe's view
    of the file (exists, sha256, built); ``now``: an aware UTC datetime;
    ``user_profile_path``: for a user scenario, where its logs go (the user must write them)."""
    result = {"run": None, "failure": None, "warnings": []}
    if not tool["exists"]:
        result["failure"] = "%s was not found on the target; copy Microsoft's Get Help command line there first" % options.source
        return result
    if options.checksum and tool["sha256"].lower() != options.checksum.lower():
        result["failure"] = "%s has SHA-256 %s, not the expected %s" % (options.source, tool["sha256"], options.checksum)
        return result
    built = datetime.datetime.strptime(tool["built"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    if now - built > datetime.timedelta(days=BUILD_LIFETIME_DAYS):
        result["failure"] = ("this build of %s is from %s; builds stop working %d days after they are built, so get a "
                             "current one" % (options.source, tool["built"][:10], BUILD_LIFETIME_DAYS))
        return result
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    as_user = options.scenario in USER_SCENARIOS
    root = (user_profile_path.rstrip("\\") + "\\" + USER_LOG_FOLDER) if as_user and user_profile_path else LOG_ROOT
    log_folder = "%s\\%s-%s" % (root, options.scenario, stamp)
    arguments = "-S %s -AcceptEula -LogFolder \"%s\"" % (options.scenario, log_folder)
    if options.close_office:
        arguments += " -CloseOffice"
    result["run"] = {"arguments": arguments, "log_folder": log_folder, "as_user": as_user}
    if options.scenario == "OfficeScrubScenario":
        result["warnings"].append("OfficeScrubScenario removes Office from this machine")
    return result


def interpret(scenario, exit_code, output):
    """``{"status": "success" | "failed" | "expired" | "unknown", "meaning"}`` of a run."""
    if _EXPIRED.search(output or ""):
        return {"status": "expired", "meaning": "the tool reports that this build has expired; get a current one"}
    known = RESULT_CODES.get(scenario, {}).get(exit_code)
    if known:
        return {"status": known[0], "meaning": known[1]}
    return {"status": "unknown", "meaning": "result code %s is not documented for %s" % (exit_code, scenario)}
