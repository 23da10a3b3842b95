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
        $sha = [System.Security.Cryptography.SHA256]::Create()
        $expected = [System.Convert]::ToHexString($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes(($lines -join "`n")))).ToLowerInvariant()

        Get-OfficeopsRegistryFingerprint -Root $hklm -Path 'S-1-5-21-1-2-3-1001\Software\Probe' | Should -Be $expected
        $hklm.OpenHandleCount() | Should -Be 0
    }

    It 'is $null for a missing key' {
        $root = New-OfficeopsFakeRegistry
        Get-OfficeopsRegistryFingerprint -Root $root -Path 'Software\Missing' | Should -BeNullOrEmpty
    }
}
