"""The purge policy on a corpus of real Credential Manager target forms."""

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._credentials.match import (
    DEFAULT_MATCH, MatchOptionError, PurgePolicy)


def cred(target, kind="generic", user=None):
    return {"target": target, "type": kind, "user_name": user, "persist": "local_machine", "last_written": "2026-01-01T00:00:00Z"}


OFFICE = [
    "MicrosoftOffice16_Data:ADAL:8f2a0c51-3d4e-4b7a-9c11-2f6b8e0d4a17",
    "MicrosoftOffice16_Data:SSPI:maria@bloomfield-florist.com",
    "MicrosoftOffice15_Data:SSPI:ken.sato@fabrikam.com",
    "MicrosoftOffice15_Data:orgid:olga@fabrikam.com",
    "LegacyGeneric:target=MicrosoftOffice16_Data:ADALWAM:d2b7f3e1-6a4c-4f89-b0e5-1c8a7d9e2f34",
    "microsoftoffice16_data:adal:lowercase-as-seen",
    "msteams_adalsso/adal_context_0",
    "msteams_adalsso/adal_context_segments",
    "Microsoft_OC1:uri=nora@contoso.com:specific:OAUTH:1",
    "OneDrive Cached Credential Business - Business1",
    "outlook.office365.com",
    "Domain:target=outlook.office365.com",
    "MS.Outlook.15:outlook.office.com:OAUTH",
    "smtp.office365.com",
]

KEEP = [
    "WindowsLive:target=virtualapp/didlogical",
    "MicrosoftAccount:target=SSO_POP_Device",
    "MicrosoftAccount:user=nora.personal@outlook.com",
    "git:https://github.com",
    "LegacyGeneric:target=git:https://dev.azure.com/contoso",
    "TERMSRV/jump01.contoso.net",
    "Domain:target=vpn.contoso.net",
    "nora@contoso.com backup share",
    "vs*wildcard?target",
    "Ünïcödé-Zugang:Outlook-Prüfung",
    "LegacyGeneric:target=" + "x" * 300,
    "OneDriveSomethingElse",
    "virtualapp/didlogical",
    "MicrosoftOffice17-lookalike:foo",
    "[MicrosoftOffice16_Data:brackets]",
]


@pytest.mark.parametrize("target", OFFICE)
def test_default_policy_purges_office_entries(target):
    purge, reason = PurgePolicy().decide(cred(target, "domain_password" if target.startswith("Domain:") else "generic"))
    assert purge, reason


@pytest.mark.parametrize("target", KEEP)
def test_default_policy_keeps_everything_else(target):
    purge, reason = PurgePolicy().decide(cred(target))
    assert not purge, reason


def test_protected_entries_need_an_exact_name():
    wildcard = PurgePolicy(match=["WindowsLive:*", "MicrosoftAccount:target=SSO_*"])
    assert wildcard.decide(cred("WindowsLive:target=virtualapp/didlogical")) == (
        False, "Windows single sign-on entry, kept unless named exactly in match")
    exact = PurgePolicy(match=["windowslive:target=virtualapp/didlogical"])
    assert exact.decide(cred("WindowsLive:target=virtualapp/didlogical"))[0] is True


def test_exclude_always_wins():
    policy = PurgePolicy(exclude=["MicrosoftOffice16_Data:SSPI:*"], address="maria@bloomfield-florist.com")
    assert policy.decide(cred("MicrosoftOffice16_Data:SSPI:maria@bloomfield-florist.com")) == (
        False, "excluded by 'MicrosoftOffice16_Data:SSPI:*'")
    assert policy.decide(cred("MicrosoftOffice16_Data:ADAL:x"))[0] is True


def test_address_purges_targets_naming_it_without_case():
    policy = PurgePolicy(address="Nora@Contoso.com")
    assert policy.decide(cred("nora@contoso.com backup share")) == (True, "names the address Nora@Contoso.com")
    assert policy.decide(cred("MicrosoftAccount:user=nora.personal@outlook.com"))[0] is False
    only_address = PurgePolicy(match=[], address="nora@contoso.com")
    assert only_address.decide(cred("MicrosoftOffice16_Data:ADAL:x"))[0] is False


def test_types_filter():
    policy = PurgePolicy(types=["generic"])
    assert policy.decide(cred("Domain:target=outlook.office365.com", "domain_password")) == (
        False, "type domain_password is not in types")


def test_question_mark_and_literal_brackets():
    policy = PurgePolicy(match=["MicrosoftOffice1?_Data:SSPI:*", "[legacy]*"])
    assert policy.decide(cred("MicrosoftOffice15_Data:SSPI:a@b.c"))[0]
    assert not policy.decide(cred("MicrosoftOffice150_Data:SSPI:a@b.c"))[0]
    assert policy.decide(cred("[legacy]token"))[0]
    assert not policy.decide(cred("l-token"))[0]


def test_plan_keeps_order_and_counts():
    creds = [cred(t) for t in OFFICE[:3] + KEEP[:4]]
    purge, kept = PurgePolicy().plan(creds)
    assert [c["target"] for c in purge] == OFFICE[:3] and kept == 4


@pytest.mark.parametrize("kwargs,message", [
    ({"match": "MicrosoftOffice*"}, "match: expected a list of glob patterns"),
    ({"match": ["ok*", ""]}, "match[1]: expected a non-empty glob pattern"),
    ({"match": ["*"]}, "match[0]: '*' would match every credential; name what to purge"),
    ({"exclude": ["**?"]}, "exclude[0]: '**?' would match every credential; name what to keep"),
    ({"match": ["x" * 1025]}, "match[0]: a pattern of 1025 characters"),
    ({"address": "not-an-address"}, "address: expected a mailbox address"),
    ({"address": "a@b"}, "address: expected a mailbox address"),
    ({"address": "a b@c.d"}, "address: expected a mailbox address"),
    ({"types": ["generic", "password"]}, "types: 'password' is not one of"),
    ({"types": []}, "types: expected a non-empty list"),
    ({"match": []}, "match: an empty list purges nothing unless address is given"),
])
def test_bad_options_name_the_option(kwargs, message):
    with pytest.raises(MatchOptionError) as caught:
        PurgePolicy(**kwargs)
    assert str(caught.value).startswith(message)


def test_default_set_is_the_documented_one():
    assert "MicrosoftOffice1*_Data:*" in DEFAULT_MATCH and "msteams*" in DEFAULT_MATCH
