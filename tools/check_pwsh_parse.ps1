# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

<#
.SYNOPSIS
Parse every .ps1 / .psm1 under the given paths with PowerShell's own parser
(System.Management.Automation.Language.Parser) and fail on any syntax error.

.DESCRIPTION
pwsh 7 parses a superset of Windows PowerShell 5.1's grammar, so the parser alone does not
prove 5.1 compatibility; it also refuses the 7-only operators (?? ??= ?. ?[] && || and the
ternary) and `clean` blocks found in the syntax tree, which 5.1 cannot parse.

.EXAMPLE
pwsh -NoProfile -File tools/check_pwsh_parse.ps1 plugins tests/powershell
#>
param (
    [Parameter(Mandatory, ValueFromRemainingArguments)]
    [string[]]$Path
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$files = foreach ($item in $Path) {
    if (Test-Path -LiteralPath $item -PathType Container) {
        Get-ChildItem -LiteralPath $item -Recurse -File | Where-Object { $_.Extension -in '.ps1', '.psm1' } | ForEach-Object { $_.FullName }
    }
    else {
        (Resolve-Path -LiteralPath $item).Path
    }
}

# Token kinds and syntax-tree node types Windows PowerShell 5.1 does not know.
$newerTokens = @('QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket', 'AndAnd', 'OrOr', 'Clean')
$problems = 0
foreach ($file in @($files | Sort-Object)) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    foreach ($parseError in $errors) {
        $problems++
        '{0}:{1}:{2}: {3}' -f $file, $parseError.Extent.StartLineNumber, $parseError.Extent.StartColumnNumber, $parseError.Message
    }
    # Tests run only under pwsh 7; what ships runs on 5.1.
    if ($file -match '[\\/]tests[\\/]') {
        continue
    }
    foreach ($token in $tokens) {
        if ([string]$token.Kind -in $newerTokens) {
            $problems++
            '{0}:{1}:{2}: "{3}" needs PowerShell 7; targets run Windows PowerShell 5.1' -f $file, $token.Extent.StartLineNumber, $token.Extent.StartColumnNumber, $token.Text
        }
    }
    foreach ($node in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.TernaryExpressionAst] -or $n -is [System.Management.Automation.Language.PipelineChainAst] }, $true)) {
        $problems++
        '{0}:{1}: "{2}" needs PowerShell 7; targets run Windows PowerShell 5.1' -f $file, $node.Extent.StartLineNumber, $node.Extent.Text
    }
}
'pwsh parse: {0} file(s), {1} problem(s)' -f @($files).Count, $problems
if ($problems -gt 0) { exit 1 }
exit 0
