# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credential Manager semantics for the lab, after CredEnumerateW / CredDeleteW.

- A vault is reachable only from a logon session of its user: a network logon (how
  Ansible arrives over WinRM) gets ERROR_NO_SUCH_LOGON_SESSION (0x520).
- CredEnumerateW's filter is a target name that may end in a single ``*``; matching is
  case-insensitive. Deleting a missing target gives ERROR_NOT_FOUND (0x490).
- The secret never leaves the vault: enumeration returns metadata only.
"""

from __future__ import annotations

ERROR_NOT_FOUND = 0x490
ERROR_NO_SUCH_LOGON_SESSION = 0x520
ERROR_INVALID_FLAGS = 0x3EC

PUBLIC_FIELDS = ("target", "type", "user_name", "persist", "last_written")


class VaultError(Exception):
    def __init__(self, code, message):
        super(VaultError, self).__init__(message)
        self.code = code


def _require_session(user, via):
    """``via``: ``network`` (WinRM as an administrator), ``user_session`` (a task in the
    user's interactive session, which needs the user logged on) or ``become`` (a logon of
    the user made with their password, which works whether or not they are logged on)."""
    if via == "become":
        return
    if via != "user_session":
        raise VaultError(ERROR_NO_SUCH_LOGON_SESSION,
                         "A specified logon session does not exist. It may already have been terminated (0x520)")
    if not user["logged_on"]:
        raise VaultError(ERROR_NO_SUCH_LOGON_SESSION, "user %s has no logon session" % user["name"])


def _matches(target, pattern):
    if pattern is None:
        return True
    if "*" in pattern[:-1]:
        raise VaultError(ERROR_INVALID_FLAGS, "CredEnumerate filter may only end in '*': %r" % pattern)
    if pattern.endswith("*"):
        return target.casefold().startswith(pattern[:-1].casefold())
    return target.casefold() == pattern.casefold()


def enumerate_credentials(user, via, pattern=None):
    """Metadata of the user's credentials whose target matches ``pattern``."""
    _require_session(user, via)
    return [{field: cred.get(field) for field in PUBLIC_FIELDS}
            for cred in user.get("vault", []) if _matches(cred["target"], pattern)]


def delete_credential(user, via, target, kind):
    """Delete one credential by exact target and type."""
    _require_session(user, via)
    vault = user.get("vault", [])
    for index, cred in enumerate(vault):
        if cred["target"].casefold() == target.casefold() and cred["type"] == kind:
            del vault[index]
            return
    raise VaultError(ERROR_NOT_FOUND, "Element not found (0x490): %s" % target)
