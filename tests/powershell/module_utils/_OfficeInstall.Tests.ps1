# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# _OfficeInstall.psm1 reads HKEY_LOCAL_MACHINE only; here an in-memory one, set up by hand
# or from a lab scenario (tests/lab/scenarios), and every key it opens must be closed.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _OfficeInstall

    $script:C2R = 'SOFTWARE\Microsoft\Office\ClickToRun\Configuration'

    Function global:Use-Machine {
        # A fake HKEY_LOCAL_MACHINE holding -Tree (New-OfficeopsFakeRegistry's shape).
        param ([System.Collections.IDictionary]$Tree = @{})
        $global:Hklm = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE -Tree $Tree
        Use-OfficeopsFakeRegistry -LocalMachine $global:Hklm
    }
}

Describe '_OfficeInstall.psm1' {
    AfterEach {
        $global:Hklm.OpenHandleCount() | Should -Be 0
    }

    Describe 'Get-OfficeopsMachineOffice' {
        It 'finds no Office on a machine without it' {
            Use-Machine
            $office = Get-OfficeopsMachineOffice
            $office.click_to_run_version | Should -BeNullOrEmpty
            $office.install_roots['15.0'] | Should -BeFalse
            $office.install_roots['16.0'] | Should -BeFalse
            Assert-OfficeopsContractPart -Name _MACHINE_OFFICE -Value $office
        }

        It 'finds <version> installed from its InstallRoot under <prefix>' -ForEach @(
            @{ version = '16.0'; other = '15.0'; prefix = 'SOFTWARE' }
            @{ version = '16.0'; other = '15.0'; prefix = 'SOFTWARE\WOW6432Node' }
            @{ version = '15.0'; other = '16.0'; prefix = 'SOFTWARE' }
            @{ version = '15.0'; other = '16.0'; prefix = 'SOFTWARE\WOW6432Node' }
        ) {
            Use-Machine -Tree @{ "$prefix\Microsoft\Office\$version\Outlook\InstallRoot" = @{ Path = 'C:\Program Files\Microsoft Office\' } }
            $office = Get-OfficeopsMachineOffice
            $office.install_roots[$version] | Should -BeTrue
            $office.install_roots[$other] | Should -BeFalse
        }

        It 'does not take an Outlook key without InstallRoot for an install' {
            Use-Machine -Tree @{ 'SOFTWARE\Microsoft\Office\16.0\Outlook\Options' = @{ x = 1 } }
            (Get-OfficeopsMachineOffice).install_roots['16.0'] | Should -BeFalse
        }

        It 'reads the Click-to-Run version only when it is a string' -ForEach @(
            @{ data = '16.0.17928.20156'; expected = '16.0.17928.20156' }
            @{ data = 16; expected = $null }
            @{ data = [string[]]@('16.0'); expected = $null }
        ) {
            Use-Machine -Tree @{ $C2R = @{ VersionToReport = $data } }
            (Get-OfficeopsMachineOffice).click_to_run_version | Should -Be $expected
        }

        It 'reads a lab scenario''s machine (healthy.json)' {
            $scenario = ConvertFrom-Json -AsHashtable -InputObject ([System.IO.File]::ReadAllText((Join-Path $PSScriptRoot '../../lab/scenarios/healthy.json')))
            Use-Machine
            Add-OfficeopsFakeTree -Key $global:Hklm -Path '' -Tree $scenario.hklm
            $office = Get-OfficeopsMachineOffice
            $office.click_to_run_version | Should -BeExactly '16.0.17928.20156'
            $office.install_roots['16.0'] | Should -BeTrue
            $office.install_roots['15.0'] | Should -BeFalse
            Assert-OfficeopsContractPart -Name _MACHINE_OFFICE -Value $office
        }

        It 'closes HKEY_LOCAL_MACHINE when a read fails' {
            Use-Machine -Tree @{ $C2R = @{ VersionToReport = '16.0.1' } }
            # Deleted by someone else meanwhile: reading its values throws.
            $node = $global:Hklm.Node
            foreach ($name in $C2R.Split('\')) { $node = $node.Keys[$name] }
            $node.Deleted = $true
            { Get-OfficeopsMachineOffice } | Should -Throw -ExpectedMessage '*marked for deletion*'
            $node.Deleted = $false
        }
    }

    Describe 'Get-OfficeopsRegistryString' {
        BeforeAll {
            # A variable this machine has, so that expanding it would show.
            $env:OFFICEOPS_TEST_ROOT = 'C:\Expanded'
        }

        AfterAll {
            Remove-Item -LiteralPath env:OFFICEOPS_TEST_ROOT -ErrorAction SilentlyContinue
        }

        It 'gives <expected> for <case>' -ForEach @(
            @{ case = 'REG_SZ'; data = 'Current'; expected = 'Current' }
            @{ case = 'an empty REG_SZ'; data = ''; expected = '' }
            @{ case = 'REG_EXPAND_SZ, unexpanded'; data = @{ kind = 'ExpandString'; data = '%OFFICEOPS_TEST_ROOT%\Microsoft Office' }; expected = '%OFFICEOPS_TEST_ROOT%\Microsoft Office' }
            @{ case = 'REG_MULTI_SZ, joined with commas'; data = [string[]]@('O365ProPlusRetail', 'VisioProRetail'); expected = 'O365ProPlusRetail,VisioProRetail' }
            @{ case = 'REG_DWORD'; data = 1; expected = $null }
            @{ case = 'REG_QWORD'; data = [long]1; expected = $null }
            @{ case = 'REG_BINARY'; data = [byte[]](1, 2); expected = $null }
        ) {
            Use-Machine -Tree @{ 'SOFTWARE\Probe' = @{ Value = $data } }
            $key = $global:Hklm.OpenSubKey('SOFTWARE\Probe', $false)
            try {
                $value = Get-OfficeopsRegistryString -Key $key -Name 'Value'
            }
            finally {
                $key.Dispose()
            }
            if ($null -eq $expected) {
                $value | Should -BeNullOrEmpty
            }
            else {
                $value | Should -BeExactly $expected
                $value | Should -BeOfType [string]
            }
        }

        It 'gives $null for a value that is not there' {
            Use-Machine -Tree @{ 'SOFTWARE\Probe' = @{} }
            $key = $global:Hklm.OpenSubKey('SOFTWARE\Probe', $false)
            try {
                Get-OfficeopsRegistryString -Key $key -Name 'Missing' | Should -BeNullOrEmpty
            }
            finally {
                $key.Dispose()
            }
        }
    }

    Describe 'Get-OfficeopsClickToRunConfiguration' {
        It 'is $null without Click-to-Run' {
            Use-Machine -Tree @{ 'SOFTWARE\Microsoft\Office\16.0\Outlook\InstallRoot' = @{} }
            Get-OfficeopsClickToRunConfiguration | Should -BeNullOrEmpty
        }

        It 'reads each value it names, $null where one is missing' {
            Use-Machine -Tree @{ $C2R = @{
                    VersionToReport = '16.0.17928.20156'
                    Platform = 'x64'
                    UpdateChannel = 'http://officecdn.microsoft.com/pr/55336b82-a18d-4dd6-b5f6-9e5095c314a6'
                    ProductReleaseIds = [string[]]@('O365ProPlusRetail', 'ProjectProRetail')
                    ClientCulture = 'en-us'
                    InstallationPath = 'C:\Program Files\Microsoft Office'
                    CDNBaseUrlVersion = 3
                } }
            $config = Get-OfficeopsClickToRunConfiguration
            @($config.Keys | Sort-Object) | Should -Be @('cdn_base_url', 'client_culture', 'platform', 'product_release_ids', 'update_channel', 'version_to_report')
            $config.version_to_report | Should -BeExactly '16.0.17928.20156'
            $config.platform | Should -BeExactly 'x64'
            $config.update_channel | Should -BeExactly 'http://officecdn.microsoft.com/pr/55336b82-a18d-4dd6-b5f6-9e5095c314a6'
            $config.cdn_base_url | Should -BeNullOrEmpty
            $config.product_release_ids | Should -BeExactly 'O365ProPlusRetail,ProjectProRetail'
            $config.client_culture | Should -BeExactly 'en-us'
            Assert-OfficeopsContractPart -Name _CLICK_TO_RUN -Value $config
        }

        It 'reads a lab scenario''s configuration (healthy.json)' {
            $scenario = ConvertFrom-Json -AsHashtable -InputObject ([System.IO.File]::ReadAllText((Join-Path $PSScriptRoot '../../lab/scenarios/healthy.json')))
            Use-Machine
            Add-OfficeopsFakeTree -Key $global:Hklm -Path '' -Tree $scenario.hklm
            $config = Get-OfficeopsClickToRunConfiguration
            $config.version_to_report | Should -BeExactly '16.0.17928.20156'
            $config.platform | Should -BeExactly 'x64'
            $config.cdn_base_url | Should -BeExactly 'http://officecdn.microsoft.com/pr/492350f6-3a01-4f97-b9c0-c7c6ddf67d60'
            $config.product_release_ids | Should -BeExactly 'O365BusinessRetail'
            $config.client_culture | Should -BeExactly 'en-us'
            $config.update_channel | Should -BeNullOrEmpty
            Assert-OfficeopsContractPart -Name _CLICK_TO_RUN -Value $config
        }

        It 'closes every key when a read fails' {
            Use-Machine -Tree @{ $C2R = @{ Platform = 'x64' } }
            Mock -ModuleName _OfficeInstall Get-OfficeopsRegistryString { throw 'The registry key has been marked for deletion.' }
            { Get-OfficeopsClickToRunConfiguration } | Should -Throw -ExpectedMessage 'The registry key has been marked for deletion.'
        }
    }
}
