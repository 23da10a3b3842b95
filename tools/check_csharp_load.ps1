# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

<#
.SYNOPSIS
Load every C# utility under the given folder the way Ansible does on a host, through
Ansible.ModuleUtils.AddType's Add-CSharpType (with its //AnsibleRequires -CSharpUtil
Ansible.* dependencies), plus the C# that a .psm1 compiles itself from a here-string marked
`# csharp-source: NAME`. Complements the Mono C# 5 compile (tools/check_csharp.py): that one
proves Windows PowerShell 5.1's compiler accepts the language level, this one that the
code compiles and loads against real .NET and PowerShell types.

.EXAMPLE
pwsh -NoProfile -File tools/check_csharp_load.ps1 -AnsibleModuleUtils <ansible>/module_utils plugins/module_utils
#>
param (
    [Parameter(Mandatory)][string]$AnsibleModuleUtils,
    [Parameter(Mandatory)][string]$Path
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
Import-Module -Name (Join-Path -Path $AnsibleModuleUtils -ChildPath 'powershell/Ansible.ModuleUtils.AddType.psm1')

$loaded = @{}
Function Get-Reference {
    # The file's text and those of the Ansible.* C# utilities it requires (not yet loaded).
    param ([string]$Text)
    foreach ($line in $Text -split "`r?`n") {
        if ($line -match '^//AnsibleRequires\s+-CSharpUtil\s+(Ansible\.\S+)' -and -not $loaded.ContainsKey($Matches[1])) {
            $loaded[$Matches[1]] = $true
            Get-Reference -Text ([System.IO.File]::ReadAllText((Join-Path -Path $AnsibleModuleUtils -ChildPath "csharp/$($Matches[1]).cs")))
        }
    }
    $Text
}

$problems = 0
$count = 0
$sources = @(
    foreach ($file in Get-ChildItem -LiteralPath $Path -Filter *.cs | Sort-Object -Property Name) {
        @{ label = $file.Name; text = [System.IO.File]::ReadAllText($file.FullName) }
    }
    foreach ($file in Get-ChildItem -LiteralPath $Path -Filter *.psm1 | Sort-Object -Property Name) {
        $embedded = [regex]::Matches([System.IO.File]::ReadAllText($file.FullName),
            "(?m)^#\s*csharp-source:\s*(\S+)\s*\r?\n\`$[\w:]+\s*=\s*@'\r?\n(?s:(.*?))\r?\n'@")
        foreach ($match in $embedded) {
            @{ label = '{0} ({1})' -f $file.Name, $match.Groups[1].Value; text = $match.Groups[2].Value }
        }
    }
)
foreach ($source in $sources) {
    $count++
    try {
        $null = Add-CSharpType -References @(Get-Reference -Text $source.text)
        "loaded: $($source.label)"
    }
    catch {
        $problems++
        "failed: $($source.label): $($_.Exception.Message)"
    }
}
'csharp load: {0} source(s), {1} problem(s)' -f $count, $problems
if ($problems -gt 0 -or $count -eq 0) { exit 1 }
exit 0
