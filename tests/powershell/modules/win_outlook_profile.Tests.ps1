# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# win_outlook_profile end to end through Ansible.Basic. Mocked: the profile list
# (Get-OfficeopsUserProfile), the module's own process list (Get-OfficeopsOutlookProcess)
# and, inside _UserState, what touches files or processes under the user's profile
# (Get-OfficeopsProfileFileList, Write-OfficeopsProfileFile, Move-OfficeopsProfileFile,
# Stop-OfficeopsUserProcess). The registry work runs for real against the in-memory
# registry built from the lab scenarios.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile, _UserState, _OfficeInstall

    # The module script defines it when it runs; the suite's stub lets Pester mock it first.
    Function Get-OfficeopsOutlookProcess { }

    $script:Sam = 'S-1-5-21-3470015203-2617829442-1120467133-1001'  # corrupt_profile
    $script:Profiles = 'Software\Microsoft\Office\16.0\Outlook\Profiles'
    $script:Section = '9375CFF0413111d3B88A00104B2A6676'
    # keys_to_read for Office 16.0 (plugins/module_utils/_office/outlook_profile.py).
    $script:Read = @(
        @{ path = 'Software\officeops\outlook_auth\profiles'; depth = 0 }
        @{ path = 'Software\Microsoft\Exchange\Client\Options'; depth = 0 }
        @{ path = 'Software\Microsoft\Office\16.0\Outlook'; depth = 0 }
        @{ path = $script:Profiles; depth = 1; each = $script:Section; each_depth = 1 }
        @{ path = 'Software\Policies\Microsoft\Office\16.0\Outlook\AutoDiscover'; depth = 0 }
    )

    Function New-TestProcess {
        # A stand-in for a System.Diagnostics.Process: Id, SessionId and a Dispose that counts.
        param ([int]$Id, [object]$SessionId)
        $process = [pscustomobject]@{ Id = $Id; SessionId = $SessionId }
        $process | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $global:OfficeopsTestDisposed.Add($this.Id) }
        $process
    }
}

Describe 'win_outlook_profile probe' {
    BeforeEach {
        $global:OfficeopsTestDisposed = [System.Collections.Generic.List[int]]@()
        Mock Get-OfficeopsOutlookProcess { }
        Mock -ModuleName _UserState Get-OfficeopsProfileFileList { }
    }

    It 'reads the profiles, their account sections and the Outlook folders (corrupt_profile)' {
        $fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name corrupt_profile -Console $script:Sam
        $before = Get-OfficeopsFakeRegistryText -Key $fake.users
        Mock Get-OfficeopsOutlookProcess { New-TestProcess -Id 4242 -SessionId 1; New-TestProcess -Id 5120 -SessionId 2 }
        Mock -ModuleName _UserState Get-OfficeopsProfileFileList {
            @{ path = 'AppData\Local\Microsoft\Outlook\sam@contoso.com.ost'; size = 1073741824; last_write = '2026-10-02T09:00:00Z' }
        }
        $folders = @(@{ path = 'AppData\Local\Microsoft\Outlook'; recurse = $false })

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'probe'; _read = $script:Read; _folders = $folders } -CheckMode

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        $probe = $run.result.probe
        $probe.user_problem | Should -BeNullOrEmpty
        $probe.machine.click_to_run_version | Should -Be '16.0.17928.20156'
        $probe.processes.Count | Should -Be 2
        $probe.processes[0].pid | Should -Be 4242
        $probe.processes[0].session_id | Should -Be 1
        $probe.processes[1].pid | Should -Be 5120
        $probe.processes[1].session_id | Should -Be 2
        $global:OfficeopsTestDisposed | Should -Be @(4242, 5120)
        $user = $probe.users[0]
        $user.sid | Should -Be $script:Sam
        $user.error | Should -BeNullOrEmpty
        $user.hive | Should -Be 'loaded'
        $user.keys['Software\Microsoft\Office\16.0\Outlook'].values.DefaultProfile.data | Should -Be 'Outlook'
        @($user.keys[$script:Profiles].keys.Keys | Sort-Object) | Should -Be @('Outlook', 'Outlook (old)')
        # The broken default profile: its account section holds no account.
        $broken = $user.keys["$script:Profiles\Outlook\$script:Section"]
        $broken.values['{ED475418-B0D6-11D2-8C3B-00104B2A6676}'].type | Should -Be 'REG_BINARY'
        $broken.values['{ED475418-B0D6-11D2-8C3B-00104B2A6676}'].data | Should -Be '02000000'
        $broken.keys.Count | Should -Be 0
        # The older profile's account, without its IMAP password (never off the host).
        $account = $user.keys["$script:Profiles\Outlook (old)\$script:Section"].keys['00000002']
        $account.values['Account Name'].data | Should -Be 'sam@contoso.com'
        @($account.values.Keys) | Should -Be @('Account Name')
        $run.result | ConvertTo-Json -Depth 32 | Should -Not -Match 'Password|01000000d08c9ddf'
        $user.keys['Software\officeops\outlook_auth\profiles'] | Should -BeNullOrEmpty
        $user.files.Count | Should -Be 1
        $user.files[0].path | Should -Be 'AppData\Local\Microsoft\Outlook\sam@contoso.com.ost'
        $user.files[0].size | Should -Be 1073741824
        $user.once.Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase probe -Result $run.result
        Should -Invoke -ModuleName _UserState Get-OfficeopsProfileFileList -Times 1 -Exactly -ParameterFilter {
            $UserProfile.sid -eq $script:Sam -and @($Folder).Count -eq 1 -and $Folder[0].path -eq 'AppData\Local\Microsoft\Outlook' -and $Folder[0].recurse -eq $false
        }
        Get-OfficeopsFakeRegistryText -Key $fake.users | Should -Be $before
        $fake.users.OpenHandleCount() | Should -Be 0
        $fake.hklm.OpenHandleCount() | Should -Be 0
    }

    It 'lists no process when Outlook is not running, as an empty list' {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name corrupt_profile -Console $script:Sam

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'probe' } -CheckMode

        $run.rc | Should -Be 0
        , $run.result.probe.processes | Should -BeOfType [object[]]
        $run.result.probe.processes.Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase probe -Result $run.result
    }

    It 'releases every process handle even when one cannot be read, and fails the run' {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name corrupt_profile -Console $script:Sam
        # (A session id that is no number stands for any failure while a process is read.)
        Mock Get-OfficeopsOutlookProcess { New-TestProcess -Id 4242 -SessionId 1; New-TestProcess -Id 4243 -SessionId 'n/a' }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'probe' } -CheckMode

        $run.rc | Should -Be 1
        $run.result.msg | Should -BeLike 'win_outlook_profile failed: *"n/a"*'
        $global:OfficeopsTestDisposed | Should -Be @(4242, 4243)
    }

    It 'reports the once markers of profile_recreate' {
        $fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name corrupt_profile -Console $script:Sam
        $marker = $fake.users.CreateSubKey("$script:Sam\Software\officeops\outlook_auth\once\profile_recreate")
        $marker.SetValue('CHG0815', '2026-10-03T10:00:00.0000000Z')
        $marker.Dispose()

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'probe' } -CheckMode

        @($run.result.probe.users[0].once.Keys) | Should -Be @('CHG0815')
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase probe -Result $run.result
    }

    It 'names the user problem and probes nobody when no one is at the console' {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name corrupt_profile

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'probe'; _read = $script:Read } -CheckMode

        $run.rc | Should -Be 0
        $run.result.probe.users.Count | Should -Be 0
        $run.result.probe.user_problem | Should -Be 'no user is logged on at the console'
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase probe -Result $run.result
        Should -Invoke -ModuleName _UserState Get-OfficeopsProfileFileList -Times 0
    }

    It 'reports a folder that cannot be listed as an error of the user' {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name corrupt_profile -Console $script:Sam
        Mock -ModuleName _UserState Get-OfficeopsProfileFileList { throw "profile-relative path 'AppData\Local\Microsoft\Outlook' goes through a link at C:\Users\sam\AppData" }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'probe'; _folders = @(@{ path = 'AppData\Local\Microsoft\Outlook'; recurse = $false }) } -CheckMode

        $run.rc | Should -Be 0
        $run.result.probe.users[0].error | Should -Be "profile-relative path 'AppData\Local\Microsoft\Outlook' goes through a link at C:\Users\sam\AppData"
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase probe -Result $run.result
    }

    It 'gives the same probe with -Diff and adds no diff of its own' {
        $null = Use-OfficeopsLabHost -ProfileModule _UserState -Name corrupt_profile -Console $script:Sam
        $params = @{ _phase = 'probe'; _read = $script:Read }

        $plain = Invoke-OfficeopsModule -Name win_outlook_profile -Params $params -CheckMode
        $diff = Invoke-OfficeopsModule -Name win_outlook_profile -Params $params -CheckMode -Diff

        $diff.rc | Should -Be 0
        $diff.result.ContainsKey('diff') | Should -BeFalse
        (ConvertTo-Json -InputObject $diff.result.probe -Depth 32 -Compress) | Should -Be (ConvertTo-Json -InputObject $plain.result.probe -Depth 32 -Compress)
    }

    It 'fails the run with the error when the profiles cannot be listed' {
        Mock Get-OfficeopsUserProfile { throw 'ProfileList cannot be read' }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'probe' } -CheckMode

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_outlook_profile failed: ProfileList cannot be read'
        $run.result.ContainsKey('probe') | Should -BeFalse
    }
}

Describe 'win_outlook_profile apply' {
    BeforeEach {
        $script:fake = Use-OfficeopsLabHost -ProfileModule _UserState -Name corrupt_profile -Console $script:Sam
        $script:before = Get-OfficeopsFakeRegistryText -Key $script:fake.users
        Mock -ModuleName _UserState Stop-OfficeopsUserProcess { $true }
        Mock -ModuleName _UserState Write-OfficeopsProfileFile { $true }
        Mock -ModuleName _UserState Move-OfficeopsProfileFile { $true }
        # The broken 'Outlook' profile of corrupt_profile, as regfile.fingerprint lines.
        $script:expect = Get-OfficeopsLineSha256 -Line @('', $script:Section, "$script:Section`t{ED475418-B0D6-11D2-8C3B-00104B2A6676}`tREG_BINARY`t02000000")
        $script:backup = 'AppData\Local\officeops\outlook_auth\backup\20261121T101500Z-profile-16.0-Outlook.reg'
        $script:content = "Windows Registry Editor Version 5.00`r`n`r`n[HKEY_CURRENT_USER\$script:Profiles\Outlook]`r`n`r`n[HKEY_CURRENT_USER\$script:Profiles\Outlook\$script:Section]`r`n`"{ED475418-B0D6-11D2-8C3B-00104B2A6676}`"=hex:02,00,00,00`r`n"
        $script:recreate = @(
            @{ op = 'stop_process'; sid = $script:Sam; name = 'OUTLOOK' }
            @{ op = 'write_backup'; sid = $script:Sam; path = $script:backup; content = $script:content }
            @{ op = 'delete_key'; sid = $script:Sam; path = "$script:Profiles\Outlook"; expect = $script:expect }
            @{ op = 'create_key'; sid = $script:Sam; path = "$script:Profiles\Outlook" }
            @{ op = 'set_value'; sid = $script:Sam; path = 'Software\Microsoft\Office\16.0\Outlook'; name = 'DefaultProfile'; type = 'REG_SZ'; data = 'Outlook' }
            @{ op = 'move_file'; sid = $script:Sam; path = 'AppData\Local\Microsoft\Outlook\sam@contoso.com.ost'; destination = 'AppData\Local\officeops\outlook_auth\backup\20261121T101500Z-ost\sam@contoso.com.ost' }
            @{ op = 'set_once_marker'; sid = $script:Sam; action = 'profile_recreate'; once_id = 'CHG0815' }
        )
    }

    It 'recreates a broken default profile: stop Outlook, back up, delete, create, move the cache aside, mark' {
        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = $script:recreate }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeOfType [bool]
        $run.result.changed | Should -BeTrue
        @($run.result.results | ForEach-Object { $_.op }) | Should -Be @('stop_process', 'write_backup', 'delete_key', 'create_key', 'set_value', 'move_file', 'set_once_marker')
        @($run.result.results | ForEach-Object { $_.status }) | Should -Be @('changed', 'changed', 'changed', 'changed', 'unchanged', 'changed', 'changed')
        @($run.result.results | Where-Object { $null -ne $_.error }).Count | Should -Be 0
        $run.result.results[0].path | Should -Be ''
        $run.result.results[5].path | Should -Be 'AppData\Local\Microsoft\Outlook\sam@contoso.com.ost'
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase apply -Result $run.result
        Should -Invoke -ModuleName _UserState Stop-OfficeopsUserProcess -Times 1 -Exactly -ParameterFilter { $ProcessName -eq 'OUTLOOK' -and $UserProfile.sid -eq $script:Sam }
        Should -Invoke -ModuleName _UserState Write-OfficeopsProfileFile -Times 1 -Exactly -ParameterFilter { $RelativePath -eq $script:backup -and $Content -ceq $script:content }
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 1 -Exactly -ParameterFilter {
            $Source -eq 'AppData\Local\Microsoft\Outlook\sam@contoso.com.ost' -and $Destination -eq 'AppData\Local\officeops\outlook_auth\backup\20261121T101500Z-ost\sam@contoso.com.ost'
        }
        # The profile is empty again; the older profile (and its account) is untouched.
        $outlook = Get-OfficeopsFakeNode -Key $script:fake.users -Path "$script:Sam\$script:Profiles\Outlook"
        $outlook | Should -Not -BeNullOrEmpty
        $outlook.Keys.Count | Should -Be 0
        $outlook.Values.Count | Should -Be 0
        (Get-OfficeopsFakeNode -Key $script:fake.users -Path "$script:Sam\$script:Profiles\Outlook (old)\$script:Section\00000002").Values.Count | Should -Be 2
        (Get-OfficeopsFakeNode -Key $script:fake.users -Path "$script:Sam\Software\officeops\outlook_auth\once\profile_recreate").Values.ContainsKey('CHG0815') | Should -BeTrue
        $script:fake.users.OpenHandleCount() | Should -Be 0
    }

    It 'runs nothing after Outlook could not be stopped' {
        Mock -ModuleName _UserState Stop-OfficeopsUserProcess { throw 'OUTLOOK (pid 4242) did not exit within 30 seconds' }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = $script:recreate }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        $run.result.results[0].status | Should -Be 'failed'
        $run.result.results[0].error | Should -Be 'OUTLOOK (pid 4242) did not exit within 30 seconds'
        @($run.result.results | Select-Object -Skip 1 | ForEach-Object { $_.status } | Sort-Object -Unique) | Should -Be @('not_run')
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase apply -Result $run.result
        Should -Invoke -ModuleName _UserState Write-OfficeopsProfileFile -Times 0
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'keeps the profile when its backup fails, and moves no file' {
        Mock -ModuleName _UserState Write-OfficeopsProfileFile { throw 'There is not enough space on the disk.' }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = $script:recreate }

        $run.rc | Should -Be 0
        @($run.result.results | ForEach-Object { $_.status }) | Should -Be @('changed', 'failed', 'not_run', 'not_run', 'not_run', 'not_run', 'not_run')
        $run.result.results[1].error | Should -Be 'There is not enough space on the disk.'
        # Outlook was stopped: that alone is a change.
        $run.result.changed | Should -BeTrue
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase apply -Result $run.result
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'refuses to delete a profile that changed since the probe' {
        $ops = @($script:recreate | ForEach-Object { $_.Clone() })
        $ops[2].expect = Get-OfficeopsLineSha256 -Line @('')

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = $ops }

        $run.result.results[2].status | Should -Be 'failed'
        $run.result.results[2].error | Should -Be "refusing to delete $script:Profiles\Outlook: it changed since it was backed up; nothing was deleted, run again"
        $run.result.results[3].status | Should -Be 'not_run'
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 0
        (Get-OfficeopsFakeNode -Key $script:fake.users -Path "$script:Sam\$script:Profiles\Outlook\$script:Section") | Should -Not -BeNullOrEmpty
    }

    It 'reports a file that cannot be moved, after the registry work it depends on' {
        Mock -ModuleName _UserState Move-OfficeopsProfileFile { throw 'refusing to overwrite AppData\Local\officeops\outlook_auth\backup\20261121T101500Z-ost\sam@contoso.com.ost' }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = $script:recreate }

        $run.result.results[5].status | Should -Be 'failed'
        $run.result.results[5].error | Should -Be 'refusing to overwrite AppData\Local\officeops\outlook_auth\backup\20261121T101500Z-ost\sam@contoso.com.ost'
        # No once marker: the rerun must finish the job.
        $run.result.results[6].status | Should -Be 'not_run'
        (Get-OfficeopsFakeNode -Key $script:fake.users -Path "$script:Sam\Software\officeops") | Should -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase apply -Result $run.result
    }

    It 'creates a named profile that does not exist yet, and leaves an existing one alone' {
        $ops = @(
            @{ op = 'create_key'; sid = $script:Sam; path = "$script:Profiles\Contoso" }
            @{ op = 'create_key'; sid = $script:Sam; path = "$script:Profiles\Outlook (old)" }
        )

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = $ops }

        @($run.result.results | ForEach-Object { $_.status }) | Should -Be @('changed', 'unchanged')
        (Get-OfficeopsFakeNode -Key $script:fake.users -Path "$script:Sam\$script:Profiles\Contoso") | Should -Not -BeNullOrEmpty
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase apply -Result $run.result
        $script:fake.users.OpenHandleCount() | Should -Be 0
    }

    It 'refuses apply in check mode and changes nothing' {
        Mock Invoke-OfficeopsUserOpBatch { throw 'must not run' }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = $script:recreate } -CheckMode

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_outlook_profile: the apply phase was called in check mode; nothing was changed'
        $run.result.ContainsKey('results') | Should -BeFalse
        Should -Invoke Invoke-OfficeopsUserOpBatch -Times 0
        Should -Invoke -ModuleName _UserState Stop-OfficeopsUserProcess -Times 0
        Should -Invoke -ModuleName _UserState Write-OfficeopsProfileFile -Times 0
        Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'applies the same way with -Diff and adds no diff of its own' {
        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = @($script:recreate[3]) } -Diff

        $run.rc | Should -Be 0
        $run.result.ContainsKey('diff') | Should -BeFalse
        $run.result.results[0].status | Should -Be 'unchanged'
        Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase apply -Result $run.result
    }

    It 'refuses the whole batch for an op outside its contract: <name>' -ForEach @(
        @{ name = 'delete_value' }  # known to _UserState, not an op of this module
        @{ name = 'delete_file' }
        @{ name = 'wam_sign_out' }
        @{ name = 'MOVE_FILE' }
        @{ name = '' }
    ) {
        $ops = @($script:recreate) + @(@{ op = $name; sid = $script:Sam; path = 'Software\Microsoft\Office' })

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = $ops }

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be "win_outlook_profile: unknown op '$name'"
        Should -Invoke -ModuleName _UserState Stop-OfficeopsUserProcess -Times 0
        Get-OfficeopsFakeRegistryText -Key $script:fake.users | Should -Be $script:before
    }

    It 'accepts each op of its contract: <name>' -ForEach @(
        @{ name = 'create_key' }
        @{ name = 'set_value' }
        @{ name = 'delete_key' }
        @{ name = 'write_backup' }
        @{ name = 'move_file' }
        @{ name = 'stop_process' }
        @{ name = 'set_once_marker' }
    ) {
        Mock Invoke-OfficeopsUserOpBatch { @{ op = $Op[0].op; sid = $Op[0].sid; path = ''; status = 'unchanged'; error = $null } }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = @(@{ op = $name; sid = $script:Sam }) }

        $run.rc | Should -Be 0
        $run.result.changed | Should -BeFalse
        Should -Invoke Invoke-OfficeopsUserOpBatch -Times 1 -Exactly -ParameterFilter { $Op.Count -eq 1 -and $Op[0].op -ceq $name }
    }

    It 'fails the run with the error when the apply cannot start' {
        Mock Invoke-OfficeopsUserOpBatch { throw 'ProfileList cannot be read' }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params @{ _phase = 'apply'; _ops = @($script:recreate[0]) }

        $run.rc | Should -Be 1
        $run.result.msg | Should -Be 'win_outlook_profile failed: ProfileList cannot be read'
        $run.result.ContainsKey('results') | Should -BeFalse
    }
}

Describe 'win_outlook_profile options' {
    It 'refuses <case> with the validation message of Ansible.Basic' -ForEach @(
        @{ case = 'an unknown state'; params = @{ state = 'gone' }; msg = 'value of state must be one of: default, present, absent. Got no match for: gone' }
        @{ case = 'an unknown outlook_running'; params = @{ outlook_running = 'kill' }; msg = 'value of outlook_running must be one of: fail, stop, defer. Got no match for: kill' }
        @{ case = 'an unknown profile_selection'; params = @{ profile_selection = 'sometimes' }; msg = 'value of profile_selection must be one of: always_use, prompt, unmanaged. Got no match for: sometimes' }
        @{ case = 'a bool that is not one'; params = @{ force = 'perhaps' }; msg = "argument for force is of type System.String and we were unable to convert to bool: The value 'perhaps' is not a valid boolean. Valid booleans include: y, yes, on, 1, true, t, 1.0, n, no, off, 0, false, f, 0.0" }
        @{ case = 'an option of another module'; params = @{ _wam = $true }; msg = 'Unsupported parameters for (win_outlook_profile) module: _wam. Supported parameters include: *' }
    ) {
        Mock Get-OfficeopsUserProfile { throw 'must not run' }
        Mock Get-OfficeopsOutlookProcess { throw 'must not run' }

        $run = Invoke-OfficeopsModule -Name win_outlook_profile -Params $params -CheckMode

        $run.rc | Should -Be 1
        # The list of supported parameters is in Ansible.Basic's order, which differs by version.
        if ($msg.EndsWith('*')) { $run.result.msg | Should -BeLike ([WildcardPattern]::Escape($msg.TrimEnd('*')) + '*') }
        else { $run.result.msg | Should -Be $msg }
        Should -Invoke Get-OfficeopsUserProfile -Times 0
        Should -Invoke Get-OfficeopsOutlookProcess -Times 0
    }
}
