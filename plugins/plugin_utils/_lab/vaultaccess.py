# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twin of Invoke-OfficeopsVault / Get-OfficeopsCredentialState (_CredentialVault.psm1): a
user's vault reached the way the wrapper reaches it (in process through become, or in a
session task)."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.users import run_in_session, user_by_sid
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.vault import VaultError, enumerate_credentials
from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.wam import session_access

PROFILE_KEYS = ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console")


def in_vault(state, user, access, timeout, work):
    """Run ``work(user, via)`` as Invoke-OfficeopsVault does:
    ``(error_code, error, output, cleanup_error)``."""
    if access == "direct":
        try:
            return 0, None, work(user, "become"), None
        except VaultError as exc:
            return exc.code, str(exc), None, None

    def in_session(who):
        try:
            return 0, None, work(who, "user_session")
        except VaultError as exc:
            return exc.code, str(exc), None

    answer = run_in_session(state, user, in_session, timeout)
    if answer["status"] != "ok":
        return -1, "%s: %s" % (answer["status"], answer["error"]), None, answer["cleanup_error"]
    return answer["output"] + (answer["cleanup_error"],)


def credential_state(state, profile, args, context):
    """Get-OfficeopsCredentialState for one selected profile."""
    entry = dict((key, profile[key]) for key in PROFILE_KEYS)
    entry.update(access=session_access(profile, args, context), credentials=None, error_code=0, error=None, cleanup_error=None)
    if entry["access"] in ("direct", "interactive_task"):
        code, error, credentials, cleanup_error = in_vault(state, user_by_sid(state, profile["sid"]), entry["access"],
                                                           args.get("session_timeout", 120), enumerate_credentials)
        entry.update(error_code=code, error=error, credentials=credentials, cleanup_error=cleanup_error)
    return entry
