# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which Windows users a module acts on: the ``user`` option and profile selection.

The wrapper reports the machine's profiles (ProfileList, loaded hives, sessions); the
choice of whom to act on is made here, on the controller, so it is tested without Windows.
"""

from __future__ import annotations

import re

ACCEPTED_FORMS = ("interactive (the user of the console session)", "all (every real user profile)",
                  "DOMAIN\\name", "name@domain", "a SID such as S-1-5-21-...")

# Local and domain accounts (S-1-5-21-...) and Microsoft Entra ID accounts (S-1-12-1-...);
# everything else in ProfileList is a service, system or virtual account.
_USER_SID = re.compile(r"^S-1-(?:5-21|12-1)(?:-\d{1,10}){4,5}$", re.IGNORECASE)
_ANY_SID = re.compile(r"^S-1-\d+(?:-\d+)+$", re.IGNORECASE)
# sAMAccountName rules (Microsoft Learn, "User Naming Attributes"): these characters are
# not allowed, nor a name that is only dots or spaces.
_BAD_NAME_CHARS = set('"/\\[]:;|=,+*?<>@')
_NETBIOS = re.compile(r"^[^\\/:*?\"<>|.\s][^\\/:*?\"<>|]{0,14}$")
_DNS_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


class UserSpecError(ValueError):
    """A ``user`` value that is none of the accepted forms."""


def _bad(value, why):
    return UserSpecError("user: %r is not a valid target user (%s); expected one of: %s"
                         % (value, why, "; ".join(ACCEPTED_FORMS)))


def _check_account(value, name):
    # Windows refuses characters below 32 and DEL in account names as well as the listed ones
    # (Microsoft, sAMAccountName attribute); a name with a line break never matches a profile.
    if not name or name.strip(" .") == "" or len(name) > 104 or set(name) & _BAD_NAME_CHARS \
            or any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise _bad(value, "account name %r is empty or contains characters Windows does not allow" % name)


def parse_user(value):
    """Normalise the ``user`` option: ``{"form": ..., "value": ...}`` or UserSpecError."""
    if not isinstance(value, str) or not value.strip():
        raise _bad(value, "empty")
    text = value.strip()
    lowered = text.lower()
    if lowered in ("interactive", "all"):
        return {"form": lowered, "value": lowered, "given": text}
    if _ANY_SID.match(text):
        if not _USER_SID.match(text):
            raise _bad(value, "a SID of a service, system or well-known account, not of a user")
        return {"form": "sid", "value": text.upper(), "given": text}
    if text.count("\\") == 1:
        domain, name = text.split("\\")
        if domain != "." and not _NETBIOS.match(domain):
            raise _bad(value, "domain %r is not a NetBIOS domain or computer name" % domain)
        _check_account(value, name)
        return {"form": "account", "value": text, "given": text}
    if text.count("@") == 1:
        name, domain = text.split("@")
        _check_account(value, name)
        if not _DNS_DOMAIN.match(domain) or "." not in domain:
            raise _bad(value, "%r is not a DNS domain" % domain)
        return {"form": "upn", "value": text, "given": text}
    raise _bad(value, "not a keyword, an account, a UPN or a SID")


SKIPPED_PROFILE_REASONS = {
    "S-1-5-18": "LocalSystem",
    "S-1-5-19": "LocalService",
    "S-1-5-20": "NetworkService",
}


def profile_skip_reason(profile):
    """Why a ProfileList entry is not a real user profile, or None when it is one."""
    sid = profile["sid"]
    if sid.upper() in SKIPPED_PROFILE_REASONS:
        return "service profile (%s)" % SKIPPED_PROFILE_REASONS[sid.upper()]
    if sid.upper().endswith(".BAK"):
        # Windows keeps the original entry as <SID>.bak while a user has a temporary profile.
        return "backup entry of a profile in trouble (%s)" % sid
    if not _USER_SID.match(sid):
        return "not a user account (%s)" % sid
    path = (profile.get("profile_path") or "").rstrip("\\").lower()
    if not path:
        return "no profile path"
    if path.endswith("\\default") or path.endswith("\\default user") or "\\systemprofile" in path:
        return "default or system profile"
    return None


def select_profiles(spec, profiles, computer_name=None):
    """The profiles ``spec`` (from parse_user) names, in ProfileList order, as
    Resolve-OfficeopsTargetUser in _UserProfile.psm1 selects them.

    Returns ``(selected, problem)``: ``problem`` is None, or a message saying why nothing
    was selected (which the module reports as a skip for ``interactive`` and ``all`` and
    as a failure for an explicit user, who must exist). ``.\\name`` is a local account of
    ``computer_name``.
    """
    real = [p for p in profiles if profile_skip_reason(p) is None]
    form, value = spec["form"], spec["value"]
    if form == "all":
        return real, (None if real else "no real user profile on this machine")
    if form == "interactive":
        console = [p for p in real if p.get("console")]
        return console, (None if console else "no user is logged on at the console")
    if form == "sid":
        chosen = [p for p in real if p["sid"].upper() == value]
    elif form == "account":
        wanted = value.lower()
        if wanted.startswith(".\\"):
            wanted = "%s\\%s" % ((computer_name or "").lower(), wanted[2:]) if computer_name else None
        chosen = [p for p in real if wanted is not None and (p.get("name") or "").lower() == wanted]
    else:
        chosen = [p for p in real if (p.get("upn") or "").lower() == value.lower()]
    return chosen, (None if chosen else "no user profile on this machine matches user=%s" % spec.get("given", value))
