#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic

# Thin I/O: read raw state and return it. Every interpretation (channel names, version
# parsing) happens in the action plugin; see plugins/action/win_outlook_auth_facts.py.
# Output keys are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
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

    # Open the 64-bit view explicitly: Click-to-Run writes its configuration to the native
    # view, and a 32-bit host process would otherwise be redirected to WOW6432Node.
    $view = if ([Environment]::Is64BitOperatingSystem) {
        [Microsoft.Win32.RegistryView]::Registry64
    }
    else {
        [Microsoft.Win32.RegistryView]::Registry32
    }
    $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, $view)
    try {
        $key = $base.OpenSubKey('SOFTWARE\Microsoft\Office\ClickToRun\Configuration', $false)
        if ($null -eq $key) {
            return $null
        }
        try {
            $values = @{}
            foreach ($entry in $ValueNames.GetEnumerator()) {
                $data = $key.GetValue($entry.Value, $null)
                $values[$entry.Key] = if ($null -eq $data) { $null } else { [string]$data }
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
    # -IncludeUserName needs elevation, which an Ansible connection as administrator has.
    $processes = @(Get-Process -Name 'OUTLOOK' -IncludeUserName -ErrorAction SilentlyContinue)
    foreach ($process in $processes) {
        @{
            pid = [int]$process.Id
            session_id = [int]$process.SessionId
            user_name = if ($process.UserName) { [string]$process.UserName } else { $null }
        }
    }
}

try {
    $module.Result.probe = @{
        click_to_run = Get-ClickToRunConfiguration -ValueNames $clickToRunValues
        outlook_processes = @(Get-OutlookProcess)
    }
}
catch {
    $module.FailJson("Failed to read the Outlook sign-in facts: $($_.Exception.Message)", $_)
}

$module.ExitJson()
