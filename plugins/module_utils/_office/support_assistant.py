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

from ansible_collections.officeops.outlook_auth.plugins.module_utils._validation import check_choice

SCENARIOS = ("ExpertExperienceAdminTask", "ResetOfficeActivation", "OfficeActivationScenario", "OfficeScrubScenario")
# Scenarios that must run in the user's session, not elevated.
USER_SCENARIOS = ("ExpertExperienceAdminTask",)
# Microsoft's scenario pages (Microsoft 365 admin, "SaRA command-line" articles) and its
# SaRAEnterpriseHelper sample, which also counts 3, 66 and 67 as a finished Outlook scan.
RESULT_CODES = {
    "ResetOfficeActivation": {80: ("success", "Office activation was reset"),
                              72: ("failed", "the scenario was not run elevated"),
                              75: ("failed", "Windows is older than Windows 10 1803"),
                              76: ("failed", "signing the WAM accounts out failed"),
                              79: ("failed", "the Workplace Join cleanup failed")},
    "OfficeActivationScenario": {36: ("success", "Office activation was checked and fixed"),
                                 37: ("success", "Office was already activated")},
    "OfficeScrubScenario": {0: ("success", "Office was removed")},
    "ExpertExperienceAdminTask": {1: ("success", "the offline Outlook scan finished"),
                                  2: ("success", "the full Outlook scan finished"),
                                  3: ("success", "the Outlook scan finished (code 3)"),
                                  66: ("success", "the Outlook scan finished (code 66)"),
                                  67: ("success", "the Outlook scan finished (code 67)"),
                                  4: ("failed", "the scan was run elevated, which it refuses"),
                                  5: ("failed", "the Outlook scan failed")},
}
# -CloseOffice is required by these scenarios (Microsoft's command-line article).
CLOSE_OFFICE_SCENARIOS = ("ResetOfficeActivation", "OfficeActivationScenario")
BUILD_LIFETIME_DAYS = 90
USER_LOG_FOLDER = r"AppData\Local\officeops\outlook_auth\support-assistant"
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_EXPIRED = re.compile(r"expired|no longer (supported|valid)", re.IGNORECASE)


class AssistantOptions(object):
    def __init__(self, source, scenario="ExpertExperienceAdminTask", checksum=None,
                 accept_office_removal=False, timeout=1800):
        if not isinstance(source, str) or not re.match(r"^(?:[A-Za-z]:\\|\\\\)[^*?\"<>|%\r\n]+\.exe$", source) \
                or ".." in source.split("\\"):
            raise ValueError("source: expected the absolute path of GetHelpCmd.exe (or SaRAcmd.exe) on the target, got %r"
                             % (source,))
        check_choice("scenario", scenario, SCENARIOS)
        if checksum is not None and not _SHA256.match(checksum):
            raise ValueError("checksum: expected the SHA-256 of the tool as 64 hex digits, got %r" % (checksum,))
        if scenario == "OfficeScrubScenario" and not accept_office_removal:
            raise ValueError("accept_office_removal: OfficeScrubScenario uninstalls Office; set it to true to mean it")
        if not isinstance(timeout, int) or isinstance(timeout, bool) or not 60 <= timeout <= 14400:
            raise ValueError("timeout: expected 60 to 14400 seconds, got %r" % (timeout,))
        self.source, self.scenario, self.checksum, self.timeout = source, scenario, checksum, timeout


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
    as_user = options.scenario in USER_SCENARIOS
    if not as_user and tool.get("writable_by_others"):
        # The elevated scenarios run from the tool's folder: anyone who can write there could
        # plant a DLL that runs as administrator.
        result["failure"] = ("%s or its folder can be written (or, as owner, re-permissioned) by %s; an elevated scenario "
                             "refuses to run it until only SYSTEM, Administrators and TrustedInstaller can"
                             % (options.source, ", ".join(tool["writable_by_others"])))
        return result
    if tool.get("created"):
        # Microsoft counts the 90 days from the exe's creation; copies can change that time,
        # so this only warns, and the tool's own answer decides.
        created = datetime.datetime.strptime(tool["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        if now - created > datetime.timedelta(days=BUILD_LIFETIME_DAYS):
            result["warnings"].append("this copy of %s was created on %s; builds stop working %d days after they are "
                                      "built" % (options.source, tool["created"][:10], BUILD_LIFETIME_DAYS))
    arguments = "-S %s -AcceptEula" % options.scenario
    log_folder = None
    if as_user and user_profile_path:
        # -LogFolder is documented for the Outlook scan only; the folder must exist.
        log_folder = "%s\\%s\\%s-%s" % (user_profile_path.rstrip("\\"), USER_LOG_FOLDER, options.scenario,
                                        now.strftime("%Y%m%dT%H%M%SZ"))
        arguments += " -LogFolder \"%s\"" % log_folder
    if options.scenario in CLOSE_OFFICE_SCENARIOS:
        arguments += " -CloseOffice"
    result["run"] = {"arguments": arguments, "log_folder": log_folder, "as_user": as_user}
    if options.scenario == "OfficeScrubScenario":
        result["warnings"].append("OfficeScrubScenario removes Office from this machine")
    return result


def interpret(scenario, exit_code, output):
    """``{"status": "success" | "failed" | "expired" | "unknown", "meaning"}`` of a run."""
    known = RESULT_CODES.get(scenario, {}).get(exit_code)
    if known and known[0] == "success":
        return {"status": known[0], "meaning": known[1]}
    if _EXPIRED.search(output or ""):
        return {"status": "expired", "meaning": "the tool reports that this build has expired; get a current one"}
    if known:
        return {"status": known[0], "meaning": known[1]}
    return {"status": "unknown", "meaning": "result code %s is not in this collection's table for %s" % (exit_code, scenario)}
