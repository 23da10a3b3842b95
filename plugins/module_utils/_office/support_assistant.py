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


# Where the tool comes from. A target path is used where it is; an https URL is downloaded by
# the target; a controller file (remote_src=false, as in ansible.windows.win_copy) is copied
# there. Both land in an Administrators-only cache keyed by their SHA-256.
SOURCE_KINDS = ("target", "url", "controller")
_TARGET_PATH = re.compile(r"^(?:[A-Za-z]:\\|\\\\)[^*?\"<>|%\r\n]+\.(?:exe|zip)$", re.IGNORECASE)
_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[^\s\"<>\\^`{|}]*)?$")


def shown(source):
    """``source`` as messages show it: a URL without its query or fragment, which may carry a
    signature (a signed download link is a secret)."""
    if isinstance(source, str) and "://" in source:
        cut = min([i for i in (source.find("?"), source.find("#")) if i >= 0] or [len(source)])
        return source[:cut] + ("?..." if cut < len(source) else "")
    return source


class AssistantOptions(object):
    def __init__(self, source, scenario="ExpertExperienceAdminTask", checksum=None,
                 accept_office_removal=False, timeout=1800, remote_src=True):
        if not isinstance(source, str) or not source.strip():
            raise ValueError("source: expected a path or https URL of GetHelpCmd.exe or GetHelpCmd.zip, got %r" % (source,))
        scheme = source.split(":", 1)[0].lower() if "://" in source else None
        if scheme == "http":
            raise ValueError("source: http:// is refused (anyone on the path could swap the tool an administrator runs); "
                             "use an https URL, got %r" % (shown(source),))
        if scheme is not None:
            if scheme != "https" or not _URL.match(source):
                raise ValueError("source: expected an https URL such as https://aka.ms/SaRA_EnterpriseVersionFiles, got %r"
                                 % (shown(source),))
            if not remote_src:
                raise ValueError("remote_src: a URL is downloaded by the target itself; remote_src=false is for a file "
                                 "on the controller")
            kind = "url"
        elif not remote_src:
            kind = "controller"
        elif not _TARGET_PATH.match(source) or ".." in source.split("\\"):
            raise ValueError("source: expected the absolute path of GetHelpCmd.exe (or SaRAcmd.exe, or Microsoft's "
                             "GetHelpCmd.zip) on the target, an https URL, or a controller file with remote_src=false, "
                             "got %r" % (source,))
        else:
            kind = "target"
        check_choice("scenario", scenario, SCENARIOS)
        if checksum is not None and not _SHA256.match(checksum):
            raise ValueError("checksum: expected the SHA-256 of the tool as 64 hex digits, got %r" % (checksum,))
        if kind == "url" and checksum is None:
            raise ValueError("checksum: required with a URL source, the SHA-256 of the file it serves, so the target "
                             "runs only the build you checked")
        if scenario == "OfficeScrubScenario" and not accept_office_removal:
            raise ValueError("accept_office_removal: OfficeScrubScenario uninstalls Office; set it to true to mean it")
        if not isinstance(timeout, int) or isinstance(timeout, bool) or not 60 <= timeout <= 14400:
            raise ValueError("timeout: expected 60 to 14400 seconds, got %r" % (timeout,))
        self.source, self.scenario, self.timeout = source, scenario, timeout
        self.checksum = checksum.lower() if checksum else None
        self.kind = kind
        # A .zip on the target is unpacked into the cache too; an .exe there runs where it is.
        self.fetched = kind != "target" or source.lower().endswith(".zip")


def plan_fetch(options, cache, local_sha256=None):
    """What must reach the target's cache before the tool can run.

    ``cache``: the probe's view of the cache folder for this source (``folder``, ``ready``,
    ``source_sha256``: the hash of a .zip on the target, None otherwise); None for an .exe on
    the target, which runs where it is. ``local_sha256``: the hash of a controller file.
    Returns ``{"fetch": {kind, location, sha256, timeout} or None, "failure", "describe"}``;
    the location of a controller file is filled in once it has been put on the target.
    """
    result = {"fetch": None, "failure": None, "describe": None}
    if not options.fetched or cache is None:
        return result
    if options.kind == "target":
        expected = cache.get("source_sha256")
        if expected is None:
            result["failure"] = "%s was not found on the target; copy Microsoft's Get Help command line there first" % options.source
            return result
        if options.checksum and expected.lower() != options.checksum:
            result["failure"] = checksum_mismatch(options.source, options.checksum, expected)
            return result
        action = "unpack %s" % options.source
    elif options.kind == "url":
        expected = options.checksum
        action = "download %s" % shown(options.source)
    else:
        expected = local_sha256
        action = "copy %s from the controller" % options.source
    if cache["ready"]:
        return result
    result["describe"] = "%s (SHA-256 %s) into %s" % (action, expected, cache["folder"])
    # A URL's query may be a signature: the op (which the wrapper's invocation logs) carries
    # it without; the action sends the whole URL in the no_log protocol option _fetch_url.
    location = {"url": shown(options.source), "target": options.source, "controller": ""}[options.kind]
    result["fetch"] = {"op": "fetch_tool", "kind": options.kind, "location": location,
                       "sha256": expected, "timeout": options.timeout}
    return result


def checksum_mismatch(what, expected, actual):
    """The message for a file whose SHA-256 is not the one the operator gave."""
    return "checksum: %s has SHA-256 %s, not the expected %s; nothing was run" % (what, actual, expected)


def fetch_failure(options, fetch, outcome):
    """The message for a fetch_tool op that did not put a verified tool in the cache."""
    if outcome.get("sha256") and outcome["sha256"].lower() != fetch["sha256"].lower():
        what = {"url": "the download of %s", "controller": "the copy of %s on the target",
                "target": "%s"}[options.kind] % shown(options.source)
        return checksum_mismatch(what, fetch["sha256"], outcome["sha256"])
    verb = {"url": "download", "controller": "copy", "target": "unpack"}[options.kind]
    return "source: could not %s %s: %s" % (verb, shown(options.source), outcome.get("error"))


def plan(options, tool, now, user_profile_path=None):
    """``{"run": {arguments, log_folder, as_user}, "failure"}``. ``tool``: the probe's view
    of the file that runs (exists, sha256, built, path); ``now``: an aware UTC datetime;
    ``user_profile_path``: for a user scenario, where its logs go (the user must write them)."""
    result = {"run": None, "failure": None, "warnings": []}
    path = tool.get("path") or shown(options.source)
    if not tool["exists"]:
        if options.fetched:
            result["failure"] = ("%s holds neither GetHelpCmd.exe nor SaRAcmd.exe; expected Microsoft's Get Help command "
                                 "line (GetHelpCmd.zip or the exe)" % shown(options.source))
        else:
            result["failure"] = "%s was not found on the target; copy Microsoft's Get Help command line there first" % shown(options.source)
        return result
    # A fetched tool was checked when it entered the cache (for a .zip the checksum is the
    # archive's, not the exe's); a tool used in place is checked every time.
    if not options.fetched and options.checksum and tool["sha256"].lower() != options.checksum:
        result["failure"] = checksum_mismatch(shown(options.source), options.checksum, tool["sha256"])
        return result
    as_user = options.scenario in USER_SCENARIOS
    if not as_user and tool.get("writable_by_others"):
        # The elevated scenarios run from the tool's folder: anyone who can write there could
        # plant a DLL that runs as administrator.
        result["failure"] = ("%s or its folder can be written (or, as owner, re-permissioned) by %s; an elevated scenario "
                             "refuses to run it until only SYSTEM, Administrators and TrustedInstaller can"
                             % (path, ", ".join(tool["writable_by_others"])))
        return result
    if tool.get("created"):
        # Microsoft counts the 90 days from the exe's creation; copies can change that time,
        # so this only warns, and the tool's own answer decides.
        created = datetime.datetime.strptime(tool["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        if now - created > datetime.timedelta(days=BUILD_LIFETIME_DAYS):
            result["warnings"].append("this copy of %s was created on %s; builds stop working %d days after they are "
                                      "built" % (path, tool["created"][:10], BUILD_LIFETIME_DAYS))
    arguments = "-S %s -AcceptEula" % options.scenario
    log_folder = None
    if as_user and user_profile_path:
        # -LogFolder is documented for the Outlook scan only; the folder must exist.
        log_folder = "%s\\%s\\%s-%s" % (user_profile_path.rstrip("\\"), USER_LOG_FOLDER, options.scenario,
                                        now.strftime("%Y%m%dT%H%M%SZ"))
        arguments += " -LogFolder \"%s\"" % log_folder
    if options.scenario in CLOSE_OFFICE_SCENARIOS:
        arguments += " -CloseOffice"
    result["run"] = {"arguments": arguments, "log_folder": log_folder, "as_user": as_user, "tool": path}
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
