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
  - Runs C(GetHelpCmd.exe) (formerly C(SaRAcmd.exe)) with C(-S <scenario> -AcceptEula -LogFolder <folder>)
    and interprets its result code. SaRA is deprecated; its command line lives on as the Get Help
    command line.
  - The tool is not redistributable and each build stops working 90 days after it was built,
    so the operator provides it on the target (O(source); stage it with
    M(ansible.windows.win_copy) or M(ansible.windows.win_get_url)); the module checks its
    SHA-256 (O(checksum)), warns when the copy is older than 90 days, and reports an expired
    build when the tool says so. The elevated scenarios refuse a tool whose file or folder
    others than SYSTEM, Administrators and TrustedInstaller can write or own.
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
  - Fetching the tool from a URL or the controller, with the checksum, is not built into this
    module yet.
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
options:
  source:
    description:
      - Absolute path of C(GetHelpCmd.exe) (or C(SaRAcmd.exe)) on the target.
    type: str
    required: true
  scenario:
    description:
      - The scenario to run.
    type: str
    choices: [ExpertExperienceAdminTask, ResetOfficeActivation, OfficeActivationScenario, OfficeScrubScenario]
    default: ExpertExperienceAdminTask
  checksum:
    description:
      - The expected SHA-256 of O(source), 64 hex digits; the module refuses to run another file.
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
    description: Checks the tool and reports the command line that would run; nothing runs.
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
msg:
  description: What happened.
  returned: always
  type: str
"""
