# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Once markers: the incident ids a one-shot action already ran for, kept under
# Software\officeops\outlook_auth\once\<action> of a hive (or HKLM). The layout and the
# action-name rule are plugins/module_utils/_users/once.py; the lab twin is once_markers /
# set_once_marker in plugins/plugin_utils/_lab/users.py.

Set-StrictMode -Version 2.0

Function Assert-OfficeopsActionName {
    # Action names become registry key names: no separators, no surprises.
    param (
        [Parameter(Mandatory)]
        [string]
        $Action
    )

    # \z, not $: $ also matches before a final newline, which would let 'name`n' through.
    if ($Action -cnotmatch '^[a-z][a-z0-9_]{0,39}\z') {
        throw "invalid action name '$Action'"
    }
}

Function Get-OfficeopsOnceMarker {
    <#
    .SYNOPSIS
    Incident ids already recorded for an action: @{ id = 'time' }.
    #>
    param (
        [Parameter(Mandatory)]
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
        $HiveRoot,

        [Parameter(Mandatory)]
        [string]
        $Action
    )

    Assert-OfficeopsActionName -Action $Action
    $markers = @{}
    $key = $HiveRoot.OpenSubKey("Software\officeops\outlook_auth\once\$Action", $false)
    if ($null -ne $key) {
        try {
            foreach ($name in $key.GetValueNames()) {
                $markers[$name] = [string]$key.GetValue($name, '')
            }
        }
        finally {
            $key.Dispose()
        }
    }
    $markers
}

Function Set-OfficeopsOnceMarker {
    <#
    .SYNOPSIS
    Record that an action ran for an incident id (idempotent).
    #>
    param (
        [Parameter(Mandatory)]
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
        $HiveRoot,

        [Parameter(Mandatory)]
        [string]
        $Action,

        [Parameter(Mandatory)]
        [string]
        $OnceId
    )

    Assert-OfficeopsActionName -Action $Action
    $key = $HiveRoot.CreateSubKey("Software\officeops\outlook_auth\once\$Action")
    try {
        $key.SetValue($OnceId, [DateTime]::UtcNow.ToString('o'), [Microsoft.Win32.RegistryValueKind]::String)
    }
    finally {
        $key.Dispose()
    }
}

Export-ModuleMember -Function Get-OfficeopsOnceMarker, Set-OfficeopsOnceMarker
