#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module is win_outlook_auth_facts.ps1 and the
# logic is in plugins/action/win_outlook_auth_facts.py.

DOCUMENTATION = r"""
---
module: win_outlook_auth_facts
short_description: Gather the facts that explain Outlook / Microsoft 365 sign-in failures
version_added: 0.1.0
description:
  - Reads, in one round trip, the state that decides whether Outlook can sign in to
    Microsoft 365, and returns it as the C(outlook_auth) fact.
  - This first cut returns the Office Click-to-Run configuration (version, platform,
    update channel, products, culture), the running Outlook processes and the target
    users (O(user)) with their profile, logon session and hive state.
  - The Windows side only reads; the action plugin interprets what it read (channel ids
    to names, version parsing) on the controller.
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
options: {}
notes:
  - Requires an elevated connection (an administrator over WinRM or PSRP); reading the owner
    of other users' Outlook processes needs it.
  - Runs against a simulated Windows host when the inventory sets C(officeops_lab_scenario)
    and C(ansible_connection=local); see C(tests/lab/README.md).
attributes:
  check_mode:
    support: full
    description: The module never changes anything; check mode returns the same facts.
  diff_mode:
    support: none
    description: Nothing is changed, so there is nothing to show.
  platform:
    support: full
    platforms: windows
    description: Targets Windows 10 and 11, and Windows Server 2016 and later.
seealso:
  - name: Update channels for Microsoft 365 Apps
    description: What the channel names mean.
    link: https://learn.microsoft.com/microsoft-365-apps/updates/overview-update-channels
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Gather the Outlook sign-in facts
  officeops.outlook_auth.win_outlook_auth_facts:

- name: Show the Office channel
  ansible.builtin.debug:
    msg: "{{ ansible_facts.outlook_auth.office.click_to_run.channel.name | default('no Click-to-Run Office') }}"
"""

RETURN = r"""
ansible_facts:
  description: The gathered facts.
  returned: always
  type: dict
  contains:
    outlook_auth:
      description: Facts of this collection.
      returned: always
      type: dict
      contains:
        office:
          description: The Office installation.
          returned: always
          type: dict
          contains:
            installed:
              description: Whether Click-to-Run Office was found.
              returned: always
              type: bool
              sample: true
            click_to_run:
              description: The Click-to-Run configuration; C(installed) alone when absent.
              returned: always
              type: dict
              contains:
                installed:
                  description: Whether the Click-to-Run configuration key exists.
                  returned: always
                  type: bool
                  sample: true
                version:
                  description: C(VersionToReport) as read.
                  returned: when installed
                  type: str
                  sample: 16.0.17928.20156
                version_info:
                  description: The version split into numbers; null when it cannot be parsed.
                  returned: when installed
                  type: dict
                  sample: {"major": 16, "minor": 0, "build": 17928, "revision": 20156}
                platform:
                  description: C(x86) or C(x64).
                  returned: when installed
                  type: str
                  sample: x64
                channel:
                  description: The update channel, from C(UpdateChannel) when set, else C(CDNBaseUrl).
                  returned: when installed
                  type: dict
                  sample: {"id": "492350f6-3a01-4f97-b9c0-c7c6ddf67d60", "name": "Current", "source": "CDNBaseUrl"}
                product_release_ids:
                  description: Installed products.
                  returned: when installed
                  type: list
                  elements: str
                  sample: ["O365ProPlusRetail"]
                culture:
                  description: The client culture.
                  returned: when installed
                  type: str
                  sample: en-us
        users:
          description: The users O(user) selected, as resolved on the host.
          returned: always
          type: list
          elements: dict
          sample: [{"sid": "S-1-5-21-1004336348-1177238915-682003330-1001", "name": "WS-01\\alice",
                    "profile_path": "C:\\Users\\alice", "hive_loaded": true, "logged_on": true,
                    "session_id": 1, "console": true}]
        users_problem:
          description: Why no user was selected (for example nobody is logged on at the console), else null.
          returned: always
          type: str
          sample: no user is logged on at the console
        outlook:
          description: The Outlook process state.
          returned: always
          type: dict
          contains:
            running:
              description: Whether any Outlook process runs.
              returned: always
              type: bool
              sample: true
            processes:
              description: Each running Outlook process.
              returned: always
              type: list
              elements: dict
              sample: [{"pid": 4242, "session_id": 1, "user_name": "CONTOSO\\alice"}]
"""
