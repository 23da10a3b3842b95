# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Profiles, target users and session access. ProfileList and HKEY_USERS are the in-memory
# registry; the logon sessions, the console session, SID <-> name lookups and this
# process's identity are the mocked boundary functions of _UserProfile.psm1.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile

    $script:ProfileList = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'

    Function New-ProfileEntry {
        # A profile as Get-OfficeopsUserProfile returns it.
        param ([string]$Sid, [AllowNull()][string]$Name, [string]$Path, [bool]$LoggedOn = $false, [bool]$Console = $false)
        @{
            sid = $Sid; name = $(if ($Name) { $Name } else { $null }); profile_path = $Path
            hive_loaded = $LoggedOn; logged_on = $LoggedOn
            session_id = $(if ($LoggedOn) { 1 } else { $null }); console = $Console
        }
    }

    Function New-Session {
        param ([int]$Id, [string]$Domain, [string]$User, [int]$State)
        [pscustomobject]@{ SessionId = $Id; UserName = $User; Domain = $Domain; State = $State }
    }
}

Describe 'Get-OfficeopsUserProfile' {
    BeforeEach {
        $env:OFFICEOPS_PESTER_DRIVE = 'D:'
        $machine = [ordered]@{
            "$script:ProfileList\S-1-5-18" = @{ ProfileImagePath = 'C:\Windows\system32\config\systemprofile' }
            "$script:ProfileList\S-1-5-21-1-2-3-1001" = @{ ProfileImagePath = 'C:\Users\maria' }
            # REG_SZ holding a variable: the code expands it, not the registry.
            "$script:ProfileList\S-1-5-21-1-2-3-1002" = @{ ProfileImagePath = '%OFFICEOPS_PESTER_DRIVE%\Users\omar' }
            "$script:ProfileList\S-1-5-21-1-2-3-1003.bak" = @{ ProfileImagePath = 'C:\Users\temp' }
            "$script:ProfileList\S-1-12-1-11-22-33-44" = @{ ProfileImagePath = @{ kind = 'ExpandString'; data = 'C:\Users\lena' } }
            "$script:ProfileList\S-1-5-21-1-2-3-1005" = @{}
        }
        $global:ProfileTest = @{
            Machine = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE -Tree $machine
            Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{ 'S-1-5-21-1-2-3-1001\Software' = @{}; 'S-1-12-1-11-22-33-44' = @{} }
            Sessions = @(
                # maria: an RDP session listed first, then her (disconnected) console session: the console wins.
                (New-Session -Id 5 -Domain CORP -User maria -State 0)
                (New-Session -Id 1 -Domain CORP -User maria -State 4)
                # lena: a disconnected session first, then an active one: the active one wins.
                (New-Session -Id 3 -Domain AzureAD -User lena -State 4)
                (New-Session -Id 4 -Domain AzureAD -User lena -State 0)
                # an account that no longer resolves: ignored.
                (New-Session -Id 7 -Domain CORP -User ghost -State 0)
            )
            Console = 1
            Names = @{
                'S-1-5-18' = 'NT AUTHORITY\SYSTEM'; 'S-1-5-21-1-2-3-1001' = 'CORP\maria'; 'S-1-5-21-1-2-3-1002' = 'CORP\omar'
                'S-1-12-1-11-22-33-44' = 'AzureAD\lena'
            }
            Sids = @{ 'CORP\maria' = 'S-1-5-21-1-2-3-1001'; 'AzureAD\lena' = 'S-1-12-1-11-22-33-44' }
        }
        Use-OfficeopsFakeRegistry -Users $global:ProfileTest.Users -LocalMachine $global:ProfileTest.Machine
        Mock -ModuleName _UserProfile Get-OfficeopsLogonSession { $global:ProfileTest.Sessions }
        Mock -ModuleName _UserProfile Get-OfficeopsConsoleSessionId { $global:ProfileTest.Console }
        Mock -ModuleName _UserProfile ConvertTo-OfficeopsAccountName { $global:ProfileTest.Names[$Sid] }
        Mock -ModuleName _UserProfile ConvertTo-OfficeopsSid { $global:ProfileTest.Sids[$Account] }
    }

    AfterEach {
        Remove-Variable -Name ProfileTest -Scope Global -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath env:OFFICEOPS_PESTER_DRIVE -ErrorAction SilentlyContinue
    }

    It 'lists every ProfileList entry with name, path, hive and session (<sid>)' -ForEach @(
        @{ sid = 'S-1-5-18'; name = 'NT AUTHORITY\SYSTEM'; profile_path = 'C:\Windows\system32\config\systemprofile'; hive_loaded = $false; logged_on = $false; session_id = $null; console = $false }
        @{ sid = 'S-1-5-21-1-2-3-1001'; name = 'CORP\maria'; profile_path = 'C:\Users\maria'; hive_loaded = $true; logged_on = $true; session_id = 1; console = $true }
        @{ sid = 'S-1-5-21-1-2-3-1002'; name = 'CORP\omar'; profile_path = 'D:\Users\omar'; hive_loaded = $false; logged_on = $false; session_id = $null; console = $false }
        @{ sid = 'S-1-5-21-1-2-3-1003.bak'; name = $null; profile_path = 'C:\Users\temp'; hive_loaded = $false; logged_on = $false; session_id = $null; console = $false }
        @{ sid = 'S-1-12-1-11-22-33-44'; name = 'AzureAD\lena'; profile_path = 'C:\Users\lena'; hive_loaded = $true; logged_on = $true; session_id = 4; console = $false }
        @{ sid = 'S-1-5-21-1-2-3-1005'; name = $null; profile_path = ''; hive_loaded = $false; logged_on = $false; session_id = $null; console = $false }
    ) {
        $profiles = @(Get-OfficeopsUserProfile)
        $profiles.Count | Should -Be 6
        $found = @($profiles | Where-Object { $_.sid -ceq $sid })
        $found.Count | Should -Be 1
        $entry = $found[0]
        @($entry.Keys | Sort-Object) | Should -Be @('console', 'hive_loaded', 'logged_on', 'name', 'profile_path', 'session_id', 'sid')
        $entry.name | Should -Be $name
        $entry.profile_path | Should -BeExactly $profile_path
        $entry.hive_loaded | Should -BeExactly $hive_loaded
        $entry.logged_on | Should -BeExactly $logged_on
        $entry.console | Should -BeExactly $console
        if ($null -eq $session_id) {
            $entry.session_id | Should -BeNullOrEmpty
        }
        else {
            $entry.session_id | Should -BeExactly $session_id
            $entry.session_id | Should -BeOfType ([int])
        }
    }

    It 'keeps the ProfileList order and closes every key' {
        @(Get-OfficeopsUserProfile | ForEach-Object { $_.sid }) | Should -Be @(
            'S-1-5-18', 'S-1-5-21-1-2-3-1001', 'S-1-5-21-1-2-3-1002', 'S-1-5-21-1-2-3-1003.bak', 'S-1-12-1-11-22-33-44', 'S-1-5-21-1-2-3-1005')
        $global:ProfileTest.Machine.OpenHandleCount() | Should -Be 0
        $global:ProfileTest.Users.OpenHandleCount() | Should -Be 0
    }

    It 'looks each session''s account up by DOMAIN\name' {
        $null = @(Get-OfficeopsUserProfile)
        Should -Invoke ConvertTo-OfficeopsSid -ModuleName _UserProfile -Times 5 -Exactly
        Should -Invoke ConvertTo-OfficeopsSid -ModuleName _UserProfile -Times 1 -Exactly -ParameterFilter { $Account -eq 'CORP\ghost' }
        Should -Invoke ConvertTo-OfficeopsSid -ModuleName _UserProfile -Times 2 -Exactly -ParameterFilter { $Account -eq 'AzureAD\lena' }
    }

    It 'marks nobody as logged on when there is no session and no console' {
        $global:ProfileTest.Sessions = @()
        $global:ProfileTest.Console = -1
        $profiles = @(Get-OfficeopsUserProfile)
        $profiles.Count | Should -Be 6
        @($profiles | Where-Object { $_.logged_on -or $_.console -or $null -ne $_.session_id }).Count | Should -Be 0
        @($profiles | Where-Object { $_.hive_loaded } | ForEach-Object { $_.sid }) | Should -Be @('S-1-5-21-1-2-3-1001', 'S-1-12-1-11-22-33-44')
    }

    It 'says console only for the session attached to the console' {
        $global:ProfileTest.Console = 4
        $profiles = @(Get-OfficeopsUserProfile)
        $maria = $profiles | Where-Object { $_.sid -eq 'S-1-5-21-1-2-3-1001' }
        $lena = $profiles | Where-Object { $_.sid -eq 'S-1-12-1-11-22-33-44' }
        $maria.session_id | Should -Be 5 -Because 'with no console session, her active session is preferred'
        $maria.console | Should -BeFalse
        $lena.session_id | Should -Be 4
        $lena.console | Should -BeTrue
    }

    It 'returns nothing when ProfileList is missing, and closes HKLM' {
        $global:ProfileTest.Machine = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE -Tree @{ 'SOFTWARE\Microsoft' = @{} }
        Use-OfficeopsFakeRegistry -Users $global:ProfileTest.Users -LocalMachine $global:ProfileTest.Machine
        @(Get-OfficeopsUserProfile).Count | Should -Be 0
        $global:ProfileTest.Machine.OpenHandleCount() | Should -Be 0
    }

    It 'counts a hive a standard user may not open (HKU\S-1-5-18 under become) as loaded, and lists every profile' {
        # RegistryKey.OpenSubKey throws SecurityException on ERROR_ACCESS_DENIED; as a standard
        # user (session=become) HKEY_USERS\S-1-5-18 / -19 / -20 refuse read, yet they exist.
        $global:ProfileTest.Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{ 'S-1-5-18' = @{}; 'S-1-5-21-1-2-3-1001\Software' = @{} }
        Use-OfficeopsFakeRegistry -Users $global:ProfileTest.Users -LocalMachine $global:ProfileTest.Machine
        Mock -ModuleName _UserProfile Open-OfficeopsRegistrySubKey -ParameterFilter { $Path -eq 'S-1-5-18' } {
            # As from RegistryKey.OpenSubKey: a .NET method's exception.
            $denied = New-Object -TypeName System.Security.SecurityException -ArgumentList 'Requested registry access is not allowed.'
            [System.Runtime.ExceptionServices.ExceptionDispatchInfo]::Capture($denied).Throw()
        }

        $profiles = @(Get-OfficeopsUserProfile)

        $profiles.Count | Should -Be 6
        ($profiles | Where-Object { $_.sid -eq 'S-1-5-18' }).hive_loaded | Should -BeTrue
        ($profiles | Where-Object { $_.sid -eq 'S-1-5-21-1-2-3-1001' }).hive_loaded | Should -BeTrue
        ($profiles | Where-Object { $_.sid -eq 'S-1-5-21-1-2-3-1002' }).hive_loaded | Should -BeFalse
        $global:ProfileTest.Machine.OpenHandleCount() | Should -Be 0
        $global:ProfileTest.Users.OpenHandleCount() | Should -Be 0
    }

    It 'closes its keys when a lookup throws' {
        Mock -ModuleName _UserProfile ConvertTo-OfficeopsAccountName { throw 'lookup broke' }
        { @(Get-OfficeopsUserProfile) } | Should -Throw -ExpectedMessage 'lookup broke'
        $global:ProfileTest.Machine.OpenHandleCount() | Should -Be 0
        $global:ProfileTest.Users.OpenHandleCount() | Should -Be 0
    }
}

Describe 'Test-OfficeopsRealProfile' {
    # The rule of profile_skip_reason in plugins/module_utils/_users/target.py.
    It 'is <expected> for <sid> at <path>' -ForEach @(
        @{ sid = 'S-1-5-21-1-2-3-1001'; path = 'C:\Users\maria'; expected = $true }
        @{ sid = 's-1-5-21-1-2-3-1001'; path = 'C:\Users\maria'; expected = $true }
        @{ sid = 'S-1-12-1-11-22-33-44'; path = 'C:\Users\lena'; expected = $true }
        @{ sid = 'S-1-5-21-1-2-3-4-1001'; path = 'C:\Users\five'; expected = $true }
        @{ sid = 'S-1-5-21-1-2-3-1001'; path = 'C:\Users\defaulter'; expected = $true }
        @{ sid = 'S-1-5-21-1-2-3-1001'; path = 'C:\Users\maria\'; expected = $true }
        @{ sid = 'S-1-5-21-1-2-1001'; path = 'C:\Users\three'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-4-5-1001'; path = 'C:\Users\six'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-12345678901'; path = 'C:\Users\long'; expected = $false }
        @{ sid = 'S-1-5-18'; path = 'C:\Windows\system32\config\systemprofile'; expected = $false }
        @{ sid = 'S-1-5-19'; path = 'C:\Windows\ServiceProfiles\LocalService'; expected = $false }
        @{ sid = 'S-1-5-20'; path = 'C:\Windows\ServiceProfiles\NetworkService'; expected = $false }
        @{ sid = 'S-1-5-80-1-2-3-4-5'; path = 'C:\Users\svc'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-1001.bak'; path = 'C:\Users\maria'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-500'; path = 'C:\Users\Default'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-500'; path = 'C:\Users\DEFAULT\'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-500'; path = 'C:\Users\Default User'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-500'; path = 'C:\WINDOWS\System32\Config\SystemProfile'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-1001'; path = ''; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-1001'; path = '\'; expected = $false }
        @{ sid = 'S-1-5-21-1-2-3-1001'; path = $null; expected = $false }
    ) {
        Test-OfficeopsRealProfile -UserProfile @{ sid = $sid; profile_path = $path } | Should -BeExactly $expected
    }
}

Describe 'Resolve-OfficeopsTargetUser' {
    BeforeAll {
        $script:Profiles = @(
            (New-ProfileEntry -Sid 'S-1-5-18' -Name 'NT AUTHORITY\SYSTEM' -Path 'C:\Windows\system32\config\systemprofile')
            (New-ProfileEntry -Sid 'S-1-5-21-1-2-3-1001' -Name 'CORP\maria' -Path 'C:\Users\maria' -LoggedOn $true -Console $true)
            (New-ProfileEntry -Sid 'S-1-5-21-1-2-3-1002' -Name 'CORP\omar' -Path 'C:\Users\omar')
            (New-ProfileEntry -Sid 'S-1-5-21-1-2-3-1003.bak' -Name $null -Path 'C:\Users\temp')
            (New-ProfileEntry -Sid 'S-1-5-21-1-2-3-500' -Name 'PC1\defaultuser0' -Path 'C:\Users\Default')
            (New-ProfileEntry -Sid 'S-1-12-1-11-22-33-44' -Name 'AzureAD\lena' -Path 'C:\Users\lena' -LoggedOn $true)
            (New-ProfileEntry -Sid 'S-1-5-21-1-2-3-1006' -Name $null -Path 'C:\Users\gone')
        )
    }

    BeforeEach {
        # Directory lookups: what a domain-joined PC would answer.
        Mock -ModuleName _UserProfile ConvertTo-OfficeopsSid {
            @{
                'maria@corp.example' = 'S-1-5-21-1-2-3-1001'; '.\omar' = 'S-1-5-21-1-2-3-1002'; 'NT AUTHORITY\SYSTEM' = 'S-1-5-18'
                'CORP\renamed' = 'S-1-5-21-1-2-3-1006'; 'PC1\defaultuser0' = 'S-1-5-21-1-2-3-500'
            }[$Account]
        }
    }

    It 'selects <expected> for user=<user>' -ForEach @(
        @{ user = 'all'; expected = @('S-1-5-21-1-2-3-1001', 'S-1-5-21-1-2-3-1002', 'S-1-12-1-11-22-33-44', 'S-1-5-21-1-2-3-1006'); lookups = 0 }
        @{ user = 'interactive'; expected = @('S-1-5-21-1-2-3-1001'); lookups = 0 }
        @{ user = 'S-1-5-21-1-2-3-1002'; expected = @('S-1-5-21-1-2-3-1002'); lookups = 0 }
        @{ user = 's-1-5-21-1-2-3-1002'; expected = @('S-1-5-21-1-2-3-1002'); lookups = 0 }
        @{ user = 'S-1-12-1-11-22-33-44'; expected = @('S-1-12-1-11-22-33-44'); lookups = 0 }
        @{ user = 'CORP\maria'; expected = @('S-1-5-21-1-2-3-1001'); lookups = 0 }
        @{ user = 'corp\MARIA'; expected = @('S-1-5-21-1-2-3-1001'); lookups = 0 }
        @{ user = 'AzureAD\lena'; expected = @('S-1-12-1-11-22-33-44'); lookups = 0 }
        @{ user = 'maria@corp.example'; expected = @('S-1-5-21-1-2-3-1001'); lookups = 1 }
        @{ user = '.\omar'; expected = @('S-1-5-21-1-2-3-1002'); lookups = 1 }
        @{ user = 'CORP\renamed'; expected = @('S-1-5-21-1-2-3-1006'); lookups = 1 }
    ) {
        $result = Resolve-OfficeopsTargetUser -User $user -UserProfile $script:Profiles
        $result.problem | Should -BeNullOrEmpty
        $result.profiles.GetType().IsArray | Should -BeTrue
        @($result.profiles | ForEach-Object { $_.sid }) | Should -Be $expected
        Should -Invoke ConvertTo-OfficeopsSid -ModuleName _UserProfile -Times $lookups -Exactly
    }

    It 'selects nobody for user=<user>: <problem>' -ForEach @(
        @{ user = 'S-1-5-18'; problem = 'no user profile on this machine matches user=S-1-5-18' }
        @{ user = 'S-1-5-21-1-2-3-1003'; problem = 'no user profile on this machine matches user=S-1-5-21-1-2-3-1003' }
        @{ user = 'S-1-5-21-1-2-3-500'; problem = 'no user profile on this machine matches user=S-1-5-21-1-2-3-500' }
        @{ user = 'NT AUTHORITY\SYSTEM'; problem = 'no user profile on this machine matches user=NT AUTHORITY\SYSTEM' }
        @{ user = 'PC1\defaultuser0'; problem = 'no user profile on this machine matches user=PC1\defaultuser0' }
        @{ user = 'CORP\nobody'; problem = 'no user profile on this machine matches user=CORP\nobody' }
        @{ user = 'nobody@corp.example'; problem = 'no user profile on this machine matches user=nobody@corp.example' }
    ) {
        $result = Resolve-OfficeopsTargetUser -User $user -UserProfile $script:Profiles
        $result.problem | Should -BeExactly $problem
        $result.profiles.GetType().IsArray | Should -BeTrue
        $result.profiles.Count | Should -Be 0
    }

    It 'says why nobody was selected on a machine without <what>' -ForEach @(
        @{ what = 'any profile'; user = 'all'; problems = @(); problem = 'no real user profile on this machine' }
        @{ what = 'a real profile'; user = 'all'; problems = 'system'; problem = 'no real user profile on this machine' }
        @{ what = 'any profile'; user = 'interactive'; problems = @(); problem = 'no user is logged on at the console' }
        @{ what = 'a console user'; user = 'interactive'; problems = 'noconsole'; problem = 'no user is logged on at the console' }
    ) {
        $list = @(switch ($problems) {
                'system' { New-ProfileEntry -Sid 'S-1-5-18' -Name 'NT AUTHORITY\SYSTEM' -Path 'C:\Windows\system32\config\systemprofile' }
                'noconsole' { New-ProfileEntry -Sid 'S-1-5-21-1-2-3-1002' -Name 'CORP\omar' -Path 'C:\Users\omar' -LoggedOn $true }
            })
        $result = Resolve-OfficeopsTargetUser -User $user -UserProfile $list
        $result.problem | Should -BeExactly $problem
        $result.profiles.Count | Should -Be 0
    }
}

Describe 'Get-OfficeopsSessionAccess' {
    # plan_session in plugins/module_utils/_users/session.py: direct when this process runs as
    # the user (not as a network logon) and session is not interactive_task; become_mismatch
    # when session=become otherwise; else interactive_task when logged on, not_logged_on if not.
    It 'is <expected> running as <who> with session=<session>, logged_on=<logged_on>' -ForEach @(
        @{ who = 'the user'; sid = 'S-1-5-21-1-2-3-1001'; network = $false; session = 'auto'; logged_on = $true; expected = 'direct' }
        @{ who = 'the user'; sid = 'S-1-5-21-1-2-3-1001'; network = $false; session = 'auto'; logged_on = $false; expected = 'direct' }
        @{ who = 'the user'; sid = 'S-1-5-21-1-2-3-1001'; network = $false; session = 'become'; logged_on = $true; expected = 'direct' }
        @{ who = 'the user'; sid = 'S-1-5-21-1-2-3-1001'; network = $false; session = 'become'; logged_on = $false; expected = 'direct' }
        @{ who = 'the user'; sid = 'S-1-5-21-1-2-3-1001'; network = $false; session = 'interactive_task'; logged_on = $true; expected = 'interactive_task' }
        @{ who = 'the user'; sid = 'S-1-5-21-1-2-3-1001'; network = $false; session = 'interactive_task'; logged_on = $false; expected = 'not_logged_on' }
        @{ who = 'the user (lower-case SID)'; sid = 's-1-5-21-1-2-3-1001'; network = $false; session = 'auto'; logged_on = $false; expected = 'direct' }
        @{ who = 'the user over a network logon'; sid = 'S-1-5-21-1-2-3-1001'; network = $true; session = 'auto'; logged_on = $true; expected = 'interactive_task' }
        @{ who = 'the user over a network logon'; sid = 'S-1-5-21-1-2-3-1001'; network = $true; session = 'auto'; logged_on = $false; expected = 'not_logged_on' }
        @{ who = 'the user over a network logon'; sid = 'S-1-5-21-1-2-3-1001'; network = $true; session = 'become'; logged_on = $true; expected = 'become_mismatch' }
        @{ who = 'the user over a network logon'; sid = 'S-1-5-21-1-2-3-1001'; network = $true; session = 'become'; logged_on = $false; expected = 'become_mismatch' }
        @{ who = 'the user over a network logon'; sid = 'S-1-5-21-1-2-3-1001'; network = $true; session = 'interactive_task'; logged_on = $true; expected = 'interactive_task' }
        @{ who = 'the user over a network logon'; sid = 'S-1-5-21-1-2-3-1001'; network = $true; session = 'interactive_task'; logged_on = $false; expected = 'not_logged_on' }
        @{ who = 'an administrator'; sid = 'S-1-5-21-1-2-3-500'; network = $false; session = 'auto'; logged_on = $true; expected = 'interactive_task' }
        @{ who = 'an administrator'; sid = 'S-1-5-21-1-2-3-500'; network = $false; session = 'auto'; logged_on = $false; expected = 'not_logged_on' }
        @{ who = 'an administrator'; sid = 'S-1-5-21-1-2-3-500'; network = $false; session = 'become'; logged_on = $true; expected = 'become_mismatch' }
        @{ who = 'an administrator'; sid = 'S-1-5-21-1-2-3-500'; network = $false; session = 'become'; logged_on = $false; expected = 'become_mismatch' }
        @{ who = 'an administrator'; sid = 'S-1-5-21-1-2-3-500'; network = $false; session = 'interactive_task'; logged_on = $true; expected = 'interactive_task' }
        @{ who = 'an administrator'; sid = 'S-1-5-21-1-2-3-500'; network = $false; session = 'interactive_task'; logged_on = $false; expected = 'not_logged_on' }
        @{ who = 'SYSTEM'; sid = 'S-1-5-18'; network = $false; session = 'auto'; logged_on = $true; expected = 'interactive_task' }
        @{ who = 'SYSTEM'; sid = 'S-1-5-18'; network = $false; session = 'become'; logged_on = $true; expected = 'become_mismatch' }
    ) {
        $global:AccessIdentity = @{ sid = $sid; network_logon = $network }
        Mock -ModuleName _UserProfile Get-OfficeopsProcessIdentity { $global:AccessIdentity }
        $userProfile = New-ProfileEntry -Sid 'S-1-5-21-1-2-3-1001' -Name 'CORP\maria' -Path 'C:\Users\maria' -LoggedOn $logged_on
        Get-OfficeopsSessionAccess -UserProfile $userProfile -Session $session | Should -BeExactly $expected
        Should -Invoke Get-OfficeopsProcessIdentity -ModuleName _UserProfile -Times 1 -Exactly
    }
}

Describe 'the lookups and Windows calls behind the boundary' {
    It 'ConvertTo-OfficeopsSid is $null for an account that does not resolve (.\name included)' {
        ConvertTo-OfficeopsSid -Account '.\officeops-pester-nobody' | Should -BeNullOrEmpty
        ConvertTo-OfficeopsSid -Account 'OFFICEOPS-NO-SUCH-DOMAIN\nobody' | Should -BeNullOrEmpty
    }

    It 'ConvertTo-OfficeopsAccountName is $null for a SID that names no account (<sid>)' -ForEach @(
        @{ sid = 'S-1-5-21-1-2-3-1003.bak' }
        @{ sid = 'not a sid' }
    ) {
        InModuleScope _UserProfile -Parameters @{ Sid = $sid } { param($Sid) ConvertTo-OfficeopsAccountName -Sid $Sid } | Should -BeNullOrEmpty
    }

    It 'call the Windows identity and WTS APIs (which only work on Windows)' -Skip:$IsWindows {
        # The types resolve and the methods bind; what they call into then fails off Windows.
        { InModuleScope _UserProfile { Get-OfficeopsProcessIdentity } } | Should -Throw -ExpectedMessage 'Exception calling "GetCurrent" with "0" argument(s)*'
        { InModuleScope _UserProfile { Get-OfficeopsLogonSession } } | Should -Throw -ExpectedMessage 'Exception calling "List" with "0" argument(s)*'
        { InModuleScope _UserProfile { Get-OfficeopsConsoleSessionId } } | Should -Throw -ExpectedMessage 'Exception calling "ConsoleSessionId" with "0" argument(s)*'
    }

    It 'Get-OfficeopsProcessIdentity gives this process''s SID and whether it is a network logon' -Skip:(-not $IsWindows) {
        $identity = InModuleScope _UserProfile { Get-OfficeopsProcessIdentity }
        $identity.sid | Should -Match '^S-1-\d+(-\d+)+$'
        $identity.network_logon | Should -BeOfType ([bool])
        InModuleScope _UserProfile { Get-OfficeopsConsoleSessionId } | Should -BeOfType ([int])
    }
}
