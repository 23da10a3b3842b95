# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a finding can be: its id, severity, the flowchart step and the role that fixes it.

Written once; the findings policy (rules.py), the roles (which step to run), the fleet
report and the docs all read it from here.

A finding, as ``outlook_auth_findings`` returns it::

    {"id": "work_school_stale_account", "severity": "high", "step": 1,
     "role": "work_school_accounts", "title": "...", "user": "PC\\maria" or None,
     "evidence": ["human-readable facts that led to it", ...],
     "data": {what the fixing role needs, e.g. the stale accounts' addresses and tenant_ids}}
"""

from __future__ import annotations

# Most severe first; the report sorts by this order.
SEVERITIES = ("critical", "high", "medium", "low", "info")

# The six flowchart steps of the help-desk articles, in escalation order, and the role of
# each (step 0 is the audit itself).
STEPS = (
    (1, "work_school_accounts", "Disconnect stale work or school accounts"),
    (2, "modern_auth", "Modern Authentication on (client registry, tenant)"),
    (3, "credential_cache", "Purge cached credentials; reset the BrokerPlugin cache"),
    (4, "outlook_profile", "Recreate the Outlook profile and make it the default"),
    (5, "support_assistant", "Run the support assistant (Get Help command line)"),
    (6, "office_repair", "Repair or reinstall Office"),
)
ROLE_OF_STEP = dict((number, role) for number, role, _title in STEPS)

# id -> severity, step (None: no remediation step of ours fixes it), title.
FINDINGS = {
    "work_school_stale_account": ("high", 1, "A work or school account of another organisation is connected"),
    "modern_auth_adal_disabled": ("high", 2, "Modern Authentication (ADAL) is turned off for Office"),
    "modern_auth_wam_override": ("medium", 2, "An unsupported WAM override is set for Office"),
    "tenant_godaddy_federation": ("medium", 2, "The mailbox's domain is federated with GoDaddy"),
    "credentials_stale_office": ("high", 3, "Office credentials cached in Credential Manager may be stale"),
    "broker_token_error": ("high", 3, "The AAD token broker reports errors (event 1098)"),
    "broker_bad_keyset": ("high", 3, "The token broker's key set is missing or damaged (0x80090016)"),
    "profile_default_missing": ("high", 4, "No default Outlook profile"),
    "profile_default_corrupt": ("high", 4, "The default Outlook profile has no account"),
    "network_blocked": ("critical", None, "The sign-in endpoints cannot be reached"),
    "office_missing": ("info", None, "Office is not installed"),
    "office_unsupported": ("high", 6, "The Office version is out of support or cannot use Modern Authentication"),
    "user_unreachable": ("low", None, "A user's state could not be read"),
}


def describe(finding_id):
    """severity, step, role and title of a finding id; KeyError names the id when unknown."""
    try:
        severity, step, title = FINDINGS[finding_id]
    except KeyError:
        raise KeyError("unknown finding id %r; known: %s" % (finding_id, ", ".join(sorted(FINDINGS))))
    return {"severity": severity, "step": step, "role": ROLE_OF_STEP.get(step), "title": title}


def severity_rank(severity):
    """0 for the most severe; used to sort."""
    return SEVERITIES.index(severity)
