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
  - Machine-wide it reads the Office installation (Click-to-Run version, channel, platform;
    Office 2013 MSI install roots), the Windows build, running Outlook processes, the device
    join state (C(dsregcmd /status)), the recent events of the
    C(Microsoft-Windows-AAD/Operational) and Office alerts (C(OAlerts)) logs, the WinHTTP
    proxy, and whether each sign-in endpoint answers on TCP 443 with a TLS 1.2 handshake.
  - For each user O(user) selects it reads the Office identity registry values, the Outlook
    profiles with their accounts, the Access work or school registrations (C(JoinInfo)), the
    names and types of the credentials in Credential Manager (never a password, which the
    module never reads), the Office WAM accounts, the token broker's account files and this
    collection's once markers. The vault and WAM answer only in the user's logon session; a
    user whose session cannot be reached gets C(credentials.reachable=false) with the reason.
  - The Windows side only reads; the action plugin interprets what it read (channel ids
    to names, dsregcmd fields, error codes in events) on the controller. The findings are
    made from this fact by M(officeops.outlook_auth.outlook_auth_findings).
extends_documentation_fragment:
  - officeops.outlook_auth.target_user
  - officeops.outlook_auth.target_user.session
  - officeops.outlook_auth.wrapper_protocol.probe
  - officeops.outlook_auth.wrapper_protocol.read
  - officeops.outlook_auth.wrapper_protocol.folders
options:
  event_days:
    description:
      - How many days of events to read, 1 to 90.
    type: int
    default: 7
  max_events:
    description:
      - The newest events to read from each log, 0 to 1000.
    type: int
    default: 50
  endpoints:
    description:
      - Host names to test on TCP 443 with a TLS 1.2 handshake, directly (not through the
        proxy, which is reported separately).
      - Default the sign-in endpoints C(login.microsoftonline.com), C(login.microsoft.com),
        C(login.windows.net), C(aadcdn.msauth.net), C(enterpriseregistration.windows.net),
        C(officeclient.microsoft.com), C(outlook.office365.com),
        C(autodiscover-s.outlook.com).
      - An empty list tests nothing.
    type: list
    elements: str
  endpoint_timeout:
    description:
      - Seconds to wait for each connection and each handshake, 1 to 60.
    type: int
    default: 5
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
            versions:
              description: Office versions found (C(15.0) for Office 2013, C(16.0) for 2016 and later).
              returned: always
              type: list
              elements: str
              sample: ["16.0"]
            msi:
              description: Whether an Office MSI / Click-to-Run install root exists, by version.
              returned: always
              type: dict
              sample: {"15.0": false, "16.0": true}
            installed:
              description: Whether any Office version this collection manages was found.
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
          description:
            - The users O(user) selected, as resolved on the host, with what was read for each.
            - C(identity) maps each Office version to its identity C(values) (C(EnableADAL),
              C(Version), C(DisableADALatopWAMOverride), C(DisableAADWAM); null when unset),
              the Group Policy values set (C(policy)) and the signed-in C(identities).
            - C(modern_auth_changes) is what M(officeops.outlook_auth.win_office_identity) would
              change with its defaults (Autodiscover aside).
            - C(outlook_profiles) maps each Office version to the C(default) profile name and each
              profile with its account names; C(mailboxes) are the account addresses Outlook uses.
            - C(credentials) has C(reachable), C(error), C(count) and C(entries) (target, type,
              user name, last written, and C(office) when the entry is Office sign-in state by
              M(officeops.outlook_auth.win_credential_purge)'s default rules), and C(cleanup_error)
              when the folder of the task run in the user's session could not be removed (it
              names the folder; also a warning).
            - C(work_school) lists the Access work or school registrations; C(wam) the Office WAM
              accounts (with C(access), C(error) and C(cleanup_error)); C(broker) counts the token broker's account
              files; C(once) holds this collection's once markers by action.
            - C(error) says why the user's registry could not be read.
          returned: always
          type: list
          elements: dict
          sample: [{"sid": "S-1-5-21-1004336348-1177238915-682003330-1001", "name": "WS-01\\alice",
                    "profile_path": "C:\\Users\\alice", "hive_loaded": true, "logged_on": true,
                    "session_id": 1, "console": true, "error": null, "mailboxes": ["alice@contoso.com"],
                    "identity": {"16.0": {"values": {"EnableADAL": null, "Version": null,
                    "DisableADALatopWAMOverride": null, "DisableAADWAM": null}, "policy": {},
                    "identities": [{"id": "8f2a0c51-3d4e-4b7a-9c11-2f6b8e0d4a17_ADAL",
                    "email": "alice@contoso.com", "provider": "ADAL"}]}},
                    "modern_auth_changes": [],
                    "outlook_profiles": {"16.0": {"default": "Outlook", "profiles": [
                    {"name": "Outlook", "accounts": ["alice@contoso.com"]}]}},
                    "credentials": {"access": "interactive_task", "reachable": true, "error": null, "count": 1,
                    "entries": [{"target": "MicrosoftOffice16_Data:ADAL:8f2a0c51-3d4e-4b7a-9c11-2f6b8e0d4a17",
                    "type": "generic", "user_name": "alice@contoso.com", "last_written": "2026-10-01T08:00:00Z",
                    "office": true}], "cleanup_error": null},
                    "work_school": [], "wam": {"access": "interactive_task", "error": null, "accounts": [],
                    "cleanup_error": null},
                    "broker": {"account_files": 2, "last_write": "2026-10-01T08:00:00Z"}, "once": {}}]
        mailbox_domains:
          description: The domains of every selected user's mailboxes, lower case; what the tenant checks look up.
          returned: always
          type: list
          elements: str
          sample: ["contoso.com"]
        windows:
          description: The Windows build as Settings shows it.
          returned: always
          type: dict
          sample: {"build": 22631, "ubr": 4460, "version": "23H2", "edition": "Professional",
                   "product_name": "Windows 10 Pro", "computer_name": "WS-01"}
        device:
          description:
            - The device join state from C(dsregcmd /status) (C(device_join) is C(hybrid), C(entra),
              C(domain), C(workgroup) or C(unknown)), with its C(exit_code).
          returned: always
          type: dict
          sample: {"device_join": "workgroup", "tenant_id": null, "exit_code": 0, "unparsed": []}
        network:
          description:
            - C(proxy) is the WinHTTP default proxy (C(type) C(direct), C(named), C(default),
              C(automatic)); C(endpoints) the result for each host of O(endpoints); C(unreachable)
              the hosts that failed TCP or TLS.
          returned: always
          type: dict
          sample: {"proxy": {"access_type": 1, "type": "direct", "proxy": null, "bypass": null, "error": null},
                   "endpoints": [{"host": "login.microsoftonline.com", "tcp": true, "tls": true, "error": null}],
                   "unreachable": []}
        events:
          description: Recent events of both logs, newest first, with the error codes found in their text.
          returned: always
          type: list
          elements: dict
          sample: [{"log": "Microsoft-Windows-AAD/Operational", "id": 1098, "time": "2026-11-20T08:17:11Z",
                    "level": "Error", "error_codes": ["0xCAA5001C"], "office_codes": [],
                    "message": "Error: 0xCAA5001C Token broker operation failed."}]
        event_errors:
          description: Logs that could not be read, with why (a missing log is reported here).
          returned: always
          type: list
          elements: dict
          sample: []
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
