# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Get-OfficeopsOnceMarker / Set-OfficeopsOnceMarker (_OnceMarker.psm1) against the shared
# table tests/data/once_marker.json, which the lab twin passes too
# (tests/unit/lab/test_shared_tables.py), on the in-memory registry.

BeforeDiscovery {
    . "$PSScriptRoot/../Harness.ps1"
    $onceTable = Read-OfficeopsTable -Name once_marker.json
    $readCases = $onceTable.read
    $writeCases = $onceTable.write
    $badActions = $onceTable.bad_actions
    $goodActions = @($onceTable.good_actions | ForEach-Object { @{ action = $_ } })
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _OnceMarker

    Function ConvertTo-TableFull {
        # A table tree with 'keys' and 'values' on every key.
        param ([Parameter(Mandatory)][System.Collections.IDictionary]$Tree)

        $keys = @{}
        if ($Tree.Contains('keys')) {
            foreach ($name in $Tree['keys'].PSBase.Keys) { $keys[$name] = ConvertTo-TableFull -Tree $Tree['keys'][$name] }
        }
        $values = @{}
        if ($Tree.Contains('values')) {
            foreach ($name in $Tree['values'].PSBase.Keys) { $values[$name] = $Tree['values'][$name] }
        }
        @{ keys = $keys; values = $values }
    }

    Function Set-TableTime {
        # Where the table says '<utc time>', the value must hold [DateTime]::UtcNow.ToString('o');
        # it then compares as the placeholder.
        param ($Expected, $Actual)

        foreach ($name in $Expected['values'].PSBase.Keys) {
            if ($Expected['values'][$name].data -eq '<utc time>' -and $Actual['values'].ContainsKey($name)) {
                $Actual['values'][$name].type | Should -Be 'REG_SZ'
                $Actual['values'][$name].data | Should -Match '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$'
                $Actual['values'][$name].data = '<utc time>'
            }
        }
        foreach ($name in $Expected['keys'].PSBase.Keys) {
            if ($Actual['keys'].ContainsKey($name)) {
                Set-TableTime -Expected $Expected['keys'][$name] -Actual $Actual['keys'][$name]
            }
        }
    }

    Function New-TableHive {
        param ([Parameter(Mandatory)][System.Collections.IDictionary]$Tree)

        $hive = New-OfficeopsFakeRegistry -Name HKEY_CURRENT_USER
        Add-OfficeopsFakeTree -Key $hive -Path '' -Tree $Tree
        $hive
    }
}

Describe 'Get-OfficeopsOnceMarker against tests/data/once_marker.json' {
    It '<name>' -ForEach $readCases {
        $root = New-TableHive -Tree $hive
        $before = ConvertTo-OfficeopsCanonicalJson (ConvertTo-OfficeopsTableTree -Node $root.Node)

        $read = Get-OfficeopsOnceMarker -HiveRoot $root -Action $action

        $read | Should -BeOfType [hashtable]
        ConvertTo-OfficeopsCanonicalJson $read | Should -Be (ConvertTo-OfficeopsCanonicalJson $markers)
        foreach ($value in $read.PSBase.Values) { $value | Should -BeOfType [string] }
        ConvertTo-OfficeopsCanonicalJson (ConvertTo-OfficeopsTableTree -Node $root.Node) | Should -Be $before
        $root.OpenHandleCount() | Should -Be 0
    }
}

Describe 'Set-OfficeopsOnceMarker against tests/data/once_marker.json' {
    It '<name>' -ForEach $writeCases {
        $root = New-TableHive -Tree $hive

        foreach ($item in $record) {
            Set-OfficeopsOnceMarker -HiveRoot $root -Action $item.action -OnceId $item.once_id | Should -BeNullOrEmpty
        }

        $expected = ConvertTo-TableFull -Tree $after
        $actual = ConvertTo-OfficeopsTableTree -Node $root.Node
        Set-TableTime -Expected $expected -Actual $actual
        ConvertTo-OfficeopsCanonicalJson $actual | Should -Be (ConvertTo-OfficeopsCanonicalJson $expected)
        $root.OpenHandleCount() | Should -Be 0
    }
}

Describe 'Action names' {
    It 'refuses <action> for reading and writing, and writes nothing' -ForEach $badActions {
        $root = New-TableHive -Tree @{ keys = @{ Software = @{} } }

        $thrown = { Get-OfficeopsOnceMarker -HiveRoot $root -Action $action } | Should -Throw -PassThru
        $thrown.Exception.Message | Should -MatchExactly $message
        $thrown = { Set-OfficeopsOnceMarker -HiveRoot $root -Action $action -OnceId 'INC0012345' } | Should -Throw -PassThru
        $thrown.Exception.Message | Should -MatchExactly $message

        ConvertTo-OfficeopsCanonicalJson (ConvertTo-OfficeopsTableTree -Node $root.Node) | Should -Be '{"keys":{"Software":{"keys":{},"values":{}}},"values":{}}'
        $root.OpenHandleCount() | Should -Be 0
    }

    It 'takes <action>' -ForEach $goodActions {
        $root = New-TableHive -Tree @{}

        Set-OfficeopsOnceMarker -HiveRoot $root -Action $action -OnceId 'INC0012345'

        @((Get-OfficeopsOnceMarker -HiveRoot $root -Action $action).PSBase.Keys) | Should -Be @('INC0012345')
        $key = $root.OpenSubKey("Software\officeops\outlook_auth\once\$action")
        $key | Should -Not -BeNullOrEmpty
        $key.Dispose()
        $root.OpenHandleCount() | Should -Be 0
    }
}
