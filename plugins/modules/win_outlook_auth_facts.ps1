#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserContext

# Thin I/O: read raw state and return it. Every interpretation (channel names, version
# parsing) happens in the action plugin; see plugins/action/win_outlook_auth_facts.py.
# Output keys are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        # Protocol option set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe'); default = 'probe' }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)

# Registry value name for each output key. The lab twin keeps the same table.
$clickToRunValues = [ordered]@{
    version_to_report = 'VersionToReport'
    platform = 'Platform'
    update_channel = 'UpdateChannel'
    cdn_base_url = 'CDNBaseUrl'
    product_release_ids = 'ProductReleaseIds'
    client_culture = 'ClientCulture'
}

Function Get-RegistryString {
    <#
    .SYNOPSIS
    A registry value as the string the contract expects: REG_SZ / REG_EXPAND_SZ as stored
    (unexpanded), REG_MULTI_SZ joined with commas, $null for a missing or non-string value.
    #>
    param (
        [Parameter(Mandatory)]
        [Microsoft.Win32.RegistryKey]
        $Key,

        [Parameter(Mandatory)]
        [string]
        $Name
    )

    # Decide by the .NET type GetValue returns (string for REG_SZ / REG_EXPAND_SZ, string[]
    # for REG_MULTI_SZ) rather than a second read with GetValueKind, which throws if the
    # value vanishes in between.
    $data = $Key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
    if ($data -is [string]) {
        return $data
    }
    if ($data -is [string[]]) {
        return ($data -join ',')
    }
    $null
}

Function Get-ClickToRunConfiguration {
    <#
    .SYNOPSIS
    Raw values of HKLM\SOFTWARE\Microsoft\Office\ClickToRun\Configuration, or $null when
    Click-to-Run Office is not installed.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $ValueNames
    )

    # Click-to-Run writes its configuration to the native view; asking for the 64-bit view
    # reads it from a 32-bit host process too, and gives the only view on 32-bit Windows
    # (RegistryView docs, learn.microsoft.com/dotnet/api/microsoft.win32.registryview).
    $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine,
        [Microsoft.Win32.RegistryView]::Registry64)
    try {
        $key = $base.OpenSubKey('SOFTWARE\Microsoft\Office\ClickToRun\Configuration', $false)
        if ($null -eq $key) {
            return $null
        }
        try {
            $values = @{}
            foreach ($entry in $ValueNames.GetEnumerator()) {
                $values[$entry.Key] = Get-RegistryString -Key $key -Name $entry.Value
            }
            $values
        }
        finally {
            $key.Dispose()
        }
    }
    finally {
        $base.Dispose()
    }
}

Function Get-OutlookProcess {
    <#
    .SYNOPSIS
    Running OUTLOOK.EXE processes with their session and owner.
    #>
    # Get-Process -IncludeUserName throws a terminating error when the session is not
    # elevated (Windows PowerShell 5.1), so ask for owners only when we may.
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    try {
        $elevated = ([Security.Principal.WindowsPrincipal]$identity).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    finally {
        $identity.Dispose()
    }
    if (-not $elevated) {
        $module.Warn('The connection is not elevated: Outlook processes are listed without their owners.')
    }
    $processes = if ($elevated) {
        @(Get-Process -Name 'OUTLOOK' -IncludeUserName -ErrorAction SilentlyContinue)
    }
    else {
        @(Get-Process -Name 'OUTLOOK' -ErrorAction SilentlyContinue)
    }
    foreach ($process in $processes) {
        try {
            @{
                pid = [int]$process.Id
                session_id = [int]$process.SessionId
                user_name = if ($elevated -and $process.UserName) { [string]$process.UserName } else { $null }
            }
        }
        finally {
            $process.Dispose()
        }
    }
}

try {
    $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
    $module.Result.probe = @{
        click_to_run = Get-ClickToRunConfiguration -ValueNames $clickToRunValues
        outlook_processes = @(Get-OutlookProcess)
        users = @($targets.profiles)
        user_problem = $targets.problem
    }
}
catch {
    $module.FailJson("Failed to read the Outlook sign-in facts: $($_.Exception.Message)", $_)
}

$module.ExitJson()
