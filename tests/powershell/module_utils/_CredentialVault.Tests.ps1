# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# _CredentialVault.psm1: the vault action (CredEnumerateW / CredDeleteW behind the two
# functions defined inside Invoke-OfficeopsVaultAction), how it reaches the user
# (Invoke-OfficeopsAsUser of _SessionTask.psm1, mocked) and the probed user entry.
# The native layer's answers come from the lab scenario godaddy_657rx (maria's vault), whose
# entries carry a secret: it must never reach a result.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile, _SessionTask, _CredentialVault

    Function global:New-OfficeopsTestWin32Error {
        # Suite helper: the Win32Exception the P/Invoke layer throws. Thrown, not raised from
        # a .NET method: through Pester's mock a method's exception reaches the action wrapped
        # once more than through the real boundary function, whose catch sees the Win32Exception.
        param ([int]$Code, [string]$Message)
        throw (New-Object -TypeName System.ComponentModel.Win32Exception -ArgumentList $Code, $Message)
    }

    # The boundaries are defined inside the action (its text is shipped alone into the
    # session task): global twins let Mock -ModuleName resolve them.
    $null = Register-OfficeopsBoundaryStub -Function Invoke-OfficeopsVaultAction

    # maria in tests/lab/scenarios/godaddy_657rx.json: her vault as the native layer would
    # list it, with the secret the lab stores beside each entry handed back too.
    $scenario = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText(
            (Join-Path -Path $PSScriptRoot -ChildPath '../../lab/scenarios/godaddy_657rx.json'))) -AsHashtable
    $script:Vault = @(($scenario.users | Where-Object { $_.name -eq 'BLOOMFIELD-PC\maria' }).vault)
    $global:OfficeopsTestNative = @(foreach ($entry in $script:Vault) {
            [pscustomobject]@{
                Target = $entry.target; Type = $entry.type; UserName = $entry.user_name; Persist = $entry.persist
                LastWritten = $entry.last_written; CredentialBlob = $entry.secret; Password = $entry.secret
            }
        })
    $script:Maria = @{
        sid = 'S-1-5-21-3623811015-3361044348-30300820-1013'; name = 'BLOOMFIELD-PC\maria'; profile_path = 'C:\Users\maria'
        hive_loaded = $true; logged_on = $true; session_id = 1; console = $true
    }
    $script:Source = & (Get-Module _CredentialVault) { $script:CredentialVaultSource }
    $script:CredentialKeys = @('last_written', 'persist', 'target', 'type', 'user_name')
}

AfterAll {
    Unregister-OfficeopsBoundaryStub
    foreach ($name in 'Invoke-OfficeopsTestSessionTask', 'New-OfficeopsTestWin32Error') {
        Remove-Item -Path "function:global:$name" -ErrorAction SilentlyContinue
    }
    Remove-Variable -Name OfficeopsTestNative, OfficeopsTestCleanupError -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Invoke-OfficeopsVaultAction' {
    BeforeEach {
        $global:OfficeopsTestCleanupError = $null
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { $global:OfficeopsTestNative }
        Mock -ModuleName _CredentialVault Remove-OfficeopsVaultCredential { throw 'no delete expected' }
    }

    It 'lists the metadata of every credential and never the secret the native layer hands back' {
        $answer = Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = 'list'; items = @() }

        $answer.error_code | Should -Be 0
        $answer.error | Should -BeNullOrEmpty
        $answer.ContainsKey('results') | Should -BeFalse
        $answer.credentials.Count | Should -Be 7
        for ($i = 0; $i -lt 7; $i++) {
            @($answer.credentials[$i].Keys | Sort-Object) | Should -Be $script:CredentialKeys
            foreach ($field in $script:CredentialKeys) {
                $answer.credentials[$i][$field] | Should -Be $script:Vault[$i][$field]
            }
        }
        $answer.credentials[3].target | Should -Be 'msteams_adalsso/adal_context_0'
        $answer.credentials[3].user_name | Should -BeNullOrEmpty
        $json = ConvertTo-Json -InputObject $answer -Depth 20
        $json | Should -Not -Match 'lab-secret'
        $json | Should -Not -MatchExactly '"(CredentialBlob|Password)"'
        Should -Invoke -ModuleName _CredentialVault Remove-OfficeopsVaultCredential -Times 0 -Exactly
    }

    It 'lists an empty vault as no credentials' {
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { }
        $answer = Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = 'list'; items = @() }
        $answer.error_code | Should -Be 0
        , $answer.credentials | Should -BeOfType [object[]]
        $answer.credentials.Count | Should -Be 0
    }

    It 'answers the Win32 error of CredEnumerate instead of an empty list' {
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential {
            New-OfficeopsTestWin32Error -Code 1312 -Message 'A specified logon session does not exist.'
        }
        $answer = Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = 'list'; items = @() }
        $answer.error_code | Should -Be 1312
        $answer.error | Should -Be 'A specified logon session does not exist.'
        $answer.ContainsKey('credentials') | Should -BeFalse
    }

    It 'lets an error that is not a Win32 one through to the caller' {
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { throw [System.InvalidOperationException]::new('vault broken') }
        { Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = 'list'; items = @() } } | Should -Throw -ExpectedMessage 'vault broken'
    }

    It 'deletes each item and answers its own code: deleted, already gone, refused' {
        Mock -ModuleName _CredentialVault Remove-OfficeopsVaultCredential {
            switch ($Target) { 'outlook.office365.com' { 0 } 'gone.example' { 1168 } default { 5 } }
        }
        $items = @(
            @{ target = 'outlook.office365.com'; type = 'domain_password' }
            @{ target = 'gone.example'; type = 'generic' }
            @{ target = 'MicrosoftOffice16_Data:SSPI:maria@bloomfield-florist.com'; type = 'generic' }
        )
        $answer = Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = 'delete'; items = $items }

        $answer.error_code | Should -Be 0
        $answer.ContainsKey('credentials') | Should -BeFalse
        $answer.results.Count | Should -Be 3
        $answer.results[0].target | Should -Be 'outlook.office365.com'
        $answer.results[0].type | Should -Be 'domain_password'
        $answer.results[0].code | Should -Be 0
        $answer.results[1].code | Should -Be 1168
        $answer.results[2].code | Should -Be 5
        $answer.results[2].target | Should -Be 'MicrosoftOffice16_Data:SSPI:maria@bloomfield-florist.com'
        Should -Invoke -ModuleName _CredentialVault Remove-OfficeopsVaultCredential -Times 3 -Exactly
        Should -Invoke -ModuleName _CredentialVault Remove-OfficeopsVaultCredential -Times 1 -Exactly -ParameterFilter {
            $Target -eq 'outlook.office365.com' -and $Type -eq 'domain_password'
        }
        Should -Invoke -ModuleName _CredentialVault Get-OfficeopsVaultCredential -Times 0 -Exactly
    }

    It 'deletes nothing for an empty item list' {
        $answer = Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = 'delete'; items = @() }
        $answer.error_code | Should -Be 0
        $answer.results.Count | Should -Be 0
        Should -Invoke -ModuleName _CredentialVault Remove-OfficeopsVaultCredential -Times 0 -Exactly
    }

    It 'answers a Win32 error thrown while deleting as that error, with no results' {
        Mock -ModuleName _CredentialVault Remove-OfficeopsVaultCredential { New-OfficeopsTestWin32Error -Code 1312 -Message 'no logon session' }
        $answer = Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = 'delete'; items = @(@{ target = 'a'; type = 'generic' }) }
        $answer.error_code | Should -Be 1312
        $answer.error | Should -Be 'no logon session'
        $answer.ContainsKey('results') | Should -BeFalse
    }

    It 'refuses an action it does not know instead of deleting: <action>' -ForEach @(
        @{ action = 'purge' }
        @{ action = 'List ' }
        @{ action = $null }
    ) {
        { Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = $action; items = @(@{ target = 'a'; type = 'generic' }) } } |
            Should -Throw -ExpectedMessage "unknown vault action*"
        Should -Invoke -ModuleName _CredentialVault Remove-OfficeopsVaultCredential -Times 0 -Exactly
        Should -Invoke -ModuleName _CredentialVault Get-OfficeopsVaultCredential -Times 0 -Exactly
    }

    It 'does not compile the C# again when the type is loaded' {
        # The first call in this process compiled it (or this one does): a source that does
        # not compile proves the second call skipped Add-Type.
        $null = Invoke-OfficeopsVaultAction -Data @{ csharp = $script:Source; action = 'list'; items = @() }
        $answer = Invoke-OfficeopsVaultAction -Data @{ csharp = 'this is not C#'; action = 'list'; items = @() }
        $answer.error_code | Should -Be 0
    }
}

Describe 'Invoke-OfficeopsVault' {
    BeforeEach {
        $global:OfficeopsTestCleanupError = $null
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { $global:OfficeopsTestNative }
        Mock -ModuleName _CredentialVault Remove-OfficeopsVaultCredential { if ($Target -eq 'gone.example') { 1168 } else { 0 } }
        Mock -ModuleName _CredentialVault Invoke-OfficeopsAsUser { Invoke-OfficeopsTestSessionTask -Function $Function -Data $Data }
    }

    It 'runs the action in this process for direct access' {
        $answer = Invoke-OfficeopsVault -UserProfile $script:Maria -Access direct -Action list
        $answer.error_code | Should -Be 0
        $answer.credentials.Count | Should -Be 7
        $answer.ContainsKey('cleanup_error') | Should -BeFalse
        Should -Invoke -ModuleName _CredentialVault Invoke-OfficeopsAsUser -Times 0 -Exactly
        Should -Invoke -ModuleName _CredentialVault Get-OfficeopsVaultCredential -Times 1 -Exactly
    }

    It 'ships the action, its C# and the items into the session task' {
        $items = @(@{ target = 'outlook.office365.com'; type = 'domain_password' })
        $global:OfficeopsTestCleanupError = 'C:\Windows\Temp\officeops-1: access denied'
        $answer = Invoke-OfficeopsVault -UserProfile $script:Maria -Access interactive_task -Action delete -Items $items -TimeoutSeconds 45

        Should -Invoke -ModuleName _CredentialVault Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter {
            $Access -eq 'interactive_task' -and $TimeoutSeconds -eq 45 -and $UserProfile.sid -eq 'S-1-5-21-3623811015-3361044348-30300820-1013' -and
            $Function.Name -eq 'Invoke-OfficeopsVaultAction' -and $Data.action -eq 'delete' -and
            $Data.csharp -match 'namespace Officeops\.OutlookAuth\.Vault' -and $Data.csharp -match 'CredDeleteW' -and
            @($Data.items).Count -eq 1 -and $Data.items[0].target -eq 'outlook.office365.com'
        }
        $answer.error_code | Should -BeOfType [int]
        $answer.error_code | Should -Be 0
        $answer.error | Should -BeNullOrEmpty
        $answer.cleanup_error | Should -Be 'C:\Windows\Temp\officeops-1: access denied'
        $answer.results.Count | Should -Be 1
        $answer.results[0] | Should -BeOfType [hashtable]
        $answer.results[0].target | Should -Be 'outlook.office365.com'
        $answer.results[0].type | Should -Be 'domain_password'
        $answer.results[0].code | Should -BeOfType [int]
        $answer.results[0].code | Should -Be 0
        $answer.ContainsKey('credentials') | Should -BeFalse
    }

    It 'hands back the listing of the session task as plain hashtables without the secret' {
        $answer = Invoke-OfficeopsVault -UserProfile $script:Maria -Access interactive_task -Action list
        $answer.error_code | Should -Be 0
        $answer.cleanup_error | Should -BeNullOrEmpty
        $answer.credentials.Count | Should -Be 7
        $answer.credentials[0] | Should -BeOfType [hashtable]
        $answer.credentials[0].target | Should -Be 'MicrosoftOffice16_Data:ADAL:4c1d9e7a-0b6f-4e53-8d2a-9f1e7c3b5a60'
        $answer.credentials[0].user_name | Should -Be 'maria@bloomfield-florist.com'
        $answer.credentials[0].persist | Should -Be 'local_machine'
        $answer.credentials[0].last_written | Should -Be '2026-09-14T08:12:40Z'
        # A credential without a user name keeps null, not an empty string.
        $null -eq $answer.credentials[6].user_name | Should -BeTrue
        ConvertTo-Json -InputObject $answer -Depth 20 | Should -Not -Match 'lab-secret'
    }

    It 'drops whatever else the session task answered, a secret included' {
        Mock -ModuleName _CredentialVault Invoke-OfficeopsAsUser {
            @{
                status = 'ok'; error = $null; cleanup_error = $null
                output = ConvertFrom-Json -InputObject '{"error_code":0,"error":null,"token":"eyJ0eXAi","credentials":[{"target":"t1","type":"generic","user_name":"u","persist":"local_machine","last_written":"2026-01-02T03:04:05Z","secret":"hunter2","CredentialBlob":"aHVudGVyMg=="}]}'
            }
        }
        $answer = Invoke-OfficeopsVault -UserProfile $script:Maria -Access interactive_task -Action list
        @($answer.credentials[0].Keys | Sort-Object) | Should -Be $script:CredentialKeys
        @($answer.Keys | Sort-Object) | Should -Be @('cleanup_error', 'credentials', 'error', 'error_code')
        $json = ConvertTo-Json -InputObject $answer -Depth 20
        $json | Should -Not -Match 'hunter2|aHVudGVyMg|eyJ0eXAi'
    }

    It 'answers error_code -1 when the session task <status>' -ForEach @(
        @{ status = 'timeout'; taskError = "no answer from the user's session within 120 seconds"; expected = "timeout: no answer from the user's session within 120 seconds" }
        @{ status = 'failed'; taskError = 'the task in the user''s session ended without an answer'; expected = "failed: the task in the user's session ended without an answer" }
    ) {
        Mock -ModuleName _CredentialVault Invoke-OfficeopsAsUser { @{ status = $status; output = $null; error = $taskError; cleanup_error = 'folder left' } }
        foreach ($action in 'list', 'delete') {
            $answer = Invoke-OfficeopsVault -UserProfile $script:Maria -Access interactive_task -Action $action -Items @(@{ target = 'a'; type = 'generic' })
            $answer.error_code | Should -Be -1
            $answer.error | Should -Be $expected
            $answer.cleanup_error | Should -Be 'folder left'
            $answer.ContainsKey('credentials') | Should -BeFalse
            $answer.ContainsKey('results') | Should -BeFalse
        }
    }

    It 'keeps the Win32 error the action answered in the session, with nothing listed' {
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { New-OfficeopsTestWin32Error -Code 1312 -Message 'no logon session' }
        $answer = Invoke-OfficeopsVault -UserProfile $script:Maria -Access interactive_task -Action list
        $answer.error_code | Should -BeOfType [int]
        $answer.error_code | Should -Be 1312
        $answer.error | Should -Be 'no logon session'
        $answer.credentials.Count | Should -Be 0
    }

    It 'keeps the codes of a delete in the session: deleted and already gone' {
        $items = @(@{ target = 'outlook.office365.com'; type = 'domain_password' }, @{ target = 'gone.example'; type = 'generic' })
        $answer = Invoke-OfficeopsVault -UserProfile $script:Maria -Access interactive_task -Action delete -Items $items
        @($answer.results | ForEach-Object { $_.code }) | Should -Be @(0, 1168)
    }

    It 'refuses an access or an action it does not know' -ForEach @(
        @{ access = 'not_logged_on'; action = 'list' }
        @{ access = 'become_mismatch'; action = 'list' }
        @{ access = 'direct'; action = 'purge' }
    ) {
        { Invoke-OfficeopsVault -UserProfile $script:Maria -Access $access -Action $action } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-OfficeopsVault'
        Should -Invoke -ModuleName _CredentialVault Remove-OfficeopsVaultCredential -Times 0 -Exactly
    }
}

Describe 'Get-OfficeopsCredentialState' {
    BeforeEach {
        $global:OfficeopsTestCleanupError = $null
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { $global:OfficeopsTestNative }
        Mock -ModuleName _CredentialVault Remove-OfficeopsVaultCredential { throw 'a probe never deletes' }
        Mock -ModuleName _CredentialVault Invoke-OfficeopsAsUser { Invoke-OfficeopsTestSessionTask -Function $Function -Data $Data }
    }

    It 'skips the vault when access is <access>, saying so in access' -ForEach @(
        @{ access = 'not_logged_on' }
        @{ access = 'become_mismatch' }
    ) {
        Mock -ModuleName _CredentialVault Get-OfficeopsSessionAccess { $access }
        $entry = Get-OfficeopsCredentialState -UserProfile $script:Maria -Session auto

        $entry.access | Should -Be $access
        $entry.credentials | Should -BeNullOrEmpty
        $entry.error_code | Should -Be 0
        $entry.error | Should -BeNullOrEmpty
        $entry.cleanup_error | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _CredentialVault Invoke-OfficeopsAsUser -Times 0 -Exactly
        Should -Invoke -ModuleName _CredentialVault Get-OfficeopsVaultCredential -Times 0 -Exactly
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase probe -Result @{ probe = @{ users = @($entry); user_problem = $null } }
    }

    It 'lists the credentials for <access> access, keeping the contract and no secret' -ForEach @(
        @{ access = 'direct'; cleanup = $null; calls = 0 }
        @{ access = 'interactive_task'; cleanup = 'C:\Windows\Temp\officeops-2: in use'; calls = 1 }
    ) {
        Mock -ModuleName _CredentialVault Get-OfficeopsSessionAccess { $access }
        $global:OfficeopsTestCleanupError = $cleanup
        $entry = Get-OfficeopsCredentialState -UserProfile $script:Maria -Session become -TimeoutSeconds 30

        $entry.sid | Should -Be 'S-1-5-21-3623811015-3361044348-30300820-1013'
        $entry.name | Should -Be 'BLOOMFIELD-PC\maria'
        $entry.profile_path | Should -Be 'C:\Users\maria'
        $entry.hive_loaded | Should -BeTrue
        $entry.logged_on | Should -BeTrue
        $entry.session_id | Should -Be 1
        $entry.console | Should -BeTrue
        $entry.access | Should -Be $access
        $entry.error_code | Should -Be 0
        $entry.error | Should -BeNullOrEmpty
        $entry.cleanup_error | Should -Be $cleanup
        @($entry.credentials | ForEach-Object { $_.target }) | Should -Be @($script:Vault | ForEach-Object { $_.target })
        Should -Invoke -ModuleName _CredentialVault Get-OfficeopsSessionAccess -Times 1 -Exactly -ParameterFilter { $Session -eq 'become' -and $UserProfile.sid -eq $script:Maria.sid }
        Should -Invoke -ModuleName _CredentialVault Invoke-OfficeopsAsUser -Times $calls -Exactly -ParameterFilter { $TimeoutSeconds -eq 30 }
        ConvertTo-Json -InputObject $entry -Depth 20 | Should -Not -Match 'lab-secret'
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase probe -Result @{ probe = @{ users = @($entry); user_problem = $null } }
    }

    It 'keeps an empty vault an empty list, not null' {
        Mock -ModuleName _CredentialVault Get-OfficeopsSessionAccess { 'direct' }
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { }
        $entry = Get-OfficeopsCredentialState -UserProfile $script:Maria -Session auto
        , $entry.credentials | Should -BeOfType [object[]]
        $entry.credentials.Count | Should -Be 0
        $json = ConvertTo-Json -InputObject $entry -Depth 5
        $json | Should -Match '"credentials": \[\]'
    }

    It 'reports a vault error with no credentials: <case>' -ForEach @(
        @{ case = 'Win32 error in the session'; access = 'interactive_task'; code = 1312; message = 'no logon session' }
        @{ case = 'Win32 error in process'; access = 'direct'; code = 1312; message = 'no logon session' }
    ) {
        Mock -ModuleName _CredentialVault Get-OfficeopsSessionAccess { $access }
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { New-OfficeopsTestWin32Error -Code 1312 -Message 'no logon session' }
        $entry = Get-OfficeopsCredentialState -UserProfile $script:Maria -Session auto
        $entry.error_code | Should -Be $code
        $entry.error | Should -Be $message
        $entry.credentials | Should -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase probe -Result @{ probe = @{ users = @($entry); user_problem = $null } }
    }

    It 'reports a session task that did not answer as error_code -1' {
        Mock -ModuleName _CredentialVault Get-OfficeopsSessionAccess { 'interactive_task' }
        Mock -ModuleName _CredentialVault Invoke-OfficeopsAsUser { @{ status = 'timeout'; output = $null; error = 'no answer'; cleanup_error = $null } }
        $entry = Get-OfficeopsCredentialState -UserProfile $script:Maria -Session auto
        $entry.error_code | Should -Be -1
        $entry.error | Should -Be 'timeout: no answer'
        $entry.credentials | Should -BeNullOrEmpty
    }

    It 'does not take a session task that answered nothing for an empty vault' {
        Mock -ModuleName _CredentialVault Get-OfficeopsSessionAccess { 'interactive_task' }
        Mock -ModuleName _CredentialVault Invoke-OfficeopsAsUser { @{ status = 'ok'; output = $null; error = $null; cleanup_error = $null } }
        $entry = Get-OfficeopsCredentialState -UserProfile $script:Maria -Session auto
        $entry.error_code | Should -Be -1
        $entry.error | Should -Not -BeNullOrEmpty
        $entry.credentials | Should -BeNullOrEmpty
    }

    It 'turns an exception into error_code -1 with its message, not into an empty vault' {
        Mock -ModuleName _CredentialVault Get-OfficeopsSessionAccess { 'direct' }
        Mock -ModuleName _CredentialVault Get-OfficeopsVaultCredential { throw [System.DllNotFoundException]::new('advapi32.dll') }
        $entry = Get-OfficeopsCredentialState -UserProfile $script:Maria -Session auto
        $entry.error_code | Should -Be -1
        $entry.error | Should -Be 'advapi32.dll'
        $entry.credentials | Should -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase probe -Result @{ probe = @{ users = @($entry); user_problem = $null } }
    }
}

Describe 'the vault action as shipped into the session task' {
    BeforeAll {
        $global:OfficeopsTestShipped = $null
        Mock -ModuleName _CredentialVault Invoke-OfficeopsAsUser {
            $global:OfficeopsTestShipped = @{ function = $Function; data = $Data }
            @{ status = 'failed'; output = $null; error = 'not run here'; cleanup_error = $null }
        }
    }
    AfterAll {
        Remove-Variable -Name OfficeopsTestShipped -Scope Global -ErrorAction SilentlyContinue
    }

    It 'runs alone in a fresh pwsh: compiles its C# from the input and reaches CredEnumerate' {
        $null = Invoke-OfficeopsVault -UserProfile $script:Maria -Access interactive_task -Action list
        $run = Invoke-OfficeopsShippedAction -Function $global:OfficeopsTestShipped.function -Data $global:OfficeopsTestShipped.data
        # Linux has no advapi32: the P/Invoke fails, as the runner reports it; a function the
        # text does not carry would fail earlier with "is not recognized".
        $run.ok | Should -BeFalse
        $run.error | Should -Match 'Exception calling "List" with "0" argument\(s\)'
        $run.error | Should -Not -Match 'is not recognized'
    }

    It 'runs alone in a fresh pwsh: a delete of an unknown type answers ERROR_INVALID_PARAMETER per item' {
        $null = Invoke-OfficeopsVault -UserProfile $script:Maria -Access interactive_task -Action delete -Items @(@{ target = 'x'; type = 'bogus' })
        $run = Invoke-OfficeopsShippedAction -Function $global:OfficeopsTestShipped.function -Data $global:OfficeopsTestShipped.data
        $run.ok | Should -BeTrue
        $run.output.error_code | Should -Be 0
        $run.output.results.Count | Should -Be 1
        $run.output.results[0].target | Should -Be 'x'
        $run.output.results[0].code | Should -Be 87
    }
}
