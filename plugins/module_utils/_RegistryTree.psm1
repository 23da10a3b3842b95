# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Registry I/O in the tree shape the controller and the lab share:
# @{ keys = @{ name = tree }; values = @{ name = @{ type = 'REG_DWORD'; data = 1 } } }.
# REG_DWORD / REG_QWORD data are unsigned, REG_MULTI_SZ a list, REG_BINARY a hex string
# (plugins/module_utils/_registry/regfile.py and plugins/plugin_utils/_lab/registry.py).
# Every write is idempotent and says whether it changed anything.

Set-StrictMode -Version 2.0

Function Open-OfficeopsRegistryBase {
    <#
    .SYNOPSIS
    A new handle on HKEY_LOCAL_MACHINE or HKEY_USERS, 64-bit view; the caller disposes it.
    The one place the collection opens a hive, so the Pester suites can hand every caller an
    in-memory registry instead.
    #>
    param (
        [Parameter(Mandatory)]
        [ValidateSet('LocalMachine', 'Users')]
        [string]
        $Hive
    )

    [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]$Hive, [Microsoft.Win32.RegistryView]::Registry64)
}

Function Open-OfficeopsRegistrySubKey {
    <#
    .SYNOPSIS
    A key below HKEY_LOCAL_MACHINE or HKEY_USERS (64-bit view), or $null when it does not
    exist; the caller disposes it.
    #>
    param (
        [Parameter(Mandatory)]
        [ValidateSet('LocalMachine', 'Users')]
        [string]
        $Hive,

        [Parameter(Mandatory)]
        [string]
        $Path,

        [switch]
        $Writable
    )

    $base = Open-OfficeopsRegistryBase -Hive $Hive
    try {
        $base.OpenSubKey($Path, [bool]$Writable)
    }
    finally {
        $base.Dispose()
    }
}

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
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
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
    # GetValue's .NET type decides, not the kind alone: a DWORD stored with the wrong length
    # comes back as a long or a byte array (registrykey.cs, InternalGetValue).
    if ($kind -eq [Microsoft.Win32.RegistryValueKind]::String -and $data -is [string]) {
        return @{ type = 'REG_SZ'; data = $data }
    }
    if ($kind -eq [Microsoft.Win32.RegistryValueKind]::ExpandString -and $data -is [string]) {
        return @{ type = 'REG_EXPAND_SZ'; data = $data }
    }
    # GetValue returns DWORD / QWORD as signed Int32 / Int64; the tree keeps them unsigned.
    if ($kind -eq [Microsoft.Win32.RegistryValueKind]::DWord -and $data -is [int]) {
        return @{ type = 'REG_DWORD'; data = [BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$data), 0) }
    }
    if ($kind -eq [Microsoft.Win32.RegistryValueKind]::QWord -and $data -is [long]) {
        return @{ type = 'REG_QWORD'; data = [BitConverter]::ToUInt64([BitConverter]::GetBytes([long]$data), 0) }
    }
    if ($kind -eq [Microsoft.Win32.RegistryValueKind]::MultiString -and $data -is [string[]]) {
        return @{ type = 'REG_MULTI_SZ'; data = @($data) }
    }
    if ($kind -eq [Microsoft.Win32.RegistryValueKind]::Binary -and $data -is [byte[]]) {
        return @{ type = 'REG_BINARY'; data = [BitConverter]::ToString($data).Replace('-', '').ToLowerInvariant() }
    }
    $null
}

Function ConvertTo-OfficeopsFingerprintField {
    # Backslash, TAB, CR, LF and NUL escaped as fingerprint() does in regfile.py, so no
    # content can forge another field or line.
    param (
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Text
    )

    $Text.Replace('\', '\\').Replace("`t", '\t').Replace("`r", '\r').Replace("`n", '\n').Replace([string][char]0, '\0')
}

Function Get-OfficeopsRegistryFingerprint {
    <#
    .SYNOPSIS
    SHA-256 (hex) of the content of the key at $Path, computed exactly as fingerprint() in
    plugins/module_utils/_registry/regfile.py does from a probed tree; $null when the key is
    missing. Throws when the key holds what a tree (and so a .reg backup made from it)
    cannot carry: a value of another kind, or more than 16 levels of subkeys.
    #>
    param (
        [Parameter(Mandatory)]
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
        $Root,

        [Parameter(Mandatory)]
        [string]
        $Path
    )

    Assert-OfficeopsRelativeKeyPath -Path $Path
    $top = $Root.OpenSubKey($Path, $false)
    if ($null -eq $top) {
        return $null
    }
    $lines = [System.Collections.Generic.List[string]]@()
    $pending = [System.Collections.Generic.Queue[object]]@()
    $pending.Enqueue(@($top, '', 0))
    try {
        while ($pending.Count -gt 0) {
            $key, $relative, $depth = $pending.Dequeue()
            try {
                $lines.Add((ConvertTo-OfficeopsFingerprintField -Text $relative))
                foreach ($name in $key.GetValueNames()) {
                    $value = ConvertFrom-OfficeopsRegistryValue -Key $key -Name $name
                    if ($null -eq $value) {
                        throw "$Path\$relative holds a value '$name' of a kind a backup cannot keep"
                    }
                    $text = switch ($value.type) {
                        # The item count first, so [] and [''] differ.
                        'REG_MULTI_SZ' { '{0}:{1}' -f @($value.data).Count, (@($value.data) -join [char]0) }
                        default { [string]$value.data }
                    }
                    $fields = @(
                        (ConvertTo-OfficeopsFingerprintField -Text $relative),
                        (ConvertTo-OfficeopsFingerprintField -Text $name),
                        $value.type,
                        (ConvertTo-OfficeopsFingerprintField -Text $text)
                    )
                    $lines.Add(($fields -join "`t"))
                }
                foreach ($name in $key.GetSubKeyNames()) {
                    if ($depth -ge 16) {
                        throw "$Path is deeper than 16 levels; a backup of it would be cut short"
                    }
                    $child = $key.OpenSubKey($name, $false)
                    if ($null -ne $child) {
                        $pending.Enqueue(@($child, $(if ($relative) { "$relative\$name" } else { $name }), ($depth + 1)))
                    }
                }
            }
            finally {
                $key.Dispose()
            }
        }
    }
    finally {
        while ($pending.Count -gt 0) {
            $pending.Dequeue()[0].Dispose()
        }
    }
    # Sorted by lower-cased text, ties by the text itself, both by Unicode code point, as
    # the controller (Python) sorts them. Ordinal string order is UTF-16 order, which puts
    # characters beyond U+FFFF before U+E000-U+FFFF; UTF-8 byte order is code point order,
    # and its hex text sorts ordinally the same way (' ' sorts before every hex digit).
    # Strict UTF-8: a lone surrogate throws (as in Python) instead of becoming U+FFFD.
    $strict = New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false, $true
    $sortKeys = foreach ($line in $lines) {
        '{0} {1}' -f [BitConverter]::ToString($strict.GetBytes($line.ToLowerInvariant())).Replace('-', ''),
            [BitConverter]::ToString($strict.GetBytes($line)).Replace('-', '')
    }
    $sorted = $lines.ToArray()
    [Array]::Sort([string[]]@($sortKeys), $sorted, [System.StringComparer]::Ordinal)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $hash = $sha.ComputeHash($strict.GetBytes(($sorted -join "`n")))
    }
    finally {
        $sha.Dispose()
    }
    [BitConverter]::ToString($hash).Replace('-', '').ToLowerInvariant()
}

Function Read-OfficeopsRegistryTree {
    <#
    .SYNOPSIS
    The subtree at $Path under $Root, or $null when the key does not exist.
    #>
    param (
        [Parameter(Mandatory)]
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
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
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
        $Root,

        [Parameter(Mandatory)]
        [string]
        $Path,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Name,

        [Parameter(Mandatory)]
        [ValidateSet('REG_SZ', 'REG_EXPAND_SZ', 'REG_DWORD', 'REG_QWORD', IgnoreCase = $false)]
        [string]
        $Type,

        [Parameter(Mandatory)]
        [object]
        $Data
    )

    Assert-OfficeopsRelativeKeyPath -Path $Path
    if ($Type -in @('REG_DWORD', 'REG_QWORD')) {
        # Integers only, in range: what the controller and the lab accept too.
        $limit = if ($Type -eq 'REG_DWORD') { [decimal][uint32]::MaxValue } else { [decimal][uint64]::MaxValue }
        # A decimal (how the JSON reader returns numbers above Int64) must have no fraction
        # digits at all: 5.0 is not an integer the lab or the controller would send.
        $isInteger = $Data -is [int] -or $Data -is [long] -or
            ($Data -is [decimal] -and ([decimal]::GetBits($Data)[3] -band 0x00FF0000) -eq 0)
        if (-not $isInteger -or [decimal]$Data -lt 0 -or [decimal]$Data -gt $limit) {
            throw "value '$Name' under $($Path): $Data is not a $Type"
        }
    }
    elseif ($Data -isnot [string]) {
        throw "value '$Name' under $($Path): expected a string for $Type"
    }
    $key = $Root.CreateSubKey($Path)
    try {
        $current = ConvertFrom-OfficeopsRegistryValue -Key $key -Name $Name
        if ($null -ne $current -and $current.type -eq $Type -and [string]$current.data -ceq [string]$Data) {
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
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
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
        [object]  # a RegistryKey (Pester passes an in-memory one with the same members)
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

Export-ModuleMember -Function Open-OfficeopsRegistryBase, Open-OfficeopsRegistrySubKey, Assert-OfficeopsRelativeKeyPath, ConvertFrom-OfficeopsRegistryValue, Read-OfficeopsRegistryTree,
Get-OfficeopsRegistryFingerprint, ConvertTo-OfficeopsFingerprintField,
Set-OfficeopsRegistryValue, Remove-OfficeopsRegistryValue, Remove-OfficeopsRegistryKey
