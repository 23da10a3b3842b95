"""The purge deletes the basic-authentication caches last (found by the fault matrix): they
are what the audit calls the step for, so a purge cut off part way is found again."""

from ansible_collections.officeops.outlook_auth.plugins.module_utils._credentials.match import PurgePolicy, is_basic_auth_cache


def credential(target, kind="generic"):
    return {"target": target, "type": kind, "user_name": "nora@contoso.com"}


def test_basic_auth_caches_come_last_and_the_rest_keep_their_order():
    vault = [credential("MicrosoftOffice16_Data:SSPI:nora@contoso.com"), credential("MicrosoftOffice16_Data:ADAL:1"),
             credential("MicrosoftOffice15_Data:orgid:nora@contoso.com"), credential("OneDrive Cached Credential Business"),
             credential("git:https://github.com"), credential("Microsoft_OC1:uri=nora@contoso.com")]
    purge, kept = PurgePolicy().plan(vault)
    assert [c["target"] for c in purge] == ["MicrosoftOffice16_Data:ADAL:1", "OneDrive Cached Credential Business",
                                            "Microsoft_OC1:uri=nora@contoso.com", "MicrosoftOffice16_Data:SSPI:nora@contoso.com",
                                            "MicrosoftOffice15_Data:orgid:nora@contoso.com"]
    assert kept == 1


def test_what_counts_as_a_basic_auth_cache():
    assert is_basic_auth_cache(credential("MicrosoftOffice16_Data:SSPI:x"))
    assert is_basic_auth_cache(credential("outlook.office365.com", "domain_password"))
    assert not is_basic_auth_cache(credential("MicrosoftOffice16_Data:ADAL:1"))
