#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module is win_support_assistant.ps1 and the
# policy is in plugins/action/win_support_assistant.py and module_utils/_office/support_assistant.py.

DOCUMENTATION = r"""
---
module: win_support_assistant
short_description: Run a scenario of Microsoft's Get Help command line (formerly SaRA) (flowchart step 5)
version_added: 0.1.0
description:
  - Runs C(GetHelpCmd.exe) (formerly C(SaRAcmd.exe)) with C(-S <scenario> -AcceptEula), plus
    C(-LogFolder <folder>) for the Outlook scan, and interprets its result code.
  - O(user) selects the user for C(ExpertExperienceAdminTask) only and must name one user
    (V(all) is refused); the elevated scenarios ignore it. SaRA is deprecated; its command line lives on as the Get Help
    command line.
  - The tool is not redistributable and each build stops working 90 days after it was built,
    so the operator provides it (O(source)) - as C(GetHelpCmd.exe) on the target, as
    Microsoft's C(GetHelpCmd.zip) on the target, as an https URL the target downloads, or as
    a file on the controller (O(remote_src=false)) the module copies over. The module checks
    its SHA-256 (O(checksum)), warns when the copy is older than 90 days, and reports an
    expired build when the tool says so. The elevated scenarios refuse a tool whose file or
    folder others than SYSTEM, Administrators and TrustedInstaller can write or own.
  - A downloaded, copied or unpacked tool is kept in
    C(%ProgramData%\officeops\outlook_auth\GetHelpCmd\<sha256>), a folder created so that
    only SYSTEM and Administrators can write it (Users may read and run it, as the Outlook
    scan runs as the user). The file is checked against O(checksum) and a zip unpacked in a
    private staging folder first; only a verified tool gets the folder named after its
    SHA-256, so a rerun with the same checksum finds it there and fetches nothing. The module
    never removes old builds from that folder.
  - The download runs on the target with .NET's HttpWebRequest over TLS 1.2, follows
    redirects only while they stay on https, uses the system proxy settings of the account
    Ansible connects as, and stops after O(timeout) seconds.
  - C(ResetOfficeActivation) and C(OfficeActivationScenario) get C(-CloseOffice), which they
    require; they close running Office programs (unsaved work is lost).
  - C(ExpertExperienceAdminTask) (the Outlook scan) runs as the target user in their session,
    not elevated, as the scenario requires; the activation and scrub scenarios run elevated.
  - Result codes - C(ExpertExperienceAdminTask) 1 and 2 (and 3, 66, 67) success, 4 run elevated,
    5 scan failed; C(ResetOfficeActivation) 80 success, 72 not elevated, 75 Windows older than
    1803, 76 WAM sign-out failed, 79 Workplace Join cleanup failed; C(OfficeActivationScenario)
    36 success, 37 already activated; C(OfficeScrubScenario) 0 success; anything else is
    reported as unknown.
  - B(C(OfficeScrubScenario) uninstalls Office); it runs only with O(accept_office_removal=true).
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
  - officeops.outlook_auth.wrapper_protocol
options:
  _fetch_url:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - The whole download URL of a C(fetch_tool) op (the op itself names the location
        without the query, which may hold a signature); never logged or returned.
    type: str
  source:
    description:
      - Where Microsoft's Get Help command line comes from. With O(remote_src=true) (the
        default) either the absolute path of C(GetHelpCmd.exe) (or C(SaRAcmd.exe)) on the
        target, run where it is; the absolute path of C(GetHelpCmd.zip) on the target, unpacked
        into the cache; or an C(https://) URL of the zip or the exe, downloaded by the target
        into the cache (O(checksum) required). C(http://) is refused.
      - A URL's query (the signature of a signed link) is never shown in a message or result,
        and reaches the target only in a C(no_log) parameter, so it stays out of the module
        invocation that C(Ansible.Basic) writes to the target's Application event log. The
        rest of the URL is logged there like any parameter.
      - With O(remote_src=false), a file on the controller (the zip or the exe), found like
        the C(src) of M(ansible.windows.win_copy) - relative paths in the role's or playbook's
        C(files/) folder - checked against O(checksum) on the controller, copied through the
        connection and checked again on the target.
      - A zip is recognised by its content, not its name; it must hold C(GetHelpCmd.exe) or
        C(SaRAcmd.exe) at its top or in one folder.
    type: str
    required: true
  remote_src:
    description:
      - Whether O(source) is on the target (V(true)) or on the controller (V(false)).
      - A separate option rather than a prefix in O(source), because that is how
        M(ansible.windows.win_copy) and M(ansible.builtin.unarchive) say it, and because a
        relative controller path is then looked up in C(files/) as those modules do.
      - A URL with V(false) is refused, since the target downloads it.
    type: bool
    default: true
  scenario:
    description:
      - The scenario to run.
    type: str
    choices: [ExpertExperienceAdminTask, ResetOfficeActivation, OfficeActivationScenario, OfficeScrubScenario]
    default: ExpertExperienceAdminTask
  checksum:
    description:
      - The expected SHA-256 of O(source), 64 hex digits; the module refuses to run another file.
      - Required when O(source) is a URL. For a zip it is the hash of the archive, checked
        before it is unpacked; an error gives the expected and the actual digest.
    type: str
  accept_office_removal:
    description:
      - Required to run C(OfficeScrubScenario), which uninstalls Office.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for the tool (60 to 14400); past it the process tree is stopped.
    type: int
    default: 1800
  session:
    description:
      - How C(ExpertExperienceAdminTask) reaches the user's session; see the C(session) option
        of the other per-user modules. V(interactive_task) runs it not elevated in their session.
    type: str
    choices: [auto, become, interactive_task]
    default: auto
attributes:
  check_mode:
    support: full
    description: Checks the tool and reports the command line that would run, and what would be
      downloaded or copied into the cache; nothing is downloaded, copied or run.
  diff_mode:
    support: none
    description: A scenario has no before/after text to show.
  platform:
    support: full
    platforms: windows
    description: Windows 10 1809 or later, Windows 11.
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Download Microsoft's current build once, then reset Office activation
  officeops.outlook_auth.win_support_assistant:
    source: https://aka.ms/SaRA_EnterpriseVersionFiles
    checksum: "{{ gethelpcmd_zip_sha256 }}"
    scenario: ResetOfficeActivation

- name: Copy the zip from the playbook's files/ folder and run the Outlook scan
  officeops.outlook_auth.win_support_assistant:
    source: GetHelpCmd.zip
    remote_src: false
    checksum: "{{ gethelpcmd_zip_sha256 }}"

- name: Run the Outlook scan for the console user
  officeops.outlook_auth.win_support_assistant:
    source: C:\Tools\GetHelpCmd\GetHelpCmd.exe
    checksum: "{{ gethelpcmd_sha256 }}"

- name: Reset Office activation (elevated)
  officeops.outlook_auth.win_support_assistant:
    source: C:\Tools\GetHelpCmd\GetHelpCmd.exe
    scenario: ResetOfficeActivation
"""

RETURN = r"""
scenario:
  description: The scenario run.
  returned: when it ran or would run
  type: str
command:
  description: The arguments passed to the tool.
  returned: when it ran or would run
  type: str
log_folder:
  description: Where the Outlook scan writes its logs (in the user's profile); null for other scenarios.
  returned: when it ran or would run
  type: str
exit_code:
  description: The tool's result code; null in check mode.
  returned: when it ran or would run
  type: int
status:
  description: C(success), C(failed), C(expired) or C(unknown).
  returned: when it ran
  type: str
meaning:
  description: What the result code means.
  returned: when it ran
  type: str
fetch:
  description: What was (or in check mode would be) downloaded, copied or unpacked into the cache.
  returned: when the tool was not in the cache yet
  type: str
  sample: download https://aka.ms/SaRA_EnterpriseVersionFiles (SHA-256 ...) into C:\ProgramData\officeops\outlook_auth\GetHelpCmd\...
msg:
  description: What happened.
  returned: always
  type: str
"""
