# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# win_work_school_account.ps1 end to end through Ansible.Basic, probe and apply. The host is
# the lab scenario tests/lab/scenarios/godaddy_657rx.json: a workgroup PC where Maria's hive
# (loaded: she is at the console) holds one Workplace Join registration, Northwind Traders.
# Registry reads and writes (JoinInfo, the BlockAADWorkplaceJoin policy) run for real against
# the in-memory registry; every other Windows call is a mocked boundary: the utilities'
# exported functions (profiles, session access, elevation, WAM, running as the user, native
# commands) and the module's own (OS build, %SystemRoot%, whether WPJCleanUp exists).
# Expected values are written here by hand or copied from the scenario file.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"

    # The policy value as the fake HKLM holds it: "<kind> <data>", or $null.
    Function Get-PolicyValue {
        $path = 'SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin'
        if (-not (Test-OfficeopsFakeKey -Key $global:WsaHklm -Path $path)) {
            return 'no key'
        }
        $value = Get-OfficeopsFakeValue -Key $global:WsaHklm -Path $path -Name 'BlockAADWorkplaceJoin'
        if ($null -eq $value) {
            return 'no value'
        }
        '{0} {1}' -f $value.kind, $value.data
    }

    Import-OfficeopsUtil -Name _RegistryTree, _UserProfile, _UserHive, _SessionTask, _NativeCommand, _UserState, _WamAccount
    # The module's own boundary functions, defined globally so that Pester can mock them
    # before the module script defines them (the mock's alias wins over the script's function).
    $null = Register-OfficeopsBoundaryStub -Path win_work_school_account -Name Get-OfficeopsOsBuild, Get-OfficeopsSystemPath, Test-OfficeopsFileExist

    $script:scenario = ConvertFrom-Json -AsHashtable -InputObject ([System.IO.File]::ReadAllText(
            (Join-Path -Path $script:OfficeopsRoot -ChildPath 'tests/lab/scenarios/godaddy_657rx.json')))
    $script:mariaSid = 'S-1-5-21-3623811015-3361044348-30300820-1013'
    $script:jonSid = 'S-1-5-21-3623811015-3361044348-30300820-1014'
    $script:mariaProfile = @{ sid = $mariaSid; name = 'BLOOMFIELD-PC\maria'; profile_path = 'C:\Users\maria'; hive_loaded = $true
        logged_on = $true; session_id = 1; console = $true
    }
    $script:jonProfile = @{ sid = $jonSid; name = 'BLOOMFIELD-PC\jon'; profile_path = 'C:\Users\jon'; hive_loaded = $false
        logged_on = $false; session_id = $null; console = $false
    }
    $script:systemProfile = @{ sid = 'S-1-5-18'; name = 'NT AUTHORITY\SYSTEM'; profile_path = 'C:\WINDOWS\system32\config\systemprofile'
        hive_loaded = $true; logged_on = $false; session_id = $null; console = $false
    }
    $script:joinInfoKey = 'Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo'
    $script:cleanupPath = 'C:\Tools\WPJ Clean\WPJCleanUp.cmd'
    # What the action plugin sends (plugins/action/win_work_school_account.py).
    $script:read = @(@{ path = $joinInfoKey; depth = 1 })
    $script:checkModeMessage = 'win_work_school_account: the apply phase was called in check mode; nothing was changed'

    # dsregcmd /status of this workgroup PC with Maria's Northwind work account ("Work Account
    # 1" section): the sample the controller's parser is tested on
    # (tests/unit/plugins/module_utils/_workplace/samples), with dsregcmd.exe's CRLF line ends.
    $script:wpjStatus = [System.IO.File]::ReadAllText((Join-Path -Path $script:OfficeopsRoot -ChildPath 'tests/unit/plugins/module_utils/_workplace/samples/win11_workgroup_wpj_user_session.txt')).Replace("`n", "`r`n")
}

AfterAll {
    Unregister-OfficeopsBoundaryStub
    Remove-Variable -Name WsaHklm, WsaUsers, WsaTool -Scope Global -ErrorAction SilentlyContinue
}

Describe 'win_work_school_account' {
    BeforeEach {
        $global:WsaHklm = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE
        Add-OfficeopsFakeTree -Key $global:WsaHklm -Path '' -Tree $scenario.hklm
        $global:WsaUsers = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{
            "$mariaSid\Software\officeops\outlook_auth\once\work_school" = @{ 'INC0099999' = '2026-11-18T10:00:00Z' }
            "$mariaSid\Software\officeops\outlook_auth\once\facts" = @{ 'INC0012345' = '2026-11-19T10:00:00Z' }
        }
        Add-OfficeopsFakeTree -Key $global:WsaUsers -Path $mariaSid -Tree $scenario.users[0].hive
        Use-OfficeopsFakeRegistry -Users $global:WsaUsers -LocalMachine $global:WsaHklm
        # What WPJCleanUp does when it runs: removes Maria's registrations, or not.
        $global:WsaTool = @{ removes = $true; exit_code = 0 }

        Mock Get-OfficeopsOsBuild { 22631 }
        Mock Get-OfficeopsSystemPath { "C:\Windows\$ChildPath" }
        Mock Test-OfficeopsFileExist { $Path -eq 'C:\Tools\WPJ Clean\WPJCleanUp.cmd' }
        Mock Get-OfficeopsUserProfile { $mariaProfile; $jonProfile; $systemProfile }
        Mock Get-OfficeopsSessionAccess { if ($UserProfile.logged_on) { 'interactive_task' } else { 'not_logged_on' } }
        Mock Test-OfficeopsElevatedAdministrator { $true }
        Mock Invoke-OfficeopsNativeCommand { @{ exit_code = 0; output = $wpjStatus } }
        Mock Get-OfficeopsWamState {
            @{ access = 'interactive_task'; error = $null; cleanup_error = $null; accounts = @(
                    @{ id = 'wam-1'; provider = 'https://login.microsoft.com'; user_name = 'maria.lopez@northwind-traders.com'
                        tenant_id = '9188040d-6c67-4c5b-b112-36a304b66dad'; signed_out = $false
                    }
                )
            }
        }
        Mock Invoke-OfficeopsWamSignOutOp {
            @{ op = 'wam_sign_out'; sid = $UserProfile.sid; path = ''; status = 'changed'; error = $null
                signed_out = @(@{ id = 'wam-1'; provider = 'https://login.microsoft.com' })
            }
        }
        Mock Invoke-OfficeopsAsUser {
            if ($global:WsaTool.removes) {
                $key = $global:WsaUsers.OpenSubKey("$mariaSid\Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin", $true)
                $key.DeleteSubKeyTree('JoinInfo', $false)
                $key.Dispose()
            }
            @{ status = 'ok'; output = @{ exit_code = $global:WsaTool.exit_code; output = '' }; error = $null; cleanup_error = $null }
        }
    }

    AfterEach {
        # Every key the module (and the utilities it called) opened was closed.
        $global:WsaHklm.OpenHandleCount() | Should -Be 0
        $global:WsaUsers.OpenHandleCount() | Should -Be 0
    }

    Context 'probe' {
        It 'returns the device state, the policy and Maria''s registrations and WAM accounts' {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{
                user = 'interactive'; session = 'auto'; session_timeout = 45; _phase = 'probe'; _read = $read; _wam = $true
            }

            $run.rc | Should -Be 0
            $run.result.changed | Should -BeFalse
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase probe -Result $run.result
            $probe = $run.result.probe
            $probe.machine.dsregcmd_status | Should -BeExactly $wpjStatus
            $probe.machine.dsregcmd_exit_code | Should -Be 0
            $probe.machine.block_policy | Should -BeNullOrEmpty
            $probe.machine.build | Should -Be 22631
            $probe.user_problem | Should -BeNullOrEmpty
            $probe.users.Count | Should -Be 1
            $user = $probe.users[0]
            foreach ($name in 'sid', 'name', 'profile_path', 'hive_loaded', 'logged_on', 'session_id', 'console') {
                $user[$name] | Should -Be $mariaProfile[$name]
            }
            $user.error | Should -BeNullOrEmpty
            $user.hive | Should -Be 'loaded'
            # This module's once markers only.
            ConvertTo-OfficeopsCanonicalJson $user.once | Should -Be (ConvertTo-OfficeopsCanonicalJson @{ INC0099999 = '2026-11-18T10:00:00Z' })
            # The scenario's registration, as Read-OfficeopsRegistryTree shapes it.
            ConvertTo-OfficeopsCanonicalJson $user.keys | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    'Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo' = @{ values = @{}; keys = @{
                            '6E1F3A9C2B7D4E8F0A1B2C3D4E5F60718293A4B5' = @{ keys = @{}; values = @{
                                    UserEmail = @{ type = 'REG_SZ'; data = 'maria.lopez@northwind-traders.com' }
                                    TenantId = @{ type = 'REG_SZ'; data = '9188040d-6c67-4c5b-b112-36a304b66dad' }
                                    IdpDomain = @{ type = 'REG_SZ'; data = 'login.windows.net' }
                                }
                            }
                        }
                    }
                })
            $user.wam.accounts[0].id | Should -Be 'wam-1'

            Should -Invoke Invoke-OfficeopsNativeCommand -Times 1 -Exactly -ParameterFilter {
                $Data.file -eq 'C:\Windows\System32\dsregcmd.exe' -and $Data.arguments -eq '/status' -and $Data.timeout_ms -eq 60000
            }
            Should -Invoke Get-OfficeopsWamState -Times 1 -Exactly -ParameterFilter {
                $UserProfile.sid -eq $mariaSid -and $Session -eq 'auto' -and $TimeoutSeconds -eq 45
            }
        }

        It 'reads the policy <name> as <shown>' -ForEach @(
            @{ name = 'set to 1'; values = @{ BlockAADWorkplaceJoin = 1 }; expected = 1; shown = '1' }
            @{ name = 'set to 0'; values = @{ BlockAADWorkplaceJoin = 0 }; expected = 0; shown = '0' }
            @{ name = 'written as a string'; values = @{ BlockAADWorkplaceJoin = '1' }; expected = $null; shown = 'null' }
            @{ name = 'key without the value'; values = @{ Other = 1 }; expected = $null; shown = 'null' }
        ) {
            $key = $global:WsaHklm.CreateSubKey('SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin')
            foreach ($valueName in $values.Keys) { $key.SetValue($valueName, $values[$valueName]) }
            $key.Dispose()
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'probe'; _read = $read }

            $run.rc | Should -Be 0
            $run.result.probe.machine.block_policy | Should -BeExactly $expected
            if ($null -ne $expected) {
                $run.result.probe.machine.block_policy | Should -BeOfType [long]
            }
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase probe -Result $run.result
        }

        It 'lists no WAM accounts unless asked' {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'probe'; _read = $read }

            $run.result.probe.users[0].ContainsKey('wam') | Should -BeTrue
            $run.result.probe.users[0].wam | Should -BeNullOrEmpty
            Should -Invoke Get-OfficeopsWamState -Times 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase probe -Result $run.result
        }

        It 'reads every real user for user=all; Jon''s unloadable hive is his error' {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ user = 'all'; _read = $read; _wam = $true }

            $run.rc | Should -Be 0
            @($run.result.probe.users | ForEach-Object { $_.sid }) | Should -Be @($mariaSid, $jonSid)
            $run.result.probe.users[1].error | Should -Not -BeNullOrEmpty
            $run.result.probe.users[1].keys.Count | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase probe -Result $run.result
        }

        It 'returns no user and the problem when user=<user> matches nobody' -ForEach @(
            @{ user = 'S-1-5-21-1-2-3-4'; problem = 'no user profile on this machine matches user=S-1-5-21-1-2-3-4' }
            @{ user = 'BLOOMFIELD-PC\nobody'; problem = 'no user profile on this machine matches user=BLOOMFIELD-PC\nobody' }
        ) {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ user = $user; _read = $read }

            $run.rc | Should -Be 0
            $run.result.probe.users.Count | Should -Be 0
            $run.result.probe.user_problem | Should -BeExactly $problem
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase probe -Result $run.result
        }

        It 'returns the <name> dsregcmd output verbatim' -ForEach @(
            @{
                name = 'Microsoft Learn hybrid-joined'
                code = 0
                # The "Sample device state output" and "Sample SSO state output" blocks of
                # learn.microsoft.com/entra/identity/devices/troubleshoot-device-dsregcmd
                # (MicrosoftDocs/entra-docs, 2025-06-27).
                text = @(
                    '+----------------------------------------------------------------------+'
                    '| Device State                                                         |'
                    '+----------------------------------------------------------------------+'
                    '             AzureAdJoined : YES'
                    '          EnterpriseJoined : NO'
                    '              DomainJoined : YES'
                    '                DomainName : HYBRIDADFS'
                    '+----------------------------------------------------------------------+'
                    ''
                    '+----------------------------------------------------------------------+'
                    '| SSO State                                                            |'
                    '+----------------------------------------------------------------------+'
                    ''
                    '                AzureAdPrt : NO'
                    '       AzureAdPrtAuthority : https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee'
                    '             EnterprisePrt : YES'
                    '   EnterprisePrtUpdateTime : 2019-01-24 19:15:33.000 UTC'
                    '   EnterprisePrtExpiryTime : 2019-02-07 19:15:33.000 UTC'
                    '    EnterprisePrtAuthority : https://fs.hybridadfs.nttest.microsoft.com:443/adfs'
                    ''
                    '+----------------------------------------------------------------------+'
                    ''
                ) -join "`r`n"
            }
            @{
                name = 'Windows 10 22H2 hybrid'
                code = 0
                # tests/unit/plugins/module_utils/_workplace/samples/win10_22h2_hybrid.txt.
                text = [System.IO.File]::ReadAllText("$PSScriptRoot/../../unit/plugins/module_utils/_workplace/samples/win10_22h2_hybrid.txt").Replace("`n", "`r`n")
            }
            @{ name = 'failing'; code = -2147024891; text = "Failed to query device registration state. Error: 0x80070005`r`n" }
        ) {
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = $code; output = $text } }
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'probe'; _read = $read }

            $run.rc | Should -Be 0
            $run.result.probe.machine.dsregcmd_status | Should -BeExactly $text
            $run.result.probe.machine.dsregcmd_exit_code | Should -Be $code
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase probe -Result $run.result
        }

        It 'fails the probe when dsregcmd cannot run' {
            Mock Invoke-OfficeopsNativeCommand { throw 'C:\Windows\System32\dsregcmd.exe did not finish within 60 seconds and was stopped' }
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'probe'; _read = $read }

            $run.rc | Should -Be 1
            $run.result.msg | Should -BeExactly 'win_work_school_account failed: C:\Windows\System32\dsregcmd.exe did not finish within 60 seconds and was stopped'
            $run.result.ContainsKey('probe') | Should -BeFalse
        }

        It 'probes the same in check mode and with -Diff, and writes nothing' {
            $before = @((Get-OfficeopsFakeRegistryText $global:WsaHklm), (Get-OfficeopsFakeRegistryText $global:WsaUsers))
            $params = @{ _phase = 'probe'; _read = $read; _wam = $true }
            $plain = Invoke-OfficeopsModule -Name win_work_school_account -Params $params
            $check = Invoke-OfficeopsModule -Name win_work_school_account -Params $params -CheckMode
            $diff = Invoke-OfficeopsModule -Name win_work_school_account -Params $params -CheckMode -Diff

            foreach ($run in $check, $diff) {
                $run.rc | Should -Be 0
                $run.result.changed | Should -BeFalse
                $run.result.ContainsKey('diff') | Should -BeFalse
                ConvertTo-OfficeopsCanonicalJson $run.result.probe | Should -Be (ConvertTo-OfficeopsCanonicalJson $plain.result.probe)
                Assert-OfficeopsContract -Wrapper win_work_school_account -Phase probe -Result $run.result
            }
            @((Get-OfficeopsFakeRegistryText $global:WsaHklm), (Get-OfficeopsFakeRegistryText $global:WsaUsers)) | Should -Be $before
        }
    }

    Context 'apply refused before anything runs' {
        BeforeEach {
            $script:allOps = @(
                @{ op = 'set_block_policy'; sid = ''; data = 1 }
                @{ op = 'remove_block_policy'; sid = '' }
                @{ op = 'leave_device'; sid = '' }
                @{ op = 'wam_sign_out'; sid = $mariaSid; ids = @('wam-1') }
                @{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath }
            )
            # A policy value that remove_block_policy would delete.
            $key = $global:WsaHklm.CreateSubKey('SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin')
            $key.SetValue('BlockAADWorkplaceJoin', 0)
            $key.Dispose()
        }

        It 'refuses the apply phase in check mode (diff <diff>) and changes nothing' -ForEach @(@{ diff = $false }, @{ diff = $true }) {
            $before = @((Get-OfficeopsFakeRegistryText $global:WsaHklm), (Get-OfficeopsFakeRegistryText $global:WsaUsers))
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = $allOps } -CheckMode -Diff:$diff

            $run.rc | Should -Be 1
            $run.result.failed | Should -BeTrue
            $run.result.msg | Should -BeExactly $checkModeMessage
            $run.result.ContainsKey('results') | Should -BeFalse
            Should -Invoke Get-OfficeopsUserProfile -Times 0
            Should -Invoke Open-OfficeopsRegistryBase -Times 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
            Should -Invoke Invoke-OfficeopsAsUser -Times 0
            Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 0
            @((Get-OfficeopsFakeRegistryText $global:WsaHklm), (Get-OfficeopsFakeRegistryText $global:WsaUsers)) | Should -Be $before
            Get-PolicyValue | Should -Be 'DWord 0'
        }

        It 'refuses the unknown op ''<name>'' before running the ops ahead of it' -ForEach @(
            @{ name = 'delete_key' }
            @{ name = 'Set_Block_Policy' }
            @{ name = 'leave-device' }
            @{ name = '' }
        ) {
            $before = @((Get-OfficeopsFakeRegistryText $global:WsaHklm), (Get-OfficeopsFakeRegistryText $global:WsaUsers))
            $ops = @($allOps) + @(@{ op = $name; sid = '' })
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = $ops }

            $run.rc | Should -Be 1
            $run.result.msg | Should -BeExactly "win_work_school_account: unknown op '$name'"
            $run.result.ContainsKey('results') | Should -BeFalse
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
            Should -Invoke Invoke-OfficeopsAsUser -Times 0
            Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 0
            @((Get-OfficeopsFakeRegistryText $global:WsaHklm), (Get-OfficeopsFakeRegistryText $global:WsaUsers)) | Should -Be $before
        }

        It 'refuses <name>' -ForEach @(
            @{ name = 'an unknown state'; params = @{ state = 'present' }
                msg = 'value of state must be one of: query, absent. Got no match for: present'
            }
            @{ name = 'an unknown phase'; params = @{ _phase = 'delete' }
                msg = 'value of _phase must be one of: probe, apply. Got no match for: delete'
            }
            @{ name = 'an unknown session'; params = @{ session = 'runas' }
                msg = 'value of session must be one of: auto, become, interactive_task. Got no match for: runas'
            }
            @{ name = 'session_timeout that is not a number'; params = @{ session_timeout = 'two minutes' }
                msg = 'argument for session_timeout is of type System.String and we were unable to convert to int:*'
            }
            @{ name = 'block_workplace_join that is not a bool'; params = @{ block_workplace_join = 'perhaps' }
                msg = 'argument for block_workplace_join is of type System.String and we were unable to convert to bool:*'
            }
            @{ name = 'match that is not a dict'; params = @{ match = 'northwind' }
                msg = 'argument for match is of type System.String and we were unable to convert to dict:*'
            }
            @{ name = 'an option it does not have'; params = @{ endpoints = @('login.microsoftonline.com') }
                msg = 'Unsupported parameters for (win_work_school_account) module: endpoints. Supported parameters include: *'
            }
        ) {
            $params['_phase'] = if ($params.ContainsKey('_phase')) { $params['_phase'] } else { 'apply' }
            $params['_ops'] = $allOps
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params $params

            $run.rc | Should -Be 1
            $run.result.failed | Should -BeTrue
            $run.result.msg | Should -BeLike $msg
            Should -Invoke Get-OfficeopsUserProfile -Times 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
            Get-PolicyValue | Should -Be 'DWord 0'
        }

        It 'fails, running nothing, for an op that is not a dict' {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = @('leave_device') }

            $run.rc | Should -Be 1
            $run.result.msg | Should -BeLike 'win_work_school_account*'
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }
    }

    Context 'apply: machine ops' {
        It 'sets the block policy to DWORD 1 when <name>' -ForEach @(
            @{ name = 'the key is missing'; values = $null }
            @{ name = 'it is 0'; values = @{ BlockAADWorkplaceJoin = 0 } }
            @{ name = 'it is a string'; values = @{ BlockAADWorkplaceJoin = '0' } }
        ) {
            if ($null -ne $values) {
                $key = $global:WsaHklm.CreateSubKey('SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin')
                foreach ($valueName in $values.Keys) { $key.SetValue($valueName, $values[$valueName]) }
                $key.Dispose()
            }
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = @(@{ op = 'set_block_policy'; sid = ''; data = 1 }) }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = 'set_block_policy'; sid = ''; path = ''; status = 'changed'; error = $null }))
            $run.result.changed | Should -BeTrue
            Get-PolicyValue | Should -Be 'DWord 1'
        }

        It 'removes the block policy value: <name>' -ForEach @(
            @{ name = 'set'; values = @{ BlockAADWorkplaceJoin = 1; Other = 'kept' }; status = 'changed'; after = 'no value' }
            @{ name = 'key without the value'; values = @{ Other = 'kept' }; status = 'unchanged'; after = 'no value' }
            @{ name = 'no key'; values = $null; status = 'unchanged'; after = 'no key' }
        ) {
            if ($null -ne $values) {
                $key = $global:WsaHklm.CreateSubKey('SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin')
                foreach ($valueName in $values.Keys) { $key.SetValue($valueName, $values[$valueName]) }
                $key.Dispose()
            }
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = @(@{ op = 'remove_block_policy'; sid = '' }) }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = 'remove_block_policy'; sid = ''; path = ''; status = $status; error = $null }))
            $run.result.changed | Should -Be ($status -eq 'changed')
            Get-PolicyValue | Should -Be $after
            if ($null -ne $values) {
                $key = $global:WsaHklm.OpenSubKey('SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin', $false)
                $key.GetValue('Other', $null) | Should -Be 'kept'
                $key.Dispose()
            }
        }

        It 'leaves the device join: dsregcmd /leave <name>' -ForEach @(
            @{ name = 'succeeds'; exit = 0; output = "`r`n"; status = 'changed'; expectedError = $null }
            @{ name = 'fails'; exit = 1; output = "  DSREGCMD_END_STATUS`r`n  Leave failed. Error: 0x801c0003`r`n"; status = 'failed'
                expectedError = "dsregcmd /leave exited with 1: DSREGCMD_END_STATUS`r`n  Leave failed. Error: 0x801c0003"
            }
        ) {
            $global:WsaLeave = @{ exit = $exit; output = $output }
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = $global:WsaLeave.exit; output = $global:WsaLeave.output } } -ParameterFilter { $Data.arguments -eq '/leave' }
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = @(@{ op = 'leave_device'; sid = '' }) }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = 'leave_device'; sid = ''; path = ''; status = $status; error = $expectedError }))
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 1 -Exactly -ParameterFilter {
                $Data.file -eq 'C:\Windows\System32\dsregcmd.exe' -and $Data.arguments -eq '/leave' -and $Data.timeout_ms -eq 120000
            }
            Remove-Variable -Name WsaLeave -Scope Global
        }

        It 'reports <op> as failed with the error when <name>' -ForEach @(
            @{ op = 'leave_device'; name = 'dsregcmd /leave cannot run'; expectedError = 'C:\Windows\System32\dsregcmd.exe did not finish within 120 seconds and was stopped'
                setup = { Mock Invoke-OfficeopsNativeCommand { throw 'C:\Windows\System32\dsregcmd.exe did not finish within 120 seconds and was stopped' } }
            }
            @{ op = 'set_block_policy'; name = 'HKLM cannot be opened'; expectedError = 'Requested registry access is not allowed.'
                setup = { Mock Open-OfficeopsRegistryBase { throw [System.Security.SecurityException]::new('Requested registry access is not allowed.') } }
            }
            @{ op = 'remove_block_policy'; name = 'the policy key is read-only'; expectedError = 'Cannot write to the registry key.'
                setup = {
                    $key = $global:WsaHklm.CreateSubKey('SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin')
                    $key.SetValue('BlockAADWorkplaceJoin', 1)
                    $key.Dispose()
                    # As a key whose ACL denies this write: opened, but writing throws.
                    Mock Open-OfficeopsRegistryBase {
                        $base = $global:WsaHklm.Reopen()
                        $readOnly = [pscustomobject]@{ Base = $base }
                        $readOnly | Add-Member -MemberType ScriptMethod -Name OpenSubKey -Value { param($path, $writable) $this.Base.OpenSubKey($path, $false) }
                        $readOnly | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.Base.Dispose() }
                        $readOnly
                    }
                }
            }
        ) {
            . $setup
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = @(@{ op = $op; sid = '' }) }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            $run.result.results.Count | Should -Be 1
            $run.result.results[0].status | Should -Be 'failed'
            $run.result.results[0].error | Should -BeLike "*$expectedError*"
            $run.result.changed | Should -BeFalse
        }
    }

    Context 'apply: user ops' {
        It 'signs WAM accounts out through the WAM utility' {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; session = 'interactive_task'; session_timeout = 60
                _ops = @(@{ op = 'wam_sign_out'; sid = $mariaSid; ids = @('wam-1') })
            }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = 'wam_sign_out'; sid = $mariaSid; path = ''; status = 'changed'; error = $null
                        signed_out = @(@{ id = 'wam-1'; provider = 'https://login.microsoft.com' })
                    }))
            $run.result.changed | Should -BeTrue
            Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 1 -Exactly -ParameterFilter {
                $UserProfile.sid -eq $mariaSid -and @($Op.ids) -join ',' -eq 'wam-1' -and $Session -eq 'interactive_task' -and $TimeoutSeconds -eq 60
            }
        }

        It 'fails an op for a SID with no profile, running nothing for it' -ForEach @(
            @{ op = @{ op = 'wam_sign_out'; sid = 'S-1-5-21-9-9-9-9'; ids = @('wam-1') } }
            @{ op = @{ op = 'wpj_cleanup'; sid = 'S-1-5-21-9-9-9-9'; path = 'C:\Tools\WPJ Clean\WPJCleanUp.cmd' } }
        ) {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = @($op) }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = $op.op; sid = 'S-1-5-21-9-9-9-9'; path = ''; status = 'failed'; error = 'no profile with SID S-1-5-21-9-9-9-9 on this machine' }))
            Should -Invoke Invoke-OfficeopsWamSignOutOp -Times 0
            Should -Invoke Invoke-OfficeopsAsUser -Times 0
        }

        It 'runs WPJCleanUp in Maria''s session and checks her registrations are gone' {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; session_timeout = 60
                _ops = @(@{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath })
            }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = 'wpj_cleanup'; sid = $mariaSid; path = 'C:\Tools\WPJ Clean\WPJCleanUp.cmd'; status = 'changed'; error = $null; exit_code = 0 }))
            $run.result.changed | Should -BeTrue
            Should -Invoke Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter {
                $UserProfile.sid -eq $mariaSid -and $Access -eq 'interactive_task' -and $TimeoutSeconds -eq 60 -and
                $Function.Name -eq 'Invoke-OfficeopsNativeCommand' -and
                $Data.file -eq 'C:\Windows\System32\cmd.exe' -and
                $Data.arguments -eq '/d /s /c ""C:\Tools\WPJ Clean\WPJCleanUp.cmd""' -and
                # Split-Path -Parent; under pwsh on Linux it answers with '/' separators.
                ($Data.working_directory -replace '/', '\') -eq 'C:\Tools\WPJ Clean' -and
                $Data.timeout_ms -eq 50000
            }
            Should -Invoke Test-OfficeopsFileExist -Times 1 -Exactly -ParameterFilter { $Path -eq 'C:\Tools\WPJ Clean\WPJCleanUp.cmd' }
            $global:WsaUsers.OpenSubKey("$mariaSid\$joinInfoKey") | Should -BeNullOrEmpty
        }

        It 'runs WPJCleanUp as <runAs> when elevated=<elevated> and access=<access>' -ForEach @(
            @{ elevated = $true; access = 'direct'; runAs = 'interactive_task' }
            @{ elevated = $false; access = 'direct'; runAs = 'direct' }
            @{ elevated = $false; access = 'interactive_task'; runAs = 'interactive_task' }
        ) {
            $global:WsaCase = @{ elevated = $elevated; access = $access }
            Mock Test-OfficeopsElevatedAdministrator { $global:WsaCase.elevated }
            Mock Get-OfficeopsSessionAccess { $global:WsaCase.access }
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; session = 'become'
                _ops = @(@{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath })
            }

            $run.result.results[0].status | Should -Be 'changed'
            Should -Invoke Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter { $Access -eq $runAs }
            Should -Invoke Get-OfficeopsSessionAccess -Times 1 -Exactly -ParameterFilter { $UserProfile.sid -eq $mariaSid -and $Session -eq 'become' }
            Remove-Variable -Name WsaCase -Scope Global
        }

        It 'gives WPJCleanUp at least one second for session_timeout=<timeout>' -ForEach @(
            @{ timeout = 5; ms = 1000 }
            @{ timeout = 11; ms = 1000 }
            @{ timeout = 120; ms = 110000 }
        ) {
            $null = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; session_timeout = $timeout
                _ops = @(@{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath })
            }

            Should -Invoke Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter { $Data.timeout_ms -eq $ms -and $TimeoutSeconds -eq $timeout }
        }

        It 'reports wpj_cleanup as <status> when <name>' -ForEach @(
            @{ name = 'registrations remain'; removes = $false; exit = 0; before = $true; status = 'failed'
                expectedError = 'WPJCleanUp exited with 0 and 1 registration(s) remain'; exitCode = 0
            }
            @{ name = 'it exits 1 but the registrations are gone'; removes = $true; exit = 1; before = $true; status = 'changed'
                expectedError = $null; exitCode = 1
            }
            @{ name = 'there was nothing to remove'; removes = $false; exit = 0; before = $false; status = 'unchanged'
                expectedError = $null; exitCode = 0
            }
        ) {
            $global:WsaTool = @{ removes = $removes; exit_code = $exit }
            if (-not $before) {
                $key = $global:WsaUsers.OpenSubKey("$mariaSid\Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin", $true)
                $key.DeleteSubKeyTree('JoinInfo')
                $key.Dispose()
            }
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'
                _ops = @(@{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath })
            }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath; status = $status; error = $expectedError; exit_code = $exitCode }))
            $run.result.changed | Should -Be ($status -eq 'changed')
        }

        It 'does not run WPJCleanUp when <name>' -ForEach @(
            @{ name = 'the user is not logged on'; sid = 'S-1-5-21-3623811015-3361044348-30300820-1014'; path = 'C:\Tools\WPJ Clean\WPJCleanUp.cmd'; access = $null
                expectedError = "WPJCleanUp runs in the user's interactive session, which cannot be reached now (not_logged_on)"
            }
            @{ name = 'become is another account'; sid = 'S-1-5-21-3623811015-3361044348-30300820-1013'; path = 'C:\Tools\WPJ Clean\WPJCleanUp.cmd'; access = 'become_mismatch'
                expectedError = "WPJCleanUp runs in the user's interactive session, which cannot be reached now (become_mismatch)"
            }
            @{ name = 'the tool is not there'; sid = 'S-1-5-21-3623811015-3361044348-30300820-1013'; path = 'C:\Tools\missing\WPJCleanUp.cmd'; access = $null
                expectedError = 'WPJCleanUp was not found at C:\Tools\missing\WPJCleanUp.cmd'
            }
        ) {
            if ($access) {
                $global:WsaCase = @{ access = $access }
                Mock Get-OfficeopsSessionAccess { $global:WsaCase.access }
            }
            $before = Get-OfficeopsFakeRegistryText $global:WsaUsers
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = @(@{ op = 'wpj_cleanup'; sid = $sid; path = $path }) }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = 'wpj_cleanup'; sid = $sid; path = $path; status = 'failed'; error = $expectedError; exit_code = $null }))
            $run.result.changed | Should -BeFalse
            Should -Invoke Invoke-OfficeopsAsUser -Times 0
            Get-OfficeopsFakeRegistryText $global:WsaUsers | Should -Be $before
            Remove-Variable -Name WsaCase -Scope Global -ErrorAction SilentlyContinue
        }

        It 'reports a session task that <name>' -ForEach @(
            @{ name = 'timed out'; expectedError = 'timeout: the task did not finish within 120 seconds'
                setup = { Mock Invoke-OfficeopsAsUser { @{ status = 'timeout'; output = $null; error = 'the task did not finish within 120 seconds'; cleanup_error = $null } } }
            }
            @{ name = 'failed'; expectedError = 'failed: The task could not be registered: Access is denied.'
                setup = { Mock Invoke-OfficeopsAsUser { @{ status = 'failed'; output = $null; error = 'The task could not be registered: Access is denied.'; cleanup_error = $null } } }
            }
            @{ name = 'threw'; expectedError = 'The Task Scheduler service is not running.'
                setup = { Mock Invoke-OfficeopsAsUser { throw 'The Task Scheduler service is not running.' } }
            }
            @{ name = 'could not read the hive'; expectedError = 'another officeops run has held the registry hive of BLOOMFIELD-PC\maria for 5 minutes'
                setup = { Mock Invoke-OfficeopsWithUserHive { throw 'another officeops run has held the registry hive of BLOOMFIELD-PC\maria for 5 minutes' } }
            }
        ) {
            . $setup
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'
                _ops = @(@{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath })
            }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            ConvertTo-OfficeopsCanonicalJson $run.result.results | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath; status = 'failed'; error = $expectedError; exit_code = $null }))
            $run.result.changed | Should -BeFalse
        }
    }

    Context 'apply: a batch' {
        It 'runs every op in order; one failure does not stop the others' {
            $ops = @(
                @{ op = 'set_block_policy'; sid = ''; data = 1 }
                @{ op = 'wpj_cleanup'; sid = $jonSid; path = $cleanupPath }
                @{ op = 'wam_sign_out'; sid = $mariaSid; ids = @('wam-1') }
                @{ op = 'wpj_cleanup'; sid = $mariaSid; path = $cleanupPath }
            )
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = $ops }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
            @($run.result.results | ForEach-Object { '{0} {1} {2}' -f $_.op, $_.sid, $_.status }) | Should -Be @(
                'set_block_policy  changed'
                "wpj_cleanup $jonSid failed"
                "wam_sign_out $mariaSid changed"
                "wpj_cleanup $mariaSid changed"
            )
            $run.result.changed | Should -BeTrue
            Get-PolicyValue | Should -Be 'DWord 1'
            # The profiles are listed once for the whole batch.
            Should -Invoke Get-OfficeopsUserProfile -Times 1 -Exactly
        }

        It 'reports changed=false when nothing changed' {
            Mock Invoke-OfficeopsWamSignOutOp { @{ op = 'wam_sign_out'; sid = $UserProfile.sid; path = ''; status = 'unchanged'; error = $null; signed_out = @() } }
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'
                _ops = @(@{ op = 'remove_block_policy'; sid = '' }, @{ op = 'wam_sign_out'; sid = $mariaSid; ids = @('wam-9') })
            }

            $run.rc | Should -Be 0
            @($run.result.results | ForEach-Object { $_.status }) | Should -Be @('unchanged', 'unchanged')
            $run.result.changed | Should -BeFalse
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
        }

        It 'returns an empty result list for no ops' {
            $run = Invoke-OfficeopsModule -Name win_work_school_account -Params @{ _phase = 'apply'; _ops = @() }

            $run.rc | Should -Be 0
            $run.result.results.GetType().Name | Should -Be 'Object[]'
            $run.result.results.Count | Should -Be 0
            $run.result.changed | Should -BeFalse
            Assert-OfficeopsContract -Wrapper win_work_school_account -Phase apply -Result $run.result
        }
    }
}
