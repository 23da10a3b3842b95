# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# _WamAccount.psm1: the WAM action (WinRT behind the functions defined inside
# Invoke-OfficeopsWamAction), how it reaches the user (Invoke-OfficeopsAsUser of
# _SessionTask.psm1, mocked), the probed listing and the wam_sign_out op. The accounts come
# from the lab scenario godaddy_657rx (maria's two Office accounts).

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile, _SessionTask, _WamAccount

    Function global:New-OfficeopsTestHungTask {
        # Suite helper: a task that never finishes; records how long the caller waited.
        $task = [pscustomobject]@{ Result = $null }
        $task | Add-Member -MemberType ScriptMethod -Name Wait -Value { param($ms) $global:OfficeopsTestWaits.Add($ms); $false } -PassThru
    }

    # The boundaries are defined inside the action (its text is shipped alone into the
    # session task): global twins let Mock -ModuleName resolve them.
    $null = Register-OfficeopsBoundaryStub -Function Invoke-OfficeopsWamAction

    # maria in tests/lab/scenarios/godaddy_657rx.json: her WAM accounts as WinRT would hand
    # them over, the property bag holding more than the tenant (a token among it).
    $scenario = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText(
            (Join-Path -Path $PSScriptRoot -ChildPath '../../lab/scenarios/godaddy_657rx.json'))) -AsHashtable
    $script:Accounts = @(($scenario.users | Where-Object { $_.name -eq 'BLOOMFIELD-PC\maria' }).wam_accounts)
    $script:Maria = @{
        sid = 'S-1-5-21-3623811015-3361044348-30300820-1013'; name = 'BLOOMFIELD-PC\maria'; profile_path = 'C:\Users\maria'
        hive_loaded = $true; logged_on = $true; session_id = 1; console = $true
    }
    $script:OfficeClientId = 'd3590ed6-52b3-4102-aeff-aad2292ab01c'

    Function New-OfficeopsTestWam {
        # Suite helper: the WinRT answers for one test, in globals the mocks read.
        param ([string]$Status = 'Success', $ProviderError = $null)
        $global:OfficeopsTestProvider = [pscustomobject]@{ Id = 'https://login.microsoft.com'; DisplayName = 'Work or school account' }
        $global:OfficeopsTestFound = [pscustomobject]@{
            Status = $Status
            ProviderError = $ProviderError
            Accounts = @(foreach ($account in $script:Accounts) {
                    [pscustomobject]@{
                        Id = $account.id; UserName = $account.user_name; State = 'Connected'
                        Properties = @{ TenantId = $account.tenant_id; Authority = 'https://login.microsoftonline.com/organizations'
                            PrimaryRefreshToken = 'prt-secret-' + $account.id }
                        Token = 'access-secret-' + $account.id
                    }
                })
        }
        $global:OfficeopsTestSignOut = @{}
        $global:OfficeopsTestWaits = [System.Collections.Generic.List[int]]@()
    }

    Function Set-OfficeopsTestWamMock {
        # Suite helper: the WinRT boundaries answer from the globals New-OfficeopsTestWam set;
        # a sign-out answers the task $global:OfficeopsTestSignOut[id] holds, else a done one.
        Mock -ModuleName _WamAccount Import-OfficeopsWamRuntime { }
        Mock -ModuleName _WamAccount Find-OfficeopsWamProvider { [System.Threading.Tasks.Task]::FromResult([object]$global:OfficeopsTestProvider) }
        Mock -ModuleName _WamAccount Find-OfficeopsWamAccount { [System.Threading.Tasks.Task]::FromResult([object]$global:OfficeopsTestFound) }
        Mock -ModuleName _WamAccount Start-OfficeopsWamSignOut {
            if ($global:OfficeopsTestSignOut.ContainsKey($Account.Id)) { & $global:OfficeopsTestSignOut[$Account.Id] } else { [System.Threading.Tasks.Task]::CompletedTask }
        }
    }
}

AfterAll {
    Unregister-OfficeopsBoundaryStub
    foreach ($name in 'Invoke-OfficeopsTestSessionTask', 'New-OfficeopsTestHungTask') {
        Remove-Item -Path "function:global:$name" -ErrorAction SilentlyContinue
    }
    Remove-Variable -Name OfficeopsTestProvider, OfficeopsTestFound, OfficeopsTestSignOut, OfficeopsTestWaits, OfficeopsTestCleanupError `
        -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Invoke-OfficeopsWamAction' {
    BeforeEach {
        New-OfficeopsTestWam
        Set-OfficeopsTestWamMock
    }

    It 'lists the Office accounts: id, provider, user name, tenant, never a token' {
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'list'; ids = @(); client_id = $script:OfficeClientId; timeout = 120 }

        $answer.error | Should -BeNullOrEmpty
        $answer.accounts.Count | Should -Be 2
        foreach ($i in 0, 1) {
            @($answer.accounts[$i].Keys | Sort-Object) | Should -Be @('id', 'provider', 'signed_out', 'tenant_id', 'user_name')
            $answer.accounts[$i].id | Should -Be $script:Accounts[$i].id
            $answer.accounts[$i].provider | Should -Be 'https://login.microsoft.com'
            $answer.accounts[$i].user_name | Should -Be $script:Accounts[$i].user_name
            $answer.accounts[$i].tenant_id | Should -Be $script:Accounts[$i].tenant_id
            $answer.accounts[$i].signed_out | Should -BeFalse
        }
        ConvertTo-Json -InputObject $answer -Depth 20 | Should -Not -Match 'secret'
        Should -Invoke -ModuleName _WamAccount Import-OfficeopsWamRuntime -Times 1 -Exactly
        Should -Invoke -ModuleName _WamAccount Find-OfficeopsWamAccount -Times 1 -Exactly -ParameterFilter {
            $ClientId -eq 'd3590ed6-52b3-4102-aeff-aad2292ab01c' -and $Provider.Id -eq 'https://login.microsoft.com'
        }
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
    }

    It 'lists without signing out even when ids are given' {
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'list'; ids = @('wam-7a21'); client_id = $script:OfficeClientId; timeout = 120 }
        @($answer.accounts | Where-Object { $_.signed_out }).Count | Should -Be 0
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
    }

    It 'signs out only the accounts asked for, with the Office client id' {
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'sign_out'; ids = @('wam-9c04'); client_id = $script:OfficeClientId; timeout = 120 }

        $answer.error | Should -BeNullOrEmpty
        $answer.accounts[0].id | Should -Be 'wam-7a21'
        $answer.accounts[0].signed_out | Should -BeFalse
        $answer.accounts[1].id | Should -Be 'wam-9c04'
        $answer.accounts[1].signed_out | Should -BeTrue
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 1 -Exactly -ParameterFilter {
            $Account.Id -eq 'wam-9c04' -and $ClientId -eq 'd3590ed6-52b3-4102-aeff-aad2292ab01c'
        }
    }

    It 'signs out nothing for an id that is not there, without an error' {
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'sign_out'; ids = @('wam-gone'); client_id = $script:OfficeClientId; timeout = 120 }
        $answer.error | Should -BeNullOrEmpty
        $answer.accounts.Count | Should -Be 2
        @($answer.accounts | Where-Object { $_.signed_out }).Count | Should -Be 0
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
    }

    It 'reports a missing account provider as an error with no accounts' {
        $global:OfficeopsTestProvider = $null
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'sign_out'; ids = @('wam-9c04'); client_id = $script:OfficeClientId; timeout = 120 }
        $answer.error | Should -Be 'no WAM account provider for https://login.microsoft.com (organizations)'
        $answer.accounts.Count | Should -Be 0
        Should -Invoke -ModuleName _WamAccount Find-OfficeopsWamAccount -Times 0 -Exactly
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
    }

    It 'reports a provider that answered <status> as an error, not as no accounts' -ForEach @(
        @{ status = 'ProviderError'; providerError = [pscustomobject]@{ ErrorCode = 3399548929; ErrorMessage = 'The user account is disabled.' }
            expected = 'FindAllAccountsAsync answered ProviderError The user account is disabled.' }
        @{ status = 'NotAllowedByProvider'; providerError = $null; expected = 'FindAllAccountsAsync answered NotAllowedByProvider' }
    ) {
        New-OfficeopsTestWam -Status $status -ProviderError $providerError
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'sign_out'; ids = @('wam-9c04'); client_id = $script:OfficeClientId; timeout = 120 }
        $answer.error | Should -Be $expected
        $answer.accounts.Count | Should -Be 0
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
    }

    It 'gives up on a provider that does not answer, waiting at most the deadline (timeout <timeout>)' -ForEach @(
        @{ timeout = 120; low = 100000; high = 110000 }
        @{ timeout = 3; low = 4000; high = 5000 }
    ) {
        Mock -ModuleName _WamAccount Find-OfficeopsWamProvider { New-OfficeopsTestHungTask }
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'list'; ids = @(); client_id = $script:OfficeClientId; timeout = $timeout }
        $answer.error | Should -Be 'WAM did not answer in time'
        $answer.accounts.Count | Should -Be 0
        $global:OfficeopsTestWaits.Count | Should -Be 1
        $global:OfficeopsTestWaits[0] | Should -BeGreaterThan $low
        $global:OfficeopsTestWaits[0] | Should -BeLessOrEqual $high
    }

    It 'stops at a sign-out that does not finish, keeping what was signed out before' {
        $global:OfficeopsTestSignOut['wam-9c04'] = { New-OfficeopsTestHungTask }
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'sign_out'; ids = @('wam-7a21', 'wam-9c04'); client_id = $script:OfficeClientId; timeout = 120 }
        $answer.error | Should -Be 'signing out maria@bloomfield-florist.com did not finish in time'
        $answer.accounts.Count | Should -Be 2
        $answer.accounts[0].signed_out | Should -BeTrue
        $answer.accounts[1].signed_out | Should -BeFalse
    }

    It 'reports the innermost error of a sign-out that failed, keeping the accounts listed' {
        $global:OfficeopsTestSignOut['wam-7a21'] = {
            [System.Threading.Tasks.Task]::FromException([System.Runtime.InteropServices.COMException]::new('The specified logon session does not exist.', -2147023584))
        }
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'sign_out'; ids = @('wam-7a21', 'wam-9c04'); client_id = $script:OfficeClientId; timeout = 120 }
        $answer.error | Should -Be 'The specified logon session does not exist.'
        $answer.accounts.Count | Should -Be 1
        $answer.accounts[0].id | Should -Be 'wam-7a21'
        $answer.accounts[0].signed_out | Should -BeFalse
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 1 -Exactly
    }

    It 'reports a runtime that cannot load as the error' {
        Mock -ModuleName _WamAccount Import-OfficeopsWamRuntime { throw [System.IO.FileNotFoundException]::new('System.Runtime.WindowsRuntime not found') }
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'list'; ids = @(); client_id = $script:OfficeClientId; timeout = 120 }
        $answer.error | Should -Be 'System.Runtime.WindowsRuntime not found'
        $answer.accounts.Count | Should -Be 0
        Should -Invoke -ModuleName _WamAccount Find-OfficeopsWamProvider -Times 0 -Exactly
    }

    It 'leaves the tenant null when the property bag has none or cannot be read' {
        $global:OfficeopsTestFound.Accounts[0].Properties = @{ Authority = 'https://login.microsoftonline.com/common' }
        $broken = [pscustomobject]@{}
        $broken | Add-Member -MemberType ScriptMethod -Name ContainsKey -Value { param($key) throw 'not supported' }
        $global:OfficeopsTestFound.Accounts[1].Properties = $broken
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'list'; ids = @(); client_id = $script:OfficeClientId; timeout = 120 }
        $answer.error | Should -BeNullOrEmpty
        $answer.accounts.Count | Should -Be 2
        $null -eq $answer.accounts[0].tenant_id | Should -BeTrue
        $null -eq $answer.accounts[1].tenant_id | Should -BeTrue
    }

    It 'lists no accounts as an empty list' {
        $global:OfficeopsTestFound.Accounts = @()
        $answer = Invoke-OfficeopsWamAction -Data @{ action = 'list'; ids = @(); client_id = $script:OfficeClientId; timeout = 120 }
        $answer.error | Should -BeNullOrEmpty
        , $answer.accounts | Should -BeOfType [object[]]
        $answer.accounts.Count | Should -Be 0
    }
}

Describe 'Invoke-OfficeopsWam' {
    BeforeEach {
        New-OfficeopsTestWam
        Set-OfficeopsTestWamMock
        $global:OfficeopsTestCleanupError = $null
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser { Invoke-OfficeopsTestSessionTask -Function $Function -Data $Data }
    }

    It 'runs the action in this process for direct access, with the Office client id and the timeout' {
        $answer = Invoke-OfficeopsWam -UserProfile $script:Maria -Access direct -Action sign_out -Id 'wam-7a21' -TimeoutSeconds 3
        $answer.error | Should -BeNullOrEmpty
        $answer.accounts[0].signed_out | Should -BeTrue
        $answer.ContainsKey('cleanup_error') | Should -BeFalse
        Should -Invoke -ModuleName _WamAccount Invoke-OfficeopsAsUser -Times 0 -Exactly
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 1 -Exactly -ParameterFilter { $ClientId -eq 'd3590ed6-52b3-4102-aeff-aad2292ab01c' }
    }

    It 'ships the action and its input into the session task and hands back plain hashtables' {
        $global:OfficeopsTestCleanupError = 'C:\Windows\Temp\officeops-3: in use'
        $answer = Invoke-OfficeopsWam -UserProfile $script:Maria -Access interactive_task -Action sign_out -Id 'wam-9c04' -TimeoutSeconds 60

        Should -Invoke -ModuleName _WamAccount Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter {
            $Access -eq 'interactive_task' -and $TimeoutSeconds -eq 60 -and $UserProfile.sid -eq 'S-1-5-21-3623811015-3361044348-30300820-1013' -and
            $Function.Name -eq 'Invoke-OfficeopsWamAction' -and $Data.action -eq 'sign_out' -and @($Data.ids).Count -eq 1 -and
            $Data.ids[0] -eq 'wam-9c04' -and $Data.client_id -eq 'd3590ed6-52b3-4102-aeff-aad2292ab01c' -and $Data.timeout -eq 60
        }
        $answer.error | Should -BeNullOrEmpty
        $answer.cleanup_error | Should -Be 'C:\Windows\Temp\officeops-3: in use'
        $answer.accounts.Count | Should -Be 2
        $answer.accounts[1] | Should -BeOfType [hashtable]
        $answer.accounts[1].id | Should -Be 'wam-9c04'
        $answer.accounts[1].provider | Should -Be 'https://login.microsoft.com'
        $answer.accounts[1].user_name | Should -Be 'maria@bloomfield-florist.com'
        $answer.accounts[1].tenant_id | Should -Be '3e7b1c55-8f2d-4a9e-b6c1-0d4f7a2e9b83'
        $answer.accounts[1].signed_out | Should -BeOfType [bool]
        $answer.accounts[1].signed_out | Should -BeTrue
        $answer.accounts[0].signed_out | Should -BeFalse
        ConvertTo-Json -InputObject $answer -Depth 20 | Should -Not -Match 'secret'
    }

    It 'answers a session task that <status> with its error and no accounts' -ForEach @(
        @{ status = 'timeout'; taskError = "no answer from the user's session within 120 seconds"; expected = "timeout: no answer from the user's session within 120 seconds" }
        @{ status = 'failed'; taskError = 'access denied'; expected = 'failed: access denied' }
    ) {
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser { @{ status = $status; output = $null; error = $taskError; cleanup_error = 'folder left' } }
        $answer = Invoke-OfficeopsWam -UserProfile $script:Maria -Access interactive_task -Action list
        $answer.error | Should -Be $expected
        $answer.accounts.Count | Should -Be 0
        $answer.cleanup_error | Should -Be 'folder left'
    }

    It 'drops what else the session task answered, and says so when it answered no error field' {
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser {
            @{
                status = 'ok'; error = $null; cleanup_error = $null
                output = ConvertFrom-Json -InputObject '{"accounts":[{"id":"a1","provider":"p","user_name":"u","tenant_id":"","signed_out":1,"token":"eyJ0eXAi-secret"}],"refresh_token":"rt-secret"}'
            }
        }
        $answer = Invoke-OfficeopsWam -UserProfile $script:Maria -Access interactive_task -Action list
        $answer.error | Should -Be 'the session task returned no answer'
        @($answer.Keys | Sort-Object) | Should -Be @('accounts', 'cleanup_error', 'error')
        @($answer.accounts[0].Keys | Sort-Object) | Should -Be @('id', 'provider', 'signed_out', 'tenant_id', 'user_name')
        $null -eq $answer.accounts[0].tenant_id | Should -BeTrue
        $answer.accounts[0].signed_out | Should -BeOfType [bool]
        ConvertTo-Json -InputObject $answer -Depth 20 | Should -Not -Match 'secret'
    }

    It 'refuses an access or an action it does not know' -ForEach @(
        @{ access = 'not_logged_on'; action = 'list' }
        @{ access = 'become_mismatch'; action = 'sign_out' }
        @{ access = 'direct'; action = 'remove' }
    ) {
        { Invoke-OfficeopsWam -UserProfile $script:Maria -Access $access -Action $action } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-OfficeopsWam'
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
    }
}

Describe 'Get-OfficeopsWamState' {
    BeforeEach {
        New-OfficeopsTestWam
        Set-OfficeopsTestWamMock
        $global:OfficeopsTestCleanupError = $null
        Mock -ModuleName _WamAccount Start-OfficeopsWamSignOut { throw 'a probe never signs out' }
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser { Invoke-OfficeopsTestSessionTask -Function $Function -Data $Data }
        # One probed user of win_aad_broker_reset, to hold the listing to its contract.
        $script:UserState = @{
            sid = $script:Maria.sid; name = $script:Maria.name; profile_path = $script:Maria.profile_path; hive_loaded = $true
            logged_on = $true; session_id = 1; console = $true; keys = @{}; once = @{}; files = @(); hive = 'loaded'; error = $null
        }
    }

    It 'does not reach the session when access is <access>, saying so in access' -ForEach @(
        @{ access = 'not_logged_on' }
        @{ access = 'become_mismatch' }
    ) {
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { $access }
        $wam = Get-OfficeopsWamState -UserProfile $script:Maria -Session auto

        @($wam.Keys | Sort-Object) | Should -Be @('access', 'accounts', 'cleanup_error', 'error')
        $wam.access | Should -Be $access
        $wam.error | Should -BeNullOrEmpty
        $wam.accounts.Count | Should -Be 0
        $wam.cleanup_error | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _WamAccount Invoke-OfficeopsAsUser -Times 0 -Exactly
        Should -Invoke -ModuleName _WamAccount Import-OfficeopsWamRuntime -Times 0 -Exactly
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase probe -Result @{
            probe = @{ machine = @{ build = 19045 }; users = @($script:UserState + @{ wam = $wam }); user_problem = $null }
        }
    }

    It 'lists the accounts for <access> access, keeping the contract' -ForEach @(
        @{ access = 'direct'; cleanup = $null; calls = 0 }
        @{ access = 'interactive_task'; cleanup = 'C:\Windows\Temp\officeops-4: in use'; calls = 1 }
    ) {
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { $access }
        $global:OfficeopsTestCleanupError = $cleanup
        $wam = Get-OfficeopsWamState -UserProfile $script:Maria -Session become -TimeoutSeconds 30

        $wam.access | Should -Be $access
        $wam.error | Should -BeNullOrEmpty
        $wam.cleanup_error | Should -Be $cleanup
        @($wam.accounts | ForEach-Object { $_.id }) | Should -Be @('wam-7a21', 'wam-9c04')
        @($wam.accounts | ForEach-Object { $_.tenant_id }) | Should -Be @('9188040d-6c67-4c5b-b112-36a304b66dad', '3e7b1c55-8f2d-4a9e-b6c1-0d4f7a2e9b83')
        Should -Invoke -ModuleName _WamAccount Get-OfficeopsSessionAccess -Times 1 -Exactly -ParameterFilter { $Session -eq 'become' }
        Should -Invoke -ModuleName _WamAccount Invoke-OfficeopsAsUser -Times $calls -Exactly -ParameterFilter { $TimeoutSeconds -eq 30 -and $Data.action -eq 'list' }
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase probe -Result @{
            probe = @{ machine = @{ build = 19045 }; users = @($script:UserState + @{ wam = $wam }); user_problem = $null }
        }
    }

    It 'reports the error of the listing with the accounts it has' {
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { 'direct' }
        $global:OfficeopsTestProvider = $null
        $wam = Get-OfficeopsWamState -UserProfile $script:Maria -Session auto
        $wam.error | Should -Be 'no WAM account provider for https://login.microsoft.com (organizations)'
        $wam.accounts.Count | Should -Be 0
    }

    It 'does not take a session task that answered nothing for no accounts' {
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { 'interactive_task' }
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser { @{ status = 'ok'; output = $null; error = $null; cleanup_error = $null } }
        $wam = Get-OfficeopsWamState -UserProfile $script:Maria -Session auto
        $wam.error | Should -Not -BeNullOrEmpty
        $wam.accounts.Count | Should -Be 0
        $outcome = Invoke-OfficeopsWamSignOutOp -UserProfile $script:Maria -Op @{ op = 'wam_sign_out'; sid = $script:Maria.sid; ids = @('wam-7a21') } -Session auto
        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -Not -BeNullOrEmpty
    }

    It 'turns an exception on the way into the error' {
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { 'interactive_task' }
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser { throw 'S-1-5-21-3623811015-3361044348-30300820-1013 is not logged on: a task in their session cannot start' }
        $wam = Get-OfficeopsWamState -UserProfile $script:Maria -Session auto
        $wam.error | Should -Be 'S-1-5-21-3623811015-3361044348-30300820-1013 is not logged on: a task in their session cannot start'
        $wam.accounts.Count | Should -Be 0
        $wam.access | Should -Be 'interactive_task'
    }
}

Describe 'Invoke-OfficeopsWamSignOutOp' {
    BeforeEach {
        New-OfficeopsTestWam
        Set-OfficeopsTestWamMock
        $global:OfficeopsTestCleanupError = $null
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser { Invoke-OfficeopsTestSessionTask -Function $Function -Data $Data }
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { 'direct' }
        $script:Op = @{ op = 'wam_sign_out'; sid = $script:Maria.sid; ids = @('wam-7a21', 'wam-9c04') }
    }

    It 'does not sign out when access is <access>, failing with the reason' -ForEach @(
        @{ access = 'not_logged_on' }
        @{ access = 'become_mismatch' }
    ) {
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { $access }
        $outcome = Invoke-OfficeopsWamSignOutOp -UserProfile $script:Maria -Op $script:Op -Session auto

        $outcome.op | Should -Be 'wam_sign_out'
        $outcome.sid | Should -Be 'S-1-5-21-3623811015-3361044348-30300820-1013'
        $outcome.path | Should -Be ''
        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -Be "the user's session cannot be reached now ($access)"
        $outcome.signed_out.Count | Should -Be 0
        Should -Invoke -ModuleName _WamAccount Invoke-OfficeopsAsUser -Times 0 -Exactly
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result @{ results = @($outcome) }
    }

    It 'signs out each account asked for and reports each, for <access> access, keeping the <wrapper> contract' -ForEach @(
        @{ access = 'direct'; wrapper = 'win_aad_broker_reset' }
        @{ access = 'interactive_task'; wrapper = 'win_work_school_account' }
    ) {
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { $access }
        $outcome = Invoke-OfficeopsWamSignOutOp -UserProfile $script:Maria -Op $script:Op -Session auto -TimeoutSeconds 90

        $outcome.status | Should -Be 'changed'
        $outcome.error | Should -BeNullOrEmpty
        $outcome.signed_out.Count | Should -Be 2
        $outcome.signed_out[0].id | Should -Be 'wam-7a21'
        $outcome.signed_out[0].provider | Should -Be 'https://login.microsoft.com'
        $outcome.signed_out[1].id | Should -Be 'wam-9c04'
        @($outcome.signed_out[0].Keys | Sort-Object) | Should -Be @('id', 'provider')
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 2 -Exactly
        ConvertTo-Json -InputObject $outcome -Depth 20 | Should -Not -Match 'secret|maria@'
        Assert-OfficeopsContract -Wrapper $wrapper -Phase apply -Result @{ results = @($outcome) }
    }

    It 'is unchanged when the accounts asked for are already gone' {
        $op = @{ op = 'wam_sign_out'; sid = $script:Maria.sid; ids = @('wam-0000') }
        $outcome = Invoke-OfficeopsWamSignOutOp -UserProfile $script:Maria -Op $op -Session auto
        $outcome.status | Should -Be 'unchanged'
        $outcome.error | Should -BeNullOrEmpty
        $outcome.signed_out.Count | Should -Be 0
        Should -Invoke -ModuleName _WamAccount Start-OfficeopsWamSignOut -Times 0 -Exactly
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result @{ results = @($outcome) }
    }

    It 'fails with the error when a sign-out did not finish, still naming the account signed out before it' {
        $global:OfficeopsTestSignOut['wam-9c04'] = { New-OfficeopsTestHungTask }
        $outcome = Invoke-OfficeopsWamSignOutOp -UserProfile $script:Maria -Op $script:Op -Session auto
        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -Be 'signing out maria@bloomfield-florist.com did not finish in time'
        $outcome.signed_out.Count | Should -Be 1
        $outcome.signed_out[0].id | Should -Be 'wam-7a21'
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result @{ results = @($outcome) }
    }

    It 'fails, not succeeds, when the listing before the sign-out failed: <case>' -ForEach @(
        @{ case = 'no provider'; expected = 'no WAM account provider for https://login.microsoft.com (organizations)' }
        @{ case = 'session task timed out'; expected = 'timeout: no answer' }
    ) {
        if ($case -eq 'no provider') {
            $global:OfficeopsTestProvider = $null
        }
        else {
            Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { 'interactive_task' }
            Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser { @{ status = 'timeout'; output = $null; error = 'no answer'; cleanup_error = $null } }
        }
        $outcome = Invoke-OfficeopsWamSignOutOp -UserProfile $script:Maria -Op $script:Op -Session auto
        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -Be $expected
        $outcome.signed_out.Count | Should -Be 0
    }

    It 'fails with the message of an exception on the way' {
        Mock -ModuleName _WamAccount Get-OfficeopsSessionAccess { 'interactive_task' }
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser { throw 'Task Scheduler refused the task' }
        $outcome = Invoke-OfficeopsWamSignOutOp -UserProfile $script:Maria -Op $script:Op -Session auto
        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -Be 'Task Scheduler refused the task'
        $outcome.signed_out.Count | Should -Be 0
        Assert-OfficeopsContract -Wrapper win_aad_broker_reset -Phase apply -Result @{ results = @($outcome) }
    }
}

Describe 'the WAM action as shipped into the session task' {
    BeforeAll {
        $global:OfficeopsTestShipped = $null
        Mock -ModuleName _WamAccount Invoke-OfficeopsAsUser {
            $global:OfficeopsTestShipped = @{ function = $Function; data = $Data }
            @{ status = 'failed'; output = $null; error = 'not run here'; cleanup_error = $null }
        }
    }
    AfterAll {
        Remove-Variable -Name OfficeopsTestShipped -Scope Global -ErrorAction SilentlyContinue
    }

    It 'runs alone in a fresh pwsh and answers the missing WinRT as its error: <action>' -ForEach @(
        @{ action = 'list' }
        @{ action = 'sign_out' }
    ) {
        $null = Invoke-OfficeopsWam -UserProfile $script:Maria -Access interactive_task -Action $action -Id 'wam-7a21'
        $run = Invoke-OfficeopsShippedAction -Function $global:OfficeopsTestShipped.function -Data $global:OfficeopsTestShipped.data
        # The action catches it itself: the runner sees an answer, whose error names the
        # Windows-only assembly; a function the text does not carry would say "is not recognized".
        $run.ok | Should -BeTrue
        $run.output.error | Should -Match 'System\.Runtime\.WindowsRuntime'
        $run.output.accounts.Count | Should -Be 0
    }
}
