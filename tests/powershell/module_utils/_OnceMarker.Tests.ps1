# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Once markers under Software\officeops\outlook_auth\once\<action> of a hive root (the
# layout of plugins/module_utils/_users/once.py), against the in-memory registry.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _OnceMarker
}

Describe 'once markers' {
    BeforeEach {
        $script:Users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{
            'S-1-5-21-1-2-3-1001\Software\officeops\outlook_auth\once\reset_cache' = [ordered]@{
                'INC0012345' = '2026-01-05T10:00:00.0000000Z'
                'CHG-7:a.b' = '2026-02-01T08:30:00.0000000Z'
            }
            'S-1-5-21-1-2-3-1001\Software\officeops\outlook_auth\once\recreate_profile' = @{}
            'S-1-5-21-1-2-3-1002\Software' = @{}
        }
        $script:Root = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001', $true)
    }

    AfterEach {
        if ($script:Root) { $script:Root.Dispose() }
        $script:Users.OpenHandleCount() | Should -Be 0 -Because 'every key the markers opened is closed'
    }

    Context 'Get-OfficeopsOnceMarker' {
        It 'reads every incident id of the action with the time it ran' {
            $markers = Get-OfficeopsOnceMarker -HiveRoot $script:Root -Action reset_cache
            $markers | Should -BeOfType ([hashtable])
            @($markers.Keys | Sort-Object) | Should -Be @('CHG-7:a.b', 'INC0012345')
            $markers['INC0012345'] | Should -BeExactly '2026-01-05T10:00:00.0000000Z'
            $markers['CHG-7:a.b'] | Should -BeExactly '2026-02-01T08:30:00.0000000Z'
        }

        It 'is an empty hashtable for <why>' -ForEach @(
            @{ why = 'an action key without markers'; action = 'recreate_profile'; sid = 'S-1-5-21-1-2-3-1001' }
            @{ why = 'an action never run'; action = 'reset_wam'; sid = 'S-1-5-21-1-2-3-1001' }
            @{ why = 'a hive without the officeops key'; action = 'reset_cache'; sid = 'S-1-5-21-1-2-3-1002' }
        ) {
            $root = $script:Users.OpenSubKey($sid, $false)
            try {
                $markers = Get-OfficeopsOnceMarker -HiveRoot $root -Action $action
            }
            finally {
                $root.Dispose()
            }
            $markers | Should -BeOfType ([hashtable])
            $markers.Count | Should -Be 0
        }

        It 'reads the markers of that action only' {
            $markers = Get-OfficeopsOnceMarker -HiveRoot $script:Root -Action recreate_profile
            $markers.Count | Should -Be 0
        }
    }

    Context 'Set-OfficeopsOnceMarker' {
        It 'writes the id as a REG_SZ of the UTC time under the action''s key' {
            $before = [DateTime]::UtcNow
            Set-OfficeopsOnceMarker -HiveRoot $script:Root -Action reset_wam -OnceId 'INC0099999' | Should -BeNullOrEmpty
            $after = [DateTime]::UtcNow

            $key = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001\Software\officeops\outlook_auth\once\reset_wam')
            try {
                @($key.GetValueNames()) | Should -Be @('INC0099999')
                $key.GetValueKind('INC0099999') | Should -Be ([Microsoft.Win32.RegistryValueKind]::String)
                $text = $key.GetValue('INC0099999')
            }
            finally {
                $key.Dispose()
            }
            $text | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$'
            $when = [DateTime]::Parse($text, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind)
            $when.Kind | Should -Be ([DateTimeKind]::Utc)
            $when | Should -BeGreaterOrEqual $before
            $when | Should -BeLessOrEqual $after
        }

        It 'is read back by Get-OfficeopsOnceMarker, next to the markers already there' {
            Set-OfficeopsOnceMarker -HiveRoot $script:Root -Action reset_cache -OnceId 'INC0000001'
            $markers = Get-OfficeopsOnceMarker -HiveRoot $script:Root -Action reset_cache
            @($markers.Keys | Sort-Object) | Should -Be @('CHG-7:a.b', 'INC0000001', 'INC0012345')
            $markers['INC0012345'] | Should -BeExactly '2026-01-05T10:00:00.0000000Z'
        }

        It 'keeps one value per id when set again' {
            Set-OfficeopsOnceMarker -HiveRoot $script:Root -Action reset_cache -OnceId 'INC0012345'
            Set-OfficeopsOnceMarker -HiveRoot $script:Root -Action reset_cache -OnceId 'inc0012345'
            $markers = Get-OfficeopsOnceMarker -HiveRoot $script:Root -Action reset_cache
            $markers.Count | Should -Be 2 -Because 'registry value names ignore case, as already_done in once.py does'
        }

        It 'fails on a root opened read-only and leaves its key closed' {
            $readOnly = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1002', $false)
            try {
                { Set-OfficeopsOnceMarker -HiveRoot $readOnly -Action reset_cache -OnceId 'INC1' } | Should -Throw
            }
            finally {
                $readOnly.Dispose()
            }
        }
    }

    Context 'action names' {
        # The rule of marker_path in once.py: ^[a-z][a-z0-9_]{0,39}$, as registry key names.
        It 'refuses <action> for reading and writing, touching nothing' -ForEach @(
            @{ action = 'Reset_cache' }
            @{ action = 'RESET' }
            @{ action = '1reset' }
            @{ action = '_reset' }
            @{ action = 'reset-cache' }
            @{ action = 'reset cache' }
            @{ action = 'reset\..\x' }
            @{ action = '..' }
            @{ action = 'once\reset' }
            @{ action = 'reset.cache' }
            @{ action = "reset`n" }
            @{ action = "reset`r`n" }
            @{ action = 'réinit' }
            @{ action = 'a2345678901234567890123456789012345678901' }
        ) {
            { Get-OfficeopsOnceMarker -HiveRoot $script:Root -Action $action } | Should -Throw -ExpectedMessage "invalid action name '$action'"
            { Set-OfficeopsOnceMarker -HiveRoot $script:Root -Action $action -OnceId 'INC1' } | Should -Throw -ExpectedMessage "invalid action name '$action'"
            $once = $script:Users.OpenSubKey('S-1-5-21-1-2-3-1001\Software\officeops\outlook_auth\once')
            try {
                @($once.GetSubKeyNames() | Sort-Object) | Should -Be @('recreate_profile', 'reset_cache')
            }
            finally {
                $once.Dispose()
            }
        }

        It 'refuses an empty action name' {
            { Get-OfficeopsOnceMarker -HiveRoot $script:Root -Action '' } | Should -Throw
            { Set-OfficeopsOnceMarker -HiveRoot $script:Root -Action '' -OnceId 'INC1' } | Should -Throw
        }

        It 'accepts <action>' -ForEach @(
            @{ action = 'a' }
            @{ action = 'reset_cache2' }
            @{ action = 'a234567890123456789012345678901234567890' }
        ) {
            Set-OfficeopsOnceMarker -HiveRoot $script:Root -Action $action -OnceId 'INC1'
            (Get-OfficeopsOnceMarker -HiveRoot $script:Root -Action $action).Keys | Should -Be @('INC1')
        }
    }
}
