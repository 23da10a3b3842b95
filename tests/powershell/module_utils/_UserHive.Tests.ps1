# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The user's hive: used in place when loaded, else NTUSER.DAT loaded under a private key
# and always unloaded. The load / unload P/Invoke, the hive file test and the named mutex
# are mocked; the in-memory HKEY_USERS plays RegLoadKey / RegUnLoadKey (Attach / Detach,
# which refuses with 5 while a handle below the hive is open, as Windows does).

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserHive

    if (-not ('OfficeopsHiveTest.FakeMutex' -as [type])) {
        # A mutex whose WaitOne answers as told: 'free', 'busy' (times out), 'abandoned'.
        Add-Type -TypeDefinition @'
namespace OfficeopsHiveTest
{
    public sealed class FakeMutex : System.IDisposable
    {
        public string Mode;
        public int Waits;
        public int Releases;
        public int Disposals;
        public bool Owned;
        public System.TimeSpan LastTimeout;

        public FakeMutex(string mode) { Mode = mode; }

        public bool WaitOne(System.TimeSpan timeout)
        {
            Waits++;
            LastTimeout = timeout;
            if (Mode == "busy")
                return false;
            Owned = true;
            if (Mode == "abandoned")
                throw new System.Threading.AbandonedMutexException();
            return true;
        }

        public void ReleaseMutex()
        {
            if (!Owned)
                throw new System.ApplicationException("Object synchronization method was called from an unsynchronized block of code.");
            Owned = false;
            Releases++;
        }

        public void Dispose() { Disposals++; }
    }
}
'@
    }

    $script:Sid = 'S-1-5-21-1-2-3-1001'
    $script:Mount = 'officeops_S-1-5-21-1-2-3-1001'
    $script:ManualUnload = 'reg.exe unload "HKU\officeops_S-1-5-21-1-2-3-1001"'

    Function New-HiveTestProfile {
        @{
            sid = 'S-1-5-21-1-2-3-1001'; name = 'CORP\maria'; profile_path = 'C:\Users\maria'
            hive_loaded = $false; logged_on = $false; session_id = $null; console = $false
        }
    }

    Function Read-HiveFileValue {
        # A value of the NTUSER.DAT the mocked RegLoadKey attached (written through the mount).
        param ([string]$Path, [string]$Name)
        $check = New-OfficeopsFakeRegistry -Name check
        $check.Attach('hive', $global:HiveTest.File)
        $key = $check.OpenSubKey("hive\$Path")
        if ($null -eq $key) { return $null }
        try { $key.GetValue($Name) } finally { $key.Dispose() }
    }

    Function Test-MutexFreeElsewhere {
        # Whether another thread can take the named mutex right now (released by this one).
        param ([string]$Name)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($n)
                    $m = New-Object -TypeName System.Threading.Mutex -ArgumentList $false, $n
                    try {
                        $got = $m.WaitOne(0)
                        if ($got) { $m.ReleaseMutex() }
                        $got
                    }
                    catch [System.Threading.AbandonedMutexException] {
                        $m.ReleaseMutex()
                        'abandoned'
                    }
                    finally { $m.Dispose() }
                }).AddArgument($Name)
            $ps.EndInvoke($ps.BeginInvoke())
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Invoke-OfficeopsWithUserHive' {
    BeforeEach {
        $file = New-OfficeopsFakeRegistry -Name NTUSER.DAT -Tree @{ 'Software\Microsoft\Office\16.0\Common\Identity' = @{ EnableADAL = 1 } }
        $global:HiveTest = @{
            Users = New-OfficeopsFakeRegistry -Name HKEY_USERS
            File = $file.Node
            Mutex = [OfficeopsHiveTest.FakeMutex]::new('free')
            UnloadCode = $null      # set: the unload answers this code and leaves the hive
            UnloadThrows = $false   # set: the unload throws (the P/Invoke itself failed)
            Calls = [System.Collections.Generic.List[string]]::new()
        }
        $file.Dispose()
        Use-OfficeopsFakeRegistry -Users $global:HiveTest.Users
        Mock -ModuleName _UserHive New-OfficeopsHiveMutex { $global:HiveTest.Calls.Add("mutex $Sid"); $global:HiveTest.Mutex }
        Mock -ModuleName _UserHive Test-OfficeopsHiveFile { $global:HiveTest.Calls.Add("test $Path"); $true }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveLoad {
            $global:HiveTest.Calls.Add("load $KeyName")
            $global:HiveTest.Users.Attach($KeyName, $global:HiveTest.File)
        }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveUnload {
            $global:HiveTest.Calls.Add("unload $KeyName")
            if ($global:HiveTest.UnloadThrows) {
                throw 'RegUnLoadKey could not be called'
            }
            if ($null -ne $global:HiveTest.UnloadCode) {
                return $global:HiveTest.UnloadCode
            }
            $global:HiveTest.Users.Detach($KeyName)
        }
        $global:HiveTest.Block = {
            param($root)
            $global:HiveTest.RootName = $root.Name
            $key = $root.CreateSubKey('Software\officeops')
            try { $key.SetValue('probe', 'written') } finally { $key.Dispose() }
            $identity = $root.OpenSubKey('Software\Microsoft\Office\16.0\Common\Identity')
            try { @{ adal = $identity.GetValue('EnableADAL') } } finally { $identity.Dispose() }
        }
    }

    AfterEach {
        Remove-Variable -Name HiveTest -Scope Global -ErrorAction SilentlyContinue
    }

    Context 'a user whose hive is not loaded' {
        It 'loads NTUSER.DAT under the private key, hands the block a writable root and unloads it' {
            $result = Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock $global:HiveTest.Block

            $result.hive | Should -Be 'mounted'
            $result.output.adal | Should -Be 1
            $global:HiveTest.RootName | Should -Be 'HKEY_USERS\officeops_S-1-5-21-1-2-3-1001'
            Read-HiveFileValue -Path 'Software\officeops' -Name 'probe' | Should -Be 'written'
            $global:HiveTest.Calls.Count | Should -Be 4
            $global:HiveTest.Calls[0] | Should -Be 'mutex S-1-5-21-1-2-3-1001'
            $global:HiveTest.Calls[1] | Should -Be 'test C:\Users\maria\NTUSER.DAT'
            $global:HiveTest.Calls[2] | Should -Be 'load officeops_S-1-5-21-1-2-3-1001'
            $global:HiveTest.Calls[3] | Should -Be 'unload officeops_S-1-5-21-1-2-3-1001'
            $global:HiveTest.Users.OpenSubKey($script:Mount) | Should -BeNullOrEmpty
            $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
            $global:HiveTest.Mutex.Releases | Should -Be 1
            $global:HiveTest.Mutex.Disposals | Should -Be 1
            $global:HiveTest.Mutex.LastTimeout | Should -Be ([TimeSpan]::FromMinutes(5))
        }

        It 'loads the NTUSER.DAT of the profile path' {
            $null = Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { 'x' }
            Should -Invoke Invoke-OfficeopsHiveLoad -ModuleName _UserHive -Times 1 -Exactly -ParameterFilter {
                $KeyName -eq 'officeops_S-1-5-21-1-2-3-1001' -and $Path -eq 'C:\Users\maria\NTUSER.DAT'
            }
        }

        It 'returns every object the block outputs' {
            $result = Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { 'a'; 'b' }
            $result.output | Should -Be @('a', 'b')
            $result.hive | Should -Be 'mounted'
        }

        It 'unloads the hive when the block throws, and rethrows the error' {
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { param($root) $null = $root; throw 'boom in the block' } } |
                Should -Throw -ExpectedMessage 'boom in the block'
            Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 1 -Exactly -ParameterFilter { $KeyName -eq 'officeops_S-1-5-21-1-2-3-1001' }
            $global:HiveTest.Users.OpenSubKey($script:Mount) | Should -BeNullOrEmpty
            $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
            $global:HiveTest.Mutex.Releases | Should -Be 1
        }

        It 'refuses a block that returns a registry key, closes it and still unloads' {
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { param($root) $root.CreateSubKey('Software\leak') } } |
                Should -Throw -ExpectedMessage 'the script block returned a registry key; it must return plain data'
            # Detach answers 5 while any handle is open: the unload succeeding proves the key was closed.
            $global:HiveTest.Users.OpenSubKey($script:Mount) | Should -BeNullOrEmpty
            $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
            $global:HiveTest.Mutex.Releases | Should -Be 1
        }

        It 'fails naming the key and the reg.exe command when the unload fails' {
            $global:HiveTest.UnloadCode = 5
            $expected = 'The registry hive of CORP\maria is still loaded at HKEY_USERS\officeops_S-1-5-21-1-2-3-1001 (RegUnLoadKey returned 5: *). ' +
            'Unload it before the user logs on, or Windows gives them a temporary profile: reg.exe unload "HKU\officeops_S-1-5-21-1-2-3-1001"'
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { 'done' } } | Should -Throw -ExpectedMessage $expected
            $global:HiveTest.Mutex.Releases | Should -Be 1
            $global:HiveTest.Mutex.Disposals | Should -Be 1
        }

        It 'appends the block''s own error to the unload failure' {
            $global:HiveTest.UnloadCode = 5
            $err = { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { throw 'the operation broke' } } | Should -Throw -PassThru
            $err.Exception.Message | Should -BeLike '*still loaded at HKEY_USERS\officeops_S-1-5-21-1-2-3-1001 (RegUnLoadKey returned 5: *'
            $err.Exception.Message | Should -BeLike '*reg.exe unload "HKU\officeops_S-1-5-21-1-2-3-1001" The operation itself had failed first: the operation broke'
        }

        It 'reports an unload that throws as a failed unload, not as success' {
            $global:HiveTest.UnloadThrows = $true
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { 'done' } } |
                Should -Throw -ExpectedMessage '*still loaded at HKEY_USERS\officeops_S-1-5-21-1-2-3-1001 (unloading failed: RegUnLoadKey could not be called)*reg.exe unload*'
        }

        It 'fails before loading anything when NTUSER.DAT is missing' {
            Mock -ModuleName _UserHive Test-OfficeopsHiveFile { $false }
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { throw 'must not run' } } |
                Should -Throw -ExpectedMessage 'The registry hive of CORP\maria (S-1-5-21-1-2-3-1001) was not found at C:\Users\maria\NTUSER.DAT'
            Should -Invoke Invoke-OfficeopsHiveLoad -ModuleName _UserHive -Times 0
            Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 0
            $global:HiveTest.Mutex.Releases | Should -Be 1
        }

        It 'does not run the block or unload when the load itself fails' {
            Mock -ModuleName _UserHive Invoke-OfficeopsHiveLoad { throw 'RegLoadKey of C:\Users\maria\NTUSER.DAT failed: in use' }
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { throw 'must not run' } } |
                Should -Throw -ExpectedMessage 'RegLoadKey of C:\Users\maria\NTUSER.DAT failed: in use'
            Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 0
            $global:HiveTest.Mutex.Releases | Should -Be 1
            $global:HiveTest.Mutex.Disposals | Should -Be 1
        }

        It 'fails when the mounted key cannot be opened, without running the block' {
            Mock -ModuleName _UserHive Invoke-OfficeopsHiveLoad { }
            $global:HiveTest.Ran = $false
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { $global:HiveTest.Ran = $true } } |
                Should -Throw -ExpectedMessage 'HKEY_USERS\officeops_S-1-5-21-1-2-3-1001 could not be opened'
            $global:HiveTest.Ran | Should -BeFalse
            $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
        }
    }

    Context 'a user who is logged on (hive loaded)' {
        BeforeEach {
            $global:HiveTest.Users.CreateSubKey('S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common\Identity').Dispose()
            $key = $global:HiveTest.Users.OpenSubKey('S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common\Identity', $true)
            $key.SetValue('EnableADAL', 0)
            $key.Dispose()
        }

        It 'uses HKEY_USERS\<SID> in place and never loads or unloads it' {
            $result = Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock $global:HiveTest.Block

            $result.hive | Should -Be 'loaded'
            $result.output.adal | Should -Be 0
            $global:HiveTest.RootName | Should -Be 'HKEY_USERS\S-1-5-21-1-2-3-1001'
            $probe = $global:HiveTest.Users.OpenSubKey('S-1-5-21-1-2-3-1001\Software\officeops')
            $probe.GetValue('probe') | Should -Be 'written'
            $probe.Dispose()
            Should -Invoke Test-OfficeopsHiveFile -ModuleName _UserHive -Times 0
            Should -Invoke Invoke-OfficeopsHiveLoad -ModuleName _UserHive -Times 0
            Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 0
            $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
            $global:HiveTest.Mutex.Releases | Should -Be 1
        }

        It 'leaves the loaded hive in place when the block fails' {
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { throw 'boom' } } | Should -Throw -ExpectedMessage 'boom'
            Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 0
            $global:HiveTest.Users.OpenSubKey('S-1-5-21-1-2-3-1001') | ForEach-Object { $_.Dispose(); $true } | Should -BeTrue
        }

        It 'refuses a returned registry key and leaves the hive loaded' {
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { param($root) 'data'; $root.OpenSubKey('Software') } } |
                Should -Throw -ExpectedMessage 'the script block returned a registry key; it must return plain data'
            Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 0
            $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
        }
    }

    Context 'a private mount left by a run that died' {
        BeforeEach {
            $stale = New-OfficeopsFakeRegistry -Name stale -Tree @{ 'Software' = @{} }
            $global:HiveTest.Users.Attach('officeops_S-1-5-21-1-2-3-1001', $stale.Node)
            $stale.Dispose()
        }

        It 'is unloaded first, then the hive is loaded afresh and unloaded again' {
            $result = Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock $global:HiveTest.Block
            $result.hive | Should -Be 'mounted'
            $result.output.adal | Should -Be 1
            @($global:HiveTest.Calls | Where-Object { $_ -notlike 'mutex *' -and $_ -notlike 'test *' }) | Should -Be @(
                'unload officeops_S-1-5-21-1-2-3-1001', 'load officeops_S-1-5-21-1-2-3-1001', 'unload officeops_S-1-5-21-1-2-3-1001')
            $global:HiveTest.Users.OpenSubKey($script:Mount) | Should -BeNullOrEmpty
            $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
        }

        It 'is cleared even when the user''s own hive is loaded, which is then used in place' {
            $global:HiveTest.Users.CreateSubKey('S-1-5-21-1-2-3-1001\Software').Dispose()
            $result = Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { 'ok' }
            $result.hive | Should -Be 'loaded'
            Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 1 -Exactly
            Should -Invoke Invoke-OfficeopsHiveLoad -ModuleName _UserHive -Times 0
            $global:HiveTest.Users.OpenSubKey($script:Mount) | Should -BeNullOrEmpty
        }

        It 'is refused with the manual command when it cannot be unloaded, and nothing else runs' {
            $global:HiveTest.UnloadCode = 5
            $global:HiveTest.Ran = $false
            $expected = 'HKEY_USERS\officeops_S-1-5-21-1-2-3-1001 is still loaded from an earlier run and cannot be unloaded ' +
            '(RegUnLoadKey returned 5: *); unload it by hand: reg.exe unload "HKU\officeops_S-1-5-21-1-2-3-1001"'
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { $global:HiveTest.Ran = $true } } |
                Should -Throw -ExpectedMessage $expected
            $global:HiveTest.Ran | Should -BeFalse
            Should -Invoke Invoke-OfficeopsHiveLoad -ModuleName _UserHive -Times 0
            Should -Invoke Test-OfficeopsHiveFile -ModuleName _UserHive -Times 0
            $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
            $global:HiveTest.Mutex.Releases | Should -Be 1
        }
    }

    Context 'the per-user mutex' {
        It 'is the mutex of the profile''s SID' {
            $null = Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { 'x' }
            Should -Invoke New-OfficeopsHiveMutex -ModuleName _UserHive -Times 1 -Exactly -ParameterFilter { $Sid -eq 'S-1-5-21-1-2-3-1001' }
        }

        It 'times out after 5 minutes with an error, touching nothing, and is disposed' {
            $global:HiveTest.Mutex = [OfficeopsHiveTest.FakeMutex]::new('busy')
            $global:HiveTest.Ran = $false
            { Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { $global:HiveTest.Ran = $true } } |
                Should -Throw -ExpectedMessage 'another officeops run has held the registry hive of CORP\maria for 5 minutes'
            $global:HiveTest.Ran | Should -BeFalse
            $global:HiveTest.Mutex.LastTimeout | Should -Be ([TimeSpan]::FromMinutes(5))
            $global:HiveTest.Mutex.Releases | Should -Be 0 -Because 'a mutex that was never owned is not released'
            $global:HiveTest.Mutex.Disposals | Should -Be 1
            Should -Invoke Invoke-OfficeopsHiveLoad -ModuleName _UserHive -Times 0
            Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 0
        }

        It 'taken over from a run that died holding it, runs and releases it' {
            $global:HiveTest.Mutex = [OfficeopsHiveTest.FakeMutex]::new('abandoned')
            $result = Invoke-OfficeopsWithUserHive -UserProfile (New-HiveTestProfile) -ScriptBlock { 'after abandon' }
            $result.output | Should -Be 'after abandon'
            $result.hive | Should -Be 'mounted'
            $global:HiveTest.Mutex.Releases | Should -Be 1
            $global:HiveTest.Mutex.Disposals | Should -Be 1
        }
    }
}

Describe 'Invoke-OfficeopsWithUserHive with the real named mutex' {
    BeforeEach {
        $file = New-OfficeopsFakeRegistry -Name NTUSER.DAT -Tree @{ 'Software' = @{} }
        $global:HiveTest = @{ Users = New-OfficeopsFakeRegistry -Name HKEY_USERS; File = $file.Node }
        $file.Dispose()
        Use-OfficeopsFakeRegistry -Users $global:HiveTest.Users
        Mock -ModuleName _UserHive Test-OfficeopsHiveFile { $true }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveLoad { $global:HiveTest.Users.Attach($KeyName, $global:HiveTest.File) }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveUnload { $global:HiveTest.Users.Detach($KeyName) }
        # A SID of its own per test, so no other run of the suite shares the mutex.
        $script:OwnSid = 'S-1-5-21-7-7-7-{0}' -f (Get-Random -Minimum 1000 -Maximum 999999)
        $script:OwnProfile = New-HiveTestProfile
        $script:OwnProfile.sid = $script:OwnSid
        # A second handle, as a concurrent run waiting for the hive holds: it keeps the mutex
        # alive, so one the code disposed without releasing would stay owned.
        $script:Keeper = New-Object -TypeName System.Threading.Mutex -ArgumentList $false, "Global\officeops_hive_$script:OwnSid"
    }

    AfterEach {
        $script:Keeper.Dispose()
        Remove-Variable -Name HiveTest -Scope Global -ErrorAction SilentlyContinue
    }

    It 'is free for another thread once the block has run' {
        $result = Invoke-OfficeopsWithUserHive -UserProfile $script:OwnProfile -ScriptBlock { 'ok' }
        $result.output | Should -Be 'ok'
        Test-MutexFreeElsewhere -Name "Global\officeops_hive_$script:OwnSid" | Should -BeExactly $true
    }

    It 'is free for another thread after the block failed' {
        { Invoke-OfficeopsWithUserHive -UserProfile $script:OwnProfile -ScriptBlock { throw 'boom' } } | Should -Throw -ExpectedMessage 'boom'
        Test-MutexFreeElsewhere -Name "Global\officeops_hive_$script:OwnSid" | Should -BeExactly $true
    }

    It 'is a System.Threading.Mutex' {
        $mutex = InModuleScope _UserHive -Parameters @{ Sid = $script:OwnSid } { param($Sid) New-OfficeopsHiveMutex -Sid $Sid }
        try {
            $mutex | Should -BeOfType ([System.Threading.Mutex])
        }
        finally {
            $mutex.Dispose()
        }
    }
}

Describe 'Dismount-OfficeopsUserHive' {
    BeforeEach {
        $global:HiveTest = @{ Users = New-OfficeopsFakeRegistry -Name HKEY_USERS; Code = 0 }
        $hive = New-OfficeopsFakeRegistry -Name hive
        $global:HiveTest.Users.Attach('officeops_S-1-5-21-1-2-3-1001', $hive.Node)
        $hive.Dispose()
        Use-OfficeopsFakeRegistry -Users $global:HiveTest.Users
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveUnload { $global:HiveTest.Code }
    }

    AfterEach {
        Remove-Variable -Name HiveTest -Scope Global -ErrorAction SilentlyContinue
    }

    It 'is $null and calls nothing when the key is not loaded' {
        Dismount-OfficeopsUserHive -KeyName 'officeops_S-1-5-21-1-2-3-1002' | Should -BeNullOrEmpty
        Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 0
        $global:HiveTest.Users.OpenHandleCount() | Should -Be 0
    }

    It 'is $null when RegUnLoadKey returns 0' {
        Dismount-OfficeopsUserHive -KeyName 'officeops_S-1-5-21-1-2-3-1001' | Should -BeNullOrEmpty
        Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 1 -Exactly -ParameterFilter { $KeyName -eq 'officeops_S-1-5-21-1-2-3-1001' }
        $global:HiveTest.Users.OpenHandleCount() | Should -Be 0 -Because 'the presence check closes its key before unloading'
    }

    It 'names the Win32 code <code> when RegUnLoadKey fails' -ForEach @(@{ code = 5 }, @{ code = 32 }, @{ code = 1314 }) {
        $global:HiveTest.Code = $code
        Dismount-OfficeopsUserHive -KeyName 'officeops_S-1-5-21-1-2-3-1001' | Should -BeLike "RegUnLoadKey returned $($code): ?*"
    }

    It 'returns why instead of throwing when the unload call throws' {
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveUnload { throw 'privilege not held' }
        Dismount-OfficeopsUserHive -KeyName 'officeops_S-1-5-21-1-2-3-1001' | Should -Be 'unloading failed: privilege not held'
    }

    It 'returns why instead of throwing when HKEY_USERS cannot be opened' {
        Mock -ModuleName _RegistryTree Open-OfficeopsRegistryBase { throw 'access denied' }
        Dismount-OfficeopsUserHive -KeyName 'officeops_S-1-5-21-1-2-3-1001' | Should -Be 'unloading failed: access denied'
        Should -Invoke Invoke-OfficeopsHiveUnload -ModuleName _UserHive -Times 0
    }
}

Describe 'the hive boundary functions' {
    It 'Test-OfficeopsHiveFile is true for a file only' {
        $file = Join-Path -Path $TestDrive -ChildPath 'NTUSER.DAT'
        [System.IO.File]::WriteAllBytes($file, [byte[]](1, 2))
        $test = { param($Path) Test-OfficeopsHiveFile -Path $Path }
        InModuleScope _UserHive -Parameters @{ Path = $file } $test | Should -BeTrue
        InModuleScope _UserHive -Parameters @{ Path = $TestDrive } $test | Should -BeFalse
        InModuleScope _UserHive -Parameters @{ Path = (Join-Path -Path $TestDrive -ChildPath 'missing.DAT') } $test | Should -BeFalse
        InModuleScope _UserHive -Parameters @{ Path = (Join-Path -Path $TestDrive -ChildPath '[x].DAT') } $test | Should -BeFalse
    }

    It 'Invoke-OfficeopsHiveLoad and -Unload call the C# UserHive (which only works on Windows)' -Skip:$IsWindows {
        # The type resolves and the method binds (Load(name, file), Unload(name, attempts));
        # the privilege and registry calls inside then fail off Windows.
        $load = { InModuleScope _UserHive { Invoke-OfficeopsHiveLoad -KeyName 'officeops_pester' -Path '/nonexistent/NTUSER.DAT' } } | Should -Throw -PassThru
        $load.Exception.Message | Should -BeLike 'Exception calling "Load" with "2" argument(s)*'
        $unload = { InModuleScope _UserHive { Invoke-OfficeopsHiveUnload -KeyName 'officeops_pester' } } | Should -Throw -PassThru
        $unload.Exception.Message | Should -BeLike 'Exception calling "Unload" with "2" argument(s)*'
    }
}
