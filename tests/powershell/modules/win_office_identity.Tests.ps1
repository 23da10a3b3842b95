# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# win_office_identity end to end through Ansible.Basic: the profile list
# (Get-OfficeopsUserProfile, P/Invoke below it) is mocked; the registry work runs for real
# against the in-memory registry built from the lab scenarios, so what apply did is read
# back from it. The .reg backup file write (Write-OfficeopsProfileFile, a file under the
# user's profile) is mocked in _UserState.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile, _UserState, _OfficeInstall

    $script:Ken = 'S-1-5-21-1853292631-2214883011-1601521470-1107'  # password_loop: EnableADAL=0
    $script:IdentityKey = 'Software\Microsoft\Office\16.0\Common\Identity'
}

Describe 'win_office_identity probe' {
    It 'probes a user through Ansible.Basic' {
        $users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{ 'S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common\Identity' = @{ EnableADAL = 1 } }
        Mock Get-OfficeopsUserProfile { @{ sid = 'S-1-5-21-1-2-3-1001'; name = 'CORP\maria'; profile_path = 'C:\Users\maria'; hive_loaded = $true; logged_on = $true; session_id = 1; console = $true } }
        Mock Get-OfficeopsMachineOffice { @{ click_to_run_version = '16.0.1'; install_roots = @{ '15.0' = $false; '16.0' = $true } } }
        Use-OfficeopsFakeRegistry -Users $users
        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; user = 'interactive'; _read = @(@{ path = 'Software\Microsoft\Office\16.0\Common\Identity'; depth = 4 }) } -CheckMode
        $run.rc | Should -Be 0
        $run.result.probe.users[0].error | Should -BeNullOrEmpty

        $run.result.probe.users[0].keys['Software\Microsoft\Office\16.0\Common\Identity'].values.EnableADAL.data | Should -Be 1
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
    }

    It 'reads the named keys of the console user from the loaded hive (password_loop)' {
        $fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name password_loop -Console $script:Ken
        $before = Get-OfficeopsFakeRegistryText -Key $fake.users
        $read = @(
            @{ path = $script:IdentityKey; depth = 1 }
            @{ path = 'Software\Microsoft\Exchange'; depth = 0 }
            @{ path = 'Software\Policies\Microsoft\Office\16.0\Common\Identity'; depth = 0 }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; _read = $read } -CheckMode

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        $probe = $run.result.probe
        $probe.user_problem | Should -BeNullOrEmpty
        $probe.machine.click_to_run_version | Should -Be '16.0.17928.20156'
        $probe.machine.install_roots['16.0'] | Should -BeTrue
        $probe.machine.install_roots['15.0'] | Should -BeFalse
        $probe.users.Count | Should -Be 1
        $user = $probe.users[0]
        $user.sid | Should -Be $script:Ken
        $user.name | Should -Be 'FABRIKAM\ken'
        $user.profile_path | Should -Be 'C:\Users\ken'
        $user.hive | Should -Be 'loaded'
        $user.error | Should -BeNullOrEmpty
        $user.console | Should -BeTrue
        $user.session_id | Should -Be 1
        $user.keys[$script:IdentityKey].values.EnableADAL.type | Should -Be 'REG_DWORD'
        $user.keys[$script:IdentityKey].values.EnableADAL.data | Should -Be 0
        $user.keys[$script:IdentityKey].keys.Count | Should -Be 0
        $user.keys.ContainsKey('Software\Microsoft\Exchange') | Should -BeTrue
        $user.keys['Software\Microsoft\Exchange'] | Should -BeNullOrEmpty
        $user.keys['Software\Policies\Microsoft\Office\16.0\Common\Identity'] | Should -BeNullOrEmpty
        $user.once.Count | Should -Be 0
        @($user.files).Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
        # A probe changes nothing and closes every key it opened.
        Get-OfficeopsFakeRegistryText -Key $fake.users | Should -Be $before
        $fake.users.OpenHandleCount() | Should -Be 0
        $fake.hklm.OpenHandleCount() | Should -Be 0
    }

    It 'reads subkeys to the depth asked and no deeper (healthy)' {
        $alice = 'S-1-5-21-1004336348-1177238915-682003330-1001'
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name healthy -Console $alice
        $read = @(@{ path = $script:IdentityKey; depth = 1 }, @{ path = 'Software\Microsoft\Office\16.0\Common'; depth = 0 })

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; _read = $read } -CheckMode

        $user = $run.result.probe.users[0]
        $identities = $user.keys[$script:IdentityKey].keys.Identities
        $identities.values.Count | Should -Be 0
        # depth 1: Identities is listed, its own subkeys are not read.
        $identities.keys.Count | Should -Be 0
        $user.keys['Software\Microsoft\Office\16.0\Common'].keys.Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
    }

    It 'reports the once markers of identity_reset and no other action' {
        $fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name password_loop -Console $script:Ken
        $marker = $fake.users.CreateSubKey("$script:Ken\Software\officeops\outlook_auth\once\identity_reset")
        $marker.SetValue('INC0042', '2026-10-01T08:00:00.0000000Z')
        $marker.Dispose()
        $other = $fake.users.CreateSubKey("$script:Ken\Software\officeops\outlook_auth\once\profile_recreate")
        $other.SetValue('INC0099', '2026-10-02T08:00:00.0000000Z')
        $other.Dispose()

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe' } -CheckMode

        $once = $run.result.probe.users[0].once
        $once.Keys | Should -Be @('INC0042')
        # (the JSON reader turns the ISO text into a DateTime)
        ([datetime]$once.INC0042).ToUniversalTime() | Should -Be ([datetime]::new(2026, 10, 1, 8, 0, 0, [System.DateTimeKind]::Utc))
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
    }

    It 'reads Office 2013 from the MSI install root, without Click-to-Run (office2013)' {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name office2013 -Console 'S-1-5-21-1645522239-1292428093-682003330-1117'

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe' } -CheckMode

        $run.result.probe.machine.click_to_run_version | Should -BeNullOrEmpty
        $run.result.probe.machine.install_roots['15.0'] | Should -BeTrue
        $run.result.probe.machine.install_roots['16.0'] | Should -BeFalse
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
    }

    It 'selects users by the user option: <user>' -ForEach @(
        @{ user = 'interactive'; console = @('S-1-5-21-3165297888-301567370-576410423-1103'); sids = @('S-1-5-21-3165297888-301567370-576410423-1103'); problem = $null }
        @{ user = 'interactive'; console = @(); sids = @(); problem = 'no user is logged on at the console' }
        @{ user = 'all'; console = @(); sids = @('S-1-5-21-3165297888-301567370-576410423-1103', 'S-1-5-21-3165297888-301567370-576410423-1104', 'S-1-5-21-3165297888-301567370-576410423-1105'); problem = $null }
        @{ user = 'S-1-5-21-3165297888-301567370-576410423-1105'; console = @(); sids = @('S-1-5-21-3165297888-301567370-576410423-1105'); problem = $null }
        @{ user = 'FABRIKAM\tom'; console = @(); sids = @('S-1-5-21-3165297888-301567370-576410423-1104'); problem = $null }
        @{ user = 'FABRIKAM\nobody'; console = @(); sids = @(); problem = 'no user profile on this machine matches user=FABRIKAM\nobody' }
        @{ user = 'S-1-5-21-9-9-9-9'; console = @(); sids = @(); problem = 'no user profile on this machine matches user=S-1-5-21-9-9-9-9' }
    ) {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name shared_pc -Console $console

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; user = $user } -CheckMode

        $run.rc | Should -Be 0
        @($run.result.probe.users | ForEach-Object { $_.sid }) | Should -Be $sids
        $run.result.probe.user_problem | Should -Be $problem
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
    }

    It 'reports a user whose hive is not loaded and has no NTUSER.DAT as an error of that user (shared_pc)' {
        $fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name shared_pc -Console 'S-1-5-21-3165297888-301567370-576410423-1103'

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; user = 'all'; _read = @(@{ path = 'Software\Microsoft\Office\16.0\Outlook'; depth = 0 }) } -CheckMode

        $run.rc | Should -Be 0
        $anna, $tom, $lee = $run.result.probe.users
        $anna.error | Should -BeNullOrEmpty
        $anna.hive | Should -Be 'loaded'
        $anna.keys['Software\Microsoft\Office\16.0\Outlook'].values.DefaultProfile.data | Should -Be 'Outlook'
        $tom.error | Should -BeLike 'The registry hive of FABRIKAM\tom (S-1-5-21-3165297888-301567370-576410423-1104) was not found at C:\Users\tom*NTUSER.DAT'
        $tom.hive | Should -BeNullOrEmpty
        $tom.keys.Count | Should -Be 0
        $tom.hive_loaded | Should -BeFalse
        $tom.logged_on | Should -BeFalse
        $tom.session_id | Should -BeNullOrEmpty
        $lee.error | Should -BeLike 'The registry hive of FABRIKAM\lee *'
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
        $fake.users.OpenHandleCount() | Should -Be 0
    }

    It 'reports a bad _read path as an error of the user, not of the run' {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name password_loop -Console $script:Ken

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; _read = @(@{ path = '..\S-1-5-18'; depth = 0 }) } -CheckMode

        $run.rc | Should -Be 0
        $run.result.probe.users[0].error | Should -Be "invalid registry path '..\S-1-5-18'"
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
    }

    It 'gives the same probe with -Diff and adds no diff of its own' {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name password_loop -Console $script:Ken
        $params = @{ _phase = 'probe'; _read = @(@{ path = $script:IdentityKey; depth = 0 }) }

        $plain = Invoke-OfficeopsModule -Name win_office_identity -Params $params -CheckMode
        $diff = Invoke-OfficeopsModule -Name win_office_identity -Params $params -CheckMode -Diff

        $diff.rc | Should -Be 0
        $diff.result.ContainsKey('diff') | Should -BeFalse
        (ConvertTo-Json -InputObject $diff.result.probe -Depth 32 -Compress) | Should -Be (ConvertTo-Json -InputObject $plain.result.probe -Depth 32 -Compress)
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $diff.result
    }

    It 'probes outside check mode too, changing nothing' {
        $fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name password_loop -Console $script:Ken
        $before = Get-OfficeopsFakeRegistryText -Key $fake.users

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; _read = @(@{ path = $script:IdentityKey; depth = 0 }) }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        Get-OfficeopsFakeRegistryText -Key $fake.users | Should -Be $before
    }

    It 'fails the run with the error when the profiles cannot be listed' {
        Mock Get-OfficeopsUserProfile { throw 'WTSEnumerateSessions failed: access denied' }

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe' } -CheckMode

        $run.rc | Should -Be 1
        $run.result.failed | Should -BeTrue
        $run.result.msg | Should -Be 'win_office_identity failed: WTSEnumerateSessions failed: access denied'
        $run.result.ContainsKey('probe') | Should -BeFalse
    }
}

Describe 'win_office_identity apply' {
    BeforeEach {
        $script:fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name password_loop -Console $script:Ken
        $script:before = Get-OfficeopsFakeRegistryText -Key $script:fake.users
        Mock -ModuleName _UserState Write-OfficeopsProfileFile { $true }
    }

    It 'refuses apply in check mode' {
        Mock Invoke-OfficeopsUserOpBatch { throw 'must not run' }
        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = @(@{ op = 'set_value'; sid = 'S-1-5-21-1-2-3-1001' }) } -CheckMode
        $run.rc | Should -Be 1
        $run.result.msg | Should -Match 'check mode'
        Should -Invoke Invoke-OfficeopsUserOpBatch -Times 0
    }

    It 'changes nothing in check mode, even for ops that would all succeed' {
        $ops = @(
            @{ op = 'set_value'; sid = $script:Ken; path = 'Software\Microsoft\Exchange'; name = 'AlwaysUseMSOAuthForAutoDiscover'; type = 'REG_DWORD'; data = 1 }
            @{ op = 'write_backup'; sid = $script:Ken; path = 'AppData\Local\officeops\outlook_auth\backup\x.reg'; content = "Windows Registry Editor Version 5.00`r`n" }
            @{ op = 'set_once_marker'; sid = $script:Ken; action = 'identity_reset'; once_id = 'INC1' }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops } -CheckMode

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_office_identity: the apply phase was called in check mode; nothing was changed'
        $run.result.ContainsKey('results') | Should -BeFalse
        Should -Invoke -ModuleName _UserState Get-OfficeopsUserProfile -Times 0
        Should -Invoke -ModuleName _UserState Write-OfficeopsProfileFile -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'sets and deletes values in the user hive, in order' {
        $ops = @(
            @{ op = 'set_value'; sid = $script:Ken; path = 'Software\Microsoft\Exchange'; name = 'AlwaysUseMSOAuthForAutoDiscover'; type = 'REG_DWORD'; data = 1 }
            @{ op = 'delete_value'; sid = $script:Ken; path = $script:IdentityKey; name = 'EnableADAL' }
            @{ op = 'set_value'; sid = $script:Ken; path = $script:IdentityKey; name = 'Note'; type = 'REG_SZ'; data = 'set by officeops' }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeOfType [bool]
        $run.result.changed | Should -BeTrue
        $run.result.results.Count | Should -Be 3
        foreach ($index in 0..2) {
            $run.result.results[$index].op | Should -Be $ops[$index].op
            $run.result.results[$index].sid | Should -Be $script:Ken
            $run.result.results[$index].path | Should -Be $ops[$index].path
            $run.result.results[$index].status | Should -Be 'changed'
            $run.result.results[$index].error | Should -BeNullOrEmpty
        }
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        $autodiscover = Get-OfficeopsFakeValue -Key $script:fake.users -Path "$script:Ken\Software\Microsoft\Exchange" -Name AlwaysUseMSOAuthForAutoDiscover
        $autodiscover.kind | Should -Be 'DWord'
        $autodiscover.data | Should -Be 1
        Get-OfficeopsFakeValue -Key $script:fake.users -Path "$script:Ken\$script:IdentityKey" -Name EnableADAL | Should -BeNullOrEmpty
        (Get-OfficeopsFakeValue -Key $script:fake.users -Path "$script:Ken\$script:IdentityKey" -Name Note).data | Should -Be 'set by officeops'
        $script:fake.users.OpenHandleCount() | Should -Be 0
    }

    It 'reports unchanged, and changed false, when the values are already right' {
        $ops = @(
            @{ op = 'set_value'; sid = $script:Ken; path = $script:IdentityKey; name = 'EnableADAL'; type = 'REG_DWORD'; data = 0 }
            @{ op = 'delete_value'; sid = $script:Ken; path = $script:IdentityKey; name = 'DisableAADWAM' }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeOfType [bool]
        $run.result.changed | Should -BeFalse
        @($run.result.results | ForEach-Object { $_.status }) | Should -Be @('unchanged', 'unchanged')
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'backs the identity key up, then deletes it when its fingerprint is the probed one' {
        # The Identity key of password_loop holds only EnableADAL = 0 (REG_DWORD).
        $expect = Get-OfficeopsLineSha256 -Line @('', "`tEnableADAL`tREG_DWORD`t0")
        $content = "Windows Registry Editor Version 5.00`r`n`r`n[HKEY_CURRENT_USER\$script:IdentityKey]`r`n`"EnableADAL`"=dword:00000000`r`n"
        $backup = 'AppData\Local\officeops\outlook_auth\backup\20261121T101500Z-Identity.reg'
        $ops = @(
            @{ op = 'write_backup'; sid = $script:Ken; path = $backup; content = $content }
            @{ op = 'delete_key'; sid = $script:Ken; path = $script:IdentityKey; expect = $expect }
            @{ op = 'set_once_marker'; sid = $script:Ken; action = 'identity_reset'; once_id = 'INC0042' }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        @($run.result.results | ForEach-Object { $_.status }) | Should -Be @('changed', 'changed', 'changed')
        $run.result.changed | Should -BeTrue
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        Should -Invoke -ModuleName _UserState Write-OfficeopsProfileFile -Times 1 -Exactly -ParameterFilter {
            $RelativePath -eq $backup -and $Content -ceq $content -and $UserProfile.sid -eq $script:Ken
        }
        Test-OfficeopsFakeKey -Key $script:fake.users -Path "$script:Ken\$script:IdentityKey" | Should -BeFalse
        Test-OfficeopsFakeKey -Key $script:fake.users -Path "$script:Ken\Software\Microsoft\Office\16.0\Outlook" | Should -BeTrue
        (Get-OfficeopsFakeValue -Key $script:fake.users -Path "$script:Ken\Software\officeops\outlook_auth\once\identity_reset" -Name INC0042).kind | Should -Be 'String'
        $script:fake.users.OpenHandleCount() | Should -Be 0
    }

    It 'deletes a key only after its backup: <case>' -ForEach @(
        @{ case = 'no backup written first'; backup = $null; expect = 'x'; message = 'refusing to delete Software\Microsoft\Office\16.0\Common\Identity: no backup of it was written first' }
        @{ case = 'a backup of another key'; backup = 'Software\Microsoft\Office\16.0\Common\Internet'; expect = 'x'; message = 'refusing to delete Software\Microsoft\Office\16.0\Common\Identity: no backup of it was written first' }
        @{ case = 'the key changed since the probe'; backup = 'Software\Microsoft\Office\16.0\Common\Identity'; expect = '0000000000000000000000000000000000000000000000000000000000000000'; message = 'refusing to delete Software\Microsoft\Office\16.0\Common\Identity: it changed since it was backed up; nothing was deleted, run again' }
    ) {
        $ops = [System.Collections.Generic.List[object]]@()
        if ($backup) {
            $ops.Add(@{ op = 'write_backup'; sid = $script:Ken; path = 'AppData\Local\officeops\outlook_auth\backup\b.reg'; content = "Windows Registry Editor Version 5.00`r`n`r`n[HKEY_CURRENT_USER\$backup]`r`n" })
        }
        $ops.Add(@{ op = 'delete_key'; sid = $script:Ken; path = $script:IdentityKey; expect = $expect })
        $ops.Add(@{ op = 'set_once_marker'; sid = $script:Ken; action = 'identity_reset'; once_id = 'INC0042' })

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = @($ops) }

        $run.rc | Should -Be 0
        $results = @($run.result.results)
        $results[-2].op | Should -Be 'delete_key'
        $results[-2].status | Should -Be 'failed'
        $results[-2].error | Should -Be $message
        # The ops after a failure do not run.
        $results[-1].status | Should -Be 'not_run'
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        Test-OfficeopsFakeKey -Key $script:fake.users -Path "$script:Ken\$script:IdentityKey" | Should -BeTrue
        Test-OfficeopsFakeKey -Key $script:fake.users -Path "$script:Ken\Software\officeops" | Should -BeFalse
        $script:fake.users.OpenHandleCount() | Should -Be 0
    }

    It 'does not delete when the backup could not be written' {
        Mock -ModuleName _UserState Write-OfficeopsProfileFile { throw 'Access to the path is denied.' }
        $ops = @(
            @{ op = 'write_backup'; sid = $script:Ken; path = 'AppData\Local\officeops\outlook_auth\backup\b.reg'; content = "Windows Registry Editor Version 5.00`r`n`r`n[HKEY_CURRENT_USER\$script:IdentityKey]`r`n" }
            @{ op = 'delete_key'; sid = $script:Ken; path = $script:IdentityKey; expect = (Get-OfficeopsLineSha256 -Line @('', "`tEnableADAL`tREG_DWORD`t0")) }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        $run.result.results[0].status | Should -Be 'failed'
        $run.result.results[0].error | Should -Be 'Access to the path is denied.'
        $run.result.results[1].status | Should -Be 'not_run'
        $run.result.results[1].error | Should -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'fails the ops of a SID with no profile and still runs the other users' {
        $ops = @(
            @{ op = 'set_value'; sid = 'S-1-5-21-9-9-9-1001'; path = 'Software\Microsoft\Exchange'; name = 'AlwaysUseMSOAuthForAutoDiscover'; type = 'REG_DWORD'; data = 1 }
            @{ op = 'set_value'; sid = $script:Ken; path = 'Software\Microsoft\Exchange'; name = 'AlwaysUseMSOAuthForAutoDiscover'; type = 'REG_DWORD'; data = 1 }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        $run.result.results[0].sid | Should -Be 'S-1-5-21-9-9-9-1001'
        $run.result.results[0].status | Should -Be 'failed'
        $run.result.results[0].error | Should -Be 'no profile with SID S-1-5-21-9-9-9-1001 on this machine'
        $run.result.results[1].status | Should -Be 'changed'
        $run.result.changed | Should -BeTrue
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
    }

    It 'reports a hive that cannot be loaded as a user_hive result (shared_pc, tom logged off)' {
        $fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name shared_pc
        $tom = 'S-1-5-21-3165297888-301567370-576410423-1104'
        $before = Get-OfficeopsFakeRegistryText -Key $fake.users
        $ops = @(@{ op = 'set_value'; sid = $tom; path = 'Software\Microsoft\Exchange'; name = 'AlwaysUseMSOAuthForAutoDiscover'; type = 'REG_DWORD'; data = 1 })

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        $run.result.results.Count | Should -Be 1
        $run.result.results[0].op | Should -Be 'user_hive'
        $run.result.results[0].sid | Should -Be $tom
        $run.result.results[0].status | Should -Be 'failed'
        $run.result.results[0].error | Should -BeLike 'The registry hive of FABRIKAM\tom (*) was not found at *'
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        Get-OfficeopsFakeRegistryText -Key $fake.users | Should -Be $before
    }

    It 'returns no results and changed false for no ops' {
        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = @() }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        @($run.result.results).Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        Should -Invoke -ModuleName _UserState Get-OfficeopsUserProfile -Times 1 -Exactly
    }

    It 'applies the same way with -Diff and adds no diff of its own' {
        $ops = @(@{ op = 'delete_value'; sid = $script:Ken; path = $script:IdentityKey; name = 'EnableADAL' })

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops } -Diff

        $run.rc | Should -Be 0
        $run.result.ContainsKey('diff') | Should -BeFalse
        $run.result.results[0].status | Should -Be 'changed'
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        Get-OfficeopsFakeValue -Key $script:fake.users -Path "$script:Ken\$script:IdentityKey" -Name EnableADAL | Should -BeNullOrEmpty
    }

    It 'refuses the whole batch for an op outside its contract: <name>' -ForEach @(
        @{ name = 'delete_tree' }
        @{ name = 'Set_Value' }  # op names are case-sensitive
        @{ name = 'create_key' }  # known to _UserState, not an op of this module
        @{ name = 'move_file' }
        @{ name = 'stop_process' }
        @{ name = 'delete_file' }
    ) {
        $ops = @(
            @{ op = 'set_value'; sid = $script:Ken; path = 'Software\Microsoft\Exchange'; name = 'AlwaysUseMSOAuthForAutoDiscover'; type = 'REG_DWORD'; data = 1 }
            @{ op = $name; sid = $script:Ken; path = 'Software\Microsoft\Office' }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be "win_office_identity: unknown op '$name'"
        $run.result.ContainsKey('results') | Should -BeFalse
        Should -Invoke -ModuleName _UserState Get-OfficeopsUserProfile -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'accepts each op of its contract: <name>' -ForEach @(
        @{ name = 'set_value' }
        @{ name = 'delete_value' }
        @{ name = 'delete_key' }
        @{ name = 'write_backup' }
        @{ name = 'set_once_marker' }
    ) {
        Mock Invoke-OfficeopsUserOpBatch { @{ op = $Op[0].op; sid = $Op[0].sid; path = ''; status = 'unchanged'; error = $null } }

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = @(@{ op = $name; sid = $script:Ken }) }

        $run.rc | Should -Be 0
        Should -Invoke Invoke-OfficeopsUserOpBatch -Times 1 -Exactly -ParameterFilter { $Op.Count -eq 1 -and $Op[0].op -ceq $name }
    }

    It 'fails the run with the error when the apply cannot start' {
        Mock Invoke-OfficeopsUserOpBatch { throw 'the profile list is unreadable' }

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = @(@{ op = 'set_value'; sid = $script:Ken }) }

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_office_identity failed: the profile list is unreadable'
        $run.result.ContainsKey('results') | Should -BeFalse
    }
}

Describe 'win_office_identity options' {
    It 'refuses <case> with the validation message of Ansible.Basic' -ForEach @(
        @{ case = 'a bool that is not one'; params = @{ modern_auth = 'maybe' }; msg = "argument for modern_auth is of type System.String and we were unable to convert to bool: The value 'maybe' is not a valid boolean. Valid booleans include: y, yes, on, 1, true, t, 1.0, n, no, off, 0, false, f, 0.0" }
        @{ case = 'an unknown wam choice'; params = @{ wam = 'off' }; msg = 'value of wam must be one of: enabled, disabled, unmanaged. Got no match for: off' }
        @{ case = 'an unknown office_version'; params = @{ office_version = '14.0' }; msg = 'value of office_version must be one of: auto, 15.0, 16.0. Got no match for: 14.0' }
        @{ case = 'an unknown phase'; params = @{ _phase = 'teardown' }; msg = 'value of _phase must be one of: probe, apply. Got no match for: teardown' }
        @{ case = 'an unknown option'; params = @{ usr = 'CORP\maria' }; msg = 'Unsupported parameters for (win_office_identity) module: usr. Supported parameters include: *' }
    ) {
        Mock Get-OfficeopsUserProfile { throw 'must not run' }

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params $params -CheckMode

        $run.rc | Should -Be 1
        $run.result.failed | Should -BeTrue
        # The list of supported parameters is in Ansible.Basic's order, which differs by version.
        if ($msg.EndsWith('*')) { $run.result.msg | Should -BeLike ([WildcardPattern]::Escape($msg.TrimEnd('*')) + '*') }
        else { $run.result.msg | Should -Be $msg }
        Should -Invoke Get-OfficeopsUserProfile -Times 0
    }

    It 'refuses an op that is not a dict with an op name' {
        $users = New-OfficeopsFakeRegistry -Name HKEY_USERS
        Use-OfficeopsFakeRegistry -Users $users
        Mock -ModuleName _UserState Get-OfficeopsUserProfile { throw 'must not run' }

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = @(@{ sid = 'S-1-5-21-1-2-3-1001' }) }

        $run.rc | Should -Be 1
        $run.result.msg | Should -BeLike 'win_office_identity*'
        Should -Invoke -ModuleName _UserState Get-OfficeopsUserProfile -Times 0
        $users.SubKeyCount | Should -Be 0
    }
}

Describe 'win_office_identity with a hive loaded from NTUSER.DAT (logged_off)' {
    # RegLoadKey / RegUnLoadKey are _UserHive's boundaries; the in-memory HKEY_USERS plays
    # them (Attach / Detach). Detach answers 5 while a handle below the hive is open, as
    # RegUnLoadKey does, so a successful unload also proves every key was closed.
    BeforeEach {
        $scenario = Read-OfficeopsLabScenario -Name logged_off
        $script:Raj = 'S-1-5-21-2222874912-3121212342-682003330-1021'
        $script:Mount = "officeops_$script:Raj"
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name logged_off
        $file = New-OfficeopsFakeRegistry -Name 'NTUSER.DAT'
        Add-OfficeopsFakeTree -Key $file -Path '' -Tree $scenario.users[0].hive
        $file.Dispose()  # only the loaded hive's own handles count from here on
        $global:OfficeopsTestHive = @{ Users = $global:OfficeopsFakeRegistryBase.Users; File = $file.Node; Unload = $null }
        Mock -ModuleName _UserHive Test-OfficeopsHiveFile { $true }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveLoad { $global:OfficeopsTestHive.Users.Attach($KeyName, $global:OfficeopsTestHive.File) }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveUnload {
            if ($null -ne $global:OfficeopsTestHive.Unload) { return $global:OfficeopsTestHive.Unload }
            $global:OfficeopsTestHive.Users.Detach($KeyName)
        }
    }

    It 'probes the hive of a logged-off user, then unloads it' {
        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; user = $script:Raj; _read = @(@{ path = $script:IdentityKey; depth = 0 }) } -CheckMode

        $run.rc | Should -Be 0
        $user = $run.result.probe.users[0]
        $user.hive | Should -Be 'mounted'
        $user.error | Should -BeNullOrEmpty
        $user.keys[$script:IdentityKey].values.EnableADAL.data | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
        Should -Invoke -ModuleName _UserHive Invoke-OfficeopsHiveLoad -Times 1 -Exactly -ParameterFilter { $KeyName -eq $script:Mount -and $Path -eq 'C:\Users\raj\NTUSER.DAT' }
        Should -Invoke -ModuleName _UserHive Invoke-OfficeopsHiveUnload -Times 1 -Exactly -ParameterFilter { $KeyName -eq $script:Mount }
        $global:OfficeopsTestHive.Users.Node.Keys.ContainsKey($script:Mount) | Should -BeFalse
    }

    It 'writes into the loaded hive and unloads it even after an op failed' {
        $ops = @(
            @{ op = 'delete_value'; sid = $script:Raj; path = $script:IdentityKey; name = 'EnableADAL' }
            @{ op = 'delete_key'; sid = $script:Raj; path = $script:IdentityKey; expect = 'x' }
        )

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        @($run.result.results | ForEach-Object { '{0}:{1}' -f $_.op, $_.status }) | Should -Be @('delete_value:changed', 'delete_key:failed')
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
        Should -Invoke -ModuleName _UserHive Invoke-OfficeopsHiveUnload -Times 1 -Exactly
        $global:OfficeopsTestHive.Users.Node.Keys.ContainsKey($script:Mount) | Should -BeFalse
        # The change went into the hive file; the key the failed op named is still there.
        $identity = $global:OfficeopsTestHive.File
        foreach ($part in $script:IdentityKey.Split('\')) { $identity = $identity.Keys[$part] }
        $identity.Values.ContainsKey('EnableADAL') | Should -BeFalse
    }

    It 'reports a hive it could not unload as a user_hive failure, after the ops'' own results' {
        $global:OfficeopsTestHive.Unload = 5
        $ops = @(@{ op = 'delete_value'; sid = $script:Raj; path = $script:IdentityKey; name = 'EnableADAL' })

        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 0
        @($run.result.results | ForEach-Object { '{0}:{1}' -f $_.op, $_.status }) | Should -Be @('delete_value:changed', 'user_hive:failed')
        $run.result.results[1].error | Should -BeLike "The registry hive of WS-0871\raj is still loaded at HKEY_USERS\$script:Mount (RegUnLoadKey returned 5: *). Unload it before the user logs on*reg.exe unload `"HKU\$script:Mount`""
        $run.result.changed | Should -BeTrue
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result $run.result
    }
}
