#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module is win_work_school_account.ps1 and the
# policy is in plugins/action/win_work_school_account.py and module_utils/_workplace/.

DOCUMENTATION = r"""
---
module: win_work_school_account
short_description: Find and disconnect stale "Access work or school" accounts
version_added: 0.1.0
description:
  - Flowchart step 1 - a work account left from a previous employer or partner tenant wins
    the sign-in race and Outlook fails with 657rx.
  - Reports the device join state (C(dsregcmd /status), parsed on the controller), each target
    user's work account registrations (C(HKCU\SOFTWARE\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo))
    and their Office WAM accounts with address and tenant.
  - With O(state=absent) it signs the matching WAM accounts out with Microsoft's documented
    API and, when O(wpj_cleanup_path) names Microsoft's WPJCleanUp on the target, removes the
    user's work account registration with it, in the user's own session.
  - WPJCleanUp removes every registration and every SSO account of the user (Microsoft's
    Entra registration FAQ) and unregisters a joined device; it is not run when a
    registration that must stay exists or the device is Entra or hybrid joined, nor, unless
    O(cleanup_all), when WAM accounts that must stay would be signed out. A warning then says
    to disconnect in Settings instead. Microsoft gives it for Windows 10 2004 and older;
    the registry is checked afterwards, whatever its exit code.
  - The device's own Entra or hybrid join is never touched unless O(leave_device=true).
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
  - officeops.outlook_auth.target_user.session
  - officeops.outlook_auth.wrapper_protocol
  - officeops.outlook_auth.wrapper_protocol.read
  - officeops.outlook_auth.wrapper_protocol.wam
options:
  state:
    description:
      - V(query) reports only; V(absent) disconnects the accounts O(match) selects.
    type: str
    choices: [query, absent]
    default: query
  match:
    description:
      - Which accounts are stale, exactly one of C(address) (a list of addresses),
        C(tenant_id) (a list of tenant GUIDs) or C(all_except) (the one address to keep).
      - Required with O(state=absent).
    type: dict
  wpj_cleanup_path:
    description:
      - Absolute path on the target of Microsoft's WPJCleanUp (C(WPJCleanUp.cmd)); it is not
        redistributable, so the collection cannot ship it. Without it registrations stay
        (and are reported) while WAM accounts are still signed out. Its exit code is returned;
        0 counts as success.
    type: str
  block_workplace_join:
    description:
      - V(true) sets C(HKLM\SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin\BlockAADWorkplaceJoin=1),
        so users cannot add work accounts again; V(false) removes it; unset leaves it alone.
    type: bool
  cleanup_all:
    description:
      - Run WPJCleanUp even when it also signs out WAM accounts O(match) keeps; those users
        sign in again.
    type: bool
    default: false
  leave_device:
    description:
      - Run C(dsregcmd /leave) on a hybrid Entra joined device (Microsoft documents it for
        hybrid joins only; an Entra joined device is left alone with a warning). B(Dangerous) -
        users can lose access to company resources, Windows Hello and device-based
        Conditional Access, and unless automatic registration is turned off first the device
        registers again.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reports what would be disconnected; nothing changes.
  diff_mode:
    support: full
    description: Shows each user's work accounts and WAM accounts before and after.
  platform:
    support: full
    platforms: windows
    description: Windows 10 1803 or later (the WAM API), Windows 11.
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Report the console user's work accounts and the device join state
  officeops.outlook_auth.win_work_school_account:

- name: Disconnect every work account but the mailbox's own, and block new ones
  officeops.outlook_auth.win_work_school_account:
    state: absent
    match:
      all_except: maria@bloomfield-florist.com
    wpj_cleanup_path: C:\Tools\WPJCleanUp\WPJCleanUp.cmd
    block_workplace_join: true
"""

RETURN = r"""
device:
  description: The device join state from C(dsregcmd /status).
  returned: always
  type: dict
  sample: {"device_join": "hybrid", "tenant_id": "c0ffee00-1234-4abc-9def-000000000001", "workplace_joined": null}
machine:
  description: Machine-wide changes (block policy, device leave) with before and after.
  returned: always
  type: dict
users:
  description: One entry per target user.
  returned: always
  type: list
  elements: dict
  contains:
    user:
      description: The account name (the SID when it has none).
      type: str
    status:
      description: C(changed), C(ok), C(skipped) or C(failed).
      type: str
    reason:
      description: Why the user was skipped or failed; else null.
      type: str
    registrations:
      description: The user's work account registrations (id, address, tenant id).
      type: list
      elements: dict
    wam_accounts:
      description: The user's Office WAM accounts (id, provider, address, tenant id); never a token.
      type: list
      elements: dict
    before:
      description: Account addresses before.
      type: dict
    after:
      description: Account addresses after (in check mode, what they would be).
      type: dict
msg:
  description: A one-line summary.
  returned: always
  type: str
"""
