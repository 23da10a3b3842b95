# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Dot-sourced by Harness.ps1. A host built from a lab scenario (tests/lab/scenarios/*.json)
# onto the in-memory registry, and the suites' own readers of that registry. The readers
# walk FakeRegistry nodes directly (no handle is opened, no code under test runs).

Function Read-OfficeopsLabScenario {
    # A lab scenario (tests/lab/scenarios/<Name>.json) as hashtables.
    param ([Parameter(Mandatory)][string]$Name)

    $path = Join-Path -Path $script:OfficeopsRoot -ChildPath "tests/lab/scenarios/$Name.json"
    ConvertFrom-Json -AsHashtable -InputObject ([System.IO.File]::ReadAllText($path))
}

Function Use-OfficeopsLabHost {
    <#
    .SYNOPSIS
    A host set up from a lab scenario: HKLM and the hives of the users whose hive is loaded,
    in the in-memory registry (Use-OfficeopsFakeRegistry); the scenario's profiles from
    Get-OfficeopsUserProfile (mocked here and in each -ProfileModule; console: the users
    in -Console), in $global:OfficeopsTestProfiles; name lookups resolve nothing.
    -NoRegistry: the profiles only. Returns @{ users; hklm; scenario } (the fake base keys).
    #>
    param (
        [Parameter(Mandatory)][string]$Name,
        [string[]]$Console = @(),
        [string[]]$ProfileModule = @(),
        [switch]$NoRegistry
    )

    $scenario = Read-OfficeopsLabScenario -Name $Name
    $users = $null
    $hklm = $null
    if (-not $NoRegistry) {
        $users = New-OfficeopsFakeRegistry -Name HKEY_USERS
        $hklm = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE
        Add-OfficeopsFakeTree -Key $hklm -Path '' -Tree $scenario.hklm
    }
    $global:OfficeopsTestProfiles = @(foreach ($user in $scenario.users) {
            if ($user.hive_loaded -and -not $NoRegistry) {
                Add-OfficeopsFakeTree -Key $users -Path $user.sid -Tree $user.hive
            }
            @{ sid = $user.sid; name = $user.name; profile_path = $user.profile_path; hive_loaded = $user.hive_loaded
                logged_on = $user.logged_on; session_id = $user.session_id; console = $Console -contains $user.sid }
        })
    if (-not $NoRegistry) {
        Use-OfficeopsFakeRegistry -Users $users -LocalMachine $hklm
    }
    Mock Get-OfficeopsUserProfile { $global:OfficeopsTestProfiles }
    foreach ($module in $ProfileModule) {
        Mock -ModuleName $module Get-OfficeopsUserProfile { $global:OfficeopsTestProfiles }
    }
    # Name lookups go to the directory; nothing resolves in these tests.
    Mock -ModuleName _UserProfile ConvertTo-OfficeopsSid { $null }
    @{ users = $users; hklm = $hklm; scenario = $scenario }
}

Function Get-OfficeopsFakeNode {
    # The node at -Path (backslashes; '' the key itself) below a fake key, or $null.
    param ([Parameter(Mandatory)]$Key, [AllowEmptyString()][string]$Path = '')

    $node = $Key.Node
    if (-not $Path) {
        return $node
    }
    foreach ($part in $Path.Split('\')) {
        if (-not $node.Keys.ContainsKey($part)) {
            return $null
        }
        $node = $node.Keys[$part]
    }
    $node
}

Function Test-OfficeopsFakeKey {
    # Whether a fake key holds the subkey -Path.
    param ([Parameter(Mandatory)]$Key, [Parameter(Mandatory)][string]$Path)

    $null -ne (Get-OfficeopsFakeNode -Key $Key -Path $Path)
}

Function Get-OfficeopsFakeValue {
    # @{ kind; data } of a value below a fake key, or $null.
    param ([Parameter(Mandatory)]$Key, [AllowEmptyString()][string]$Path = '', [Parameter(Mandatory)][string]$Name)

    $node = Get-OfficeopsFakeNode -Key $Key -Path $Path
    if ($null -eq $node -or -not $node.Values.ContainsKey($Name)) {
        return $null
    }
    @{ kind = [string]$node.Values[$Name].Key; data = $node.Values[$Name].Value }
}

Function Get-OfficeopsFakeRegistryText {
    # Everything under a fake key as sorted text lines, to prove a run left it as it was.
    param ([Parameter(Mandatory)]$Key)

    $lines = [System.Collections.Generic.List[string]]@()
    $pending = [System.Collections.Generic.Queue[object]]@()
    $pending.Enqueue(@('', $Key.Node))
    while ($pending.Count -gt 0) {
        $path, $node = $pending.Dequeue()
        $lines.Add("[$path]")
        foreach ($value in $node.Values.GetEnumerator()) {
            $lines.Add(('{0}|{1}|{2}|{3}' -f $path, $value.Key, $value.Value.Key, (@($value.Value.Value) -join ',')))
        }
        foreach ($child in $node.Keys.GetEnumerator()) {
            $pending.Enqueue(@("$path\$($child.Key)", $child.Value))
        }
    }
    ($lines | Sort-Object) -join "`n"
}

Function ConvertTo-OfficeopsTableValue {
    # A fake registry value as the controller's @{ type; data } (unsigned DWORD / QWORD, hex binary).
    param ([Parameter(Mandatory)]$Node, [Parameter(Mandatory)][string]$Name)

    $kind = $Node.Values[$Name].Key
    $data = $Node.Values[$Name].Value
    switch ($kind.ToString()) {
        'String' { @{ type = 'REG_SZ'; data = $data } }
        'ExpandString' { @{ type = 'REG_EXPAND_SZ'; data = $data } }
        'DWord' { @{ type = 'REG_DWORD'; data = [BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$data), 0) } }
        'QWord' { @{ type = 'REG_QWORD'; data = [BitConverter]::ToUInt64([BitConverter]::GetBytes([long]$data), 0) } }
        'MultiString' { @{ type = 'REG_MULTI_SZ'; data = @($data) } }
        'Binary' { @{ type = 'REG_BINARY'; data = [System.Convert]::ToHexString($data).ToLowerInvariant() } }
        default { throw "unexpected value kind $kind" }
    }
}

Function ConvertTo-OfficeopsTableTree {
    # A fake registry node as @{ keys; values } in the controller's tree shape, names as stored.
    param ([Parameter(Mandatory)]$Node)

    $keys = @{}
    foreach ($name in $Node.KeyNames.Values) {
        $keys[$name] = ConvertTo-OfficeopsTableTree -Node $Node.Keys[$name]
    }
    $values = @{}
    foreach ($name in $Node.ValueNames.Values) {
        $values[$name] = ConvertTo-OfficeopsTableValue -Node $Node -Name $name
    }
    @{ keys = $keys; values = $values }
}

Function ConvertTo-OfficeopsTableFlat {
    # Key path -> @{ value name -> @{ type; data } } for every key below a fake registry node
    # that has values or no subkeys, names as stored.
    param ([Parameter(Mandatory)]$Node, [string]$Prefix = '', [System.Collections.IDictionary]$Into = @{})

    foreach ($name in $Node.KeyNames.Values) {
        $child = $Node.Keys[$name]
        $path = if ($Prefix) { "$Prefix\$name" } else { $name }
        if ($child.Values.Count -gt 0 -or $child.Keys.Count -eq 0) {
            $values = @{}
            foreach ($valueName in $child.ValueNames.Values) {
                $values[$valueName] = ConvertTo-OfficeopsTableValue -Node $child -Name $valueName
            }
            $Into[$path] = $values
        }
        $null = ConvertTo-OfficeopsTableFlat -Node $child -Prefix $path -Into $Into
    }
    $Into
}

Function ConvertTo-OfficeopsCanonicalJson {
    # Canonical JSON (dictionary names sorted ordinally), so two results compare as text.
    param ([AllowNull()]$Item)

    $sort = {
        param ($value)
        if ($value -is [System.Collections.IDictionary]) {
            $names = [string[]]@($value.PSBase.Keys)
            [Array]::Sort($names, [System.StringComparer]::Ordinal)
            $sorted = [ordered]@{}
            foreach ($name in $names) { $sorted[$name] = & $sort $value[$name] }
            $sorted
        }
        elseif ($value -is [System.Collections.IList]) {
            , @(foreach ($entry in $value) { & $sort $entry })
        }
        else {
            $value
        }
    }
    ConvertTo-Json -InputObject (& $sort $Item) -Depth 64 -Compress
}

Function Get-OfficeopsLineSha256 {
    # The fingerprint of hand-written lines (regfile.fingerprint's format: joined by LF, UTF-8).
    param ([string[]]$Line)

    $sha = [System.Security.Cryptography.SHA256]::Create()
    [System.Convert]::ToHexString($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes(($Line -join "`n")))).ToLowerInvariant()
}
