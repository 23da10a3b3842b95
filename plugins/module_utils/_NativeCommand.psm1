# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Running a program with a verbatim command line, its output captured and a time limit
# enforced. Self-contained: Invoke-OfficeopsAsUser (_SessionTask.psm1) also ships it as text
# to a task in the user's session.

Set-StrictMode -Version 2.0

Function Invoke-OfficeopsNativeCommand {
    <#
    .SYNOPSIS
    Run a program with a verbatim command line and return @{ exit_code; output }; a run
    past $Data.timeout_ms is killed and throws. Self-contained (it also runs as the user
    through Invoke-OfficeopsAsUser). Not `& exe 2>&1`: under the exec wrapper's
    ErrorActionPreference=Stop, Windows PowerShell 5.1 turns the first stderr line into a
    terminating error, and its native argument passing mangles embedded quotes.
    #>
    param (
        [Parameter(Mandatory)]
        [object]
        $Data
    )

    if ([int]$Data.timeout_ms -le 0 -or -not [string]$Data.file) {
        throw 'Invoke-OfficeopsNativeCommand needs file and timeout_ms'
    }
    if ($Data.ensure_directory) {
        # Made by whoever runs this (the user, in their session), never by the administrator
        # inside a folder the user controls.
        $null = [System.IO.Directory]::CreateDirectory([string]$Data.ensure_directory)
    }
    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $start.FileName = [string]$Data.file
    $start.Arguments = [string]$Data.arguments
    $start.WorkingDirectory = if ($Data.working_directory) { [string]$Data.working_directory } else {
        [System.IO.Path]::GetDirectoryName([string]$Data.file)
    }
    $start.UseShellExecute = $false
    $start.CreateNoWindow = $true
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit([int]$Data.timeout_ms)) {
            if ($Data.keep_running_on_timeout) {
                # Some work must not be cut off halfway (an Office repair): report, don't kill.
                throw "$($Data.file) is still running after $([int]$Data.timeout_ms / 1000) seconds; it was left running"
            }
            # The whole tree: a .cmd's own children would otherwise run on.
            $taskkill = Join-Path -Path $env:SystemRoot -ChildPath 'System32\taskkill.exe'
            $null = & $taskkill /PID $process.Id /T /F 2>&1 | Out-String
            try {
                $process.Kill()
            }
            catch [System.InvalidOperationException] {
                $null = $_  # it exited meanwhile
            }
            throw "$($Data.file) did not finish within $([int]$Data.timeout_ms / 1000) seconds and was stopped"
        }
        $process.WaitForExit()
        # A child that kept the pipes open must not hold this up either.
        $null = $stdout.Wait(5000)
        $null = $stderr.Wait(5000)
        $text = $(if ($stdout.IsCompleted) { $stdout.Result } else { '' }) + $(if ($stderr.IsCompleted) { $stderr.Result } else { '' })
        @{ exit_code = $process.ExitCode; output = $text }
    }
    finally {
        $process.Dispose()
    }
}

Export-ModuleMember -Function Invoke-OfficeopsNativeCommand
