import json
import pathlib

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm import parse

SAMPLES = pathlib.Path(__file__).parent / "samples"


def sample(name):
    return (SAMPLES / name).read_bytes()


def test_managed_domain():
    entry = parse.parse_realm(sample("managed_srf.json"))
    assert entry == {"namespace_type": "Managed", "federation_brand": "Contoso Managed", "auth_url": None,
                     "domain_name": "contoso-managed.example", "cloud_instance": "microsoftonline.com",
                     "godaddy": False, "error": None}


@pytest.mark.parametrize("name,host", [
    ("federated_godaddy_srf.json", "sso.godaddy.com"),
    ("federated_secureserver_srf.json", "sso.secureserver.net"),
])
def test_godaddy_federation_in_both_hosts(name, host):
    entry = parse.parse_realm(sample(name))
    assert entry["namespace_type"] == "Federated" and entry["godaddy"] is True
    assert entry["auth_url"].startswith("https://%s/?realm=pass&app=o365" % host)
    assert entry["error"] is None


@pytest.mark.parametrize("name,cloud", [
    ("federated_adfs_srf.json", "microsoftonline.com"),
    ("federated_adfs_v21.json", "login.microsoftonline.com"),  # api-version=2.1 spells it cloudinstancename
])
def test_adfs_federation_is_not_godaddy(name, cloud):
    entry = parse.parse_realm(sample(name))
    assert entry["namespace_type"] == "Federated" and entry["godaddy"] is False
    assert entry["auth_url"].startswith("https://sts.fabrikam.example/adfs/ls/")
    assert (entry["federation_brand"], entry["domain_name"], entry["cloud_instance"]) == ("FABRIKAM.EXAMPLE", "fabrikam.example", cloud)


def test_unknown_domain():
    entry = parse.parse_realm(sample("unknown_srf.json"))
    assert entry["namespace_type"] == "Unknown"
    assert entry["federation_brand"] is None and entry["auth_url"] is None and entry["godaddy"] is False


def test_the_v2_snake_case_cloud_name_and_any_key_case():
    body = json.dumps({"namespacetype": "managed", "cloud_instance_name": "microsoftonline.us", "DomainName": "gov.example"})
    entry = parse.parse_realm(body)
    assert (entry["namespace_type"], entry["cloud_instance"], entry["domain_name"]) == ("Managed", "microsoftonline.us", "gov.example")


@pytest.mark.parametrize("body,message", [
    (sample("error_page.html"), "the response is not JSON (it starts with '<!DOCTYPE html>"),
    (b"", "the response is not JSON"),
    (b"\xff\xfe\x00", "not UTF-8"),
    (b"[1, 2]", "JSON but not an object (list)"),
    (b'{"State": 4}', "no NameSpaceType"),
    (b'{"NameSpaceType": "Hybrid"}', "NameSpaceType 'Hybrid' is none of Managed, Federated, Unknown"),
])
def test_what_is_not_a_realm_document_is_an_error(body, message):
    with pytest.raises(parse.RealmFormatError) as raised:
        parse.parse_realm(body)
    assert message in str(raised.value)


@pytest.mark.parametrize("url,expected", [
    ("https://sso.godaddy.com/?realm=pass", True),
    ("https://SSO.GoDaddy.com./x", True),
    ("https://sso.godaddy.com:443/x", True),
    ("https://eu.sso.godaddy.com/x", True),
    ("https://sso.secureserver.net/?realm=pass", True),
    ("https://sso.godaddy.com.attacker.example/", False),
    ("https://evilsso.godaddy.com/", False),
    ("https://godaddy.com/", False),
    ("https://sts.fabrikam.example/adfs/ls/?next=https://sso.godaddy.com/", False),
    ("https://sso.godaddy.com@sts.fabrikam.example/", False),
    ("https://[::1", False),
    (None, False),
    ("", False),
])
def test_godaddy_is_decided_by_the_host(url, expected):
    assert parse.is_godaddy(url) is expected


def test_a_failed_entry_has_only_the_error():
    entry = parse.failed_entry(ValueError("boom"))
    assert entry == dict(dict.fromkeys(parse.ENTRY_KEYS), error="boom")
    assert set(entry) == set(parse.parse_realm(sample("managed_srf.json")))
