#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module is win_office_identity.ps1 and the
# policy is in plugins/action/win_office_identity.py and module_utils/_office/identity.py.

DOCUMENTATION = r"""
---
module: win_office_identity
short_description: Manage the Office identity registry state of a user (modern auth, WAM, identity cache)
version_added: 0.1.0
description:
  - Brings the Office sign-in values in a user's registry to what Microsoft 365 needs
    (flowchart step 2, client side; seed 004's fix 2), for each Office version found.
  - Office 2013 (15.0) gets C(Common\Identity\EnableADAL=1) and C(Version=1); on Office 2016
    and later (16.0) a stale C(EnableADAL=0), which forces Basic authentication, is removed.
  - C(HKCU\Software\Microsoft\Exchange\AlwaysUseMSOAuthForAutoDiscover=1) makes Autodiscover use
    modern authentication (O(always_use_msoauth_for_autodiscover)).
  - Old C(DisableADALatopWAMOverride) / C(DisableAADWAM) overrides are removed by default;
    Microsoft does not support disabling ADAL or WAM to fix sign-in ("Disabling ADAL or WAM
    isn't supported to fix Microsoft 365 sign-in or activation issues").
  - O(reset_identity_cache) deletes C(Common\Identity) as Microsoft's activation-reset tools do,
    after writing a C(.reg) backup the user can import into
    C(%LOCALAPPDATA%\officeops\outlook_auth\backup) in their own profile.
  - Values set by Group Policy under C(HKCU\Software\Policies\Microsoft\Office\<version>\Common\Identity)
    override the user values; they are reported as warnings and left alone.
  - Works for users who are not logged on by loading their registry hive.
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
  - officeops.outlook_auth.target_user.once
  - officeops.outlook_auth.wrapper_protocol
  - officeops.outlook_auth.wrapper_protocol.read
options:
  office_version:
    description:
      - Which Office version's values to manage. V(auto) detects the versions installed on the
        machine (Click-to-Run and MSI install roots); with none found the user is reported as
        C(Office not found) and nothing changes.
    type: str
    choices: [auto, '15.0', '16.0']
    default: auto
  modern_auth:
    description:
      - Make sure Office uses modern authentication (see the description); V(false) leaves
        C(EnableADAL) and C(Version) alone.
    type: bool
    default: true
  always_use_msoauth_for_autodiscover:
    description:
      - Set C(HKCU\Software\Microsoft\Exchange\AlwaysUseMSOAuthForAutoDiscover=1).
    type: bool
    default: true
  wam:
    description:
      - V(enabled) removes C(DisableADALatopWAMOverride) and C(DisableAADWAM), with a warning
        that cites Microsoft's stance.
      - V(disabled) sets C(DisableADALatopWAMOverride=1) and C(DisableAADWAM=0) as seed 004
        advises; Microsoft does not support it and it turns off Continuous Access Evaluation,
        so it is an explicit opt-in and warns every time.
      - V(unmanaged) leaves both values alone.
    type: str
    choices: [enabled, disabled, unmanaged]
    default: enabled
  reset_identity_cache:
    description:
      - Back up, then delete C(HKCU\Software\Microsoft\Office\<version>\Common\Identity); Office
        rebuilds it at the next sign-in. Pair it with O(once) so a rerun does not reset again.
    type: bool
    default: false
  reset_web_service_cache:
    description:
      - With O(reset_identity_cache), also back up and delete C(Common\Internet\WebServiceCache)
        and C(Common\ServicesManagerCache).
    type: bool
    default: false
notes:
  - Values written between the probe and the reset (a second or two) are not in the backup.
attributes:
  check_mode:
    support: full
    description: Reports the values that would change; nothing is written.
  diff_mode:
    support: full
    description: Shows each user's managed values before and after.
  platform:
    support: full
    platforms: windows
    description: Windows 10 1809 or later, Windows 11, Windows Server 2016 or later.
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Turn modern authentication on and remove stale WAM overrides for the console user
  officeops.outlook_auth.win_office_identity:

- name: Reset the identity cache of every user once for this incident
  officeops.outlook_auth.win_office_identity:
    user: all
    reset_identity_cache: true
    once: INC0012345
"""

RETURN = r"""
users:
  description: One entry per target user.
  returned: always
  type: list
  elements: dict
  contains:
    user:
      description: The account name (the SID when it has none).
      type: str
      sample: FABRIKAM\ken
    sid:
      description: The user's SID.
      type: str
    status:
      description: C(changed), C(ok), C(skipped) or C(failed).
      type: str
    reason:
      description: Why the user was skipped or failed, or a note such as C(Office not found); else null.
      type: str
    versions:
      description: The Office versions managed.
      type: list
      elements: str
      sample: ["16.0"]
    before:
      description: The managed values before, by Office version (and C(Exchange)); null when absent.
      type: dict
      sample: {"16.0": {"EnableADAL": 0, "Version": null, "DisableADALatopWAMOverride": null, "DisableAADWAM": null}}
    after:
      description: The managed values after (in check mode, what they would be).
      type: dict
    backups:
      description: Profile-relative paths of the C(.reg) backups written (or to be written).
      type: list
      elements: str
msg:
  description: A one-line summary over all users.
  returned: always
  type: str
"""
