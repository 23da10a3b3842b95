# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Resolve-OfficeopsTargetUser (_UserProfile.psm1) against the shared table
# tests/data/user_selection.json, which the lab twin passes too
# (tests/unit/lab/test_shared_tables.py). The name -> SID lookup (ConvertTo-OfficeopsSid)
# answers what the table says Windows answers.

BeforeDiscovery {
    . "$PSScriptRoot/../Harness.ps1"
    $selectionCases = (Read-OfficeopsTable -Name user_selection.json).cases
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile
    $script:machines = (Read-OfficeopsTable -Name user_selection.json).machines
}

Describe 'Resolve-OfficeopsTargetUser against tests/data/user_selection.json' {
    BeforeEach {
        Mock -ModuleName _UserProfile ConvertTo-OfficeopsSid {
            if ($global:OfficeopsTableLookup.Contains($Account)) { $global:OfficeopsTableLookup[$Account] } else { $null }
        }
    }

    AfterAll {
        Remove-Variable -Name OfficeopsTableLookup -Scope Global -ErrorAction SilentlyContinue
    }

    It '<name>' -ForEach $selectionCases {
        $global:OfficeopsTableLookup = $lookup
        $profiles = @($script:machines[$machine].profiles)

        $resolved = Resolve-OfficeopsTargetUser -User $user -UserProfile $profiles

        $resolved.Keys | Sort-Object | Should -Be @('problem', 'profiles')
        @($resolved.profiles | ForEach-Object { $_.sid }) -join ', ' | Should -Be ($sids -join ', ')
        $resolved.problem | Should -Be $problem
        # The selected entries are the profiles themselves, not copies with fewer keys.
        foreach ($selected in @($resolved.profiles)) {
            $selected | Should -BeOfType [System.Collections.IDictionary]
            $selected.profile_path | Should -Not -BeNullOrEmpty
        }
        if ($lookup_used) {
            Should -Invoke ConvertTo-OfficeopsSid -ModuleName _UserProfile -Times 1 -Exactly -ParameterFilter { $Account -ceq $user }
        }
        else {
            Should -Invoke ConvertTo-OfficeopsSid -ModuleName _UserProfile -Times 0 -Exactly
        }
    }
}
