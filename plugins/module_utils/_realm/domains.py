# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From the names an operator gives (mail addresses or domains) to the domains to look up.

The realm is a property of the domain, so every address of a domain shares one lookup.
Domains are compared in their ASCII (punycode) form, lowercase, without a trailing dot, so
``Bücher.example.``, ``xn--bcher-kva.example`` and ``anna@BÜCHER.example`` are one domain.
"""

from __future__ import annotations

import re

try:
    # IDNA 2008 (RFC 5891), what registries use today; Python's own codec is IDNA 2003 and
    # maps some characters differently (e.g. German sharp s becomes "ss").
    import idna as _idna2008
except ImportError:  # pragma: no cover - depends on the controller's packages
    _idna2008 = None

EXPECTED = "expected an address (name@domain.tld) or a domain (domain.tld)"
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_MAX_DOMAIN_LENGTH = 253


class InvalidNames(ValueError):
    """A name that is neither an address nor a domain; the message names the entry."""


def _to_ascii(domain):
    if domain.isascii():
        return domain
    if _idna2008 is not None:
        try:
            return _idna2008.encode(domain, uts46=True).decode("ascii")
        except _idna2008.IDNAError as error:
            raise ValueError("not a valid internationalised domain name (%s)" % error)
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValueError("not a valid internationalised domain name (%s)" % error)


def domain_of(name):
    """The lowercase ASCII domain of an address or a domain; ValueError saying what is wrong."""
    if not isinstance(name, str):
        raise ValueError("not a string")
    text = name.strip()
    if not text:
        raise ValueError("empty")
    if "@" in text:
        local, text = text.rsplit("@", 1)
        if not local:
            raise ValueError("nothing before '@'")
        # Only a quoted local part ("a@b"@contoso.com, RFC 5321) may hold another '@'.
        if "@" in local and not (len(local) > 1 and local.startswith('"') and local.endswith('"')):
            raise ValueError("more than one '@'")
    domain = _to_ascii(text.rstrip(".").lower()).lower()
    if not domain:
        raise ValueError("no domain")
    if len(domain) > _MAX_DOMAIN_LENGTH:
        raise ValueError("domain longer than %d characters" % _MAX_DOMAIN_LENGTH)
    labels = domain.split(".")
    if len(labels) < 2:
        raise ValueError("no dot in the domain")
    for label in labels:
        if not _LABEL.match(label):
            raise ValueError("bad domain label %r (letters, digits and inner hyphens, 1 to 63 characters)" % label)
    return domain


def domains_of(names, option="names"):
    """The distinct domains of ``names`` in first-seen order.

    Every bad entry is reported at once (``option[index]``), so an operator fixes a list in
    one go instead of one rerun per typo. An empty list gives no domains: a fleet whose
    facts name no mailbox domain has nothing to look up, which is not an error.
    """
    domains, problems = [], []
    for index, name in enumerate(names):
        try:
            domain = domain_of(name)
        except ValueError as error:
            problems.append("%s[%d] %r: %s" % (option, index, name, error))
            continue
        if domain not in domains:
            domains.append(domain)
    if problems:
        raise InvalidNames("%s: %s; %s" % (option, EXPECTED, "; ".join(problems)))
    return domains
