# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The user-realm answer, parsed, and whether the domain signs in at GoDaddy.

Format (no Microsoft reference page documents it; the shape is the one public tools parse,
e.g. netwrix/pingcastle PingCastle/Cloud/PublicServices/UserRealmSRF.cs and UserRealmV2.cs):

- ``getuserrealm.srf?login=<address>&json=1``: ``State``, ``UserState``, ``Login``,
  ``NameSpaceType`` (Managed / Federated / Unknown), ``DomainName``,
  ``FederationGlobalVersion``, ``AuthURL`` (federated only), ``FederationBrandName``,
  ``CloudInstanceName``, ``CloudInstanceIssuerUri``;
- ``common/userrealm/<address>?api-version=2.1``: the same names for namespace type, login,
  auth URL, domain and brand, plus ``federation_protocol`` and ``cloudinstancename`` /
  ``cloud_instance_name``.

Field names are matched without case so both forms parse. GoDaddy-sold Microsoft 365
tenants federate the domain to GoDaddy, whose sign-in pages are at sso.godaddy.com and the
older sso.secureserver.net (../shared/docs/domain-facts.md).
"""

from __future__ import annotations

import json

from urllib.parse import urlsplit

NAMESPACE_TYPES = ("Managed", "Federated", "Unknown")
GODADDY_SIGN_IN_HOSTS = ("sso.godaddy.com", "sso.secureserver.net")
ENTRY_KEYS = ("namespace_type", "federation_brand", "auth_url", "domain_name", "cloud_instance", "godaddy", "error")


class RealmFormatError(ValueError):
    """The endpoint answered, but not with a user-realm document."""


def _field(document, *names):
    """The first of ``names`` present in ``document``, compared without case; None if none is."""
    folded = dict((str(key).lower(), value) for key, value in document.items())
    for name in names:
        value = folded.get(name.lower())
        if value not in (None, ""):
            return value
    return None


def _text(value):
    return None if value is None else str(value)


def is_godaddy(auth_url):
    """Whether ``auth_url``'s host is one of GoDaddy's sign-in hosts or a subdomain of one.

    The host is compared, never a substring of the URL, so ``sso.godaddy.com.example.net``
    or ``?next=https://sso.godaddy.com`` do not count.
    """
    if not auth_url:
        return False
    try:
        host = urlsplit(str(auth_url)).hostname or ""
    except ValueError:
        return False
    host = host.rstrip(".").lower()
    return any(host == known or host.endswith("." + known) for known in GODADDY_SIGN_IN_HOSTS)


def parse_realm(body):
    """The entry of one domain from the endpoint's JSON ``body`` (bytes or str)."""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RealmFormatError("the response is not UTF-8 text")
    try:
        document = json.loads(body)
    except ValueError:
        raise RealmFormatError("the response is not JSON (it starts with %r)" % body.strip()[:60])
    if not isinstance(document, dict):
        raise RealmFormatError("the response is JSON but not an object (%s)" % type(document).__name__)
    raw_type = _field(document, "NameSpaceType")
    if raw_type is None:
        raise RealmFormatError("the response has no NameSpaceType")
    namespace_type = next((known for known in NAMESPACE_TYPES if known.lower() == str(raw_type).lower()), None)
    if namespace_type is None:
        raise RealmFormatError("NameSpaceType %r is none of %s" % (raw_type, ", ".join(NAMESPACE_TYPES)))
    auth_url = _text(_field(document, "AuthURL"))
    return {
        "namespace_type": namespace_type,
        "federation_brand": _text(_field(document, "FederationBrandName")),
        "auth_url": auth_url,
        "domain_name": _text(_field(document, "DomainName")),
        "cloud_instance": _text(_field(document, "CloudInstanceName", "cloud_instance_name")),
        "godaddy": is_godaddy(auth_url),
        "error": None,
    }


def failed_entry(error):
    """The entry of a domain whose lookup failed: nothing is known, so every fact is null
    (``godaddy`` too: "not GoDaddy" would be a claim the audit cannot make)."""
    entry = dict.fromkeys(ENTRY_KEYS)
    entry["error"] = str(error)
    return entry
