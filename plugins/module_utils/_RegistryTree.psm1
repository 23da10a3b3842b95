# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Registry I/O in the tree shape the controller and the lab share:
# @{ keys = @{ name = tree }; values = @{ name = @{ type = 'REG_DWORD'; data = 1 } } }.
# REG_DWORD / REG_QWORD data are unsigned, REG_MULTI_SZ a list, REG_BINARY a hex string
# (plugins/module_utils/_registry/regfile.py and plugins/plugin_utils/_lab/registry.py).
# Every write is idempotent and says whether it changed anything.

Set-StrictMode -Version 2.0

Function Assert-OfficeopsRelativeKeyPath {
    # Paths come from the controller; refuse anything that could leave the hive root.
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    if ($Path -match '(^|\\)\.\.?(\\|$)' -or $Path.StartsWith('\') -or $Path -match '[\x00-\x1f]' -or $Path.Length -gt 512) {
        throw "invalid registry path '$Path'"
    }
}

Function ConvertFrom-OfficeopsRegistryValue {
    <#
    .SYNOPSIS
    One value as @{ type; data }, or $null for kinds the tree format does not carry.
    #>
    param (
        [Parameter(Mandatory)]
        [Microsoft.Win32.RegistryKey]
        $Key,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Name
    )

    $data = $Key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
    if ($null -eq $data) {
        return $null
    }
    $kind = $Key.GetValueKind($Name)
    switch ($kind) {
        ([Microsoft.Win32.RegistryValueKind]::String) { return @{ type = 'REG_SZ'; data = [string]$data } }
        ([Microsoft.Win32.RegistryValueKind]::ExpandString) { return @{ type = 'REG_EXPAND_SZ'; data = [string]$data } }
        # GetValue returns DWORD / QWORD as signed Int32 / Int64; the tree keeps them unsigned.
        ([Microsoft.Win32.RegistryValueKind]::DWord) {
            return @{ type = 'REG_DWORD'; data = [BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$data), 0) }
        }
        ([Microsoft.Win32.RegistryValueKind]::QWord) {
            return @{ type = 'REG_QWORD'; data = [BitConverter]::ToUInt64([BitConverter]::GetBytes([long]$data), 0) }
        }
        ([Microsoft.Win32.RegistryValueKind]::MultiString) { return @{ type = 'REG_MULTI_SZ'; data = @([string[]]$data) } }
        ([Microsoft.Win32.RegistryValueKind]::Binary) {
            return @{ type = 'REG_BINARY'; data = (([byte[]]$data | ForEach-Object { $_.ToString('x2') }) -join '') }
        }
    }
    $null
}

Function Read-OfficeopsRegistryTree {
    <#
    .SYNOPSIS
    The subtree at $Path under $Root, or $null when the key does not exist.
    #>
    param (
        [Parameter(Mandatory)]
        [Microsoft.Win32.RegistryKey]
        $Root,

        [Parameter(Mandatory)]
        [string]
        $Path,

        [int]
        $Depth = 16
    )

    Assert-OfficeopsRelativeKeyPath -Path $Path
    $key = $Root.OpenSubKey($Path, $false)
    if ($null -eq $key) {
        return $null
    }
    try {
        $values = @{}
        foreach ($name in $key.GetValueNames()) {
            $value = ConvertFrom-OfficeopsRegistryValue -Key $key -Name $name
            if ($null -ne $value) {
                $values[$name] = $value
            }
        }
        $keys = @{}
        if ($Depth -gt 0) {
            foreach ($name in $key.GetSubKeyNames()) {
                $child = Read-OfficeopsRegistryTree -Root $key -Path $name -Depth ($Depth - 1)
                if ($null -ne $child) {
                    $keys[$name] = $child
                }
            }
        }
        @{ keys = $keys; values = $values }
    }
    finally {
        $key.Dispose()
    }
}

Function Set-OfficeopsRegistryValue {
    <#
    .SYNOPSIS
    Create or overwrite one value; returns $true when it changed.
    #>
    param (
        [Parameter(Mandatory)]
        [Microsoft.Win32.RegistryKey]
        $Root,

        [Parameter(Mandatory)]
        [string]
        $Path,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Name,

        [Parameter(Mandatory)]
        [ValidateSet('REG_SZ', 'REG_EXPAND_SZ', 'REG_DWORD', 'REG_QWORD')]
        [string]
        $Type,

        [Parameter(Mandatory)]
        [object]
        $Data
    )

    Assert-OfficeopsRelativeKeyPath -Path $Path
    $key = $Root.CreateSubKey($Path)
    try {
        $current = ConvertFrom-OfficeopsRegistryValue -Key $key -Name $Name
        if ($null -ne $current -and $current.type -eq $Type -and [string]$current.data -eq [string]$Data) {
            return $false
        }
        switch ($Type) {
            'REG_DWORD' {
                $raw = [BitConverter]::ToInt32([BitConverter]::GetBytes([uint32]$Data), 0)
                $key.SetValue($Name, $raw, [Microsoft.Win32.RegistryValueKind]::DWord)
            }
            'REG_QWORD' {
                $raw = [BitConverter]::ToInt64([BitConverter]::GetBytes([uint64]$Data), 0)
                $key.SetValue($Name, $raw, [Microsoft.Win32.RegistryValueKind]::QWord)
            }
            'REG_EXPAND_SZ' { $key.SetValue($Name, [string]$Data, [Microsoft.Win32.RegistryValueKind]::ExpandString) }
            default { $key.SetValue($Name, [string]$Data, [Microsoft.Win32.RegistryValueKind]::String) }
        }
        $true
    }
    finally {
        $key.Dispose()
    }
}

Function Remove-OfficeopsRegistryValue {
    <#
    .SYNOPSIS
    Delete one value; returns $true when it existed.
    #>
    param (
        [Parameter(Mandatory)]
        [Microsoft.Win32.RegistryKey]
        $Root,

        [Parameter(Mandatory)]
        [string]
        $Path,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Name
    )

    Assert-OfficeopsRelativeKeyPath -Path $Path
    $key = $Root.OpenSubKey($Path, $true)
    if ($null -eq $key) {
        return $false
    }
    try {
        if ($null -eq $key.GetValue($Name, $null)) {
            return $false
        }
        $key.DeleteValue($Name, $false)
        $true
    }
    finally {
        $key.Dispose()
    }
}

Function Remove-OfficeopsRegistryKey {
    <#
    .SYNOPSIS
    Delete a key and its subtree; returns $true when it existed.
    #>
    param (
        [Parameter(Mandatory)]
        [Microsoft.Win32.RegistryKey]
        $Root,

        [Parameter(Mandatory)]
        [string]
        $Path
    )

    Assert-OfficeopsRelativeKeyPath -Path $Path
    if ($Path.Trim('\') -eq '') {
        throw 'refusing to delete the root of a hive'
    }
    $existing = $Root.OpenSubKey($Path, $false)
    if ($null -eq $existing) {
        return $false
    }
    $existing.Dispose()
    $Root.DeleteSubKeyTree($Path, $false)
    $true
}

Export-ModuleMember -Function Assert-OfficeopsRelativeKeyPath, ConvertFrom-OfficeopsRegistryValue, Read-OfficeopsRegistryTree,
Set-OfficeopsRegistryValue, Remove-OfficeopsRegistryValue, Remove-OfficeopsRegistryKey
