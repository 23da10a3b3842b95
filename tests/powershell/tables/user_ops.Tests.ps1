# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Invoke-OfficeopsUserOp / Invoke-OfficeopsUserOpBatch (_UserState.psm1) against the shared
# table tests/data/user_ops.json, which the lab twin passes too
# (tests/unit/lab/test_shared_tables.py): each op's status and error, and the user's hive
# afterwards, on the in-memory registry. The users' hives are loaded (HKEY_USERS\<SID>), so
# no hive file is ever loaded; writing the .reg backup into the profile is mocked.

BeforeDiscovery {
    . "$PSScriptRoot/../Harness.ps1"
    $opsTable = Read-OfficeopsTable -Name user_ops.json
    $opCases = $opsTable.cases
    $batchCases = $opsTable.batches
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserState
    $script:table = Read-OfficeopsTable -Name user_ops.json

    Function Assert-TableHive {
        # The user's keys as the table expects them; '<utc time>' must be a round-trip UTC time.
        param ([Parameter(Mandatory)]$Users, [Parameter(Mandatory)][string]$Sid, [Parameter(Mandatory)][System.Collections.IDictionary]$Expected)

        $actual = ConvertTo-OfficeopsTableFlat -Node $Users.Node.Keys[$Sid]
        foreach ($path in $Expected.PSBase.Keys) {
            foreach ($name in $Expected[$path].PSBase.Keys) {
                if ($Expected[$path][$name].data -eq '<utc time>' -and $actual.ContainsKey($path) -and $actual[$path].ContainsKey($name)) {
                    $actual[$path][$name].data | Should -Match '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$'
                    $actual[$path][$name].data = '<utc time>'
                }
            }
        }
        ConvertTo-OfficeopsCanonicalJson $actual | Should -Be (ConvertTo-OfficeopsCanonicalJson $Expected)
    }

    Function New-TableUsers {
        # HKEY_USERS with each SID's hive loaded, from the table's flat hives.
        param ([Parameter(Mandatory)][System.Collections.IDictionary]$Hives)

        $users = New-OfficeopsFakeRegistry -Name HKEY_USERS
        foreach ($sid in $Hives.PSBase.Keys) {
            foreach ($path in $Hives[$sid].PSBase.Keys) {
                Add-OfficeopsFakeTree -Key $users -Path "$sid\$path" -Tree @{ values = $Hives[$sid][$path] }
            }
        }
        $users
    }

    Function Resolve-TablePlaceholder {
        # '@backup' and '@<fingerprint>' of the table, in a copy of an op or a result.
        param ([Parameter(Mandatory)][System.Collections.IDictionary]$Item, [string]$Sid)

        $copy = @{}
        foreach ($name in $Item.PSBase.Keys) { $copy[$name] = $Item[$name] }
        if ($copy.Contains('path') -and $copy['path'] -eq '@backup') { $copy['path'] = $script:table.backup.path }
        if ($copy.Contains('content') -and $copy['content'] -eq '@backup') { $copy['content'] = $script:table.backup.content }
        if ($copy.Contains('expect') -and ([string]$copy['expect']).StartsWith('@')) {
            $copy['expect'] = $script:table.fingerprints[$copy['expect'].Substring(1)].expect
        }
        if ($Sid) { $copy['sid'] = $Sid }
        $copy
    }

    Function Assert-TableResult {
        param ([Parameter(Mandatory)][object[]]$Expected, [AllowEmptyCollection()][object[]]$Actual)

        $line = { param ($r) '{0} | {1} | {2} | {3}' -f $r['op'], $r['sid'], $r['path'], $r['status'] }
        @($Actual | ForEach-Object { & $line $_ }) -join "`n" | Should -Be (@($Expected | ForEach-Object { & $line $_ }) -join "`n")
        for ($index = 0; $index -lt $Expected.Count; $index++) {
            $want = $Expected[$index]
            $got = $Actual[$index]
            $got.Keys | Sort-Object | Should -Be @('error', 'op', 'path', 'sid', 'status')
            $got['path'] | Should -BeOfType [string]
            if ($want.Contains('error_match')) {
                $got['error'] | Should -Match $want['error_match']
            }
            else {
                $got['error'] | Should -BeExactly $want['error']
            }
        }
    }

    Function New-TableProfile {
        param ([Parameter(Mandatory)][string]$Sid, [int]$Index = 0)

        @{ sid = $Sid; name = "CORP\user$Index"; profile_path = "C:\Users\user$Index"; hive_loaded = $true; logged_on = $true; session_id = $Index + 1; console = $Index -eq 0 }
    }
}

Describe 'Invoke-OfficeopsUserOp against tests/data/user_ops.json' {
    BeforeEach {
        Mock -ModuleName _UserState Write-OfficeopsProfileFile { $true }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveLoad { throw 'a loaded hive must not be loaded again' }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveUnload { throw 'a loaded hive must not be unloaded' }
        # A mutex of this process only: the machine-wide one is shared with other test runs.
        Mock -ModuleName _UserHive New-OfficeopsHiveMutex { New-Object -TypeName System.Threading.Mutex -ArgumentList $false }
    }

    It '<name>' -ForEach $opCases {
        $sid = $script:table.sid
        $users = New-TableUsers -Hives @{ $sid = $script:table.hives[$hive] }
        Use-OfficeopsFakeRegistry -Users $users
        $ops = @(foreach ($op in $ops) { Resolve-TablePlaceholder -Item $op -Sid $sid })

        $outcome = @(Invoke-OfficeopsUserOp -UserProfile (New-TableProfile -Sid $sid) -Op $ops)

        Assert-TableResult -Expected @(foreach ($result in $results) { Resolve-TablePlaceholder -Item $result -Sid $sid }) -Actual $outcome
        $expectedHive = if ($after -eq 'unchanged') { $script:table.hives[$hive] } else { $after }
        Assert-TableHive -Users $users -Sid $sid -Expected $expectedHive
        $users.OpenHandleCount() | Should -Be 0
        # The backup was written for each write_backup that ran, with the table's path and text.
        $backups = @($ops | Where-Object { $_['op'] -ceq 'write_backup' })
        Should -Invoke Write-OfficeopsProfileFile -ModuleName _UserState -Times $backups.Count -Exactly
        foreach ($backup in $backups) {
            Should -Invoke Write-OfficeopsProfileFile -ModuleName _UserState -Times 1 -ParameterFilter {
                $RelativePath -ceq $backup['path'] -and $Content -ceq $backup['content'] -and $UserProfile.sid -eq $sid
            }
        }
        Should -Invoke Invoke-OfficeopsHiveLoad -ModuleName _UserHive -Times 0 -Exactly
    }
}

Describe 'Invoke-OfficeopsUserOpBatch against tests/data/user_ops.json' {
    BeforeEach {
        Mock -ModuleName _UserState Write-OfficeopsProfileFile { $true }
        Mock -ModuleName _UserHive Invoke-OfficeopsHiveLoad { throw 'a loaded hive must not be loaded again' }
        Mock -ModuleName _UserHive New-OfficeopsHiveMutex { New-Object -TypeName System.Threading.Mutex -ArgumentList $false }
    }

    AfterAll {
        Remove-Variable -Name OfficeopsTableProfiles -Scope Global -ErrorAction SilentlyContinue
    }

    It '<name>' -ForEach $batchCases {
        $users = New-TableUsers -Hives $before
        Use-OfficeopsFakeRegistry -Users $users
        $index = 0
        $global:OfficeopsTableProfiles = @(foreach ($sid in $before.PSBase.Keys) { New-TableProfile -Sid $sid -Index $index; $index++ })
        Mock -ModuleName _UserState Get-OfficeopsUserProfile { $global:OfficeopsTableProfiles }

        $outcome = @(Invoke-OfficeopsUserOpBatch -Op @(foreach ($op in $ops) { Resolve-TablePlaceholder -Item $op }))

        Assert-TableResult -Expected $results -Actual $outcome
        foreach ($sid in $before.PSBase.Keys) {
            Assert-TableHive -Users $users -Sid $sid -Expected $after[$sid]
        }
        $users.OpenHandleCount() | Should -Be 0
        Should -Invoke Get-OfficeopsUserProfile -ModuleName _UserState -Times 1 -Exactly
    }
}
