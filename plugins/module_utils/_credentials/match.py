# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which Credential Manager entries are Office sign-in state: the purge policy.

Sources for the default set (../shared/docs/domain-facts.md): Microsoft KB 4051374
(``MicrosoftOffice15_Data:SSPI`` / ``MicrosoftOffice16_Data:SSPI``), OLicenseCleanup.vbs
(``MicrosoftOffice1*``, ``msteams*``, ``Microsoft_OC*``, ``OneDrive*``), and the entries
named after the Exchange Online hosts that seed 004 tells users to delete.

Rules, in order: an ``exclude`` glob always keeps an entry; a protected Windows SSO entry is
purged only when a ``match`` pattern names it exactly (no wildcard); otherwise an entry goes
when a ``match`` glob matches it or its target contains ``address``. Anything else stays.
Globs know two wildcards, ``*`` and ``?``; every other character, ``[`` included, is
literal, and comparison ignores case. A glob is tried on the target as enumerated and on
the target without the ``<Kind>:target=`` prefix that Credential Manager and
``cmdkey /list`` show, so patterns copied from either work.
"""

from __future__ import annotations

import re

DEFAULT_MATCH = (
    "MicrosoftOffice1*_Data:*",
    "msteams*",
    "Microsoft_OC*",
    "OneDrive Cached Credential*",
    "*outlook.office365.com*",
    "*outlook.office.com*",
    "*smtp.office365.com*",
    "*autodiscover-s.outlook.com*",
)

# Windows and Microsoft-account single sign-on, not Office: removing them signs the user out
# of Windows features (community-observed; see domain-facts.md, "Credential Manager").
PROTECTED = (
    "WindowsLive:target=virtualapp/didlogical",
    "MicrosoftAccount:target=SSO_POP_Device",
)

# CRED_TYPE_* names as the wrapper reports them (wincred.h) that the purge may delete.
# domain_extended is left out: CredDeleteW needs "target|user name" for it when several
# share a target, and it holds no Office sign-in state.
CREDENTIAL_TYPES = ("generic", "domain_password", "domain_certificate", "domain_visible_password",
                    "generic_certificate")
DEFAULT_TYPES = ("generic", "domain_password")

_DISPLAY_PREFIX = re.compile(r"^[A-Za-z]+:target=", re.IGNORECASE)
_MAX_PATTERN = 1024


class MatchOptionError(ValueError):
    """An option value the purge cannot use; the message names the option."""


def _compile(pattern):
    parts = []
    for char in pattern:
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("^" + "".join(parts) + "$", re.IGNORECASE | re.DOTALL)


def _check_patterns(option, patterns):
    if patterns is None:
        return []
    if isinstance(patterns, str) or not isinstance(patterns, (list, tuple)):
        raise MatchOptionError("%s: expected a list of glob patterns, got %r" % (option, patterns))
    checked = []
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, str) or not pattern.strip():
            raise MatchOptionError("%s[%d]: expected a non-empty glob pattern, got %r" % (option, index, pattern))
        if len(pattern) > _MAX_PATTERN:
            raise MatchOptionError("%s[%d]: a pattern of %d characters is longer than any credential target (at most %d)"
                                   % (option, index, len(pattern), _MAX_PATTERN))
        if pattern.strip("*?") == "":
            raise MatchOptionError("%s[%d]: %r would match every credential; name what to %s"
                                   % (option, index, pattern, "keep" if option == "exclude" else "purge"))
        checked.append(pattern)
    return checked


def _check_address(address):
    if address is None:
        return None
    # 254 characters: the longest address SMTP can carry (RFC 5321, 4.5.3.1.3 path of 256 with its brackets).
    if not isinstance(address, str) or address.count("@") != 1 or address.startswith("@") or address.endswith("@") \
            or any(char.isspace() for char in address) or "." not in address.split("@")[1] or len(address) > 254:
        raise MatchOptionError("address: expected a mailbox address such as maria@contoso.com, got %r" % (address,))
    return address


def _check_types(types):
    if types is None:
        return list(DEFAULT_TYPES)
    if isinstance(types, str) or not isinstance(types, (list, tuple)) or not types:
        raise MatchOptionError("types: expected a non-empty list of %s, got %r" % (", ".join(CREDENTIAL_TYPES), types))
    for kind in types:
        if kind not in CREDENTIAL_TYPES:
            raise MatchOptionError("types: %r is not one of %s" % (kind, ", ".join(CREDENTIAL_TYPES)))
    return list(types)


class PurgePolicy(object):
    """Decides, for each credential's metadata, whether the purge removes it and why."""

    def __init__(self, match=None, exclude=None, address=None, types=None):
        self.match = _check_patterns("match", list(DEFAULT_MATCH) if match is None else match)
        self.exclude = _check_patterns("exclude", exclude)
        self.address = _check_address(address)
        self.types = _check_types(types)
        if not self.match and self.address is None:
            raise MatchOptionError("match: an empty list purges nothing unless address is given")
        self._match = [(pattern, _compile(pattern)) for pattern in self.match]
        self._exclude = [(pattern, _compile(pattern)) for pattern in self.exclude]

    @staticmethod
    def _forms(target):
        stripped = _DISPLAY_PREFIX.sub("", target, count=1)
        return (target,) if stripped == target else (target, stripped)

    def _first(self, compiled, target):
        forms = self._forms(target)
        for pattern, regex in compiled:
            if any(regex.match(form) for form in forms):
                return pattern
        return None

    def decide(self, credential):
        """``(purge, reason)`` for one credential (target, type, user_name, ...)."""
        target = credential["target"]
        if credential["type"] not in self.types:
            return False, "type %s is not in types" % credential["type"]
        excluded = self._first(self._exclude, target)
        if excluded is not None:
            return False, "excluded by %r" % excluded
        if any(target.casefold() == protected.casefold() for protected in PROTECTED):
            named = [pattern for pattern in self.match if pattern.casefold() == target.casefold()]
            if named:
                return True, "protected, but named exactly by match"
            return False, "Windows single sign-on entry, kept unless named exactly in match"
        matched = self._first(self._match, target)
        if matched is not None:
            return True, "matches %r" % matched
        if self.address is not None and self.address.casefold() in target.casefold():
            return True, "names the address %s" % self.address
        return False, "not an Office sign-in entry"

    def plan(self, credentials):
        """``(to_purge, kept)``: the credentials to delete, in enumeration order but the
        basic-authentication caches last, and how many stay. Those caches are what the audit
        calls this step for (is_basic_auth_cache), so a purge cut off part way still leaves
        one for the rerun's audit to find and the rerun finishes the purge."""
        purge = [credential for credential in credentials if self.decide(credential)[0]]
        purge.sort(key=is_basic_auth_cache)
        return purge, len(credentials) - len(purge)


# Target parts of basic / legacy sign-in caches that modern authentication never uses.
_BASIC_AUTH_MARKERS = (":sspi:", ":orgid:")


def is_basic_auth_cache(credential):
    """Whether an Office credential holds a basic-authentication password (a legacy SSPI /
    OrgId target or a domain password), which Exchange Online no longer accepts."""
    target = credential["target"].lower()
    return any(marker in target for marker in _BASIC_AUTH_MARKERS) or credential["type"] == "domain_password"
