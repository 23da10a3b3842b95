# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One user-realm lookup per domain.

Each domain is asked about with a synthetic address, ``probe@<domain>``, not with an
operator's address: the realm (namespace type, federation, sign-in URL) belongs to the
domain, so the answer is the same; no real mailbox address is sent to Microsoft or written
into the returned ``auth_url`` (it echoes the login); and the result does not depend on the
order of the names given.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm.parse import (
    RealmFormatError,
    failed_entry,
    parse_realm,
)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm.transport import LookupFailed, realm_url

PROBE_LOCAL_PART = "probe"


def probe_login(domain):
    return "%s@%s" % (PROBE_LOCAL_PART, domain)


def look_up_realms(domains, base_url, client):
    """``{domain: entry}`` for each of ``domains`` (already distinct), one GET each plus the
    client's retries; a failed domain gets an entry with ``error`` set, the others go on."""
    realms = {}
    for domain in domains:
        try:
            realms[domain] = parse_realm(client.get(realm_url(base_url, probe_login(domain))))
        except (LookupFailed, RealmFormatError) as error:
            realms[domain] = failed_entry(error)
    return realms
