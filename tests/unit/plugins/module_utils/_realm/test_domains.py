import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm import domains


@pytest.mark.parametrize("name,expected", [
    ("maria@bloomfield-florist.com", "bloomfield-florist.com"),
    ("  Maria@Bloomfield-Florist.COM ", "bloomfield-florist.com"),
    ("bloomfield-florist.com.", "bloomfield-florist.com"),
    ("mail.sub.example.co.uk", "mail.sub.example.co.uk"),
    ("anna@bücher.example", "xn--bcher-kva.example"),
    ("BÜCHER.example", "xn--bcher-kva.example"),
    ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ('"odd@local"@example.com', "example.com"),
])
def test_domain_of_an_address_or_a_domain(name, expected):
    assert domains.domain_of(name) == expected


@pytest.mark.parametrize("name,reason", [
    ("", "empty"),
    ("   ", "empty"),
    ("@example.com", "nothing before '@'"),
    ("maria@", "no domain"),
    ("localhost", "no dot in the domain"),
    ("exa mple.com", "bad domain label 'exa mple'"),
    ("-bad.example", "bad domain label '-bad'"),
    ("a..example", "bad domain label ''"),
    ("%s.example" % ("a" * 64), "bad domain label"),
    (".".join(["abcdefghi"] * 26), "longer than 253"),
    (5, "not a string"),
])
def test_bad_names_say_what_is_wrong(name, reason):
    with pytest.raises(ValueError) as raised:
        domains.domain_of(name)
    assert reason in str(raised.value)


def test_domains_are_distinct_in_first_seen_order():
    names = ["b@Two.example", "one.example", "a@two.example", "ONE.example.", "c@three.example"]
    assert domains.domains_of(names) == ["two.example", "one.example", "three.example"]


def test_every_bad_entry_is_named_with_its_index_and_what_was_expected():
    with pytest.raises(domains.InvalidNames) as raised:
        domains.domains_of(["ok.example", "nodot", "ok2.example", "x@"], option="names")
    message = str(raised.value)
    assert message.startswith("names: expected an address (name@domain.tld) or a domain (domain.tld); ")
    assert "names[1] 'nodot': no dot in the domain" in message
    assert "names[3] 'x@': no domain" in message
    assert "names[0]" not in message and "names[2]" not in message


def test_an_empty_list_has_no_domains():
    assert domains.domains_of([]) == []


def test_the_stdlib_codec_is_the_fallback_without_the_idna_package(monkeypatch):
    monkeypatch.setattr(domains, "_idna2008", None)
    assert domains.domain_of("anna@bücher.example") == "xn--bcher-kva.example"
