# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# _UserState.psm1: the probe of one user (keys, once markers, files, passwords left out)
# and the ops of the apply, run inside a hive that is loaded (its SID key under the fake
# HKEY_USERS) through the real Invoke-OfficeopsWithUserHive. The profile files are
# _ProfileFile's (its own suite holds the disk to them): here its functions are mocked where
# _UserState calls them, as are the process boundaries of Stop-OfficeopsUserProcess.

BeforeDiscovery {
    . "$PSScriptRoot/../Harness.ps1"
    # The op names the contract lists (USER_OPS in plugins/module_utils/_contract/wrappers.py):
    # renaming an op in the dispatcher, or adding one to the contract only, fails a test.
    Push-Location -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../../..')
    try {
        $names = & (Get-OfficeopsPython) -c @'
import json
from tools.collection import ensure_importable
ensure_importable()
from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract import wrappers
print(json.dumps(sorted(wrappers.USER_OPS)))
'@
    }
    finally {
        Pop-Location
    }
    $contractOps = @(ConvertFrom-Json -InputObject ($names -join '') | ForEach-Object { @{ name = $_ } })
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserState

    $script:Sid = 'S-1-5-21-1-2-3-1001'
    $script:Maria = @{ sid = $Sid; name = 'CORP\maria'; profile_path = 'C:\Users\maria'; hive_loaded = $true
        logged_on = $true; session_id = 1; console = $true }
    $script:Identity = 'Software\Microsoft\Office\16.0\Common\Identity'
    $script:Backup = "Windows Registry Editor Version 5.00`r`n`r`n[HKEY_CURRENT_USER\$Identity]`r`n`"EnableADAL`"=dword:00000001`r`n"
    # Get-OfficeopsRegistryFingerprint of a key holding only EnableADAL = 1 (REG_DWORD),
    # from the rule in tests/data/registry_fingerprint.json: the key's line, then the value's.
    $script:IdentityFingerprint = Get-OfficeopsLineSha256 -Line @('', "`tEnableADAL`tREG_DWORD`t1")

    Function global:Assert-UserOpShape {
        # Each op as the contract's USER_OPS has it (so the samples below are the real wire).
        param ([object[]]$Op)
        $file = [System.IO.Path]::GetTempFileName()
        Push-Location -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../../..')
        try {
            [System.IO.File]::WriteAllText($file, (ConvertTo-Json -InputObject @($Op) -Depth 8))
            $problems = & (Get-OfficeopsPython) -c @'
import json, sys
from tools.collection import ensure_importable
ensure_importable()
from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract import schema, wrappers
ops = json.load(open(sys.argv[1]))
print("\n".join(e for i, op in enumerate(ops) for e in schema.validate(op, wrappers.USER_OPS[op["op"]], "$[%d]" % i)))
'@ $file
        }
        finally {
            Pop-Location
            Remove-Item -LiteralPath $file -Force
        }
        ($problems -join "`n").Trim() | Should -BeNullOrEmpty
    }

    Function global:New-FakeProcess {
        # A process as Get-Process -IncludeUserName lists it; Dispose() is recorded.
        param ([int]$Id, $SessionId, [string]$UserName)
        $process = [pscustomobject]@{ Id = $Id; SessionId = $SessionId; UserName = $UserName }
        $process | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $global:Disposed.Add($this.Id) }
        $process
    }

    Function global:Get-FakeValue {
        # The data of a value of the fake HKEY_USERS, $null when it or its key is missing.
        param ([string]$Path, [string]$Name)
        $value = Get-OfficeopsFakeValue -Key $global:Users -Path $Path -Name $Name
        if ($null -ne $value) { $value.data }
    }

    Function global:Test-FakeKey {
        param ([string]$Path)
        Test-OfficeopsFakeKey -Key $global:Users -Path $Path
    }
}

Describe '_UserState.psm1' {
    BeforeAll {
        # Block-wide mocks (an It may replace one for itself); the last block runs the real
        # process boundaries instead.
        Function global:Use-UserStateMock {
            Mock -ModuleName _UserState Get-OfficeopsAccountName { 'CORP\maria' }
            Mock -ModuleName _UserState Get-OfficeopsNamedProcess { $global:Processes }
            Mock -ModuleName _UserState Stop-OfficeopsProcessHandle { $true }
            Mock -ModuleName _UserState Write-OfficeopsProfileFile { $true }
            Mock -ModuleName _UserState Move-OfficeopsProfileFile { $true }
            Mock -ModuleName _UserState Remove-OfficeopsBackupFile { $true }
            Mock -ModuleName _UserState Get-OfficeopsProfileFileList { }
        }
    }

    BeforeEach {
        $global:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{
            "$Sid\$Identity" = @{ EnableADAL = 1 }
            "$Sid\Software\officeops\outlook_auth\once\identity_reset" = @{ 'INC-1' = '2026-01-01T00:00:00.0000000Z' }
        }
        Use-OfficeopsFakeRegistry -Users $global:Users
        $global:Processes = @()
        $global:Disposed = [System.Collections.Generic.List[int]]@()
    }

    AfterEach {
        # Every key the code opened was closed, whatever the test did.
        $global:Users.OpenHandleCount() | Should -Be 0
    }

    Describe 'Get-OfficeopsUserState' {
        BeforeAll {
            Use-UserStateMock
        }

        It 'reads the named keys to their depth, the once markers and the files of a loaded hive' {
            $global:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{
                "$Sid\$Identity" = @{ EnableADAL = 1; Version = 'x' }
                "$Sid\$Identity\Deep" = @{ Level = 2 }
                "$Sid\$Identity\Deep\Deeper" = @{ Level = 3 }
                "$Sid\Software\officeops\outlook_auth\once\profile_recreate" = @{ 'INC-7' = '2026-02-03T04:05:06.0000000Z' }
            }
            Use-OfficeopsFakeRegistry -Users $global:Users
            Mock -ModuleName _UserState Get-OfficeopsProfileFileList {
                @{ path = 'AppData\Local\Microsoft\Outlook\maria.ost'; size = [long]2048; last_write = '2026-03-04T05:06:07Z' }
            }
            $folders = @(@{ path = 'AppData\Local\Microsoft\Outlook'; recurse = $false })

            $entry = Get-OfficeopsUserState -UserProfile $Maria -Read @(@{ path = $Identity; depth = 1 }, @{ path = 'Software\Missing'; depth = 4 }) `
                -OnceAction 'profile_recreate' -Folder $folders

            $entry.error | Should -BeNullOrEmpty
            $entry.hive | Should -BeExactly 'loaded'
            foreach ($name in 'sid', 'name', 'profile_path', 'hive_loaded', 'logged_on', 'session_id', 'console') {
                $entry[$name] | Should -Be $Maria[$name]
            }
            $tree = $entry.keys[$Identity]
            $tree.values.EnableADAL.type | Should -BeExactly 'REG_DWORD'
            $tree.values.EnableADAL.data | Should -Be 1
            $tree.values.Version.data | Should -BeExactly 'x'
            $tree.keys.Deep.values.Level.data | Should -Be 2
            $tree.keys.Deep.keys.Count | Should -Be 0  # depth 1: Deeper is not read
            $entry.keys.ContainsKey('Software\Missing') | Should -BeTrue
            $entry.keys['Software\Missing'] | Should -BeNullOrEmpty
            $entry.once.Count | Should -Be 1
            $entry.once['INC-7'] | Should -BeExactly '2026-02-03T04:05:06.0000000Z'
            $entry.files.Count | Should -Be 1
            $entry.files[0].path | Should -BeExactly 'AppData\Local\Microsoft\Outlook\maria.ost'
            Should -Invoke -ModuleName _UserState Get-OfficeopsProfileFileList -Times 1 -Exactly -ParameterFilter {
                $UserProfile.sid -eq 'S-1-5-21-1-2-3-1001' -and $Folder.Count -eq 1 -and $Folder[0].path -eq 'AppData\Local\Microsoft\Outlook'
            }
            Assert-OfficeopsContract -Wrapper win_outlook_profile -Phase probe -Result @{ probe = @{
                    machine = @{ click_to_run_version = '16.0.1'; install_roots = @{ '15.0' = $false; '16.0' = $true } }
                    processes = @(); users = @($entry); user_problem = $null
                } }
        }

        It 'never returns a password value of an account section' {
            $profiles = 'Software\Microsoft\Office\16.0\Outlook\Profiles'
            $section = '9375CFF0413111d3B88A00104B2A6676'
            $global:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{
                "$Sid\$profiles\Outlook" = @{ 'Profile Password Hint' = 'kept: outside the sections' }
                "$Sid\$profiles\Outlook\$section" = @{ 'NextAccountID' = 3 }
                "$Sid\$profiles\Outlook\$section\00000002" = @{
                    'Account Name' = 'maria@contoso.com'
                    'IMAP Password' = [byte[]](1, 2, 3)
                    'SMTP Password' = [byte[]](4, 5)
                    'POP3 Password' = [byte[]](6)
                    'HTTP Password' = [byte[]](7)
                    'password' = 'plain'
                    'PASSWORD2' = 'upper'
                }
                "$Sid\$profiles\Outlook\$section\00000002\Nested" = @{ 'Cached password' = 'x'; 'Server' = 'imap.contoso.com' }
                "$Sid\$profiles\Keys\$section\00000003" = @{ 'Account Name' = 'old@contoso.com'; 'IMAP Password' = [byte[]](9) }
                "$Sid\$profiles\NoSection" = @{}
            }
            Use-OfficeopsFakeRegistry -Users $global:Users

            $entry = Get-OfficeopsUserState -UserProfile $Maria -OnceAction 'facts' -Read @(
                @{ path = $profiles; depth = 1; each = $section; each_depth = 2 })

            $entry.error | Should -BeNullOrEmpty
            @($entry.keys.Keys | Sort-Object) | Should -Be @($profiles, "$profiles\Keys\$section", "$profiles\NoSection\$section", "$profiles\Outlook\$section")
            $account = $entry.keys["$profiles\Outlook\$section"].keys['00000002']
            @($account.values.Keys) | Should -Be @('Account Name')
            $account.values['Account Name'].data | Should -BeExactly 'maria@contoso.com'
            @($account.keys.Nested.values.Keys) | Should -Be @('Server')
            $entry.keys["$profiles\Outlook\$section"].values.NextAccountID.data | Should -Be 3
            # A profile named 'Keys' is read like any other.
            @($entry.keys["$profiles\Keys\$section"].keys['00000003'].values.Keys) | Should -Be @('Account Name')
            $entry.keys["$profiles\NoSection\$section"] | Should -BeNullOrEmpty
            $entry.keys[$profiles].keys.Outlook.values['Profile Password Hint'].data | Should -BeExactly 'kept: outside the sections'
            $sections = ConvertTo-Json -InputObject @($entry.keys["$profiles\Outlook\$section"], $entry.keys["$profiles\Keys\$section"]) -Depth 20
            $sections | Should -Not -Match 'password'
            $sections | Should -Not -Match 'plain|upper'
        }

        It 'reads no sections below a key that is missing' {
            $entry = Get-OfficeopsUserState -UserProfile $Maria -OnceAction 'facts' -Read @(
                @{ path = 'Software\Microsoft\Office\15.0\Outlook\Profiles'; depth = 1; each = 'x'; each_depth = 1 })
            @($entry.keys.Keys) | Should -Be @('Software\Microsoft\Office\15.0\Outlook\Profiles')
        }

        It 'passes on how the hive was reached (<hive>)' -ForEach @(@{ hive = 'mounted' }) {
            Mock -ModuleName _UserState Invoke-OfficeopsWithUserHive {
                $root = $global:Users.OpenSubKey('S-1-5-21-1-2-3-1001', $true)
                try { @{ output = (& $ScriptBlock $root); hive = 'mounted' } } finally { $root.Dispose() }
            }
            $entry = Get-OfficeopsUserState -UserProfile $Maria -OnceAction 'identity_reset' -Read @(@{ path = $Identity; depth = 0 })
            $entry.hive | Should -BeExactly $hive
            $entry.once['INC-1'] | Should -BeExactly '2026-01-01T00:00:00.0000000Z'
            $entry.keys[$Identity].values.EnableADAL.data | Should -Be 1
        }

        It 'reports a hive that cannot be loaded as that user''s error' {
            Mock -ModuleName _UserState Invoke-OfficeopsWithUserHive {
                throw 'The registry hive of CORP\maria (S-1-5-21-1-2-3-1001) was not found at C:\Users\maria\NTUSER.DAT'
            }
            $entry = Get-OfficeopsUserState -UserProfile $Maria -OnceAction 'facts' -Read @(@{ path = $Identity; depth = 1 })
            $entry.error | Should -BeExactly 'The registry hive of CORP\maria (S-1-5-21-1-2-3-1001) was not found at C:\Users\maria\NTUSER.DAT'
            $entry.keys.Count | Should -Be 0
            $entry.once.Count | Should -Be 0
            $entry.hive | Should -BeNullOrEmpty
            $entry.sid | Should -BeExactly $Sid
            Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result @{ probe = @{
                    machine = @{ click_to_run_version = $null; install_roots = @{ '15.0' = $false; '16.0' = $false } }
                    users = @($entry); user_problem = $null
                } }
        }

        It 'reports a refused folder as that user''s error, reading no hive' {
            Mock -ModuleName _UserState Get-OfficeopsProfileFileList {
                throw "profile-relative path 'AppData\Local\Microsoft\Outlook' goes through a link at C:\Users\maria\AppData\Local"
            }
            Mock -ModuleName _UserState Invoke-OfficeopsWithUserHive { throw 'must not run' }
            $entry = Get-OfficeopsUserState -UserProfile $Maria -OnceAction 'facts' -Read @() -Folder @(@{ path = 'AppData\Local\Microsoft\Outlook'; recurse = $false })
            $entry.error | Should -BeExactly "profile-relative path 'AppData\Local\Microsoft\Outlook' goes through a link at C:\Users\maria\AppData\Local"
            $entry.files.Count | Should -Be 0
            Should -Invoke -ModuleName _UserState Invoke-OfficeopsWithUserHive -Times 0 -Exactly
        }

        It 'reports an invalid <what> as that user''s error, closing every key' -ForEach @(
            @{ what = 'once action'; once = 'Bad-Action'; read = @(); message = "invalid action name 'Bad-Action'" }
            @{ what = 'key path'; once = 'facts'; read = @(@{ path = '..\S-1-5-18'; depth = 1 }); message = "invalid registry path '..\S-1-5-18'" }
        ) {
            $entry = Get-OfficeopsUserState -UserProfile $Maria -OnceAction $once -Read $read
            $entry.error | Should -BeExactly $message
            $entry.keys.Count | Should -Be 0
        }
    }

    Describe 'Invoke-OfficeopsUserOp' {
        BeforeAll {
            Use-UserStateMock
        }

        Context 'the contract''s ops' {
            BeforeAll {
                $script:Samples = @{
                    set_value = @(@{ op = 'set_value'; sid = $Sid; path = 'Software\officeops\test'; name = 'Flag'; type = 'REG_DWORD'; data = 1 })
                    delete_value = @(@{ op = 'delete_value'; sid = $Sid; path = $Identity; name = 'EnableADAL' })
                    delete_key = @(
                        @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\20260101\identity.reg'; content = $Backup }
                        @{ op = 'delete_key'; sid = $Sid; path = $Identity; expect = $IdentityFingerprint })
                    create_key = @(@{ op = 'create_key'; sid = $Sid; path = 'Software\officeops\new' })
                    write_backup = @(@{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\20260101\identity.reg'; content = $Backup })
                    move_file = @(@{ op = 'move_file'; sid = $Sid; path = 'AppData\Local\Microsoft\Outlook\maria.ost'
                            destination = 'AppData\Local\officeops\outlook_auth\20260101-ost\maria.ost' })
                    delete_file = @(@{ op = 'delete_file'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\20250101\identity.reg' })
                    stop_process = @(@{ op = 'stop_process'; sid = $Sid; name = 'OUTLOOK' })
                    set_once_marker = @(@{ op = 'set_once_marker'; sid = $Sid; action = 'identity_reset'; once_id = 'INC-2' })
                }
            }

            It 'has samples shaped as the contract''s ops' {
                Assert-UserOpShape -Op @(foreach ($sample in $Samples.Values) { $sample })
            }

            It 'dispatches <name>, as the contract names it' -ForEach $contractOps {
                $global:Processes = @((New-FakeProcess -Id 11 -SessionId 1 -UserName 'CORP\maria'))
                $Samples.ContainsKey($name) | Should -BeTrue -Because "the contract lists '$name'; this suite needs a sample of it"
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op $Samples[$name])
                $results.Count | Should -Be $Samples[$name].Count
                $last = $results[-1]
                $last.op | Should -BeExactly $name
                $last.error | Should -BeNullOrEmpty
                $last.status | Should -BeExactly 'changed'
            }
        }

        Context 'each op against its prior state' {
            It '<op>: <case> -> <status>' -ForEach @(
                @{ op = 'set_value'; case = 'a new value'; item = @{ path = 'Software\officeops\t'; name = 'N'; type = 'REG_SZ'; data = 'v' }; status = 'changed'; error = $null
                    check = { Get-FakeValue -Path 'S-1-5-21-1-2-3-1001\Software\officeops\t' -Name 'N' | Should -BeExactly 'v' } }
                @{ op = 'set_value'; case = 'the same value'; item = @{ path = 'Software\Microsoft\Office\16.0\Common\Identity'; name = 'EnableADAL'; type = 'REG_DWORD'; data = 1 }; status = 'unchanged'; error = $null
                    check = { } }
                @{ op = 'set_value'; case = 'data of the wrong type'; item = @{ path = 'Software\officeops\t'; name = 'N'; type = 'REG_DWORD'; data = 'one' }; status = 'failed'
                    error = "value 'N' under Software\officeops\t: one is not a REG_DWORD"
                    check = { Test-FakeKey -Path 'S-1-5-21-1-2-3-1001\Software\officeops\t' | Should -BeFalse } }
                @{ op = 'delete_value'; case = 'a value that is there'; item = @{ path = 'Software\Microsoft\Office\16.0\Common\Identity'; name = 'EnableADAL' }; status = 'changed'; error = $null
                    check = { Get-FakeValue -Path 'S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common\Identity' -Name 'EnableADAL' | Should -BeNullOrEmpty } }
                @{ op = 'delete_value'; case = 'a value that is not'; item = @{ path = 'Software\Microsoft\Office\16.0\Common\Identity'; name = 'Missing' }; status = 'unchanged'; error = $null
                    check = { } }
                @{ op = 'delete_value'; case = 'a path that climbs out'; item = @{ path = '..\S-1-5-18\Software'; name = 'X' }; status = 'failed'
                    error = "invalid registry path '..\S-1-5-18\Software'"; check = { } }
                @{ op = 'create_key'; case = 'a new key'; item = @{ path = 'Software\officeops\Profiles\New' }; status = 'changed'; error = $null
                    check = { Test-FakeKey -Path 'S-1-5-21-1-2-3-1001\Software\officeops\Profiles\New' | Should -BeTrue } }
                @{ op = 'create_key'; case = 'a key that is there'; item = @{ path = 'Software\Microsoft\Office\16.0\Common\Identity' }; status = 'unchanged'; error = $null
                    check = { } }
                @{ op = 'create_key'; case = 'a rooted path, even one that answers'; item = @{ path = '\Software\Microsoft' }; status = 'failed'
                    error = "invalid registry path '\Software\Microsoft'"; check = { } }
                @{ op = 'create_key'; case = 'a path that climbs out'; item = @{ path = 'Software\..\..\S-1-5-18' }; status = 'failed'
                    error = "invalid registry path 'Software\..\..\S-1-5-18'"
                    check = { Test-FakeKey -Path 'S-1-5-21-1-2-3-1001\Software\..' | Should -BeFalse } }
                @{ op = 'set_once_marker'; case = 'a new incident'; item = @{ action = 'identity_reset'; once_id = 'INC-2' }; status = 'changed'; error = $null
                    check = { Get-FakeValue -Path 'S-1-5-21-1-2-3-1001\Software\officeops\outlook_auth\once\identity_reset' -Name 'INC-2' | Should -Match '^\d{4}-\d\d-\d\dT' } }
                @{ op = 'set_once_marker'; case = 'an invalid action'; item = @{ action = 'Identity-Reset'; once_id = 'INC-2' }; status = 'failed'
                    error = "invalid action name 'Identity-Reset'"; check = { } }
                @{ op = 'stop_process'; case = 'no such process'; item = @{ name = 'OUTLOOK' }; status = 'unchanged'; error = $null; check = { } }
                @{ op = 'stop_process'; case = 'a wildcard'; item = @{ name = 'OUT*' }; status = 'failed'; error = "invalid process name 'OUT*'"; check = { } }
                @{ op = 'rename_key'; case = 'an op no one knows'; item = @{ path = 'Software\X' }; status = 'failed'; error = "unknown op 'rename_key'"; check = { } }
                @{ op = 'SET_VALUE'; case = 'an op in the wrong case'; item = @{ path = 'Software\officeops\t'; name = 'N'; type = 'REG_SZ'; data = 'v' }; status = 'failed'
                    error = "unknown op 'SET_VALUE'"; check = { Test-FakeKey -Path 'S-1-5-21-1-2-3-1001\Software\officeops\t' | Should -BeFalse } }
            ) {
                $request = @{ op = $op; sid = $Sid } + $item
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @($request))
                $results.Count | Should -Be 1
                $results[0].op | Should -BeExactly $op
                $results[0].sid | Should -BeExactly $Sid
                $results[0].path | Should -BeExactly $(if ($item.ContainsKey('path')) { $item.path } else { '' })
                $results[0].status | Should -BeExactly $status
                $results[0].error | Should -Be $error
                & $check
            }

            It '<op>: <answer> -> <status>' -ForEach @(
                @{ op = 'write_backup'; mock = 'Write-OfficeopsProfileFile'; answer = 'written'; returns = $true; status = 'changed' }
                @{ op = 'write_backup'; mock = 'Write-OfficeopsProfileFile'; answer = 'identical file there'; returns = $false; status = 'unchanged' }
                @{ op = 'move_file'; mock = 'Move-OfficeopsProfileFile'; answer = 'moved'; returns = $true; status = 'changed' }
                @{ op = 'move_file'; mock = 'Move-OfficeopsProfileFile'; answer = 'moved already'; returns = $false; status = 'unchanged' }
                @{ op = 'delete_file'; mock = 'Remove-OfficeopsBackupFile'; answer = 'deleted'; returns = $true; status = 'changed' }
                @{ op = 'delete_file'; mock = 'Remove-OfficeopsBackupFile'; answer = 'gone already'; returns = $false; status = 'unchanged' }
            ) {
                $global:Answer = $returns
                Mock -ModuleName _UserState $mock { $global:Answer }
                $request = @{ op = $op; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\20260101\a.reg'; content = 'text'; destination = 'AppData\Local\officeops\outlook_auth\b' }
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @($request))
                $results[0].status | Should -BeExactly $status
                $results[0].error | Should -BeNullOrEmpty
            }

            It '<op> fails with the file''s error' -ForEach @(
                @{ op = 'write_backup'; mock = 'Write-OfficeopsProfileFile' }
                @{ op = 'move_file'; mock = 'Move-OfficeopsProfileFile' }
                @{ op = 'delete_file'; mock = 'Remove-OfficeopsBackupFile' }
            ) {
                Mock -ModuleName _UserState $mock { throw 'The process cannot access the file because it is being used by another process.' }
                $request = @{ op = $op; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\20260101\a.reg'; content = 'text'; destination = 'AppData\Local\officeops\outlook_auth\b' }
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @($request))
                $results[0].status | Should -BeExactly 'failed'
                $results[0].error | Should -BeExactly 'The process cannot access the file because it is being used by another process.'
            }

            It 'hands each file op its paths and content' {
                $ops = @(
                    @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\1\identity.reg'; content = $Backup }
                    @{ op = 'move_file'; sid = $Sid; path = 'AppData\Local\Microsoft\Outlook\maria.ost'; destination = 'AppData\Local\officeops\outlook_auth\1\maria.ost' }
                    @{ op = 'delete_file'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\0\identity.reg' }
                    @{ op = 'stop_process'; sid = $Sid; name = 'OUTLOOK' }
                )
                $null = Invoke-OfficeopsUserOp -UserProfile $Maria -Op $ops
                Should -Invoke -ModuleName _UserState Write-OfficeopsProfileFile -Times 1 -Exactly -ParameterFilter {
                    $UserProfile.sid -eq 'S-1-5-21-1-2-3-1001' -and $RelativePath -eq 'AppData\Local\officeops\outlook_auth\1\identity.reg' -and $Content -ceq $script:Backup
                }
                Should -Invoke -ModuleName _UserState Move-OfficeopsProfileFile -Times 1 -Exactly -ParameterFilter {
                    $Source -eq 'AppData\Local\Microsoft\Outlook\maria.ost' -and $Destination -eq 'AppData\Local\officeops\outlook_auth\1\maria.ost'
                }
                Should -Invoke -ModuleName _UserState Remove-OfficeopsBackupFile -Times 1 -Exactly -ParameterFilter {
                    $RelativePath -eq 'AppData\Local\officeops\outlook_auth\0\identity.reg'
                }
                Should -Invoke -ModuleName _UserState Get-OfficeopsNamedProcess -Times 1 -Exactly -ParameterFilter { $Name -eq 'OUTLOOK' }
            }
        }

        Context 'delete_key' {
            It 'deletes a key backed up first and unchanged since: <case>' -ForEach @(
                @{ case = 'the backup''s root'; root = 'Software\Microsoft\Office\16.0\Common\Identity' }
                @{ case = 'a key below the backup''s root'; root = 'Software\Microsoft\Office\16.0\Common' }
            ) {
                $content = "Windows Registry Editor Version 5.00`r`n`r`n[HKEY_CURRENT_USER\$root]`r`n`r`n[HKEY_CURRENT_USER\$Identity]`r`n`"EnableADAL`"=dword:00000001`r`n"
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\1\identity.reg'; content = $content }
                        @{ op = 'delete_key'; sid = $Sid; path = $Identity; expect = $IdentityFingerprint }))
                @($results | ForEach-Object { $_.status }) | Should -Be @('changed', 'changed')
                Test-FakeKey -Path "$Sid\$Identity" | Should -BeFalse
                Test-FakeKey -Path "$Sid\Software\Microsoft\Office\16.0\Common" | Should -BeTrue
            }

            It 'answers unchanged for a key that is gone already' {
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\1\x.reg'; content = "[HKEY_CURRENT_USER\Software\Gone]`r`n" }
                        @{ op = 'delete_key'; sid = $Sid; path = 'Software\Gone'; expect = $IdentityFingerprint }))
                $results[1].status | Should -BeExactly 'unchanged'
            }

            It 'refuses a key that changed since the probe, deleting nothing' {
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\1\identity.reg'; content = $Backup }
                        @{ op = 'delete_key'; sid = $Sid; path = $Identity; expect = ('0' * 64) }
                        @{ op = 'set_once_marker'; sid = $Sid; action = 'identity_reset'; once_id = 'INC-2' }))
                @($results | ForEach-Object { $_.status }) | Should -Be @('changed', 'failed', 'not_run')
                $results[1].error | Should -BeExactly "refusing to delete $($Identity): it changed since it was backed up; nothing was deleted, run again"
                Get-FakeValue -Path "$Sid\$Identity" -Name 'EnableADAL' | Should -Be 1
                Get-FakeValue -Path "$Sid\Software\officeops\outlook_auth\once\identity_reset" -Name 'INC-2' | Should -BeNullOrEmpty
            }

            It 'refuses a key with no backup: <case>' -ForEach @(
                @{ case = 'none written'; content = $null }
                @{ case = 'a backup of a sibling whose name it starts with'; content = "[HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\Common\Ident]`r`n" }
                @{ case = 'a backup of the same key in another case'; content = "[HKEY_CURRENT_USER\software\microsoft\office\16.0\common\identity]`r`n" }
                @{ case = 'the key named only by a later section'; content = "[HKEY_CURRENT_USER\Software\Other]`r`n`r`n[HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\Common\Identity]`r`n" }
                @{ case = 'a backup of HKEY_LOCAL_MACHINE'; content = "[HKEY_LOCAL_MACHINE\Software\Microsoft\Office\16.0\Common\Identity]`r`n" }
            ) {
                $ops = @(if ($content) { @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\1\x.reg'; content = $content } })
                $ops += @{ op = 'delete_key'; sid = $Sid; path = $Identity; expect = $IdentityFingerprint }
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op $ops)
                $results[-1].status | Should -BeExactly 'failed'
                $results[-1].error | Should -BeExactly "refusing to delete $($Identity): no backup of it was written first"
                Get-FakeValue -Path "$Sid\$Identity" -Name 'EnableADAL' | Should -Be 1
            }

            It 'never runs after its backup failed' {
                Mock -ModuleName _UserState Write-OfficeopsProfileFile { throw 'There is not enough space on the disk.' }
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\1\identity.reg'; content = $Backup }
                        @{ op = 'delete_key'; sid = $Sid; path = $Identity; expect = $IdentityFingerprint }
                        @{ op = 'set_once_marker'; sid = $Sid; action = 'identity_reset'; once_id = 'INC-2' }))
                @($results | ForEach-Object { $_.status }) | Should -Be @('failed', 'not_run', 'not_run')
                $results[0].error | Should -BeExactly 'There is not enough space on the disk.'
                $results[1].error | Should -BeNullOrEmpty
                $results[1].path | Should -BeExactly $Identity
                $results[2].path | Should -BeExactly ''
                Get-FakeValue -Path "$Sid\$Identity" -Name 'EnableADAL' | Should -Be 1
                Get-FakeValue -Path "$Sid\Software\officeops\outlook_auth\once\identity_reset" -Name 'INC-2' | Should -BeNullOrEmpty
            }
        }

        Context 'a user''s batch' {
            It 'stops at the first failure and reports the rest as not run' {
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'set_value'; sid = $Sid; path = 'Software\officeops\t'; name = 'First'; type = 'REG_SZ'; data = '1' }
                        @{ op = 'delete_value'; sid = $Sid; path = '\Software'; name = 'X' }
                        @{ op = 'set_value'; sid = $Sid; path = 'Software\officeops\t'; name = 'Third'; type = 'REG_SZ'; data = '3' }
                        @{ op = 'stop_process'; sid = $Sid; name = 'OUTLOOK' }))
                @($results | ForEach-Object { $_.status }) | Should -Be @('changed', 'failed', 'not_run', 'not_run')
                Get-FakeValue -Path "$Sid\Software\officeops\t" -Name 'First' | Should -BeExactly '1'
                Get-FakeValue -Path "$Sid\Software\officeops\t" -Name 'Third' | Should -BeNullOrEmpty
                Should -Invoke -ModuleName _UserState Get-OfficeopsNamedProcess -Times 0 -Exactly
            }

            It 'gives ops without a path (stop_process, set_once_marker) an empty one' {
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'stop_process'; sid = $Sid; name = 'OUTLOOK' }
                        @{ op = 'set_once_marker'; sid = $Sid; action = 'identity_reset'; once_id = 'INC-2' }))
                $results.Count | Should -Be 2
                @($results | ForEach-Object { $_.op }) | Should -Be @('stop_process', 'set_once_marker')
                @($results | ForEach-Object { $_.path }) | Should -Be @('', '')
                @($results | ForEach-Object { $_.status }) | Should -Be @('unchanged', 'changed')
            }

            It 'adds a user_hive result when the hive cannot be unloaded, keeping the ops'' own' {
                Mock -ModuleName _UserState Invoke-OfficeopsWithUserHive {
                    $root = $global:Users.OpenSubKey('S-1-5-21-1-2-3-1001', $true)
                    try { $null = & $ScriptBlock $root } finally { $root.Dispose() }
                    throw 'The registry hive of CORP\maria is still loaded at HKEY_USERS\officeops_S-1-5-21-1-2-3-1001 (RegUnLoadKey returned 5: Access is denied.)'
                }
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'set_value'; sid = $Sid; path = 'Software\officeops\t'; name = 'N'; type = 'REG_SZ'; data = 'v' }))
                $results.Count | Should -Be 2
                $results[0].status | Should -BeExactly 'changed'
                $results[1].op | Should -BeExactly 'user_hive'
                $results[1].sid | Should -BeExactly $Sid
                $results[1].path | Should -BeExactly ''
                $results[1].status | Should -BeExactly 'failed'
                $results[1].error | Should -BeExactly 'The registry hive of CORP\maria is still loaded at HKEY_USERS\officeops_S-1-5-21-1-2-3-1001 (RegUnLoadKey returned 5: Access is denied.)'
            }

            It 'runs no op when the hive cannot be loaded' {
                Mock -ModuleName _UserState Invoke-OfficeopsWithUserHive { throw 'The registry hive of CORP\maria (S-1-5-21-1-2-3-1001) was not found at C:\Users\maria\NTUSER.DAT' }
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\1\identity.reg'; content = $Backup }))
                $results.Count | Should -Be 1
                $results[0].op | Should -BeExactly 'user_hive'
                $results[0].error | Should -Match 'was not found'
                Should -Invoke -ModuleName _UserState Write-OfficeopsProfileFile -Times 0 -Exactly
            }

            It 'keeps the apply contract of <wrapper>' -ForEach @(@{ wrapper = 'win_outlook_profile' }, @{ wrapper = 'win_office_identity' }) {
                Mock -ModuleName _UserState Invoke-OfficeopsWithUserHive {
                    $root = $global:Users.OpenSubKey('S-1-5-21-1-2-3-1001', $true)
                    try { $null = & $ScriptBlock $root } finally { $root.Dispose() }
                    throw 'unload failed'
                }
                $results = @(Invoke-OfficeopsUserOp -UserProfile $Maria -Op @(
                        @{ op = 'set_value'; sid = $Sid; path = 'Software\officeops\t'; name = 'N'; type = 'REG_DWORD'; data = 1 }
                        @{ op = 'set_value'; sid = $Sid; path = $Identity; name = 'EnableADAL'; type = 'REG_DWORD'; data = 1 }
                        @{ op = 'write_backup'; sid = $Sid; path = 'AppData\Local\officeops\outlook_auth\1\identity.reg'; content = $Backup }
                        @{ op = 'delete_key'; sid = $Sid; path = $Identity; expect = ('0' * 64) }
                        @{ op = 'set_once_marker'; sid = $Sid; action = 'identity_reset'; once_id = 'INC-2' }))
                @($results | ForEach-Object { $_.status }) | Should -Be @('changed', 'unchanged', 'changed', 'failed', 'not_run', 'failed')
                Assert-OfficeopsContract -Wrapper $wrapper -Phase apply -Result @{ changed = $true; results = $results }
            }
        }
    }

    Describe 'Invoke-OfficeopsUserOpBatch' {
        BeforeAll {
            Use-UserStateMock
        }

        BeforeEach {
            $global:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{
                "$Sid\Software" = @{}
                'S-1-5-21-1-2-3-1002\Software' = @{}
            }
            Use-OfficeopsFakeRegistry -Users $global:Users
            Mock -ModuleName _UserState Get-OfficeopsUserProfile {
                $Maria
                @{ sid = 'S-1-5-21-1-2-3-1002'; name = 'CORP\jan'; profile_path = 'C:\Users\jan'; hive_loaded = $true; logged_on = $false; session_id = $null; console = $false }
            }
        }

        It 'runs each user''s ops in order, user by user in order of first appearance' {
            $results = @(Invoke-OfficeopsUserOpBatch -Op @(
                    @{ op = 'set_value'; sid = 'S-1-5-21-1-2-3-1002'; path = 'Software\t'; name = 'A'; type = 'REG_SZ'; data = 'jan' }
                    @{ op = 'set_value'; sid = $Sid; path = 'Software\t'; name = 'A'; type = 'REG_SZ'; data = 'maria' }
                    @{ op = 'set_value'; sid = 'S-1-5-21-1-2-3-1002'; path = 'Software\t'; name = 'A'; type = 'REG_SZ'; data = 'jan' }))
            @($results | ForEach-Object { '{0} {1}' -f $_.sid, $_.status }) | Should -Be @(
                'S-1-5-21-1-2-3-1002 changed', 'S-1-5-21-1-2-3-1002 unchanged', 'S-1-5-21-1-2-3-1001 changed')
            Get-FakeValue -Path 'S-1-5-21-1-2-3-1002\Software\t' -Name 'A' | Should -BeExactly 'jan'
            Get-FakeValue -Path "$Sid\Software\t" -Name 'A' | Should -BeExactly 'maria'
            Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result @{ changed = $true; results = $results }
        }

        It 'fails every op of a SID with no profile here, and runs the others' {
            $results = @(Invoke-OfficeopsUserOpBatch -Op @(
                    @{ op = 'set_value'; sid = 'S-1-5-21-9-9-9-1009'; path = 'Software\t'; name = 'A'; type = 'REG_SZ'; data = 'x' }
                    @{ op = 'set_once_marker'; sid = 'S-1-5-21-9-9-9-1009'; action = 'identity_reset'; once_id = 'INC-2' }
                    @{ op = 'set_value'; sid = $Sid; path = 'Software\t'; name = 'A'; type = 'REG_SZ'; data = 'maria' }))
            $results.Count | Should -Be 3
            foreach ($index in 0, 1) {
                $results[$index].sid | Should -BeExactly 'S-1-5-21-9-9-9-1009'
                $results[$index].status | Should -BeExactly 'failed'
                $results[$index].error | Should -BeExactly 'no profile with SID S-1-5-21-9-9-9-1009 on this machine'
            }
            $results[0].path | Should -BeExactly 'Software\t'
            $results[1].path | Should -BeExactly ''
            $results[2].status | Should -BeExactly 'changed'
            Assert-OfficeopsContract -Wrapper win_office_identity -Phase apply -Result @{ changed = $true; results = $results }
        }

        It 'returns nothing for no op' {
            @(Invoke-OfficeopsUserOpBatch -Op @()).Count | Should -Be 0
        }
    }

    Describe 'Stop-OfficeopsUserProcess' {
        BeforeAll {
            Use-UserStateMock
        }

        It 'stops only the user''s own process in the user''s session, disposing every process' {
            $global:Processes = @(
                (New-FakeProcess -Id 11 -SessionId 1 -UserName 'CORP\maria')
                (New-FakeProcess -Id 12 -SessionId 1 -UserName 'CORP\admin')
                (New-FakeProcess -Id 13 -SessionId 2 -UserName 'CORP\maria')
                (New-FakeProcess -Id 14 -SessionId 1 -UserName 'corp\MARIA')
            )
            Stop-OfficeopsUserProcess -UserProfile $Maria -ProcessName 'OUTLOOK' | Should -BeTrue
            Should -Invoke -ModuleName _UserState Stop-OfficeopsProcessHandle -Times 2 -Exactly
            Should -Invoke -ModuleName _UserState Stop-OfficeopsProcessHandle -Times 1 -Exactly -ParameterFilter { $Process.Id -eq 11 -and $TimeoutMilliseconds -eq 30000 }
            Should -Invoke -ModuleName _UserState Stop-OfficeopsProcessHandle -Times 1 -Exactly -ParameterFilter { $Process.Id -eq 14 }
            Should -Invoke -ModuleName _UserState Get-OfficeopsAccountName -Times 1 -Exactly -ParameterFilter { $Sid -eq 'S-1-5-21-1-2-3-1001' }
            @($global:Disposed | Sort-Object) | Should -Be @(11, 12, 13, 14)
        }

        It 'stops nothing of a user who is not logged on' {
            $global:Processes = @((New-FakeProcess -Id 11 -SessionId 0 -UserName 'CORP\maria'))
            $profile2 = $Maria.Clone()
            $profile2.session_id = $null
            Stop-OfficeopsUserProcess -UserProfile $profile2 -ProcessName 'OUTLOOK' | Should -BeFalse
            Should -Invoke -ModuleName _UserState Stop-OfficeopsProcessHandle -Times 0 -Exactly
            @($global:Disposed) | Should -Be @(11)
        }

        It 'takes a process that exited meanwhile for stopped, without error' {
            $global:Processes = @((New-FakeProcess -Id 11 -SessionId 1 -UserName 'CORP\maria'))
            Mock -ModuleName _UserState Stop-OfficeopsProcessHandle { throw [System.InvalidOperationException]::new('No process is associated with this object.') }
            Stop-OfficeopsUserProcess -UserProfile $Maria -ProcessName 'OUTLOOK' | Should -BeFalse
            @($global:Disposed) | Should -Be @(11)
        }

        It 'fails for a process that does not exit in time, still disposing every process' {
            $global:Processes = @(
                (New-FakeProcess -Id 11 -SessionId 1 -UserName 'CORP\maria')
                (New-FakeProcess -Id 12 -SessionId 1 -UserName 'CORP\maria')
            )
            Mock -ModuleName _UserState Stop-OfficeopsProcessHandle { $false }
            { Stop-OfficeopsUserProcess -UserProfile $Maria -ProcessName 'OUTLOOK' } |
                Should -Throw -ExpectedMessage 'OUTLOOK (pid 11) did not exit within 30 seconds'
            @($global:Disposed | Sort-Object) | Should -Be @(11, 12)
        }

        It 'fails when the process cannot be stopped' {
            $global:Processes = @((New-FakeProcess -Id 11 -SessionId 1 -UserName 'CORP\maria'))
            Mock -ModuleName _UserState Stop-OfficeopsProcessHandle { throw [System.ComponentModel.Win32Exception]::new(5) }
            { Stop-OfficeopsUserProcess -UserProfile $Maria -ProcessName 'OUTLOOK' } | Should -Throw
            @($global:Disposed) | Should -Be @(11)
        }

        It 'refuses a wildcard <name> before listing anything' -ForEach @(@{ name = 'OUT*' }, @{ name = 'OUTLOO?' }, @{ name = '[O]UTLOOK' }) {
            { Stop-OfficeopsUserProcess -UserProfile $Maria -ProcessName $name } | Should -Throw -ExpectedMessage "invalid process name '$([WildcardPattern]::Escape($name))'"
            Should -Invoke -ModuleName _UserState Get-OfficeopsNamedProcess -Times 0 -Exactly
        }

        It 'fails when the SID names no account' {
            Mock -ModuleName _UserState Get-OfficeopsAccountName { throw 'Some or all identity references could not be translated.' }
            { Stop-OfficeopsUserProcess -UserProfile $Maria -ProcessName 'OUTLOOK' } | Should -Throw -ExpectedMessage 'Some or all identity references could not be translated.'
        }
    }

    Describe 'the process boundaries, on this machine' {
        It 'lists no process for a name nothing runs under' {
            & (Get-Module -Name _UserState) { @(Get-OfficeopsNamedProcess -Name 'officeops-no-such-process').Count } | Should -Be 0
        }

        It 'kills a process and says it exited' {
            $process = Start-Process -FilePath 'sleep' -ArgumentList '60' -PassThru
            try {
                & (Get-Module -Name _UserState) { param ($p) Stop-OfficeopsProcessHandle -Process $p -TimeoutMilliseconds 10000 } $process | Should -BeTrue
                $process.HasExited | Should -BeTrue
            }
            finally {
                $process.Dispose()
            }
        }
    }
}
