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

    # The boundaries the tests replace, defined in here so that the function stays
    # self-contained: starting the process, and taskkill.exe ending it and its children.
    Function Start-OfficeopsProcess {
        param ([System.Diagnostics.ProcessStartInfo]$StartInfo)
        [System.Diagnostics.Process]::Start($StartInfo)
    }
    Function Stop-OfficeopsProcessTree {
        param ([int]$ProcessId)
        $null = & (Join-Path -Path $env:SystemRoot -ChildPath 'System32\taskkill.exe') /PID $ProcessId /T /F 2>&1 | Out-String
    }

    # $Data is a hashtable here and a PSCustomObject in a session task (ConvertFrom-Json); an
    # option left out must read as $null under strict mode, not throw.
    $options = @{}
    if ($Data -is [System.Collections.IDictionary]) {
        foreach ($key in $Data.Keys) { $options[[string]$key] = $Data[$key] }
    }
    elseif ($null -ne $Data) {
        foreach ($property in $Data.PSObject.Properties) { $options[$property.Name] = $property.Value }
    }
    $timeoutMs = $options['timeout_ms'] -as [int]
    if ($null -eq $timeoutMs -or $timeoutMs -le 0 -or -not [string]$options['file']) {
        throw 'Invoke-OfficeopsNativeCommand needs file and timeout_ms'
    }
    if ($options['ensure_directory']) {
        # Made by whoever runs this (the user, in their session), never by the administrator
        # inside a folder the user controls.
        $null = [System.IO.Directory]::CreateDirectory([string]$options['ensure_directory'])
    }
    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $start.FileName = [string]$options['file']
    $start.Arguments = [string]$options['arguments']
    $start.WorkingDirectory = if ($options['working_directory']) { [string]$options['working_directory'] } else {
        [System.IO.Path]::GetDirectoryName([string]$options['file'])
    }
    $start.UseShellExecute = $false
    $start.CreateNoWindow = $true
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = Start-OfficeopsProcess -StartInfo $start
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($timeoutMs)) {
            if ($options['keep_running_on_timeout']) {
                # Some work must not be cut off halfway (an Office repair): report, don't kill.
                throw "$($options['file']) is still running after $($timeoutMs / 1000) seconds; it was left running"
            }
            # The whole tree: a .cmd's own children would otherwise run on. Under 5.1 and
            # ErrorActionPreference=Stop a line of taskkill on stderr (a child already gone)
            # throws: it must not hide the timeout nor skip the Kill below.
            try {
                Stop-OfficeopsProcessTree -ProcessId $process.Id
            }
            catch {
                $null = $_
            }
            try {
                $process.Kill()
            }
            catch [System.InvalidOperationException], [System.ComponentModel.Win32Exception] {
                # Exited meanwhile (InvalidOperationException), or still terminating after
                # taskkill (Win32Exception, Process.Kill docs): either way, report the timeout.
                $null = $_
            }
            throw "$($options['file']) did not finish within $($timeoutMs / 1000) seconds and was stopped"
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
