# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How to reach state that only a user's own logon session can reach (credential vault,
WAM accounts): decided here, carried out by _UserProfile.psm1 (Get-OfficeopsSessionAccess)
and _SessionTask.psm1, or by their lab twin.

A WinRM logon is a network logon without the user's credentials, so CredEnumerateW and
WAM fail with ERROR_NO_SUCH_LOGON_SESSION (0x520). Three ways in:

- ``become``: the operator ran the task with ``become_user`` = the target user and their
  password; the wrapper already runs as the user and acts directly;
- ``interactive_task``: a one-shot scheduled task in the user's interactive session (the
  user must be logged on);
- ``auto``: ``become`` when the connection already runs as the target user, else
  ``interactive_task``.

A user who is not logged on is skipped with the reason. (Deferring the work to the next
logon is not built yet: it needs a task folder a user cannot tamper with for weeks; see the
closing note of the per-user layer issue.)
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._validation import check_choice

SESSION_CHOICES = ("auto", "become", "interactive_task")
ERROR_NO_SUCH_LOGON_SESSION = 0x520


def plan_session(profile, session, running_as_sid):
    """One of ``{"how": "direct" | "interactive_task" | "skip" | "fail", "reason": ...}``."""
    check_choice("session", session, SESSION_CHOICES)
    runs_as_user = bool(running_as_sid) and running_as_sid.upper() == profile["sid"].upper()
    if session == "become" or (session == "auto" and runs_as_user):
        if runs_as_user:
            return {"how": "direct", "reason": None}
        who = profile.get("name") or profile["sid"]
        return {"how": "fail", "reason": (
            "session=become, but the task does not run as %s%s; set become: true, become_method: runas, "
            "become_user: %s and the user's password (ansible_become_password)"
            % (who, " (it runs as %s)" % running_as_sid if running_as_sid else "", who))}
    if profile.get("logged_on"):
        return {"how": "interactive_task", "reason": None}
    return {"how": "skip", "reason": "%s is not logged on, so their credential vault and WAM accounts cannot be "
            "reached; run again while they are logged on, or use session=become with their password"
            % (profile.get("name") or profile["sid"])}


def no_logon_session_message(profile):
    """What to tell the operator when Windows answered ERROR_NO_SUCH_LOGON_SESSION."""
    who = profile.get("name") or profile["sid"]
    return ("Windows refused access to the credential vault of %s: no logon session (ERROR_NO_SUCH_LOGON_SESSION, "
            "0x520). A WinRM network logon cannot reach it. Use session=interactive_task while the user is logged "
            "on, or session=become with become_user=%s and the user's password." % (who, who))
