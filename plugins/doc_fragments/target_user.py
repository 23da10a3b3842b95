# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  user:
    description:
      - Whose Windows account to act on. Ansible logs on as an administrator, but Outlook's
        sign-in state belongs to the user who uses the PC.
      - V(interactive) is the user of the console session; when nobody is logged on at the
        console the task is skipped with that reason.
      - V(all) is every real user profile in
        C(HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList); service, system and
        default profiles are left out.
      - An account as C(DOMAIN\name) (C(.\name) for a local account), a UPN as C(name@domain),
        or a SID such as C(S-1-5-21-...) or C(S-1-12-1-...) names one user; the task fails when
        no profile on the machine matches.
      - A logged-off user's registry hive is loaded from C(NTUSER.DAT) under a private key and
        always unloaded afterwards.
    type: str
    default: interactive
"""

    ONCE = r"""
options:
  once:
    description:
      - An incident id (for example C(INC0012345)) that makes this one-shot remediation run
        at most once per user. The first run records the id and time under
        C(HKCU\Software\officeops\outlook_auth\once\<action>) in the user's hive; a rerun
        with the same id changes nothing, so a repeated playbook run never resets again what
        the user has rebuilt since.
      - 1 to 128 letters, digits, C(.), C(_), C(:) or C(-), starting with a letter or digit.
      - Without it the remediation runs whenever its conditions hold.
    type: str
"""

    SESSION = r"""
options:
  session:
    description:
      - How to reach state that only the user's own logon session can reach (the credential
        vault, WAM accounts); a WinRM network logon gets C(ERROR_NO_SUCH_LOGON_SESSION).
      - V(interactive_task) runs the work as a one-shot scheduled task in the user's
        interactive session (not elevated), passing data through files only the user, SYSTEM
        and Administrators can read; task and files are always removed.
      - V(become) acts directly, for a task run with C(become_user) set to the target user and
        that user's password.
      - V(auto) uses V(become) when the task already runs as the target user, else
        V(interactive_task).
      - A target user who is not logged on is reported as skipped with the reason, unless
        V(become) reaches them.
    type: str
    choices: [auto, become, interactive_task]
    default: auto
  session_timeout:
    description:
      - Seconds to wait for the work in the user's session before giving up; the task and its
        files are removed either way.
    type: int
    default: 120
"""
