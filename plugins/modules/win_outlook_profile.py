#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module is win_outlook_profile.ps1 and the
# policy is in plugins/action/win_outlook_profile.py and module_utils/_office/outlook_profile.py.

DOCUMENTATION = r"""
---
module: win_outlook_profile
short_description: Give a user a fresh default Outlook profile, losing nothing
version_added: 0.1.0
description:
  - Flowchart step 4 (seed 004's fix 6) without the Control Panel - creates an empty Outlook
    profile, makes it the default and lets Outlook build the Exchange account from the
    signed-in identity at its next start.
  - Old profiles are kept; C(.pst) files are never touched; C(.ost) caches and the Autodiscover
    cache move to a backup folder in the user's profile only when asked.
  - Works for Office 2013 (15.0) and 2016 and later (16.0), for users who are not logged on
    (their registry hive is loaded and unloaded), in check mode and with diff.
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
  - officeops.outlook_auth.target_user.once
  - officeops.outlook_auth.wrapper_protocol
  - officeops.outlook_auth.wrapper_protocol.read
  - officeops.outlook_auth.wrapper_protocol.folders
options:
  name:
    description:
      - The profile to create, keep or remove.
      - Without it, O(state=default) keeps the current default when this collection created
        it, else creates C(Outlook-<YYYYMMDD>) (with a suffix when that name is taken), so a
        rerun changes nothing.
      - Required with O(state=absent).
    type: str
  state:
    description:
      - V(default) creates the profile if missing and makes it C(DefaultProfile).
      - V(present) creates it if missing and leaves the default alone.
      - V(absent) removes it, after writing a C(.reg) backup of it into the user's profile; only
        profiles this collection created, unless O(force), and never the current default.
    type: str
    choices: [default, present, absent]
    default: default
  force:
    description:
      - With O(state=absent), also remove a profile this collection did not create.
    type: bool
    default: false
  office_version:
    description:
      - Which Office version's profiles; V(auto) uses the versions installed on the machine.
    type: str
    choices: [auto, '15.0', '16.0']
    default: auto
  zero_config_exchange:
    description:
      - With O(state=default), set C(ZeroConfigExchange=1) under
        C(HKCU\Software\Policies\Microsoft\Office\<version>\Outlook\AutoDiscover) (Microsoft KB
        4046818), so Outlook creates the Exchange account in the empty profile by itself.
    type: bool
    default: true
  profile_selection:
    description:
      - With O(state=default), what Outlook does at start; C(PickLogonProfile) under
        C(HKCU\Software\Microsoft\Exchange\Client\Options). V(always_use) uses the default profile
        ("always use this profile", seed 004), V(prompt) asks, V(unmanaged) leaves the value.
      - The value name comes from community scripts; Microsoft does not document it.
    type: str
    choices: [always_use, prompt, unmanaged]
    default: always_use
  clear_offline_cache:
    description:
      - With O(state=default), move the C(.ost) files in C(%LOCALAPPDATA%\Microsoft\Outlook) to
        C(%LOCALAPPDATA%\officeops\outlook_auth\backup); Outlook downloads the mailbox again.
        C(.pst) files are never moved.
    type: bool
    default: false
  clear_autodiscover_cache:
    description:
      - With O(state=default), move the Autodiscover cache (C(%LOCALAPPDATA%\Microsoft\Outlook\16\*.xml),
        C(\15\) for Office 2013) to the same backup folder.
    type: bool
    default: false
  outlook_running:
    description:
      - What to do when Outlook runs in the user's session.
      - V(fail) stops with a message naming the process; nothing changes.
      - V(stop) stops that user's Outlook first (unsaved drafts are lost; Outlook asks nothing).
      - V(defer) changes the profile anyway, for Outlook's next start, with a warning.
    type: str
    choices: [fail, stop, defer]
    default: fail
notes:
  - A file Outlook still holds open cannot be moved; that user's remaining ops are not run and
    a rerun finishes them.
attributes:
  check_mode:
    support: full
    description: Reports what would change; nothing is written.
  diff_mode:
    support: full
    description: Shows each user's default and profile names before and after.
  platform:
    support: full
    platforms: windows
    description: Windows 10 1809 or later, Windows 11, Windows Server 2016 or later.
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Give the console user a fresh default profile once for this incident
  officeops.outlook_auth.win_outlook_profile:
    once: INC0012345

- name: Same, stopping Outlook and clearing the offline and Autodiscover caches
  officeops.outlook_auth.win_outlook_profile:
    outlook_running: stop
    clear_offline_cache: true
    clear_autodiscover_cache: true

- name: Remove a profile this collection created earlier
  officeops.outlook_auth.win_outlook_profile:
    name: Outlook-20261122
    state: absent
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
      description: Why the user failed (for example Outlook running), or a note such as C(Office not found); else null.
      type: str
    versions:
      description: The Office versions handled.
      type: list
      elements: str
    before:
      description: The default profile and profile names before, by Office version.
      type: dict
      sample: {"16.0": {"default": "Outlook", "profiles": ["Outlook", "Outlook (old)"]}}
    after:
      description: The same after (in check mode, what it would be).
      type: dict
    backups:
      description: Profile-relative paths of the backups written or files moved to backup.
      type: list
      elements: str
msg:
  description: A one-line summary over all users.
  returned: always
  type: str
"""
