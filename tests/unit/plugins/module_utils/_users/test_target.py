import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._users import target

SID_ALICE = "S-1-5-21-1004336348-1177238915-682003330-1001"
SID_ENTRA = "S-1-12-1-1234567890-1234567890-1234567890-1234567890"


@pytest.mark.parametrize("value,form,normalised", [
    ("interactive", "interactive", "interactive"),
    (" ALL ", "all", "all"),
    (SID_ALICE.lower(), "sid", SID_ALICE),
    (SID_ENTRA, "sid", SID_ENTRA),
    ("CONTOSO\\alice", "account", "CONTOSO\\alice"),
    (".\\localadmin", "account", ".\\localadmin"),
    ("WS-0417\\li", "account", "WS-0417\\li"),
    ("alice@contoso.com", "upn", "alice@contoso.com"),
    ("maria@bloomfield-florist.co.uk", "upn", "maria@bloomfield-florist.co.uk"),
])
def test_accepted_forms(value, form, normalised):
    assert target.parse_user(value) == {"form": form, "value": normalised, "given": value.strip()}


@pytest.mark.parametrize("value,why", [
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    (5, "empty"),
    ("S-1-5-18", "service, system or well-known account"),
    ("S-1-5-32-544", "service, system or well-known account"),
    ("CONTOSO\\", "account name"),
    ("CONTOSO\\al*ce", "account name"),
    ("A\\B\\C", "not a keyword"),
    ("THIS-NAME-IS-TOO-LONG\\alice", "NetBIOS"),
    ("alice@", "not a DNS domain"),
    ("alice@localhost", "not a DNS domain"),
    ("alice@bad_domain.com", "not a DNS domain"),
    ("alice", "not a keyword, an account, a UPN or a SID"),
    ("everyone", "not a keyword"),
])
def test_bad_values_name_the_value_and_the_accepted_forms(value, why):
    with pytest.raises(target.UserSpecError) as caught:
        target.parse_user(value)
    message = str(caught.value)
    assert message.startswith("user: %r is not a valid target user" % (value,))
    assert why in message
    assert "DOMAIN\\name" in message and "name@domain" in message and "interactive" in message


def profile(sid, name, path, logged_on=False, console=False, upn=None):
    return {"sid": sid, "name": name, "upn": upn, "profile_path": path, "hive_loaded": logged_on,
            "logged_on": logged_on, "session_id": 1 if logged_on else None, "console": console}


PROFILES = [
    profile("S-1-5-18", "NT AUTHORITY\\SYSTEM", "C:\\Windows\\system32\\config\\systemprofile", True),
    profile("S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE", "C:\\Windows\\ServiceProfiles\\LocalService", True),
    profile("S-1-5-20", "NT AUTHORITY\\NETWORK SERVICE", "C:\\Windows\\ServiceProfiles\\NetworkService", True),
    profile(SID_ALICE, "CONTOSO\\alice", "C:\\Users\\alice", True, True, upn="alice@contoso.com"),
    profile("S-1-5-21-1004336348-1177238915-682003330-1002", "CONTOSO\\bob", "C:\\Users\\bob"),
    profile("S-1-5-21-1004336348-1177238915-682003330-1003.bak", None, "C:\\Users\\carol"),
    profile("S-1-5-21-1004336348-1177238915-682003330-1004", None, ""),
    profile("S-1-5-80-3139157870-2983391045-3678747466-658725712-1809340420", "NT SERVICE\\MSSQL", "C:\\Users\\MSSQL"),
    profile("S-1-5-21-1004336348-1177238915-682003330-1005", "WS\\defaultuser0", "C:\\Users\\Default"),
]


def test_only_real_user_profiles_count():
    reasons = [target.profile_skip_reason(p) for p in PROFILES]
    assert reasons[3] is None and reasons[4] is None
    assert reasons[0] == "service profile (LocalSystem)"
    assert "backup entry" in reasons[5]
    assert reasons[6] == "no profile path"
    assert "not a user account" in reasons[7]
    assert reasons[8] == "default or system profile"


@pytest.mark.parametrize("value,expected", [
    ("all", ["CONTOSO\\alice", "CONTOSO\\bob"]),
    ("interactive", ["CONTOSO\\alice"]),
    ("contoso\\BOB", ["CONTOSO\\bob"]),
    ("ALICE@contoso.com", ["CONTOSO\\alice"]),
    (SID_ALICE, ["CONTOSO\\alice"]),
])
def test_selection(value, expected):
    selected, problem = target.select_profiles(target.parse_user(value), PROFILES)
    assert [p["name"] for p in selected] == expected and problem is None


def test_selection_problems():
    nobody = [dict(p, console=False, logged_on=False) for p in PROFILES]
    assert target.select_profiles(target.parse_user("interactive"), nobody) == ([], "no user is logged on at the console")
    assert target.select_profiles(target.parse_user("all"), PROFILES[:3]) == ([], "no real user profile on this machine")
    assert target.select_profiles(target.parse_user("CONTOSO\\zed"), PROFILES)[1] == \
        "no user profile on this machine matches user=CONTOSO\\zed"
    # a service profile is never selected, even by its SID form
    with pytest.raises(target.UserSpecError):
        target.parse_user("S-1-5-18")


def test_dot_account_is_a_local_account_of_this_computer():
    local = profile("S-1-5-21-1004336348-1177238915-682003330-1010", "WS-01\\admin", "C:\\Users\\admin")
    domain = profile("S-1-5-21-2222-3333-4444-1011", "CONTOSO\\admin", "C:\\Users\\admin.CONTOSO")
    spec = target.parse_user(".\\Admin")
    assert target.select_profiles(spec, [domain, local], "ws-01")[0] == [local]
    assert target.select_profiles(spec, [domain, local])[0] == []


def test_problem_names_the_value_as_given():
    spec = target.parse_user("s-1-5-21-9-9-9-9")
    assert target.select_profiles(spec, PROFILES)[1] == "no user profile on this machine matches user=s-1-5-21-9-9-9-9"
