#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module is win_aad_broker_reset.ps1 and the
# policy is in plugins/action/win_aad_broker_reset.py and module_utils/_broker/reset.py.

DOCUMENTATION = r"""
---
module: win_aad_broker_reset
short_description: Reset a user's AAD BrokerPlugin / WAM token state, with an undo
version_added: 0.1.0
description:
  - The "advanced cache deletion" of flowchart step 3, for stale tokens that keep Outlook
    from signing in (error 657rx, AAD event 1098 with 0xCAA5001C).
  - V(signout) (O(method)) signs the user's Office WAM accounts out with Microsoft's
    documented API (WebAuthenticationCoreManager, as Microsoft's signoutofwamaccounts.ps1
    does) in the user's session; Microsoft says it changes neither device nor SSO state.
    Windows older than 10 1803 is skipped with that reason.
  - V(token_cache) stops that user's broker processes, then moves the contents of the
    C(Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy) and C(Microsoft.Windows.CloudExperienceHost_cw5n1h2txyewy)
    C(AC\TokenBroker\Accounts) folders into
    C(%LOCALAPPDATA%\officeops\outlook_auth\broker-backup\<id>) in the user's own profile (a
    move keeps each file's ACL; token material never leaves the profile).
  - V(full) moves the plugin's whole per-user package folder the same way, then registers
    the package again for the user (C(Add-AppxPackage -Register ... -DisableDevelopmentMode -ForceApplicationShutdown)).
  - O(restore) moves the files of the latest backup back, the undo of V(token_cache) and V(full).
  - A file the broker still holds open is retried, then that user's remaining moves are not
    run; the backup folder is named after O(once) (or the date), so a rerun moves the rest
    into the same folder.
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
  - officeops.outlook_auth.target_user.session
  - officeops.outlook_auth.target_user.once
  - officeops.outlook_auth.wrapper_protocol
  - officeops.outlook_auth.wrapper_protocol.folders
  - officeops.outlook_auth.wrapper_protocol.wam
options:
  method:
    description:
      - How far to go; see the description.
    type: str
    choices: [signout, token_cache, full]
    default: signout
  restore:
    description:
      - Undo the last V(token_cache) or V(full) reset by moving the latest backup back. Token
        files the broker wrote since are moved aside into a backup of their own first.
    type: bool
    default: false
  keep_backups:
    description:
      - How many backups to keep per user, counting the one this run writes; the files of
        older ones are deleted. 1 to 50.
    type: int
    default: 3
notes:
  - After V(token_cache) or V(full) the user should sign out of Windows and in again (or
    restart); the result says so in RV(reboot_required).
attributes:
  check_mode:
    support: full
    description: Reports the accounts and files that would be handled; nothing changes.
  diff_mode:
    support: full
    description: Shows each user's account names or token file counts before and after.
  platform:
    support: full
    platforms: windows
    description: Windows 10 1803 or later for V(signout); Windows 10 1809 or later otherwise.
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Sign the console user's Office WAM accounts out
  officeops.outlook_auth.win_aad_broker_reset:

- name: Move the token cache aside once for this incident
  officeops.outlook_auth.win_aad_broker_reset:
    method: token_cache
    once: INC0012345

- name: Undo it
  officeops.outlook_auth.win_aad_broker_reset:
    method: token_cache
    restore: true
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
    sid:
      description: The user's SID.
      type: str
    status:
      description: C(changed), C(ok), C(skipped) or C(failed).
      type: str
    reason:
      description: Why the user was skipped or failed, or a note; else null.
      type: str
    signed_out:
      description: The WAM accounts signed out (or to sign out in check mode); id and provider only, never a token.
      type: list
      elements: dict
      sample: [{"id": "wam-7a21", "provider": "https://login.microsoft.com"}]
    moved:
      description: How many files were (or would be) moved.
      type: int
    backup:
      description: The profile-relative backup folder written or restored from.
      type: str
      sample: AppData\Local\officeops\outlook_auth\broker-backup\INC0012345
    reboot_required:
      description: Whether the user must sign out of Windows (or restart) for the reset to take effect.
      type: bool
reboot_required:
  description: Whether any user must sign out of Windows (or restart).
  returned: always
  type: bool
msg:
  description: A one-line summary over all users.
  returned: always
  type: str
"""
