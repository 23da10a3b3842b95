#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module runs on the controller as the action
# plugin plugins/action/outlook_auth_findings.py (rules in plugins/module_utils/_findings/).

DOCUMENTATION = r"""
---
module: outlook_auth_findings
short_description: Turn a host's Outlook sign-in facts into findings
version_added: 0.1.0
description:
  - Reads the C(outlook_auth) fact that M(officeops.outlook_auth.win_outlook_auth_facts) gathered
    and returns the host's findings as the C(outlook_auth_findings) fact, most severe first.
  - Each finding has an C(id), a C(severity), the C(step) of the help-desk flowchart and the
    C(role) of this collection that fixes it (null when none can), a C(title), the C(user) it
    concerns (null for the machine), its C(evidence), and C(data), what the fixing role needs
    (for C(work_school_stale_account) the stale C(addresses) and C(tenant_ids); else empty).
  - Runs on the controller only; it opens no connection to the host and changes nothing.
  - "The findings: C(work_school_stale_account) (a registration or Office WAM account of another
    organisation than the user's mailboxes), C(modern_auth_adal_disabled),
    C(modern_auth_wam_override), C(tenant_godaddy_federation) (needs O(realms)),
    C(credentials_stale_office) (basic-authentication password caches, or Office entries of other
    addresses), C(broker_token_error) (AAD event 1098 and friends), C(broker_bad_keyset)
    (0x80090016), C(profile_default_missing), C(profile_default_corrupt), C(network_blocked)
    (an endpoint failed TCP or TLS, or 0xCAA8/0xCAA2 broker errors), C(office_missing),
    C(office_unsupported) (Office 2013), C(user_unreachable)."
  - Token broker errors older than the latest C(broker_reset) once marker of a user on the host
    are taken as resolved by that reset.
options:
  facts:
    description:
      - The host's C(outlook_auth) fact. Default the fact of the host the task runs for.
    type: dict
  realms:
    description:
      - The C(realms) result of M(officeops.outlook_auth.m365_user_realm) (domain to realm); a
        mailbox domain whose realm says C(godaddy=true) makes a C(tenant_godaddy_federation) finding.
    type: dict
    default: {}
attributes:
  check_mode:
    support: full
    description: Nothing is changed; check mode gives the same findings.
  diff_mode:
    support: none
    description: Nothing is changed.
  platform:
    support: full
    platforms: all
    description: Runs on the controller.
seealso:
  - module: officeops.outlook_auth.win_outlook_auth_facts
  - module: officeops.outlook_auth.m365_user_realm
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Gather the facts
  officeops.outlook_auth.win_outlook_auth_facts:
    user: all

- name: Make the findings
  officeops.outlook_auth.outlook_auth_findings:
  register: findings

- name: Show what needs fixing
  ansible.builtin.debug:
    msg: "{{ findings.steps }}"
"""

RETURN = r"""
ansible_facts:
  description: The findings.
  returned: always
  type: dict
  contains:
    outlook_auth_findings:
      description: The host's findings, most severe first.
      returned: always
      type: list
      elements: dict
      sample: [{"id": "work_school_stale_account", "severity": "high", "step": 1, "role": "work_school_accounts",
                "title": "A work or school account of another organisation is connected", "user": "PC\\maria",
                "evidence": ["Office WAM account maria.lopez@northwind-traders.com (tenant 9188040d-...) is not the
                mailbox's organisation"],
                "data": {"addresses": ["maria.lopez@northwind-traders.com"], "tenant_ids": ["9188040d-..."]}}]
steps:
  description: The roles the findings call for, in flowchart order.
  returned: always
  type: list
  elements: str
  sample: ["work_school_accounts", "credential_cache"]
counts:
  description: How many findings of each severity.
  returned: always
  type: dict
  sample: {"critical": 0, "high": 3, "medium": 1, "low": 0, "info": 0}
"""
