# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# win_aad_broker_reset end to end through Ansible.Basic. Mocked: the profile list
# (Get-OfficeopsUserProfile), how the user's session is reached (Get-OfficeopsSessionAccess,
# Test-OfficeopsElevatedAdministrator), WAM (Get-OfficeopsWamState,
# Invoke-OfficeopsWamSignOutOp), the session task (Invoke-OfficeopsAsUser, only where the
# task path is taken), the module's own Windows calls (Get-OfficeopsWindowsBuild, and the
# Add-AppxPackage cmdlet itself: Register-BrokerPackage is re-defined alone in the user's
# session task, so it cannot call a helper), and inside _UserState what touches files or
# processes (Get-OfficeopsProfileFileList, Move-OfficeopsProfileFile,
# Remove-OfficeopsBackupFile, Stop-OfficeopsUserProcess). Once markers are written for real
# into the in-memory registry built from the lab scenario shared_pc.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile, _SessionTask, _UserState, _WamAccount

    # Defined by the module script when it runs; stubs let Pester mock them first. Appx is
    # a Windows-only module, so the cmdlet gets a stub with the parameters the module uses.
    Function Get-OfficeopsWindowsBuild { }
    Function Add-AppxPackage {
        [CmdletBinding()]
        param ([string]$Register, [switch]$DisableDevelopmentMode, [switch]$ForceApplicationShutdown)
    }
    # A rooted path of this platform: Join-Path refuses a drive (C:) that does not exist.
    $script:SavedWindir = $env:windir
    $env:windir = '/Windows'

    $script:Anna = 'S-1-5-21-3165297888-301567370-576410423-1103'  # shared_pc, console, session 3
    $script:Tom = 'S-1-5-21-3165297888-301567370-576410423-1104'  # shared_pc, logged off
    $script:Accounts = 'AppData\Local\Packages\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AC\TokenBroker\Accounts'
    $script:BackupRoot = 'AppData\Local\officeops\outlook_auth\broker-backup'

    Function Get-TestOnceMarker {
        # The once-marker ids recorded for broker_reset in a user's fake hive.
        param ($Key, [string]$Sid)
        $node = Get-OfficeopsFakeNode -Key $Key -Path "$Sid\Software\officeops\outlook_auth\once\broker_reset"
        if ($null -eq $node) {
            return @()
        }
        @($node.Values.Keys)
    }

    Function Get-TestStatus {
        param ($Result)
        @($Result.results | ForEach-Object { '{0}:{1}' -f $_.op, $_.status })
    }
}

AfterAll {
    $env:windir = $script:SavedWindir
}

Describe 'win_aad_broker_reset probe' {
    BeforeEach {
        $script:fake = Use-OfficeopsLabHost -Name shared_pc -Console $script:Anna
        Mock Get-OfficeopsWindowsBuild { 22631 }
        Mock -ModuleName _UserState Get-OfficeopsProfileFileList {
            if ($UserProfile.sid -eq 'S-1-5-21-3165297888-301567370-576410423-1103') {
                @{ path = 'AppData\Local\Packages\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AC\TokenBroker\Accounts\a3f900007c1e2b5d.tbacct'; size = 3172; last_write = '2026-10-02T09:00:00Z' }
            }
        }
        Mock Get-OfficeopsWamState {
            @{ access = 'interactive_task'; error = $null; cleanup_error = $null; accounts = @(
                    @{ id = 'wam-a1'; provider = 'https://login.microsoft.com'; user_name = 'anna@fabrikam.com'; tenant_id = 'c0ffee00-1234-4abc-9def-000000000001'; signed_out = $false }
                    @{ id = 'wam-a2'; provider = 'https://login.microsoft.com'; user_name = 'anna.k@contoso-partner.com'; tenant_id = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e'; signed_out = $false }
                ) }
        }
        $script:folders = @(@{ path = $script:BackupRoot; recurse = $true }, @{ path = $script:Accounts; recurse = $false })
    }

    It 'lists the token files, the once markers and the WAM accounts of the console user' {
        $marker = $script:fake.users.CreateSubKey("$script:Anna\Software\officeops\outlook_auth\once\broker_reset")
        $marker.SetValue('INC7', '2026-10-01T08:00:00.0000000Z')
        $marker.Dispose()

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'probe'; _folders = $script:folders; _wam = $true } -CheckMode

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        $probe = $run.result.probe
        $probe.machine.build | Should -Be 22631
        $probe.user_problem | Should -BeNullOrEmpty
        $probe.users.Count | Should -Be 1
        $user = $probe.users[0]
        $user.sid | Should -Be $script:Anna
        $user.name | Should -Be 'FABRIKAM\anna'
        $user.session_id | Should -Be 3
        $user.hive | Should -Be 'loaded'
        $user.error | Should -BeNullOrEmpty
        $user.keys.Count | Should -Be 0
        @($user.once.Keys) | Should -Be @('INC7')
        $user.files.Count | Should -Be 1
        $user.files[0].path | Should -Be "$script:Accounts\a3f900007c1e2b5d.tbacct"
        $user.wam.access | Should -Be 'interactive_task'
        @($user.wam.accounts | ForEach-Object { $_.id }) | Should -Be @('wam-a1', 'wam-a2')
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase probe -Result $run.result
        Should -Invoke -ModuleName _UserState Get-OfficeopsProfileFileList -Times 1 -Exactly -ParameterFilter {
            @($Folder).Count -eq 2 -and $Folder[0].path -eq $script:BackupRoot -and $Folder[0].recurse -eq $true -and $Folder[1].path -eq $script:Accounts
        }
        Should -Invoke Get-OfficeopsWamState -Times 1 -Exactly -ParameterFilter {
            $UserProfile.sid -eq $script:Anna -and $Session -eq 'auto' -and $TimeoutSeconds -eq 120
        }
        $script:fake.users.OpenHandleCount() | Should -Be 0
        # A probe writes nothing: the marker is still only the one this test made.
        @(Get-TestOnceMarker -Key $script:fake.users -Sid $script:Anna) | Should -Be @('INC7')
    }

    It 'does not reach WAM unless asked (_wam false), and reports wam as null' {
        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'probe'; _folders = $script:folders } -CheckMode

        $run.rc | Should -Be 0
        $run.result.probe.users[0].ContainsKey('wam') | Should -BeTrue
        $run.result.probe.users[0].wam | Should -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase probe -Result $run.result
        Should -Invoke Get-OfficeopsWamState -Times 0
    }

    It 'passes session and session_timeout on to WAM' {
        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'probe'; _wam = $true; session = 'interactive_task'; session_timeout = 30 } -CheckMode

        $run.rc | Should -Be 0
        Should -Invoke Get-OfficeopsWamState -Times 1 -Exactly -ParameterFilter { $Session -eq 'interactive_task' -and $TimeoutSeconds -eq 30 }
    }

    It 'probes every user with user=all; a logged-off user without NTUSER.DAT gets an error of their own' {
        Mock Get-OfficeopsWamState { @{ access = 'not_logged_on'; error = $null; cleanup_error = $null; accounts = @() } } -ParameterFilter { -not $UserProfile.logged_on }

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'probe'; user = 'all'; _folders = $script:folders; _wam = $true } -CheckMode

        $run.rc | Should -Be 0
        @($run.result.probe.users | ForEach-Object { $_.sid }) | Should -Be @($script:Anna, $script:Tom, 'S-1-5-21-3165297888-301567370-576410423-1105')
        $tom = $run.result.probe.users[1]
        $tom.error | Should -BeLike 'The registry hive of FABRIKAM\tom (*) was not found at *'
        $tom.wam.access | Should -Be 'not_logged_on'
        $tom.wam.accounts.Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase probe -Result $run.result
    }

    It 'names the user problem when the user option selects nobody' {
        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'probe'; user = 'FABRIKAM\ghost'; _wam = $true } -CheckMode

        $run.rc | Should -Be 0
        $run.result.probe.users.Count | Should -Be 0
        $run.result.probe.user_problem | Should -Be 'no user profile on this machine matches user=FABRIKAM\ghost'
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase probe -Result $run.result
        Should -Invoke Get-OfficeopsWamState -Times 0
    }

    It 'gives the same probe with -Diff and adds no diff of its own' {
        $params = @{ _phase = 'probe'; _folders = $script:folders; _wam = $true }

        $plain = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params $params -CheckMode
        $diff = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params $params -CheckMode -Diff

        $diff.rc | Should -Be 0
        $diff.result.ContainsKey('diff') | Should -BeFalse
        (ConvertTo-Json -InputObject $diff.result.probe -Depth 32 -Compress) | Should -Be (ConvertTo-Json -InputObject $plain.result.probe -Depth 32 -Compress)
    }

    It 'fails the run with the error when WAM cannot be asked at all' {
        Mock Get-OfficeopsWamState { throw 'Exception from HRESULT: 0x80070005' }

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'probe'; _wam = $true } -CheckMode

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_aad_broker_reset failed: Exception from HRESULT: 0x80070005'
        $run.result.ContainsKey('probe') | Should -BeFalse
    }
}

Describe 'win_aad_broker_reset apply' {
    BeforeEach {
        $script:fake = Use-OfficeopsLabHost -Name shared_pc -Console $script:Anna
        $script:before = Get-OfficeopsFakeRegistryText -Key $script:fake.users
        Mock Get-OfficeopsSessionAccess { 'direct' }
        Mock Test-OfficeopsElevatedAdministrator { $false }
        Mock Add-AppxPackage { }
        Mock Invoke-OfficeopsWamSignOutOp {
            @{ op = 'wam_sign_out'; sid = $UserProfile.sid; path = ''; status = 'changed'; error = $null
                signed_out = @(@{ id = 'wam-a2'; provider = 'https://login.microsoft.com' }) }
        }
        Mock -ModuleName _UserState Stop-OfficeopsUserProcess { $true }
        Mock -ModuleName _UserState Move-OfficeopsProfileFile { $true }
        Mock -ModuleName _UserState Remove-OfficeopsBackupFile { $true }
        $token = "$script:Accounts\a3f900007c1e2b5d.tbacct"
        $cxh = 'AppData\Local\Packages\Microsoft.Windows.CloudExperienceHost_cw5n1h2txyewy\AC\TokenBroker\Accounts\77aa.tbacct'
        # A full reset, in an order the module must not follow: it signs out first, then
        # the files, then registration, then the once marker.
        $script:full = @(
            @{ op = 'set_once_marker'; sid = $script:Anna; action = 'broker_reset'; once_id = 'INC0042' }
            @{ op = 'register_package'; sid = $script:Anna }
            @{ op = 'stop_process'; sid = $script:Anna; name = 'Microsoft.AAD.BrokerPlugin' }
            @{ op = 'move_file'; sid = $script:Anna; path = $token; destination = "$script:BackupRoot\INC0042\$token" }
            @{ op = 'wam_sign_out'; sid = $script:Anna; ids = @('wam-a2') }
            @{ op = 'move_file'; sid = $script:Anna; path = $cxh; destination = "$script:BackupRoot\INC0042\$cxh" }
        )
        $script:order = @('wam_sign_out:changed', 'stop_process:changed', 'move_file:changed', 'move_file:changed', 'register_package:changed', 'set_once_marker:changed')
    }

    It 'signs out, stops the broker, moves the token files, re-registers the plugin and marks the incident, in that order' {
        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $script:full }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeOfType [bool]
        $run.result.changed | Should -BeTrue
        Get-TestStatus -Result $run.result | Should -Be $script:order
        $run.result.results[0].signed_out[0].id | Should -Be 'wam-a2'
        $run.result.results[2].path | Should -Be "$script:Accounts\a3f900007c1e2b5d.tbacct"
        $run.result.results[4].path | Should -Be ''
        $run.result.results[4].error | Should -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
        Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 1 -Exactly -ParameterFilter {
            $UserProfile.sid -eq $script:Anna -and @($Op.ids) -join ',' -eq 'wam-a2' -and $Session -eq 'auto' -and $TimeoutSeconds -eq 120
        }
        Should -Invoke -ModuleName _UserState Stop-OfficeopsUserProcess -Times 1 -Exactly -ParameterFilter { $ProcessName -eq 'Microsoft.AAD.BrokerPlugin' }
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 2 -Exactly
        Should -Invoke Add-AppxPackage -Times 1 -Exactly -ParameterFilter {
            $Register -match '^/Windows[\\/]SystemApps[\\/]Microsoft\.AAD\.BrokerPlugin_cw5n1h2txyewy[\\/]Appxmanifest\.xml$' -and $DisableDevelopmentMode -and $ForceApplicationShutdown
        }
        @(Get-TestOnceMarker -Key $script:fake.users -Sid $script:Anna) | Should -Be @('INC0042')
        $script:fake.users.OpenHandleCount() | Should -Be 0
    }

    It 'registers the plugin through the session task when an elevated administrator acts for a logged-on user' {
        Mock Test-OfficeopsElevatedAdministrator { $true }
        Mock Invoke-OfficeopsAsUser { @{ status = 'ok'; output = 'registered'; error = $null; cleanup_error = $null } }

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = @(@{ op = 'register_package'; sid = $script:Anna }); session_timeout = 45 }

        $run.rc | Should -Be 0
        Get-TestStatus -Result $run.result | Should -Be @('register_package:changed')
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
        Should -Invoke Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter {
            $Access -eq 'interactive_task' -and $Function.Name -eq 'Register-BrokerPackage' -and $TimeoutSeconds -eq 45 -and $UserProfile.sid -eq $script:Anna
        }
        Should -Invoke Add-AppxPackage -Times 0
    }

    It 'fails the registration with the reason: <case>' -ForEach @(
        @{ case = 'session out of reach'; access = 'not_logged_on'; asUser = $null; appx = $null; message = "the user's session cannot be reached now (not_logged_on)" }
        @{ case = 'become as another user'; access = 'become_mismatch'; asUser = $null; appx = $null; message = "the user's session cannot be reached now (become_mismatch)" }
        @{ case = 'Add-AppxPackage refused'; access = 'direct'; asUser = $null; appx = 'Deployment failed with HRESULT: 0x80073D19'; message = 'failed: Deployment failed with HRESULT: 0x80073D19' }
        @{ case = 'the session task timed out'; access = 'interactive_task'; asUser = @{ status = 'timeout'; output = $null; error = "no answer from the user's session within 120 seconds"; cleanup_error = $null }; appx = $null; message = "timeout: no answer from the user's session within 120 seconds" }
        @{ case = 'the session task could not start'; access = 'interactive_task'; asUser = 'throw'; appx = $null; message = 'the task could not be registered' }
    ) {
        $global:OfficeopsTestAccess = $access
        $global:OfficeopsTestAsUser = $asUser
        $global:OfficeopsTestAppx = $appx
        Mock Get-OfficeopsSessionAccess { $global:OfficeopsTestAccess }
        if ($access -eq 'interactive_task') {
            Mock Invoke-OfficeopsAsUser {
                if ($global:OfficeopsTestAsUser -eq 'throw') { throw 'the task could not be registered' }
                $global:OfficeopsTestAsUser
            }
        }
        if ($appx) {
            Mock Add-AppxPackage { throw $global:OfficeopsTestAppx }
        }
        $ops = @(@{ op = 'register_package'; sid = $script:Anna }, @{ op = 'set_once_marker'; sid = $script:Anna; action = 'broker_reset'; once_id = 'INC0042' })

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        Get-TestStatus -Result $run.result | Should -Be @('register_package:failed', 'set_once_marker:not_run')
        $run.result.results[0].error | Should -Be $message
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
        # No marker: a rerun must try again.
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'still moves the files after a failed sign-out, but neither registers nor marks' {
        Mock Invoke-OfficeopsWamSignOutOp {
            @{ op = 'wam_sign_out'; sid = $UserProfile.sid; path = ''; status = 'failed'; error = 'FindAllAccountsAsync answered ProviderError'; signed_out = @() }
        }

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $script:full }

        $run.rc | Should -Be 0
        Get-TestStatus -Result $run.result | Should -Be @('wam_sign_out:failed', 'stop_process:changed', 'move_file:changed', 'move_file:changed', 'register_package:not_run', 'set_once_marker:not_run')
        $run.result.results[0].error | Should -Be 'FindAllAccountsAsync answered ProviderError'
        $run.result.changed | Should -BeTrue
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
        Should -Invoke Add-AppxPackage -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'stops at the first file that cannot be moved' {
        Mock -ModuleName _UserState Move-OfficeopsProfileFile { throw 'The process cannot access the file because it is being used by another process.' }

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $script:full }

        Get-TestStatus -Result $run.result | Should -Be @('wam_sign_out:changed', 'stop_process:changed', 'move_file:failed', 'move_file:not_run', 'register_package:not_run', 'set_once_marker:not_run')
        $run.result.results[2].error | Should -Be 'The process cannot access the file because it is being used by another process.'
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 1 -Exactly
        Should -Invoke Add-AppxPackage -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'prunes old backups and marks the incident (delete_file)' {
        $ops = @(
            @{ op = 'delete_file'; sid = $script:Anna; path = "$script:BackupRoot\20260101\$script:Accounts\old.tbacct" }
            @{ op = 'set_once_marker'; sid = $script:Anna; action = 'broker_reset'; once_id = 'INC0043' }
        )

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $ops }

        Get-TestStatus -Result $run.result | Should -Be @('delete_file:changed', 'set_once_marker:changed')
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
        Should -Invoke -ModuleName _UserState Remove-OfficeopsBackupFile -Times 1 -Exactly -ParameterFilter { $RelativePath -eq "$script:BackupRoot\20260101\$script:Accounts\old.tbacct" }
        @(Get-TestOnceMarker -Key $script:fake.users -Sid $script:Anna) | Should -Be @('INC0043')
    }

    It 'fails every op of a SID with no profile, and runs the other users' {
        $ghost = 'S-1-5-21-9-9-9-1001'
        $ops = @(
            @{ op = 'wam_sign_out'; sid = $ghost; ids = @('wam-x') }
            @{ op = 'move_file'; sid = $ghost; path = "$script:Accounts\x.tbacct"; destination = "$script:BackupRoot\I\x.tbacct" }
            @{ op = 'set_once_marker'; sid = $script:Anna; action = 'broker_reset'; once_id = 'INC0044' }
        )

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        Get-TestStatus -Result $run.result | Should -Be @('wam_sign_out:failed', 'move_file:failed', 'set_once_marker:changed')
        $run.result.results[0].sid | Should -Be $ghost
        $run.result.results[0].path | Should -Be ''
        $run.result.results[0].error | Should -Be "no profile with SID $ghost on this machine"
        $run.result.results[1].path | Should -Be "$script:Accounts\x.tbacct"
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
        Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 0
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 0
    }

    It 'reports a hive that cannot be loaded and then neither registers nor marks (tom, logged off)' {
        $ops = @(
            @{ op = 'move_file'; sid = $script:Tom; path = "$script:Accounts\t.tbacct"; destination = "$script:BackupRoot\I\t.tbacct" }
            @{ op = 'register_package'; sid = $script:Tom }
            @{ op = 'set_once_marker'; sid = $script:Tom; action = 'broker_reset'; once_id = 'INC0045' }
        )

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $ops }

        Get-TestStatus -Result $run.result | Should -Be @('user_hive:failed', 'register_package:not_run', 'set_once_marker:not_run')
        $run.result.results[0].error | Should -BeLike 'The registry hive of FABRIKAM\tom (*) was not found at *'
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
        Should -Invoke Add-AppxPackage -Times 0
    }

    It 'refuses apply in check mode and changes nothing' {
        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $script:full } -CheckMode

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_aad_broker_reset: the apply phase was called in check mode; nothing was changed'
        $run.result.ContainsKey('results') | Should -BeFalse
        Should -Invoke Get-OfficeopsUserProfile -Times 0
        Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 0
        Should -Invoke -ModuleName _UserState Stop-OfficeopsUserProcess -Times 0
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 0
        Should -Invoke Add-AppxPackage -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'applies the same way with -Diff and adds no diff of its own' {
        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $script:full } -Diff

        $run.rc | Should -Be 0
        $run.result.ContainsKey('diff') | Should -BeFalse
        Get-TestStatus -Result $run.result | Should -Be $script:order
    }

    It 'returns no results and changed false for no ops' {
        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = @() }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        @($run.result.results).Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result $run.result
    }

    It 'refuses the whole batch for an op outside its contract: <name>' -ForEach @(
        @{ name = 'set_value' }
        @{ name = 'delete_key' }
        @{ name = 'write_backup' }
        @{ name = 'create_key' }
        @{ name = 'Wam_Sign_Out' }
        @{ name = 'delete_credential' }
    ) {
        $ops = @($script:full) + @(@{ op = $name; sid = $script:Anna; path = 'x' })

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be "win_aad_broker_reset: unknown op '$name'"
        Should -Invoke Get-OfficeopsUserProfile -Times 0
        Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 0
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'fails the run with the error when the profiles cannot be listed' {
        Mock Get-OfficeopsUserProfile { throw 'ProfileList cannot be read' }

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params @{ _phase = 'apply'; _ops = $script:full }

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_aad_broker_reset failed: ProfileList cannot be read'
        $run.result.ContainsKey('results') | Should -BeFalse
        Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 0
    }
}

Describe 'win_aad_broker_reset options' {
    It 'refuses <case> with the validation message of Ansible.Basic' -ForEach @(
        @{ case = 'an unknown method'; params = @{ method = 'nuke' }; msg = 'value of method must be one of: signout, token_cache, full. Got no match for: nuke' }
        @{ case = 'an unknown session'; params = @{ session = 'console' }; msg = 'value of session must be one of: auto, become, interactive_task. Got no match for: console' }
        @{ case = 'a timeout that is no number'; params = @{ session_timeout = 'ten' }; msg = "argument for session_timeout is of type System.String and we were unable to convert to int: The input string 'ten' was not in a correct format." }
        @{ case = 'an option of another module'; params = @{ _read = @() }; msg = 'Unsupported parameters for (win_aad_broker_reset) module: _read. Supported parameters include: *' }
    ) {
        Mock Get-OfficeopsUserProfile { throw 'must not run' }

        $run = Invoke-OfficeopsModule -Name win_aad_broker_reset -Params $params -CheckMode

        $run.rc | Should -Be 1
        # The list of supported parameters is in Ansible.Basic's order, which differs by version.
        if ($msg.EndsWith('*')) { $run.result.msg | Should -BeLike ([WildcardPattern]::Escape($msg.TrimEnd('*')) + '*') }
        else { $run.result.msg | Should -Be $msg }
        Should -Invoke Get-OfficeopsUserProfile -Times 0
    }
}
