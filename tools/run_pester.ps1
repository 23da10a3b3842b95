# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

<#
.SYNOPSIS
Run the Pester suites under tests/powershell with line coverage of every module .ps1 and
utility .psm1, print the coverage per file, and fail when a test fails or coverage falls
under its floor.

.EXAMPLE
pwsh -NoProfile -File tools/run_pester.ps1
pwsh -NoProfile -File tools/run_pester.ps1 -Path tests/powershell/module_utils/_RegistryTree.Tests.ps1 -NoCoverage
#>
[CmdletBinding()]
param (
    [string[]]$Path = @('tests/powershell'),
    # The floors the README states; a file listed in -FileFloor has its own (see there why).
    [double]$MinimumOverall = 85,
    [double]$MinimumPerFile = 70,
    [switch]$NoCoverage
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '..')).Path
Set-Location -LiteralPath $root

$pester = Get-ChildItem -Path (Join-Path -Path $root -ChildPath '.tools/Modules/Pester') -Filter Pester.psd1 -Recurse -ErrorAction SilentlyContinue |
    Select-Object -First 1
if ($null -eq $pester) {
    Write-Error 'Pester is not installed under .tools/Modules: run scripts/setup'
    exit 2
}
Import-Module -Name $pester.FullName -Force

$covered = @(
    Get-ChildItem -Path plugins/modules -Filter *.ps1
    Get-ChildItem -Path plugins/module_utils -Filter *.psm1
) | ForEach-Object { $_.FullName }

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.Should.ErrorAction = 'Continue'
$configuration.CodeCoverage.Enabled = -not $NoCoverage
$configuration.CodeCoverage.Path = $covered
$configuration.CodeCoverage.OutputPath = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath 'officeops-pester-coverage.xml'
$result = Invoke-Pester -Configuration $configuration

$failedCoverage = @()
if (-not $NoCoverage) {
    $perFile = @{}
    foreach ($file in $covered) { $perFile[$file] = @{ hit = 0; missed = 0 } }
    foreach ($command in $result.CodeCoverage.CommandsExecuted) { $perFile[$command.File].hit++ }
    foreach ($command in $result.CodeCoverage.CommandsMissed) { $perFile[$command.File].missed++ }
    $totalHit = 0
    $totalAll = 0
    Write-Host ''
    Write-Host 'Pester line coverage (commands executed / analysed):'
    foreach ($file in $covered | Sort-Object) {
        $hit = $perFile[$file].hit
        $all = $hit + $perFile[$file].missed
        $totalHit += $hit
        $totalAll += $all
        $percent = if ($all -gt 0) { 100.0 * $hit / $all } else { 100.0 }
        $mark = if ($percent -lt $MinimumPerFile) { "  < $MinimumPerFile %" } else { '' }
        if ($mark) { $failedCoverage += $file }
        Write-Host ('  {0,6:N1} %  {1,5} / {2,-5} {3}{4}' -f $percent, $hit, $all, $file.Substring($root.Length + 1), $mark)
    }
    $overall = if ($totalAll -gt 0) { 100.0 * $totalHit / $totalAll } else { 0 }
    Write-Host ('  {0,6:N1} %  {1,5} / {2,-5} overall (floor {3} %, per file {4} %)' -f $overall, $totalHit, $totalAll, $MinimumOverall, $MinimumPerFile)
    if ($overall -lt $MinimumOverall) { $failedCoverage += 'overall' }
}

Write-Host ('pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount)
if ($result.FailedCount -gt 0 -or $result.FailedBlocksCount -gt 0 -or $result.FailedContainersCount -gt 0 -or $result.TotalCount -eq 0) {
    exit 1
}
if ($failedCoverage.Count -gt 0) {
    Write-Host "coverage under its floor: $($failedCoverage -join ', ')"
    exit 1
}
exit 0
