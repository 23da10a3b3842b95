#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserContext
#AnsibleRequires -PowerShell ..module_utils._OfficeInstall

# Thin I/O: the probe reads the Click-to-Run configuration, where OfficeClickToRun.exe is,
# which Office programs run and the machine's once markers; the apply runs the command line
# the action plugin built (plugins/module_utils/_office/repair.py) and reads the version
# again. Output keys and op names are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        repair_type = @{ type = 'str'; choices = @('quick', 'full'); default = 'quick' }
        force_app_shutdown = @{ type = 'bool'; default = $false }
        timeout = @{ type = 'int'; default = 3600 }
        once = @{ type = 'str' }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{ type = 'list'; elements = 'dict'; default = @() }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$onceKey = 'SOFTWARE\officeops\outlook_auth\once\office_repair'
$officePrograms = @('OUTLOOK', 'WINWORD', 'EXCEL', 'POWERPNT', 'ONENOTE', 'ONENOTEM', 'MSACCESS', 'MSPUB', 'VISIO', 'WINPROJ',
    'lync', 'GROOVE', 'MSOSYNC', 'ucmapi')

Function Get-ClickToRunTool {
    # OfficeClickToRun.exe in the 64-bit Common Files when there is one (a 32-bit host sees
    # the x86 folder as CommonProgramFiles), or $null.
    $common = if ($env:CommonProgramW6432) { $env:CommonProgramW6432 } else { $env:CommonProgramFiles }
    $path = Join-Path -Path $common -ChildPath 'microsoft shared\ClickToRun\OfficeClickToRun.exe'
    if ([System.IO.File]::Exists($path)) { $path } else { $null }
}

Function Get-MachineOnceMarker {
    # Incident ids this repair already ran for, from HKLM (the repair is machine-wide).
    $markers = @{}
    $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine,
        [Microsoft.Win32.RegistryView]::Registry64)
    try {
        $key = $hklm.OpenSubKey($onceKey, $false)
        if ($null -ne $key) {
            try {
                foreach ($name in $key.GetValueNames()) {
                    $markers[$name] = [string]$key.GetValue($name, '')
                }
            }
            finally {
                $key.Dispose()
            }
        }
    }
    finally {
        $hklm.Dispose()
    }
    $markers
}

Function Get-RepairInProgress {
    # Click-to-Run work still running: OfficeClickToRun.exe processes with a scenario on their
    # command line, other than the ClickToRunSvc service itself (the repair can hand off to a
    # copy of the tool and exit first).
    $service = Get-CimInstance -ClassName Win32_Service -Filter "Name='ClickToRunSvc'" -ErrorAction SilentlyContinue
    $servicePid = if ($null -ne $service) { [int]$service.ProcessId } else { -1 }
    @(Get-CimInstance -ClassName Win32_Process -Filter "Name='OfficeClickToRun.exe'" -ErrorAction SilentlyContinue |
            Where-Object { $_.ProcessId -ne $servicePid -and $_.CommandLine -match 'scenario=' })
}

Function Invoke-RepairOp {
    # The 'run_repair' op: OfficeClickToRun.exe with the controller's command line, waited
    # for within the timeout, then the version read again.
    param (
        [Parameter(Mandatory)]
        [object]
        $Op
    )

    $outcome = @{ op = 'run_repair'; status = 'failed'; error = $null; exit_code = $null; version_after = $null }
    $tool = Get-ClickToRunTool
    if ($null -eq $tool) {
        $outcome.error = 'OfficeClickToRun.exe was not found'
        return $outcome
    }
    if (@(Get-RepairInProgress).Count -gt 0) {
        $outcome.error = 'Click-to-Run is already repairing or updating Office; run again when it has finished'
        return $outcome
    }
    $deadline = [DateTime]::UtcNow.AddSeconds([int]$Op.timeout)
    try {
        # Never killed on timeout: a repair cut off halfway can leave Office broken.
        $run = Invoke-OfficeopsNativeCommand -Data @{ file = $tool; arguments = [string]$Op.arguments
            timeout_ms = [int]$Op.timeout * 1000; keep_running_on_timeout = $true }
        $outcome.exit_code = [int]$run.exit_code
        while (@(Get-RepairInProgress).Count -gt 0) {
            if ([DateTime]::UtcNow -ge $deadline) {
                $outcome.status = 'running'
                $outcome.error = "the repair is still running after $([int]$Op.timeout) seconds; it was left running"
                return $outcome
            }
            Start-Sleep -Seconds 5
        }
        $after = Get-OfficeopsClickToRunConfiguration
        $outcome.version_after = if ($null -ne $after) { $after.version_to_report } else { $null }
        if ($run.exit_code -eq 0) {
            $outcome.status = 'changed'
        }
        else {
            $tail = ([string]$run.output).Trim()
            if ($tail.Length -gt 500) { $tail = $tail.Substring($tail.Length - 500) }
            $outcome.error = "OfficeClickToRun.exe exited with $($run.exit_code)$(if ($tail) { ": $tail" })"
        }
    }
    catch {
        if ($_.Exception.Message -like '*it was left running') {
            $outcome.status = 'running'
        }
        $outcome.error = $_.Exception.Message
    }
    $outcome
}

Function Set-MachineOnceMarker {
    # Record that the repair ran for an incident id.
    param (
        [Parameter(Mandatory)]
        [string]
        $OnceId
    )

    $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine,
        [Microsoft.Win32.RegistryView]::Registry64)
    try {
        $key = $hklm.CreateSubKey($onceKey)
        try {
            $key.SetValue($OnceId, [DateTime]::UtcNow.ToString('o'), [Microsoft.Win32.RegistryValueKind]::String)
        }
        finally {
            $key.Dispose()
        }
    }
    finally {
        $hklm.Dispose()
    }
}

try {
    if ($module.Params._phase -eq 'probe') {
        $running = @(foreach ($name in $officePrograms) {
                $found = @(Get-Process -Name $name -ErrorAction SilentlyContinue)
                if ($found.Count -gt 0) {
                    $name
                }
                foreach ($process in $found) {
                    $process.Dispose()
                }
            })
        $module.Result.probe = @{
            click_to_run = Get-OfficeopsClickToRunConfiguration
            tool = Get-ClickToRunTool
            office_running = $running
            once = Get-MachineOnceMarker
        }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_office_repair: the apply phase was called in check mode; nothing was changed')
        }
        foreach ($op in @($module.Params._ops)) {
            switch -CaseSensitive ($op.op) {
                'run_repair' { }
                'set_once_marker' { }
                default { $module.FailJson("win_office_repair: unknown op '$($op.op)'") }
            }
        }
        $results = [System.Collections.Generic.List[object]]@()
        foreach ($op in @($module.Params._ops)) {
            if ($op.op -eq 'run_repair') {
                $results.Add((Invoke-RepairOp -Op $op))
            }
            elseif (@($results | Where-Object { $_.status -ne 'changed' }).Count -gt 0) {
                # The marker only after a repair that worked, so a rerun tries again.
                $results.Add(@{ op = 'set_once_marker'; status = 'not_run'; error = $null; exit_code = $null; version_after = $null })
            }
            else {
                # Kept apart: the repair's own result must survive a failed marker write.
                try {
                    Set-MachineOnceMarker -OnceId ([string]$op.once_id)
                    $results.Add(@{ op = 'set_once_marker'; status = 'changed'; error = $null; exit_code = $null; version_after = $null })
                }
                catch {
                    $results.Add(@{ op = 'set_once_marker'; status = 'failed'; error = $_.Exception.Message; exit_code = $null
                            version_after = $null })
                }
            }
        }
        $module.Result.results = @($results)
        $module.Result.changed = @($results | Where-Object { $_.status -eq 'changed' }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_office_repair failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
