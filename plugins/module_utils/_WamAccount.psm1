# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The user's WAM (Web Account Manager) accounts for Office: list them and sign them out with
# Microsoft's documented API, the way Microsoft's signoutofwamaccounts.ps1 does (Windows 10
# 1803 and later, in the user's own session): WebAuthenticationCoreManager.
# FindAccountProviderAsync("https://login.microsoft.com", "organizations"),
# FindAllAccountsAsync(provider, <Office client id>), WebAccount.SignOutAsync(). Microsoft
# states this changes neither device nor SSO state. Only account ids and the provider id
# leave this code, never a token.

#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._SessionTask

Set-StrictMode -Version 2.0

$script:OfficeClientId = 'd3590ed6-52b3-4102-aeff-aad2292ab01c'

Function Invoke-OfficeopsWamAction {
    <#
    .SYNOPSIS
    List ('list') or sign out ('sign_out', the accounts whose id is in $Data.ids) the WAM
    accounts of the calling user for the client $Data.client_id. Runs unchanged in the
    user's session task, so it uses nothing but its input. Returns @{ error; accounts = @(@{ id; provider; user_name;
    tenant_id; signed_out }) }.
    #>
    param (
        [Parameter(Mandatory)]
        [object]
        $Data
    )

    # WinRT, one call per function. Defined in here, not in the module, so that this
    # function's text, shipped alone into the session task, still carries them; the tests
    # replace them with Mock -ModuleName _WamAccount (an alias outranks a local function).
    Function Import-OfficeopsWamRuntime {
        # The boundary the tests replace: load the WinRT projections.
        Add-Type -AssemblyName System.Runtime.WindowsRuntime
        $null = [Windows.Security.Authentication.Web.Core.WebAuthenticationCoreManager, Windows.Security.Authentication.Web.Core, ContentType = WindowsRuntime]
        $null = [Windows.Security.Credentials.WebAccountProvider, Windows.Security.Credentials, ContentType = WindowsRuntime]
    }
    Function ConvertTo-OfficeopsWamTask {
        # Used only by the boundaries below: a WinRT async operation (with -ResultType) or
        # action as a .NET task, through WindowsRuntimeSystemExtensions.AsTask.
        param ($Operation, [Type]$ResultType)
        $kind = if ($ResultType) { 'IAsyncOperation`1' } else { 'IAsyncAction' }
        $asTask = [System.WindowsRuntimeSystemExtensions].GetMethods() | Where-Object {
            $_.Name -eq 'AsTask' -and $_.GetParameters().Count -eq 1 -and $_.GetParameters()[0].ParameterType.Name -eq $kind
        } | Select-Object -First 1
        if ($ResultType) { $asTask = $asTask.MakeGenericMethod($ResultType) }
        $asTask.Invoke($null, @($Operation))
    }
    Function Find-OfficeopsWamProvider {
        # The boundary the tests replace: a task of the Microsoft work / school account provider.
        ConvertTo-OfficeopsWamTask -Operation ([Windows.Security.Authentication.Web.Core.WebAuthenticationCoreManager]::FindAccountProviderAsync(
                'https://login.microsoft.com', 'organizations')) -ResultType ([Windows.Security.Credentials.WebAccountProvider])
    }
    Function Find-OfficeopsWamAccount {
        # The boundary the tests replace: a task of the provider's accounts for the client id.
        param ($Provider, [string]$ClientId)
        ConvertTo-OfficeopsWamTask -Operation ([Windows.Security.Authentication.Web.Core.WebAuthenticationCoreManager]::FindAllAccountsAsync(
                $Provider, $ClientId)) -ResultType ([Windows.Security.Authentication.Web.Core.FindAllAccountsResult])
    }
    Function Start-OfficeopsWamSignOut {
        # The boundary the tests replace: a task of one account's sign-out for the client id.
        param ($Account, [string]$ClientId)
        ConvertTo-OfficeopsWamTask -Operation $Account.SignOutAsync($ClientId)
    }

    $result = @{ error = $null; accounts = @() }
    try {
        Import-OfficeopsWamRuntime
        # One deadline for the whole action, inside the caller's session timeout.
        $deadline = [DateTime]::UtcNow.AddSeconds([Math]::Max(5, [int]$Data.timeout - 10))
        $remaining = { [int][Math]::Max(1000, ($deadline - [DateTime]::UtcNow).TotalMilliseconds) }
        $await = {
            param($Task)
            if (-not $Task.Wait((& $remaining))) {
                throw 'WAM did not answer in time'
            }
            $Task.Result
        }
        $provider = & $await (Find-OfficeopsWamProvider)
        if ($null -eq $provider) {
            $result.error = 'no WAM account provider for https://login.microsoft.com (organizations)'
            return $result
        }
        $found = & $await (Find-OfficeopsWamAccount -Provider $provider -ClientId ([string]$Data.client_id))
        # FindAllAccountsResult.Status: an error from the provider is not "no accounts".
        if ([string]$found.Status -ne 'Success') {
            $detail = if ($null -ne $found.ProviderError) { " $($found.ProviderError.ErrorMessage)" } else { '' }
            $result.error = "FindAllAccountsAsync answered $($found.Status)$detail"
            return $result
        }
        $wanted = @($Data.ids)
        # Built as it goes, so an account signed out before a later one fails is still reported.
        $list = [System.Collections.Generic.List[object]]@()
        foreach ($account in @($found.Accounts)) {
            $tenant = $null
            try {
                if ($account.Properties.ContainsKey('TenantId')) {
                    $tenant = [string]$account.Properties['TenantId']
                }
            }
            catch {
                $tenant = $null  # not every provider fills the property bag
            }
            $entry = @{ id = [string]$account.Id; provider = [string]$provider.Id; user_name = [string]$account.UserName
                tenant_id = $tenant; signed_out = $false }
            $list.Add($entry)
            $result.accounts = @($list)
            if ($Data.action -eq 'sign_out' -and $wanted -contains $entry.id) {
                # With the client id: SignOutAsync() alone signs out only "this app", which
                # here is PowerShell, not Office (WebAccount.SignOutAsync docs; Microsoft's
                # signoutofwamaccounts.ps1 passes the Office client id).
                $task = Start-OfficeopsWamSignOut -Account $account -ClientId ([string]$Data.client_id)
                if (-not $task.Wait((& $remaining))) {
                    throw "signing out $($entry.user_name) did not finish in time"
                }
                $entry.signed_out = $true
            }
        }
        $result.accounts = @($list)
    }
    catch {
        # The innermost error: a faulted task only says "One or more errors occurred".
        $result.error = $_.Exception.GetBaseException().Message
    }
    $result
}

Function Invoke-OfficeopsWam {
    <#
    .SYNOPSIS
    Run a WAM action for one user: in this process when it already runs as the user
    ('direct', through become), else in their session ('interactive_task'). Returns the
    action's answer, with error set when the session task failed and, from a session task,
    cleanup_error (why its folder could not be removed, or $null).
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [ValidateSet('direct', 'interactive_task')]
        [string]
        $Access,

        [Parameter(Mandatory)]
        [ValidateSet('list', 'sign_out')]
        [string]
        $Action,

        [string[]]
        $Id = @(),

        [int]
        $TimeoutSeconds = 120
    )

    $data = @{ action = $Action; ids = @($Id); client_id = $script:OfficeClientId; timeout = $TimeoutSeconds }
    if ($Access -eq 'direct') {
        return Invoke-OfficeopsWamAction -Data $data
    }
    $answer = Invoke-OfficeopsAsUser -UserProfile $UserProfile -Access $Access -Data $data -TimeoutSeconds $TimeoutSeconds `
        -Function (Get-Command -Name Invoke-OfficeopsWamAction -CommandType Function)
    if ($answer.status -ne 'ok') {
        return @{ error = "$($answer.status): $($answer.error)"; accounts = @(); cleanup_error = $answer.cleanup_error }
    }
    $output = $answer.output
    $accounts = $output.PSObject.Properties['accounts']
    @{
        cleanup_error = $answer.cleanup_error
        error = if ($output.PSObject.Properties['error']) { $output.error } else { 'the session task returned no answer' }
        accounts = @(foreach ($account in @(if ($accounts) { $accounts.Value })) {
                if ($null -ne $account) {
                    @{ id = [string]$account.id; provider = [string]$account.provider; user_name = [string]$account.user_name
                        tenant_id = if ($account.tenant_id) { [string]$account.tenant_id } else { $null }
                        signed_out = [bool]$account.signed_out }
                }
            })
    }
}

Function Get-OfficeopsWamState {
    <#
    .SYNOPSIS
    A probed user's WAM listing: @{ access; error; accounts; cleanup_error }, the accounts
    only when the user's session can be reached; cleanup_error when the session task's
    folder could not be removed.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $Session,

        [int]
        $TimeoutSeconds = 120
    )

    $access = Get-OfficeopsSessionAccess -UserProfile $UserProfile -Session $Session
    $wam = @{ access = $access; error = $null; accounts = @(); cleanup_error = $null }
    if ($access -in @('direct', 'interactive_task')) {
        try {
            $answer = Invoke-OfficeopsWam -UserProfile $UserProfile -Access $access -Action list -TimeoutSeconds $TimeoutSeconds
            $wam.error = $answer.error
            $wam.accounts = @($answer.accounts)
            # Only a session task has a folder to clean up; the direct answer has no such key.
            if ($answer.ContainsKey('cleanup_error')) {
                $wam.cleanup_error = $answer.cleanup_error
            }
        }
        catch {
            $wam.error = $_.Exception.Message
        }
    }
    $wam
}

Function Invoke-OfficeopsWamSignOutOp {
    <#
    .SYNOPSIS
    The apply op 'wam_sign_out' (@{ sid; ids }) for one user, as a result entry:
    @{ op; sid; path; status; error; signed_out = @(@{ id; provider }) }.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [object]
        $Op,

        [Parameter(Mandatory)]
        [string]
        $Session,

        [int]
        $TimeoutSeconds = 120
    )

    $outcome = @{ op = 'wam_sign_out'; sid = $UserProfile.sid; path = ''; status = 'failed'; error = $null; signed_out = @() }
    $access = Get-OfficeopsSessionAccess -UserProfile $UserProfile -Session $Session
    if ($access -notin @('direct', 'interactive_task')) {
        $outcome.error = "the user's session cannot be reached now ($access)"
        return $outcome
    }
    try {
        $answer = Invoke-OfficeopsWam -UserProfile $UserProfile -Access $access -Action sign_out -Id @($Op.ids) -TimeoutSeconds $TimeoutSeconds
        $outcome.signed_out = @($answer.accounts | Where-Object { $_.signed_out } | ForEach-Object { @{ id = $_.id; provider = $_.provider } })
        if ($answer.error) {
            $outcome.error = $answer.error
        }
        else {
            $outcome.status = if ($outcome.signed_out.Count -gt 0) { 'changed' } else { 'unchanged' }
        }
    }
    catch {
        $outcome.error = $_.Exception.Message
    }
    $outcome
}

Export-ModuleMember -Function Invoke-OfficeopsWamAction, Invoke-OfficeopsWam, Get-OfficeopsWamState, Invoke-OfficeopsWamSignOutOp
