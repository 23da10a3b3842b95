# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# win_credential_purge end to end through Ansible.Basic. Mocked: the profile list
# (Get-OfficeopsUserProfile), how the user's session is reached (Get-OfficeopsSessionAccess)
# and the vault itself (Invoke-OfficeopsVault: CredEnumerate / CredDelete, in this process or
# in the user's session task), in the module and inside _CredentialVault, whose
# Get-OfficeopsCredentialState runs for real in the probe. The vault's answers are the lab
# scenarios' credentials, as metadata: the vault code never reads a secret.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile, _SessionTask, _CredentialVault

    $script:Ken = 'S-1-5-21-1853292631-2214883011-1601521470-1107'  # password_loop
    $script:Anna = 'S-1-5-21-3165297888-301567370-576410423-1103'  # shared_pc, console
    $script:Tom = 'S-1-5-21-3165297888-301567370-576410423-1104'  # shared_pc, logged off

    Function Use-TestScenario {
        # The scenario's profiles (Use-OfficeopsLabHost, no registry), and its users' vaults (as
        # the vault lists them: metadata only) in $global:OfficeopsTestVault by SID.
        param ([string]$Name, [string[]]$Console = @())
        $scenario = (Use-OfficeopsLabHost -Name $Name -Console $Console -NoRegistry).scenario
        $global:OfficeopsTestVault = @{}
        foreach ($user in $scenario.users) {
            $global:OfficeopsTestVault[$user.sid] = @(foreach ($credential in $user.vault) {
                    @{ target = $credential.target; type = $credential.type; user_name = $credential.user_name
                        persist = $credential.persist; last_written = $credential.last_written }
                })
        }
        # As plan_session decides for an administrator (no become): the logged-on users'
        # session task, nobody else.
        $access = { if ($UserProfile.logged_on) { 'interactive_task' } else { 'not_logged_on' } }
        Mock Get-OfficeopsSessionAccess $access
        Mock -ModuleName _CredentialVault Get-OfficeopsSessionAccess $access
        Mock -ModuleName _CredentialVault Invoke-OfficeopsVault {
            @{ error_code = 0; error = $null; cleanup_error = $null; credentials = @($global:OfficeopsTestVault[$UserProfile.sid]) }
        }
    }

    Function Get-TestStatus {
        param ($Result)
        @($Result.results | ForEach-Object { '{0}:{1}' -f $_.target, $_.status })
    }
}

Describe 'win_credential_purge probe' {
    It 'lists the metadata of the console user''s credentials (password_loop)' {
        Use-TestScenario -Name password_loop -Console $script:Ken

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'probe' } -CheckMode

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        $run.result.probe.user_problem | Should -BeNullOrEmpty
        $run.result.probe.users.Count | Should -Be 1
        $user = $run.result.probe.users[0]
        $user.sid | Should -Be $script:Ken
        $user.name | Should -Be 'FABRIKAM\ken'
        $user.access | Should -Be 'interactive_task'
        $user.error_code | Should -Be 0
        $user.error | Should -BeNullOrEmpty
        $user.cleanup_error | Should -BeNullOrEmpty
        @($user.credentials | ForEach-Object { $_.target }) | Should -Be @(
            'MicrosoftOffice16_Data:SSPI:ken.sato@fabrikam.com'
            'MicrosoftOffice15_Data:SSPI:ken.sato@fabrikam.com'
            'Domain:target=outlook.office365.com'
            'TERMSRV/rds01.corp.fabrikam.com')
        $user.credentials[2].type | Should -Be 'domain_password'
        @($user.credentials[0].Keys | Sort-Object) | Should -Be @('last_written', 'persist', 'target', 'type', 'user_name')
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase probe -Result $run.result
        Should -Invoke -ModuleName _CredentialVault Invoke-OfficeopsVault -Times 1 -Exactly -ParameterFilter {
            $Action -eq 'list' -and $Access -eq 'interactive_task' -and $UserProfile.sid -eq $script:Ken -and $TimeoutSeconds -eq 120
        }
    }

    It 'leaves the vault of a user who is not logged on alone (shared_pc, user=all)' {
        Use-TestScenario -Name shared_pc -Console $script:Anna

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'probe'; user = 'all' } -CheckMode

        $run.rc | Should -Be 0
        @($run.result.probe.users | ForEach-Object { '{0}:{1}' -f $_.name, $_.access }) | Should -Be @('FABRIKAM\anna:interactive_task', 'FABRIKAM\tom:not_logged_on', 'FABRIKAM\lee:not_logged_on')
        $run.result.probe.users[0].credentials.Count | Should -Be 2
        $run.result.probe.users[1].credentials | Should -BeNullOrEmpty
        $run.result.probe.users[1].error_code | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase probe -Result $run.result
        Should -Invoke -ModuleName _CredentialVault Invoke-OfficeopsVault -Times 1 -Exactly
    }

    It 'reports a vault that answers with an error, without credentials' {
        Use-TestScenario -Name password_loop -Console $script:Ken
        Mock -ModuleName _CredentialVault Invoke-OfficeopsVault {
            @{ error_code = 1312; error = 'A specified logon session does not exist. It may already have been terminated.'; cleanup_error = 'C:\Windows\Temp\officeops-0123 could not be removed' }
        }

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'probe' } -CheckMode

        $run.rc | Should -Be 0
        $user = $run.result.probe.users[0]
        $user.error_code | Should -Be 1312
        $user.error | Should -Be 'A specified logon session does not exist. It may already have been terminated.'
        $user.cleanup_error | Should -Be 'C:\Windows\Temp\officeops-0123 could not be removed'
        $user.credentials | Should -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase probe -Result $run.result
    }

    It 'passes session and session_timeout on' {
        Use-TestScenario -Name password_loop -Console $script:Ken

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'probe'; session = 'become'; session_timeout = 30 } -CheckMode

        $run.rc | Should -Be 0
        Should -Invoke -ModuleName _CredentialVault Get-OfficeopsSessionAccess -Times 1 -Exactly -ParameterFilter { $Session -eq 'become' }
        Should -Invoke -ModuleName _CredentialVault Invoke-OfficeopsVault -Times 1 -Exactly -ParameterFilter { $TimeoutSeconds -eq 30 }
    }

    It 'names the user problem when the user option selects nobody' {
        Use-TestScenario -Name password_loop

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'probe' } -CheckMode

        $run.rc | Should -Be 0
        $run.result.probe.users.Count | Should -Be 0
        $run.result.probe.user_problem | Should -Be 'no user is logged on at the console'
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase probe -Result $run.result
        Should -Invoke -ModuleName _CredentialVault Invoke-OfficeopsVault -Times 0
    }

    It 'gives the same probe with -Diff and adds no diff of its own' {
        Use-TestScenario -Name password_loop -Console $script:Ken

        $plain = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'probe' } -CheckMode
        $diff = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'probe' } -CheckMode -Diff

        $diff.rc | Should -Be 0
        $diff.result.ContainsKey('diff') | Should -BeFalse
        (ConvertTo-Json -InputObject $diff.result.probe -Depth 32 -Compress) | Should -Be (ConvertTo-Json -InputObject $plain.result.probe -Depth 32 -Compress)
    }

    It 'fails the run with the error when the profiles cannot be listed' {
        Mock Get-OfficeopsUserProfile { throw 'ProfileList cannot be read' }

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'probe' } -CheckMode

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_credential_purge failed: ProfileList cannot be read'
        $run.result.ContainsKey('probe') | Should -BeFalse
    }
}

Describe 'win_credential_purge apply' {
    BeforeEach {
        Use-TestScenario -Name shared_pc -Console $script:Anna
        $script:adal = 'MicrosoftOffice16_Data:ADAL:11aa22bb-33cc-44dd-55ee-66ff77889900'
        $script:sspi = 'MicrosoftOffice16_Data:SSPI:anna@fabrikam.com'
        $script:ops = @(
            @{ op = 'delete_credential'; sid = $script:Anna; target = $script:adal; type = 'generic' }
            @{ op = 'delete_credential'; sid = $script:Anna; target = $script:sspi; type = 'generic' }
        )
        # Per credential: 0 deleted, 1168 (ERROR_NOT_FOUND) already gone, else a Win32 error.
        $global:OfficeopsTestCodes = @{}
        Mock Invoke-OfficeopsVault {
            @{ error_code = 0; error = $null; cleanup_error = $null; results = @(foreach ($item in $Items) {
                        $code = if ($global:OfficeopsTestCodes.ContainsKey($item.target)) { $global:OfficeopsTestCodes[$item.target] } else { 0 }
                        if ("$code" -ne 'none') {
                            @{ target = $item.target; type = $item.type; code = $code }
                        }
                    }) }
        }
    }

    It 'deletes the named credentials of a user in one vault call' {
        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $script:ops }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeOfType [bool]
        $run.result.changed | Should -BeTrue
        Get-TestStatus -Result $run.result | Should -Be @("$($script:adal):deleted", "$($script:sspi):deleted")
        $first = $run.result.results[0]
        @($first.Keys | Sort-Object) | Should -Be @('error', 'op', 'sid', 'status', 'target', 'type')
        $first.op | Should -Be 'delete_credential'
        $first.sid | Should -Be $script:Anna
        $first.type | Should -Be 'generic'
        $first.error | Should -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase apply -Result $run.result
        Should -Invoke Invoke-OfficeopsVault -Times 1 -Exactly -ParameterFilter {
            $Action -eq 'delete' -and $Access -eq 'interactive_task' -and $UserProfile.sid -eq $script:Anna -and $TimeoutSeconds -eq 120 -and
            @($Items).Count -eq 2 -and $Items[0].target -eq $script:adal -and $Items[0].type -eq 'generic' -and
            @($Items[0].Keys | Sort-Object) -join ',' -eq 'target,type' -and $Items[1].target -eq $script:sspi
        }
    }

    It 'reports each credential by its own code: <case>' -ForEach @(
        @{ case = 'already gone (1168) is absent, not a change'; code = 1168; status = 'absent'; changed = $false; message = $null }
        @{ case = 'access denied (5) fails with the Win32 message'; code = 5; status = 'failed'; changed = $false; message = ([System.ComponentModel.Win32Exception]::new(5).Message + ' (5)') }
        @{ case = 'a bad type (87) fails with the Win32 message'; code = 87; status = 'failed'; changed = $false; message = ([System.ComponentModel.Win32Exception]::new(87).Message + ' (87)') }
        @{ case = 'no answer for the credential fails'; code = 'none'; status = 'failed'; changed = $false; message = 'no answer for this credential' }
    ) {
        $global:OfficeopsTestCodes[$script:adal] = $code
        $global:OfficeopsTestCodes[$script:sspi] = $code

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $script:ops }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeOfType [bool]
        $run.result.changed | Should -Be $changed
        Get-TestStatus -Result $run.result | Should -Be @("$($script:adal):$status", "$($script:sspi):$status")
        $run.result.results[0].error | Should -Be $message
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase apply -Result $run.result
    }

    It 'is changed when one credential is deleted and another is already gone' {
        $global:OfficeopsTestCodes[$script:sspi] = 1168

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $script:ops }

        $run.result.changed | Should -BeTrue
        Get-TestStatus -Result $run.result | Should -Be @("$($script:adal):deleted", "$($script:sspi):absent")
    }

    It 'fails the whole group when the vault action fails: <case>' -ForEach @(
        @{ case = 'the session task timed out'; answer = @{ error_code = -1; error = "timeout: no answer from the user's session within 120 seconds"; cleanup_error = $null }; message = "timeout: no answer from the user's session within 120 seconds (-1)" }
        @{ case = 'the vault refused the logon session'; answer = @{ error_code = 1312; error = 'A specified logon session does not exist.'; cleanup_error = $null }; message = 'A specified logon session does not exist. (1312)' }
        @{ case = 'the call threw'; answer = 'throw'; message = 'Schedule.Service: access denied' }
    ) {
        $global:OfficeopsTestAnswer = $answer
        Mock Invoke-OfficeopsVault {
            if ($global:OfficeopsTestAnswer -eq 'throw') { throw 'Schedule.Service: access denied' }
            $global:OfficeopsTestAnswer
        }

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $script:ops }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        Get-TestStatus -Result $run.result | Should -Be @("$($script:adal):failed", "$($script:sspi):failed")
        @($run.result.results | ForEach-Object { $_.error } | Sort-Object -Unique) | Should -Be @($message)
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase apply -Result $run.result
    }

    It 'skips the credentials of a user whose vault cannot be reached: <access>' -ForEach @(
        @{ access = 'not_logged_on' }
        @{ access = 'become_mismatch' }
    ) {
        $global:OfficeopsTestAccess = $access
        Mock Get-OfficeopsSessionAccess { $global:OfficeopsTestAccess }

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $script:ops; session = 'become' }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        Get-TestStatus -Result $run.result | Should -Be @("$($script:adal):skipped", "$($script:sspi):skipped")
        $run.result.results[1].error | Should -Be "the vault cannot be reached now ($access)"
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase apply -Result $run.result
        Should -Invoke Get-OfficeopsSessionAccess -Times 1 -Exactly -ParameterFilter { $Session -eq 'become' }
        Should -Invoke Invoke-OfficeopsVault -Times 0
    }

    It 'skips the credentials of a SID with no profile and still purges the others, one vault call per user' {
        $ghost = 'S-1-5-21-9-9-9-1001'
        $ops = @(
            @{ op = 'delete_credential'; sid = $ghost; target = 'MicrosoftOffice16_Data:SSPI:x@y.z'; type = 'generic' }
            @{ op = 'delete_credential'; sid = $script:Anna; target = $script:adal; type = 'generic' }
            @{ op = 'delete_credential'; sid = $script:Tom; target = 'MicrosoftOffice16_Data:SSPI:tom@fabrikam.com'; type = 'generic' }
            @{ op = 'delete_credential'; sid = $script:Anna; target = $script:sspi; type = 'generic' }
        )

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        # Grouped by user, in the order each user first appears.
        @($run.result.results | ForEach-Object { '{0}|{1}|{2}' -f $_.sid, $_.target, $_.status }) | Should -Be @(
            "$ghost|MicrosoftOffice16_Data:SSPI:x@y.z|skipped"
            "$($script:Anna)|$($script:adal)|deleted"
            "$($script:Anna)|$($script:sspi)|deleted"
            "$($script:Tom)|MicrosoftOffice16_Data:SSPI:tom@fabrikam.com|skipped")
        $run.result.results[0].error | Should -Be "no profile with SID $ghost on this machine"
        $run.result.results[3].error | Should -Be 'the vault cannot be reached now (not_logged_on)'
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase apply -Result $run.result
        Should -Invoke Invoke-OfficeopsVault -Times 1 -Exactly
        Should -Invoke Get-OfficeopsUserProfile -Times 1 -Exactly
    }

    It 'returns no results and changed false for no ops' {
        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = @() }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        @($run.result.results).Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_credential_purge -Phase apply -Result $run.result
        Should -Invoke Invoke-OfficeopsVault -Times 0
    }

    It 'refuses apply in check mode and deletes nothing' {
        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $script:ops } -CheckMode

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_credential_purge: the apply phase was called in check mode; nothing was changed'
        $run.result.ContainsKey('results') | Should -BeFalse
        Should -Invoke Get-OfficeopsUserProfile -Times 0
        Should -Invoke Get-OfficeopsSessionAccess -Times 0
        Should -Invoke Invoke-OfficeopsVault -Times 0
    }

    It 'applies the same way with -Diff and adds no diff of its own' {
        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $script:ops } -Diff

        $run.rc | Should -Be 0
        $run.result.ContainsKey('diff') | Should -BeFalse
        Get-TestStatus -Result $run.result | Should -Be @("$($script:adal):deleted", "$($script:sspi):deleted")
    }

    It 'refuses the whole batch for an op outside its contract: <name>' -ForEach @(
        @{ name = 'delete_file' }
        @{ name = 'Delete_Credential' }
        @{ name = 'list_credentials' }
        @{ name = 'set_once_marker' }
    ) {
        $ops = @($script:ops) + @(@{ op = $name; sid = $script:Anna; target = 'x'; type = 'generic' })

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be "win_credential_purge: unknown op '$name'"
        $run.result.ContainsKey('results') | Should -BeFalse
        Should -Invoke Invoke-OfficeopsVault -Times 0
    }

    It 'fails the run with the error when the profiles cannot be listed' {
        Mock Get-OfficeopsUserProfile { throw 'ProfileList cannot be read' }

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params @{ _phase = 'apply'; _ops = $script:ops }

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_credential_purge failed: ProfileList cannot be read'
        Should -Invoke Invoke-OfficeopsVault -Times 0
    }
}

Describe 'win_credential_purge options' {
    It 'refuses <case> with the validation message of Ansible.Basic' -ForEach @(
        @{ case = 'an unknown credential type'; params = @{ types = @('generic', 'password') }; msg = 'value of types must be one or more of: generic, domain_password, domain_certificate, domain_visible_password, generic_certificate. Got no match for: password' }
        @{ case = 'an unknown session'; params = @{ session = 'console' }; msg = 'value of session must be one of: auto, become, interactive_task. Got no match for: console' }
        @{ case = 'a timeout that is no number'; params = @{ session_timeout = 'soon' }; msg = "argument for session_timeout is of type System.String and we were unable to convert to int: The input string 'soon' was not in a correct format." }
        @{ case = 'an option of another module'; params = @{ _folders = @() }; msg = 'Unsupported parameters for (win_credential_purge) module: _folders. Supported parameters include: *' }
    ) {
        Mock Get-OfficeopsUserProfile { throw 'must not run' }

        $run = Invoke-OfficeopsModule -Name win_credential_purge -Params $params -CheckMode

        $run.rc | Should -Be 1
        # The list of supported parameters is in Ansible.Basic's order, which differs by version.
        if ($msg.EndsWith('*')) { $run.result.msg | Should -BeLike ([WildcardPattern]::Escape($msg.TrimEnd('*')) + '*') }
        else { $run.result.msg | Should -Be $msg }
        Should -Invoke Get-OfficeopsUserProfile -Times 0
    }
}
