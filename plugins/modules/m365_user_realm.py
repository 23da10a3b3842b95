#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: m365_user_realm
short_description: Look up the Microsoft 365 user realm of mail domains (GoDaddy federation check)
version_added: 0.1.0
description:
  - For each address or domain in O(names), asks Microsoft's user-realm endpoint how the domain
    signs in to Microsoft 365 and returns its namespace type (C(Managed), C(Federated) or
    C(Unknown)), federation brand, sign-in URL (C(AuthURL)) and whether that URL is GoDaddy's
    (host C(sso.godaddy.com) or C(sso.secureserver.net) or a subdomain of those), the
    federation that Microsoft 365 mailboxes bought through GoDaddy have and that is behind
    many 657rx sign-in failures.
  - A controller-side module, written in Python. Run it once on the controller (C(delegate_to)
    V(localhost) and C(run_once) V(true)); it needs HTTPS access to O(base_url), not to the
    Windows hosts.
  - Each domain is looked up once per task, however many of its addresses are given. The
    lookup uses the synthetic address C(probe@<domain>), never an address from O(names). The
    realm belongs to the domain, and no real mailbox address leaves the controller.
  - Time-outs, connection errors, HTTP 429 and HTTP 5xx are retried (O(retries)) with
    exponential back-off, or after the delay a C(Retry-After) header asks for (at most 60
    seconds). Other HTTP errors and certificate failures are not retried.
  - A domain whose lookup still fails gets an entry with RV(realms.error) set; the task goes on
    unless O(fail_on_error) is set, so an audit of many domains is not stopped by one.
  - Microsoft does not document the endpoint as an API. The default form,
    C(getuserrealm.srf?login=<address>&json=1), is the one most public tools call; its JSON
    fields are those listed in the seealso source.
options:
  names:
    description:
      - Mail addresses (V(name@domain.tld)) and/or domains (V(domain.tld)) to look up.
      - Only the domain of an address is used. Domains are compared lowercase and in their
        ASCII form (internationalised names are converted to punycode), so duplicates are
        looked up once.
      - Any entry that is not an address or a domain fails the task, naming every such entry.
      - An empty list looks nothing up and returns an empty RV(realms).
    type: list
    elements: str
    required: true
  base_url:
    description:
      - The user-realm endpoint.
      - A URL ending in C(getuserrealm.srf) is called as C(<base_url>?login=probe@<domain>&json=1);
        a URL ending in C(/userrealm) (for example C(https://login.microsoftonline.com/common/userrealm))
        as C(<base_url>/probe@<domain>?api-version=2.1). Both answer in the same JSON shape.
      - Override it for a sovereign cloud, a proxying gateway, or tests.
    type: str
    default: https://login.microsoftonline.com/getuserrealm.srf
  timeout:
    description:
      - Seconds to wait for each HTTP request (connect and each read), 1 to 300.
    type: int
    default: 10
  retries:
    description:
      - How many times to try a lookup again after a time-out, connection error, HTTP 429 or
        HTTP 5xx, 0 to 10.
    type: int
    default: 3
  validate_certs:
    description:
      - Check the endpoint's TLS certificate. Turn it off only for a test endpoint.
    type: bool
    default: true
  fail_on_error:
    description:
      - Fail the task when any domain's lookup failed after its retries. The result still
        holds every domain's entry.
      - By default a failed lookup is only reported in its domain's entry.
    type: bool
    default: false
notes:
  - The module reads only, so it runs in check mode too and never reports a change.
  - Proxy settings come from the usual C(https_proxy) / C(no_proxy) environment variables.
seealso:
  - name: Source of the endpoint's JSON shape
    description: Field names as read by PingCastle's UserRealmSRF / UserRealmV2 classes.
    link: https://github.com/netwrix/pingcastle/blob/master/PingCastle/Cloud/PublicServices/UserRealmSRF.cs
attributes:
  check_mode:
    support: full
    description: The lookup is read-only and runs in check mode as well.
  diff_mode:
    support: none
    description: Nothing changes, so there is nothing to show.
  platform:
    support: full
    platforms: posix
    description: Runs on the controller (or wherever it is delegated), not on the Windows hosts.
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Find which mail domains sign in at GoDaddy
  officeops.outlook_auth.m365_user_realm:
    names:
      - maria@bloomfield-florist.com
      - bloomfield-florist.com
      - contoso.com
  delegate_to: localhost
  run_once: true
  register: officeops_realms

- name: List the GoDaddy-federated domains
  ansible.builtin.debug:
    msg: "{{ officeops_realms.realms | dict2items | selectattr('value.godaddy') | map(attribute='key') | list }}"

- name: Use the v2.1 form of the endpoint, fail if any lookup fails
  officeops.outlook_auth.m365_user_realm:
    names: "{{ mail_domains }}"
    base_url: https://login.microsoftonline.com/common/userrealm
    timeout: 5
    retries: 2
    fail_on_error: true
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
realms:
  description:
    - One entry per domain (lowercase, punycode), whatever the number of its addresses in O(names).
    - When RV(realms.error) is set, every other value of that entry is null.
  returned: always
  type: dict
  contains:
    namespace_type:
      description: C(NameSpaceType) - C(Managed) (cloud passwords), C(Federated) (sign-in elsewhere) or C(Unknown) (no Microsoft 365 tenant).
      returned: always
      type: str
      sample: Federated
    federation_brand:
      description: C(FederationBrandName), the tenant's display name at sign-in.
      returned: always
      type: str
      sample: Bloomfield Florist
    auth_url:
      description: C(AuthURL), where a federated domain signs in; null for managed and unknown domains.
      returned: always
      type: str
      sample: https://sso.godaddy.com/?realm=pass&app=o365&username=probe%40bloomfield-florist.com&wa=wsignin1.0
    domain_name:
      description: C(DomainName) as the endpoint reports it.
      returned: always
      type: str
      sample: bloomfield-florist.com
    cloud_instance:
      description: C(CloudInstanceName), the Microsoft cloud the tenant is in.
      returned: always
      type: str
      sample: microsoftonline.com
    godaddy:
      description: Whether RV(realms.auth_url)'s host is C(sso.godaddy.com) or C(sso.secureserver.net) or a subdomain of those; null when the lookup failed.
      returned: always
      type: bool
      sample: true
    error:
      description: Why the lookup failed (after its retries); null when it worked.
      returned: always
      type: str
      sample: "GET https://login.microsoftonline.com/getuserrealm.srf?login=probe%40contoso.com&json=1: HTTP 503 Service Unavailable, after 4 tries"
  sample:
    bloomfield-florist.com:
      namespace_type: Federated
      federation_brand: Bloomfield Florist
      auth_url: https://sso.godaddy.com/?realm=pass&app=o365&username=probe%40bloomfield-florist.com&wa=wsignin1.0
      domain_name: bloomfield-florist.com
      cloud_instance: microsoftonline.com
      godaddy: true
      error: null
lookups:
  description: How many domains were looked up (one per distinct domain).
  returned: always
  type: int
  sample: 2
requests:
  description: How many HTTP requests were made, retries included.
  returned: always
  type: int
  sample: 3
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm.domains import domains_of
from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm.lookup import look_up_realms
from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm.transport import RealmClient, realm_url

ARGUMENT_SPEC = dict(
    names=dict(type="list", elements="str", required=True),
    base_url=dict(type="str", default="https://login.microsoftonline.com/getuserrealm.srf"),
    timeout=dict(type="int", default=10),
    retries=dict(type="int", default=3),
    validate_certs=dict(type="bool", default=True),
    fail_on_error=dict(type="bool", default=False),
)
TIMEOUT_RANGE = (1, 300)
RETRIES_RANGE = (0, 10)


def _check_range(option, value, bounds):
    low, high = bounds
    if not low <= value <= high:
        raise ValueError("%s: expected %d to %d, got %d" % (option, low, high, value))


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params
    try:
        _check_range("timeout", params["timeout"], TIMEOUT_RANGE)
        _check_range("retries", params["retries"], RETRIES_RANGE)
        realm_url(params["base_url"], "probe@example.com")  # refuse a bad base_url before any lookup
        domains = domains_of(params["names"])
    except ValueError as error:  # the messages name the option (domains.InvalidNames is one)
        module.fail_json(msg=str(error))

    client = RealmClient(timeout=params["timeout"], retries=params["retries"], validate_certs=params["validate_certs"])
    realms = look_up_realms(domains, params["base_url"], client)
    result = dict(changed=False, realms=realms, lookups=len(domains), requests=client.requests)
    failed = sorted(domain for domain, entry in realms.items() if entry["error"])
    if failed and params["fail_on_error"]:
        module.fail_json(msg="user-realm lookup failed for %s (fail_on_error=true)" % ", ".join(failed), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
