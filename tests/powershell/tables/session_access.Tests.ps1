# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Get-OfficeopsSessionAccess (_UserProfile.psm1) against the shared table
# tests/data/session_access.json, which the lab twin passes too
# (tests/unit/lab/test_shared_tables.py). The process token (Get-OfficeopsProcessIdentity)
# is what the table says.

BeforeDiscovery {
    . "$PSScriptRoot/../Harness.ps1"
    $accessCases = (Read-OfficeopsTable -Name session_access.json).cases
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile
    $script:accounts = (Read-OfficeopsTable -Name session_access.json).users
}

Describe 'Get-OfficeopsSessionAccess against tests/data/session_access.json' {
    BeforeEach {
        Mock -ModuleName _UserProfile Get-OfficeopsProcessIdentity { $global:OfficeopsTableIdentity }
    }

    AfterAll {
        Remove-Variable -Name OfficeopsTableIdentity -Scope Global -ErrorAction SilentlyContinue
    }

    It '<name>' -ForEach $accessCases {
        $global:OfficeopsTableIdentity = @{ sid = $script:accounts[$process.as].sid; network_logon = $process.network_logon }
        $userProfile = @{ sid = $script:accounts[$target].sid; name = $script:accounts[$target].name; logged_on = $logged_on }

        $answer = Get-OfficeopsSessionAccess -UserProfile $userProfile -Session $session

        $answer | Should -BeOfType [string]
        $answer | Should -BeExactly $access
    }
}
