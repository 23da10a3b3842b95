#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module is win_credential_purge.ps1 and the
# policy is in plugins/action/win_credential_purge.py and module_utils/_credentials/match.py.

DOCUMENTATION = r"""
---
module: win_credential_purge
short_description: Remove Office sign-in credentials from a user's Credential Manager, and nothing else
version_added: 0.1.0
description:
  - Deletes the cached Office / Microsoft 365 sign-in entries from the Windows Credential
    Manager of the target users, the fix Microsoft and the help-desk articles give for
    error 657rx and endless password prompts (step 3 of the flowchart).
  - Lists each user's credentials (metadata only, never a secret), decides on the
    controller which are Office sign-in state, and deletes exactly those.
  - An entry is deleted when a O(match) glob matches its target or its target contains
    O(address), unless an O(exclude) glob matches it. C(WindowsLive:target=virtualapp/didlogical)
    and C(MicrosoftAccount:target=SSO_POP_Device) (Windows single sign-on, not Office) are kept
    unless a O(match) entry names them exactly. Everything else is kept.
  - Globs know C(*) and C(?) only, compare without case, and are tried on the target as
    stored and without a C(<Kind>:target=) prefix, so names copied from Credential Manager or
    C(cmdkey /list) work.
  - The vault answers only inside the user's own logon session; see O(session).
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
  - officeops.outlook_auth.target_user.session
  - officeops.outlook_auth.wrapper_protocol
options:
  match:
    description:
      - Globs on the credential target that select Office sign-in entries.
      - Default C(MicrosoftOffice1*_Data:*), C(msteams*), C(Microsoft_OC*),
        C(OneDrive Cached Credential*) and targets naming the Exchange Online hosts
        (C(*outlook.office365.com*), C(*outlook.office.com*), C(*smtp.office365.com*),
        C(*autodiscover-s.outlook.com*)).
      - A glob of wildcards only (C(*)) is refused.
    type: list
    elements: str
  exclude:
    description:
      - Globs on the target of entries never to delete; they win over O(match) and O(address).
    type: list
    elements: str
    default: []
  address:
    description:
      - The mailbox address; entries whose target contains it (without case) are deleted too.
    type: str
  types:
    description:
      - Credential types that may be deleted. C(domain_extended) entries are never deleted, as
        Windows needs more than the target to name one and they hold no Office sign-in state.
    type: list
    elements: str
    choices: [generic, domain_password, domain_certificate, domain_visible_password, generic_certificate]
    default: [generic, domain_password]
notes:
  - A target already gone when the delete runs counts as deleted; a rerun reports no change.
  - Users who are not logged on are skipped with the reason, unless O(session=become) reaches them.
attributes:
  check_mode:
    support: full
    description: Lists what would be deleted; nothing is deleted.
  diff_mode:
    support: full
    description: Shows each user's credential targets before and after.
  platform:
    support: full
    platforms: windows
    description: Windows 10 1809 or later, Windows 11, Windows Server 2016 or later.
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Show which Office credentials the console user would lose
  officeops.outlook_auth.win_credential_purge:
  check_mode: true
  diff: true

- name: Purge Office credentials and anything naming the mailbox, keeping a VPN entry
  officeops.outlook_auth.win_credential_purge:
    address: maria@bloomfield-florist.com
    exclude:
      - "Domain:target=vpn.*"

- name: Purge for a user who is not logged on, with their password
  officeops.outlook_auth.win_credential_purge:
    user: CONTOSO\tom
    session: become
  become: true
  become_method: ansible.builtin.runas
  become_user: CONTOSO\tom
  vars:
    ansible_become_password: "{{ vault_tom_password }}"
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
      sample: BLOOMFIELD-PC\maria
    sid:
      description: The user's SID.
      type: str
      sample: S-1-5-21-3623811015-3361044348-30300820-1013
    status:
      description: C(changed) (purged, or would purge in check mode), C(ok) (nothing to do), C(skipped) or C(failed).
      type: str
      sample: changed
    outcome:
      description: The status in words, with the reason for a skip or failure.
      type: str
      sample: "skipped: BLOOMFIELD-PC\\maria is not logged on, ..."
    reason:
      description: Why the user was skipped or failed; null otherwise.
      type: str
    purged:
      description: The entries deleted (or, in check mode, to delete); never a secret.
      type: list
      elements: dict
      sample: [{"target": "MicrosoftOffice16_Data:SSPI:maria@bloomfield-florist.com", "type": "generic",
                "user_name": "maria@bloomfield-florist.com"}]
    kept:
      description: How many of the user's credentials stay.
      type: int
      sample: 4
msg:
  description: A one-line summary over all users.
  returned: always
  type: str
  sample: "1 user(s): 1 changed"
"""
