# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

BeforeDiscovery {
    . "$PSScriptRoot/../Harness.ps1"
    $fingerprintCases = (Read-OfficeopsTable -Name registry_fingerprint.json).cases
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _RegistryTree
}

Describe 'Get-OfficeopsRegistryFingerprint' {
    # Written once in tests/data, passed by the controller's regfile.fingerprint too.
    It 'gives the hash of the hand-written lines for <name>' -ForEach $fingerprintCases {
        $hklm = New-OfficeopsFakeRegistry -Name HKEY_USERS
        Add-OfficeopsFakeTree -Key $hklm -Path 'S-1-5-21-1-2-3-1001\Software\Probe' -Tree $tree
        $expected = Get-OfficeopsLineSha256 -Line $lines

        Get-OfficeopsRegistryFingerprint -Root $hklm -Path 'S-1-5-21-1-2-3-1001\Software\Probe' | Should -Be $expected
        $hklm.OpenHandleCount() | Should -Be 0
    }

    It 'is $null for a missing key' {
        $root = New-OfficeopsFakeRegistry
        Get-OfficeopsRegistryFingerprint -Root $root -Path 'Software\Missing' | Should -BeNullOrEmpty
    }
}

Describe 'Get-OfficeopsRegistryFingerprint refusals' {
    BeforeEach {
        $script:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS
    }

    It 'takes 16 levels of subkeys below the key' {
        $script:Users.CreateSubKey('Probe\' + ((1..16 | ForEach-Object { "k$_" }) -join '\')).Dispose()
        Get-OfficeopsRegistryFingerprint -Root $script:Users -Path 'Probe' | Should -Match '^[0-9a-f]{64}$'
        $script:Users.OpenHandleCount() | Should -Be 0
    }

    It 'refuses a 17th level, closing every key it opened' {
        $script:Users.CreateSubKey('Probe\' + ((1..17 | ForEach-Object { "k$_" }) -join '\')).Dispose()
        $script:Users.CreateSubKey('Probe\wide\a').Dispose()
        $script:Users.CreateSubKey('Probe\wide\b').Dispose()
        { Get-OfficeopsRegistryFingerprint -Root $script:Users -Path 'Probe' } |
            Should -Throw -ExpectedMessage 'Probe is deeper than 16 levels; a backup of it would be cut short'
        $script:Users.OpenHandleCount() | Should -Be 0
    }

    It 'refuses a value of a kind a backup cannot keep, closing every key it opened' {
        $script:Users.CreateSubKey('Probe\sub\deeper').Dispose()
        $script:Users.CreateSubKey('Probe\other').Dispose()
        Mock -ModuleName _RegistryTree ConvertFrom-OfficeopsRegistryValue { $null } -ParameterFilter { $Name -eq 'Odd' }
        $key = $script:Users.OpenSubKey('Probe\sub', $true)
        $key.SetValue('Odd', 'stands for a REG_NONE or REG_LINK value')
        $key.Dispose()
        { Get-OfficeopsRegistryFingerprint -Root $script:Users -Path 'Probe' } |
            Should -Throw -ExpectedMessage "Probe\sub holds a value 'Odd' of a kind a backup cannot keep"
        $script:Users.OpenHandleCount() | Should -Be 0
    }

    It 'refuses a path that leaves the root' {
        { Get-OfficeopsRegistryFingerprint -Root $script:Users -Path '..\S-1-5-18' } | Should -Throw -ExpectedMessage "invalid registry path '..\S-1-5-18'"
    }
}

Describe 'ConvertTo-OfficeopsFingerprintField' {
    It 'escapes <why>' -ForEach @(
        @{ why = 'nothing in plain text'; text = 'Identity 16.0'; expected = 'Identity 16.0' }
        @{ why = 'an empty string'; text = ''; expected = '' }
        @{ why = 'a backslash'; text = 'a\b'; expected = 'a\\b' }
        @{ why = 'a TAB'; text = "a`tb"; expected = 'a\tb' }
        @{ why = 'CR and LF'; text = "a`r`nb"; expected = 'a\r\nb' }
        @{ why = 'NUL'; text = "a$([char]0)b"; expected = 'a\0b' }
        @{ why = 'an escape sequence already in the text'; text = 'a\tb'; expected = 'a\\tb' }
    ) {
        ConvertTo-OfficeopsFingerprintField -Text $text | Should -BeExactly $expected
    }
}

Describe 'Open-OfficeopsRegistryBase' {
    It 'accepts only LocalMachine and Users' {
        { Open-OfficeopsRegistryBase -Hive CurrentUser } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Open-OfficeopsRegistryBase'
    }

    It 'opens the machine''s registry, which only Windows has' -Skip:$IsWindows {
        { Open-OfficeopsRegistryBase -Hive Users } | Should -Throw -ExpectedMessage 'Exception calling "OpenBaseKey" with "2" argument(s)*'
    }

    It 'opens the 64-bit view of <hive>' -Skip:(-not $IsWindows) -ForEach @(
        @{ hive = 'LocalMachine'; name = 'HKEY_LOCAL_MACHINE' }
        @{ hive = 'Users'; name = 'HKEY_USERS' }
    ) {
        $key = Open-OfficeopsRegistryBase -Hive $hive
        try {
            $key.Name | Should -Be $name
            $key.View | Should -Be ([Microsoft.Win32.RegistryView]::Registry64)
        }
        finally {
            $key.Dispose()
        }
    }
}

Describe 'Open-OfficeopsRegistrySubKey' {
    BeforeEach {
        $script:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{ 'S-1-5-21-1-2-3-1001\Software\Microsoft' = @{ Seen = 'users' } }
        $script:Machine = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE -Tree @{ 'SOFTWARE\Microsoft' = @{ Seen = 'machine' } }
        Use-OfficeopsFakeRegistry -Users $script:Users -LocalMachine $script:Machine
    }

    It 'opens a key of <hive> read-only by default, and closes the base key' -ForEach @(
        @{ hive = 'Users'; path = 'S-1-5-21-1-2-3-1001\Software\Microsoft'; seen = 'users' }
        @{ hive = 'LocalMachine'; path = 'SOFTWARE\Microsoft'; seen = 'machine' }
    ) {
        $key = Open-OfficeopsRegistrySubKey -Hive $hive -Path $path
        try {
            $key.GetValue('Seen') | Should -Be $seen
            { $key.SetValue('Write', 'x') } | Should -Throw -ExpectedMessage '*Cannot write to the registry key*'
        }
        finally {
            $key.Dispose()
        }
        $script:Users.OpenHandleCount() | Should -Be 0
        $script:Machine.OpenHandleCount() | Should -Be 0
    }

    It 'opens it writable with -Writable' {
        $key = Open-OfficeopsRegistrySubKey -Hive Users -Path 'S-1-5-21-1-2-3-1001\Software' -Writable
        try {
            $key.SetValue('Write', 'x')
        }
        finally {
            $key.Dispose()
        }
        $check = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001\Software')
        $check.GetValue('Write') | Should -Be 'x'
        $check.Dispose()
        $script:Users.OpenHandleCount() | Should -Be 0
    }

    It 'is $null for a missing key, and closes the base key' {
        Open-OfficeopsRegistrySubKey -Hive Users -Path 'S-1-5-21-1-2-3-1002' | Should -BeNullOrEmpty
        $script:Users.OpenHandleCount() | Should -Be 0
    }
}

Describe 'Assert-OfficeopsRelativeKeyPath' {
    It 'refuses <why>' -ForEach @(
        @{ why = 'a parent step'; path = '..' }
        @{ why = 'a parent step inside'; path = 'Software\..\..\S-1-5-18' }
        @{ why = 'a parent step at the end'; path = 'Software\..' }
        @{ why = 'a current-directory step'; path = '.\Software' }
        @{ why = 'a current-directory step inside'; path = 'Software\.\Microsoft' }
        @{ why = 'a leading backslash'; path = '\Software' }
        @{ why = 'the root itself'; path = '\' }
        @{ why = 'a line feed'; path = "Software`nMicrosoft" }
        @{ why = 'a NUL'; path = "Software$([char]0)" }
        @{ why = 'a TAB'; path = "Soft`tware" }
        @{ why = 'more than 512 characters'; path = ('k\' * 256) + 'k' }
    ) {
        { Assert-OfficeopsRelativeKeyPath -Path $path } | Should -Throw -ExpectedMessage "invalid registry path '$([WildcardPattern]::Escape($path))'"
    }

    It 'accepts <path>' -ForEach @(
        @{ path = 'Software\Microsoft\Office\16.0\Common\Identity' }
        @{ path = 'Software\a..b' }
        @{ path = 'Software\...' }
        @{ path = 'Software\.hidden' }
        @{ path = 'Software\' }
        @{ path = ('k\' * 255) + 'kk' }
    ) {
        { Assert-OfficeopsRelativeKeyPath -Path $path } | Should -Not -Throw
    }
}

Describe 'ConvertFrom-OfficeopsRegistryValue' {
    BeforeAll {
        $script:Values = New-OfficeopsFakeRegistry -Name HKEY_USERS
        Add-OfficeopsFakeTree -Key $script:Values -Path 'Probe' -Tree @{
            values = @{
                Text = @{ type = 'REG_SZ'; data = 'Outlook' }
                Empty = @{ type = 'REG_SZ'; data = '' }
                '' = @{ type = 'REG_SZ'; data = 'the default value' }
                Expand = @{ type = 'REG_EXPAND_SZ'; data = '%OFFICEOPS_PESTER_HOME%\AppData' }
                Zero = @{ type = 'REG_DWORD'; data = 0 }
                One = @{ type = 'REG_DWORD'; data = 1 }
                HighBit = @{ type = 'REG_DWORD'; data = 2147483648 }
                DwordMax = @{ type = 'REG_DWORD'; data = 4294967295 }
                QZero = @{ type = 'REG_QWORD'; data = 0 }
                QHighBit = @{ type = 'REG_QWORD'; data = 9223372036854775808 }
                QwordMax = @{ type = 'REG_QWORD'; data = 18446744073709551615 }
                List = @{ type = 'REG_MULTI_SZ'; data = @('a', 'b') }
                NoItems = @{ type = 'REG_MULTI_SZ'; data = @() }
                OneEmpty = @{ type = 'REG_MULTI_SZ'; data = @('') }
                Blob = @{ type = 'REG_BINARY'; data = '00FF10ab' }
                NoBytes = @{ type = 'REG_BINARY'; data = '' }
            }
        }
        $env:OFFICEOPS_PESTER_HOME = 'C:\Users\maria'
        $script:Probe = $script:Values.OpenSubKey('Probe')
    }

    AfterAll {
        $script:Probe.Dispose()
        Remove-Item -LiteralPath env:OFFICEOPS_PESTER_HOME -ErrorAction SilentlyContinue
    }

    It 'reads <name> as <type> <shown>' -ForEach @(
        @{ name = 'Text'; type = 'REG_SZ'; data = 'Outlook'; shown = 'Outlook'; class = [string] }
        @{ name = 'Empty'; type = 'REG_SZ'; data = ''; shown = "''"; class = [string] }
        @{ name = ''; type = 'REG_SZ'; data = 'the default value'; shown = '(default value)'; class = [string] }
        @{ name = 'Expand'; type = 'REG_EXPAND_SZ'; data = '%OFFICEOPS_PESTER_HOME%\AppData'; shown = 'not expanded'; class = [string] }
        @{ name = 'Zero'; type = 'REG_DWORD'; data = 0; shown = '0'; class = [uint32] }
        @{ name = 'One'; type = 'REG_DWORD'; data = 1; shown = '1'; class = [uint32] }
        @{ name = 'HighBit'; type = 'REG_DWORD'; data = 2147483648; shown = 'unsigned'; class = [uint32] }
        @{ name = 'DwordMax'; type = 'REG_DWORD'; data = 4294967295; shown = 'unsigned'; class = [uint32] }
        @{ name = 'QZero'; type = 'REG_QWORD'; data = 0; shown = '0'; class = [uint64] }
        @{ name = 'QHighBit'; type = 'REG_QWORD'; data = [uint64]9223372036854775808; shown = 'unsigned'; class = [uint64] }
        @{ name = 'QwordMax'; type = 'REG_QWORD'; data = [uint64]18446744073709551615; shown = 'unsigned'; class = [uint64] }
        @{ name = 'Blob'; type = 'REG_BINARY'; data = '00ff10ab'; shown = 'lower-case hex'; class = [string] }
        @{ name = 'NoBytes'; type = 'REG_BINARY'; data = ''; shown = "''"; class = [string] }
    ) {
        $value = ConvertFrom-OfficeopsRegistryValue -Key $script:Probe -Name $name
        @($value.Keys | Sort-Object) | Should -Be @('data', 'type')
        $value.type | Should -BeExactly $type
        $value.data | Should -BeExactly $data
        $value.data | Should -BeOfType $class
    }

    It 'reads REG_MULTI_SZ <name> as a list of <count>' -ForEach @(
        @{ name = 'List'; data = @('a', 'b'); count = 2 }
        @{ name = 'NoItems'; data = @(); count = 0 }
        @{ name = 'OneEmpty'; data = @(''); count = 1 }
    ) {
        $value = ConvertFrom-OfficeopsRegistryValue -Key $script:Probe -Name $name
        $value.type | Should -BeExactly 'REG_MULTI_SZ'
        $value.data.GetType().IsArray | Should -BeTrue
        $value.data.Count | Should -Be $count
        if ($count -gt 0) { $value.data | Should -BeExactly $data }
    }

    It 'is $null for a missing value' {
        ConvertFrom-OfficeopsRegistryValue -Key $script:Probe -Name 'Missing' | Should -BeNullOrEmpty
    }

    It 'is $null when the data does not have the .NET type of its kind (<kind> as <class>)' -ForEach @(
        # What GetValue returns for a DWORD / QWORD stored with another length, or REG_NONE.
        @{ kind = 'DWord'; raw = [long]5; class = 'long' }
        @{ kind = 'DWord'; raw = [byte[]](1, 2, 3); class = 'byte[]' }
        @{ kind = 'QWord'; raw = [byte[]](1, 2); class = 'byte[]' }
        @{ kind = 'QWord'; raw = 5; class = 'int' }
        @{ kind = 'String'; raw = [byte[]](1); class = 'byte[]' }
        @{ kind = 'MultiString'; raw = 'one'; class = 'string' }
        @{ kind = 'Binary'; raw = 'ab'; class = 'string' }
        @{ kind = 'None'; raw = [byte[]](0); class = 'byte[]' }
    ) {
        $key = [pscustomobject]@{ Raw = $raw; Kind = [Microsoft.Win32.RegistryValueKind]$kind }
        $key | Add-Member -MemberType ScriptMethod -Name GetValue -Value { param($name, $default, $options) $this.Raw }
        $key | Add-Member -MemberType ScriptMethod -Name GetValueKind -Value { param($name) $this.Kind }
        ConvertFrom-OfficeopsRegistryValue -Key $key -Name 'Odd' | Should -BeNullOrEmpty
    }
}

Describe 'Read-OfficeopsRegistryTree' {
    BeforeAll {
        Function Assert-TreeEqual {
            # The tree read, key by key and value by value, against the hand-written one.
            param ($Actual, $Expected, [string]$Where = '(top)')
            # PSBase.Keys: a tree's own 'keys' entry hides the Keys property of the hashtable.
            @($Actual.PSBase.Keys | Sort-Object) | Should -Be @('keys', 'values') -Because $Where
            @($Actual.values.PSBase.Keys | Sort-Object) | Should -Be @($Expected.values.PSBase.Keys | Sort-Object) -Because "values of $Where"
            foreach ($name in $Expected.values.PSBase.Keys) {
                $Actual.values[$name].type | Should -BeExactly $Expected.values[$name].type -Because "$Where\$name"
                if ($Expected.values[$name].type -eq 'REG_MULTI_SZ') {
                    @($Actual.values[$name].data).Count | Should -Be @($Expected.values[$name].data).Count -Because "$Where\$name"
                }
                "$($Actual.values[$name].data)" | Should -BeExactly "$($Expected.values[$name].data)" -Because "$Where\$name"
            }
            @($Actual.keys.PSBase.Keys | Sort-Object) | Should -Be @($Expected.keys.PSBase.Keys | Sort-Object) -Because "subkeys of $Where"
            foreach ($name in $Expected.keys.PSBase.Keys) {
                Assert-TreeEqual -Actual $Actual.keys[$name] -Expected $Expected.keys[$name] -Where "$Where\$name"
            }
        }
    }

    BeforeEach {
        $script:Tree = @{
            values = @{
                Version = @{ type = 'REG_SZ'; data = '16.0' }
                Path = @{ type = 'REG_EXPAND_SZ'; data = '%LOCALAPPDATA%\Microsoft' }
                EnableADAL = @{ type = 'REG_DWORD'; data = 4294967295 }
                Stamp = @{ type = 'REG_QWORD'; data = 18446744073709551615 }
                Accounts = @{ type = 'REG_MULTI_SZ'; data = @('maria@corp.example.com', '') }
                Blob = @{ type = 'REG_BINARY'; data = '0102feff' }
            }
            keys = @{
                Identity = @{
                    values = @{ ADUserName = @{ type = 'REG_SZ'; data = 'maria@corp.example.com' } }
                    keys = @{
                        Identities = @{ values = @{}; keys = @{ 'abc_ADAL' = @{ values = @{ Count = @{ type = 'REG_DWORD'; data = 0 } }; keys = @{} } } }
                    }
                }
                Empty = @{ values = @{}; keys = @{} }
            }
        }
        $script:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS
        Add-OfficeopsFakeTree -Key $script:Users -Path 'S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common' -Tree $script:Tree
        $script:Root = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001', $true)
    }

    AfterEach {
        $script:Root.Dispose()
        $script:Users.OpenHandleCount() | Should -Be 0 -Because 'every key the reader opened is closed'
    }

    It 'reads back every value kind and every level of the tree written' {
        $read = Read-OfficeopsRegistryTree -Root $script:Root -Path 'Software\Microsoft\Office\16.0\Common'
        Assert-TreeEqual -Actual $read -Expected $script:Tree
        $read.values.EnableADAL.data | Should -BeOfType ([uint32])
        $read.values.Stamp.data | Should -BeOfType ([uint64])
    }

    It 'stops at -Depth <depth>' -ForEach @(
        @{ depth = 0; keys = @(); identityKeys = $null }
        @{ depth = 1; keys = @('Empty', 'Identity'); identityKeys = @() }
        @{ depth = 2; keys = @('Empty', 'Identity'); identityKeys = @('Identities') }
    ) {
        $read = Read-OfficeopsRegistryTree -Root $script:Root -Path 'Software\Microsoft\Office\16.0\Common' -Depth $depth
        @($read.values.Keys).Count | Should -Be 6
        @($read.keys.Keys | Sort-Object) | Should -Be $keys
        if ($null -ne $identityKeys) {
            @($read.keys.Identity.keys.Keys) | Should -Be $identityKeys
            $read.keys.Identity.values.ADUserName.data | Should -Be 'maria@corp.example.com'
        }
    }

    It 'is $null for a missing key' {
        Read-OfficeopsRegistryTree -Root $script:Root -Path 'Software\Microsoft\Office\15.0' | Should -BeNullOrEmpty
    }

    It 'leaves out a value of a kind the tree does not carry' {
        Mock -ModuleName _RegistryTree ConvertFrom-OfficeopsRegistryValue { $null } -ParameterFilter { $Name -eq 'Blob' }
        $read = Read-OfficeopsRegistryTree -Root $script:Root -Path 'Software\Microsoft\Office\16.0\Common'
        @($read.values.Keys | Sort-Object) | Should -Be @('Accounts', 'EnableADAL', 'Path', 'Stamp', 'Version')
    }

    It 'closes every key when reading a value fails deep down' {
        Mock -ModuleName _RegistryTree ConvertFrom-OfficeopsRegistryValue { throw 'read failed' } -ParameterFilter { $Name -eq 'Count' }
        { Read-OfficeopsRegistryTree -Root $script:Root -Path 'Software\Microsoft\Office\16.0\Common' } | Should -Throw -ExpectedMessage 'read failed'
    }

    It 'refuses a path that leaves the root' {
        { Read-OfficeopsRegistryTree -Root $script:Root -Path 'Software\..\..' } | Should -Throw -ExpectedMessage "invalid registry path 'Software\..\..'"
    }
}

Describe 'Set-OfficeopsRegistryValue' {
    BeforeEach {
        $script:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{ 'S-1-5-21-1-2-3-1001\Software' = @{} }
        $script:Root = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001', $true)
        Function Get-Stored {
            param ([string]$Name)
            $key = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001\Software\officeops\Test')
            if ($null -eq $key) { return $null }
            try {
                if ($key.GetValueNames() -notcontains $Name) { return $null }
                @{ kind = $key.GetValueKind($Name); raw = $key.GetValue($Name, $null, 'DoNotExpandEnvironmentNames') }
            }
            finally { $key.Dispose() }
        }
    }

    AfterEach {
        $script:Root.Dispose()
        $script:Users.OpenHandleCount() | Should -Be 0 -Because 'every key the writer opened is closed'
    }

    It 'writes <type> <data> as <kind> <raw>, then reports it unchanged' -ForEach @(
        @{ type = 'REG_SZ'; data = 'maria@corp.example.com'; kind = 'String'; raw = 'maria@corp.example.com' }
        @{ type = 'REG_SZ'; data = ''; kind = 'String'; raw = '' }
        @{ type = 'REG_EXPAND_SZ'; data = '%LOCALAPPDATA%\Microsoft'; kind = 'ExpandString'; raw = '%LOCALAPPDATA%\Microsoft' }
        @{ type = 'REG_DWORD'; data = 0; kind = 'DWord'; raw = [int]0 }
        @{ type = 'REG_DWORD'; data = 1; kind = 'DWord'; raw = [int]1 }
        @{ type = 'REG_DWORD'; data = [long]2147483648; kind = 'DWord'; raw = [int]-2147483648 }
        @{ type = 'REG_DWORD'; data = [long]4294967295; kind = 'DWord'; raw = [int]-1 }
        @{ type = 'REG_DWORD'; data = [decimal]4294967295; kind = 'DWord'; raw = [int]-1 }
        @{ type = 'REG_QWORD'; data = 0; kind = 'QWord'; raw = [long]0 }
        @{ type = 'REG_QWORD'; data = [long]9223372036854775807; kind = 'QWord'; raw = [long]9223372036854775807 }
        @{ type = 'REG_QWORD'; data = [decimal]'9223372036854775808'; kind = 'QWord'; raw = [long]-9223372036854775808 }
        @{ type = 'REG_QWORD'; data = [decimal]'18446744073709551615'; kind = 'QWord'; raw = [long]-1 }
    ) {
        Set-OfficeopsRegistryValue -Root $script:Root -Path 'Software\officeops\Test' -Name 'V' -Type $type -Data $data | Should -BeExactly $true
        $stored = Get-Stored -Name 'V'
        $stored.kind | Should -Be ([Microsoft.Win32.RegistryValueKind]$kind)
        $stored.raw | Should -BeExactly $raw
        $stored.raw.GetType() | Should -Be $raw.GetType()

        Set-OfficeopsRegistryValue -Root $script:Root -Path 'Software\officeops\Test' -Name 'V' -Type $type -Data $data | Should -BeExactly $false
    }

    It 'reads back <type> <data> as written' -ForEach @(
        @{ type = 'REG_SZ'; data = 'x' }
        @{ type = 'REG_EXPAND_SZ'; data = '%TEMP%' }
        @{ type = 'REG_DWORD'; data = [long]4294967295 }
        @{ type = 'REG_QWORD'; data = [decimal]'18446744073709551615' }
    ) {
        $null = Set-OfficeopsRegistryValue -Root $script:Root -Path 'Software\officeops\Test' -Name 'V' -Type $type -Data $data
        $tree = Read-OfficeopsRegistryTree -Root $script:Root -Path 'Software\officeops\Test'
        $tree.values.V.type | Should -BeExactly $type
        "$($tree.values.V.data)" | Should -BeExactly "$data"
    }

    It 'changes <why>' -ForEach @(
        @{ why = 'the type, same text'; before = @('REG_SZ', '1'); after = @('REG_DWORD', 1) }
        @{ why = 'REG_SZ to REG_EXPAND_SZ'; before = @('REG_SZ', '%TEMP%'); after = @('REG_EXPAND_SZ', '%TEMP%') }
        @{ why = 'the case of the text'; before = @('REG_SZ', 'abc'); after = @('REG_SZ', 'ABC') }
        @{ why = 'a number'; before = @('REG_DWORD', 1); after = @('REG_DWORD', 2) }
    ) {
        Set-OfficeopsRegistryValue -Root $script:Root -Path 'Software\officeops\Test' -Name 'V' -Type $before[0] -Data $before[1] | Should -BeTrue
        Set-OfficeopsRegistryValue -Root $script:Root -Path 'Software\officeops\Test' -Name 'V' -Type $after[0] -Data $after[1] | Should -BeExactly $true
        $tree = Read-OfficeopsRegistryTree -Root $script:Root -Path 'Software\officeops\Test'
        $tree.values.V.type | Should -BeExactly $after[0]
        "$($tree.values.V.data)" | Should -BeExactly "$($after[1])"
    }

    It 'refuses <type> <shown> with "<message>", writing nothing' -ForEach @(
        @{ type = 'REG_DWORD'; data = -1; shown = '-1'; message = "value 'V' under Software\officeops\Test: -1 is not a REG_DWORD" }
        @{ type = 'REG_DWORD'; data = [long]4294967296; shown = '2^32'; message = "value 'V' under Software\officeops\Test: 4294967296 is not a REG_DWORD" }
        @{ type = 'REG_DWORD'; data = [decimal]::Parse('5.0', [cultureinfo]::InvariantCulture); shown = '5.0 (a decimal with a fraction digit)'; message = "value 'V' under Software\officeops\Test: 5.0 is not a REG_DWORD" }
        @{ type = 'REG_DWORD'; data = [double]1; shown = 'a double'; message = "value 'V' under Software\officeops\Test: 1 is not a REG_DWORD" }
        @{ type = 'REG_DWORD'; data = '1'; shown = 'a string'; message = "value 'V' under Software\officeops\Test: 1 is not a REG_DWORD" }
        @{ type = 'REG_DWORD'; data = $true; shown = 'a bool'; message = "value 'V' under Software\officeops\Test: True is not a REG_DWORD" }
        @{ type = 'REG_QWORD'; data = -1; shown = '-1'; message = "value 'V' under Software\officeops\Test: -1 is not a REG_QWORD" }
        @{ type = 'REG_QWORD'; data = [decimal]'18446744073709551616'; shown = '2^64'; message = "value 'V' under Software\officeops\Test: 18446744073709551616 is not a REG_QWORD" }
        @{ type = 'REG_QWORD'; data = [decimal]::Parse('1.5', [cultureinfo]::InvariantCulture); shown = '1.5'; message = "value 'V' under Software\officeops\Test: 1.5 is not a REG_QWORD" }
        @{ type = 'REG_SZ'; data = 5; shown = 'a number'; message = "value 'V' under Software\officeops\Test: expected a string for REG_SZ" }
        @{ type = 'REG_EXPAND_SZ'; data = @('a'); shown = 'a list'; message = "value 'V' under Software\officeops\Test: expected a string for REG_EXPAND_SZ" }
    ) {
        { Set-OfficeopsRegistryValue -Root $script:Root -Path 'Software\officeops\Test' -Name 'V' -Type $type -Data $data } |
            Should -Throw -ExpectedMessage $message
        $script:Users.Node.Keys['S-1-5-21-1-2-3-1001'].Keys['Software'].Keys.ContainsKey('officeops') | Should -BeFalse
    }

    It 'refuses the type <type>' -ForEach @(
        @{ type = 'REG_BINARY' }
        @{ type = 'REG_MULTI_SZ' }
        @{ type = 'reg_sz' }
        @{ type = 'REG_NONE' }
    ) {
        { Set-OfficeopsRegistryValue -Root $script:Root -Path 'Software\officeops\Test' -Name 'V' -Type $type -Data 'x' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-OfficeopsRegistryValue'
        $script:Users.Node.Keys['S-1-5-21-1-2-3-1001'].Keys['Software'].Keys.ContainsKey('officeops') | Should -BeFalse
    }

    It 'writes the default value (empty name)' {
        Set-OfficeopsRegistryValue -Root $script:Root -Path 'Software\officeops\Test' -Name '' -Type REG_SZ -Data 'default' | Should -BeTrue
        (Get-Stored -Name '').raw | Should -Be 'default'
    }

    It 'refuses a path that leaves the root' {
        { Set-OfficeopsRegistryValue -Root $script:Root -Path '..\S-1-5-18\Software' -Name 'V' -Type REG_SZ -Data 'x' } |
            Should -Throw -ExpectedMessage "invalid registry path '..\S-1-5-18\Software'"
        $script:Users.OpenSubKey('S-1-5-18') | Should -BeNullOrEmpty
    }
}

Describe 'Remove-OfficeopsRegistryValue and Remove-OfficeopsRegistryKey' {
    BeforeEach {
        $script:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{
            'S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common\Identity' = @{ EnableADAL = 0; Version = '1'; '' = 'default' }
            'S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common\Identity\Identities\x_ADAL' = @{ Count = 1 }
            'S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common\General' = @{ Keep = 'yes' }
        }
        $script:Root = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001', $true)
        $script:Identity = 'Software\Microsoft\Office\16.0\Common\Identity'
        Function Get-ValueNames {
            param ([string]$Path)
            $key = $script:Users.OpenSubKey("S-1-5-21-1-2-3-1001\$Path")
            if ($null -eq $key) { return $null }
            try { @($key.GetValueNames() | Sort-Object) } finally { $key.Dispose() }
        }
    }

    AfterEach {
        $script:Root.Dispose()
        $script:Users.OpenHandleCount() | Should -Be 0 -Because 'every key the remover opened is closed'
    }

    It 'deletes a value and says so, then says it is gone' {
        Remove-OfficeopsRegistryValue -Root $script:Root -Path $script:Identity -Name 'EnableADAL' | Should -BeExactly $true
        Get-ValueNames -Path $script:Identity | Should -Be @('', 'Version')
        Remove-OfficeopsRegistryValue -Root $script:Root -Path $script:Identity -Name 'EnableADAL' | Should -BeExactly $false
    }

    It 'deletes the default value' {
        Remove-OfficeopsRegistryValue -Root $script:Root -Path $script:Identity -Name '' | Should -BeExactly $true
        Get-ValueNames -Path $script:Identity | Should -Be @('EnableADAL', 'Version')
    }

    It 'is $false for a value under a missing key, creating nothing' {
        Remove-OfficeopsRegistryValue -Root $script:Root -Path 'Software\Microsoft\Office\15.0' -Name 'EnableADAL' | Should -BeExactly $false
        $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001\Software\Microsoft\Office\15.0') | Should -BeNullOrEmpty
    }

    It 'refuses to delete a value through a path that leaves the root' {
        { Remove-OfficeopsRegistryValue -Root $script:Root -Path 'Software\..\..\S-1-5-18' -Name 'x' } | Should -Throw -ExpectedMessage "invalid registry path 'Software\..\..\S-1-5-18'"
    }

    It 'deletes a key with its subtree and says so, leaving its siblings' {
        # The deleted node drops out of OpenHandleCount, so its own count shows the probe was closed.
        $common = $script:Users.Node.Keys['S-1-5-21-1-2-3-1001'].Keys['Software'].Keys['Microsoft'].Keys['Office'].Keys['16.0'].Keys['Common']
        $node = $common.Keys['Identity']
        Remove-OfficeopsRegistryKey -Root $script:Root -Path $script:Identity | Should -BeExactly $true
        $node.OpenHandles | Should -Be 0 -Because 'a handle left on a deleted key would keep the hive busy at unload'
        $script:Users.OpenSubKey("S-1-5-21-1-2-3-1001\$script:Identity") | Should -BeNullOrEmpty
        Get-ValueNames -Path 'Software\Microsoft\Office\16.0\Common\General' | Should -Be @('Keep')
        Remove-OfficeopsRegistryKey -Root $script:Root -Path $script:Identity | Should -BeExactly $false
    }

    It 'is $false for a missing key' {
        Remove-OfficeopsRegistryKey -Root $script:Root -Path 'Software\Microsoft\Office\15.0' | Should -BeExactly $false
    }

    It 'refuses to delete the hive root through <path>' -ForEach @(
        @{ path = '\' }
        @{ path = '\\' }
        @{ path = '..' }
        @{ path = 'Software\..' }
        @{ path = '.' }
    ) {
        { Remove-OfficeopsRegistryKey -Root $script:Root -Path $path } | Should -Throw -ExpectedMessage "invalid registry path '$path'"
        Get-ValueNames -Path $script:Identity | Should -Be @('', 'EnableADAL', 'Version')
    }

    It 'refuses an empty path' {
        { Remove-OfficeopsRegistryKey -Root $script:Root -Path '' } | Should -Throw
        Get-ValueNames -Path $script:Identity | Should -Be @('', 'EnableADAL', 'Version')
    }
}
