# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# What the machine says about installed Office, read by every wrapper that acts per Office
# version; which versions count is decided on the controller
# (installed_versions in plugins/module_utils/_office/identity.py).

#AnsibleRequires -PowerShell ..module_utils._RegistryTree

Set-StrictMode -Version 2.0

Function Get-OfficeopsMachineOffice {
    <#
    .SYNOPSIS
    What the machine says about installed Office: the Click-to-Run version and which MSI /
    Click-to-Run install roots exist (both registry views).
    #>
    $result = @{ click_to_run_version = $null; install_roots = @{ '15.0' = $false; '16.0' = $false } }
    $hklm = Open-OfficeopsRegistryBase -Hive LocalMachine
    try {
        $c2r = $hklm.OpenSubKey('SOFTWARE\Microsoft\Office\ClickToRun\Configuration', $false)
        if ($null -ne $c2r) {
            try {
                $version = $c2r.GetValue('VersionToReport', $null)
                if ($version -is [string]) {
                    $result.click_to_run_version = $version
                }
            }
            finally {
                $c2r.Dispose()
            }
        }
        foreach ($version in @('15.0', '16.0')) {
            foreach ($prefix in @('SOFTWARE', 'SOFTWARE\WOW6432Node')) {
                $root = $hklm.OpenSubKey("$prefix\Microsoft\Office\$version\Outlook\InstallRoot", $false)
                if ($null -ne $root) {
                    $root.Dispose()
                    $result.install_roots[$version] = $true
                }
            }
        }
    }
    finally {
        $hklm.Dispose()
    }
    $result
}

# Registry value name for each output key of the Click-to-Run configuration; the lab twin
# (plugins/plugin_utils/_lab/office.py) keeps the same table.
$script:ClickToRunValues = [ordered]@{
    version_to_report = 'VersionToReport'
    platform = 'Platform'
    update_channel = 'UpdateChannel'
    cdn_base_url = 'CDNBaseUrl'
    product_release_ids = 'ProductReleaseIds'
    client_culture = 'ClientCulture'
}

Function Get-OfficeopsRegistryString {
    <#
    .SYNOPSIS
    A registry value as the string the contract expects: REG_SZ / REG_EXPAND_SZ as stored
    (unexpanded), REG_MULTI_SZ joined with commas, $null for a missing or non-string value.
    #>
    param (
        [Parameter(Mandatory)]
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
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

Function Get-OfficeopsClickToRunConfiguration {
    <#
    .SYNOPSIS
    Raw values of HKLM\SOFTWARE\Microsoft\Office\ClickToRun\Configuration, or $null when
    Click-to-Run Office is not installed.
    #>
    # Click-to-Run writes its configuration to the native view; asking for the 64-bit view
    # reads it from a 32-bit host process too, and gives the only view on 32-bit Windows
    # (RegistryView docs, learn.microsoft.com/dotnet/api/microsoft.win32.registryview).
    $base = Open-OfficeopsRegistryBase -Hive LocalMachine
    try {
        $key = $base.OpenSubKey('SOFTWARE\Microsoft\Office\ClickToRun\Configuration', $false)
        if ($null -eq $key) {
            return $null
        }
        try {
            $values = @{}
            foreach ($entry in $script:ClickToRunValues.GetEnumerator()) {
                $values[$entry.Key] = Get-OfficeopsRegistryString -Key $key -Name $entry.Value
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

Export-ModuleMember -Function Get-OfficeopsMachineOffice, Get-OfficeopsRegistryString, Get-OfficeopsClickToRunConfiguration
