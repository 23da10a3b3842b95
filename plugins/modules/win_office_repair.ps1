#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._OnceMarker
#AnsibleRequires -PowerShell ..module_utils._NativeCommand
#AnsibleRequires -PowerShell ..module_utils._OfficeInstall
#AnsibleRequires -PowerShell ..module_utils._ToolFile
#AnsibleRequires -PowerShell ..module_utils._RegistryTree
#AnsibleRequires -PowerShell ..module_utils._OfficeDeployment

# Thin I/O: the probe reads the Click-to-Run configuration, where OfficeClickToRun.exe is,
# which Office programs run and the machine's once markers (and, for a reinstall, the Office
# Deployment Tool's setup.exe and configuration file); the apply runs the command line the
# action plugin built (plugins/module_utils/_office/repair.py, deployment.py) and reads the
# version again. Output keys and op names are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        repair_type = @{ type = 'str'; choices = @('quick', 'full', 'reinstall'); default = 'quick' }
        odt_path = @{ type = 'str' }
        configuration = @{ type = 'str' }
        accept_office_removal = @{ type = 'bool'; default = $false }
        force_app_shutdown = @{ type = 'bool'; default = $false }
        timeout = @{ type = 'int'; default = 3600 }
        once = @{ type = 'str' }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{
            type = 'list'; elements = 'dict'; default = @()
            # Every key an op of plugins/module_utils/_contract/wrappers.py has. configuration_xml
            # may hold a product key (<Product PIDKEY=...>): no_log keeps it out of the
            # invocation and out of the "Invoked with" entry Ansible.Basic otherwise writes to
            # the Application event log, which local users can read (Ansible.Basic.cs LogEvent,
            # SetNoLogValues on sub-options).
            options = @{
                op = @{ type = 'str'; required = $true }
                arguments = @{ type = 'str' }
                timeout = @{ type = 'int' }
                setup = @{ type = 'str' }
                configuration_xml = @{ type = 'str'; no_log = $true }
                configuration_path = @{ type = 'str' }
                configuration_sha256 = @{ type = 'str' }
                once_id = @{ type = 'str' }
            }
        }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
# Once markers under HKLM\Software\officeops\outlook_auth\once\office_repair.
$onceAction = 'office_repair'
# Where the configuration the controller checked is written for setup.exe: only
# administrators can write there, so the file setup.exe reads is the one that was checked.
$odtWorkFolder = Join-Path -Path $env:ProgramData -ChildPath 'officeops\outlook_auth\odt'
$officePrograms = @('OUTLOOK', 'WINWORD', 'EXCEL', 'POWERPNT', 'ONENOTE', 'ONENOTEM', 'MSACCESS', 'MSPUB', 'VISIO', 'WINPROJ',
    'lync', 'GROOVE', 'MSOSYNC', 'ucmapi')

Function Get-ClickToRunTool {
    # OfficeClickToRun.exe in the 64-bit Common Files when there is one (a 32-bit host sees
    # the x86 folder as CommonProgramFiles), or $null.
    $common = if ($env:CommonProgramW6432) { $env:CommonProgramW6432 } else { $env:CommonProgramFiles }
    $path = Join-Path -Path $common -ChildPath 'microsoft shared\ClickToRun\OfficeClickToRun.exe'
    if ([System.IO.File]::Exists($path)) { $path } else { $null }
}

Function Invoke-WithMachineRoot {
    # Run $ScriptBlock with HKLM's 64-bit view: the repair is machine-wide, so its once
    # markers live there, in the layout _OnceMarker's functions use in a hive.
    param (
        [Parameter(Mandatory)]
        [scriptblock]
        $ScriptBlock
    )

    $hklm = Open-OfficeopsRegistryBase -Hive LocalMachine
    try {
        & $ScriptBlock $hklm
    }
    finally {
        $hklm.Dispose()
    }
}

Function Get-OfficeopsCimInstance {
    # The boundary the tests replace: WMI instances of a class matching a WQL filter, none
    # when WMI does not answer.
    param (
        [Parameter(Mandatory)]
        [string]
        $ClassName,

        [Parameter(Mandatory)]
        [string]
        $Filter
    )

    Get-CimInstance -ClassName $ClassName -Filter $Filter -ErrorAction SilentlyContinue
}

Function Get-OfficeopsProcess {
    # The boundary the tests replace: the running processes of a program name (no .exe).
    param (
        [Parameter(Mandatory)]
        [string]
        $Name
    )

    Get-Process -Name $Name -ErrorAction SilentlyContinue
}

Function Get-RepairInProgress {
    # Click-to-Run work still running: OfficeClickToRun.exe processes with a scenario on their
    # command line, other than the ClickToRunSvc service itself (the repair can hand off to a
    # copy of the tool and exit first).
    $service = Get-OfficeopsCimInstance -ClassName Win32_Service -Filter "Name='ClickToRunSvc'"
    $servicePid = if ($null -ne $service) { [int]$service.ProcessId } else { -1 }
    @(Get-OfficeopsCimInstance -ClassName Win32_Process -Filter "Name='OfficeClickToRun.exe'" |
            Where-Object { $_.ProcessId -ne $servicePid -and $_.CommandLine -match 'scenario=' })
}

Function Invoke-ClickToRunWork {
    # Run a Click-to-Run program (OfficeClickToRun.exe, or the ODT's setup.exe) with the
    # controller's command line, wait within the timeout for it and for the Click-to-Run
    # work it hands off to, then read the version again.
    param (
        [Parameter(Mandatory)]
        [hashtable]
        $Outcome,

        [Parameter(Mandatory)]
        [string]
        $File,

        [Parameter(Mandatory)]
        [string]
        $Arguments,

        [Parameter(Mandatory)]
        [int]
        $Timeout
    )

    if (@(Get-RepairInProgress).Count -gt 0) {
        $Outcome.error = 'Click-to-Run is already repairing or updating Office; run again when it has finished'
        return $Outcome
    }
    $deadline = [DateTime]::UtcNow.AddSeconds($Timeout)
    try {
        # Never killed on timeout: a repair or install cut off halfway can leave Office broken.
        $run = Invoke-OfficeopsNativeCommand -Data @{ file = $File; arguments = $Arguments
            timeout_ms = $Timeout * 1000; keep_running_on_timeout = $true }
        $Outcome.exit_code = [int]$run.exit_code
        while (@(Get-RepairInProgress).Count -gt 0) {
            if ([DateTime]::UtcNow -ge $deadline) {
                $Outcome.status = 'running'
                $Outcome.error = "Click-to-Run is still working after $Timeout seconds; it was left running"
                return $Outcome
            }
            Start-Sleep -Seconds 5
        }
        $after = Get-OfficeopsClickToRunConfiguration
        $Outcome.version_after = if ($null -ne $after) { $after.version_to_report } else { $null }
        if ($run.exit_code -eq 0) {
            $Outcome.status = 'changed'
        }
        else {
            $tail = ([string]$run.output).Trim()
            if ($tail.Length -gt 500) { $tail = $tail.Substring($tail.Length - 500) }
            $Outcome.error = "$([System.IO.Path]::GetFileName($File)) exited with $($run.exit_code)$(if ($tail) { ": $tail" })"
        }
    }
    catch {
        if ($_.Exception.Message -like '*it was left running') {
            $Outcome.status = 'running'
        }
        $Outcome.error = $_.Exception.Message
    }
    $Outcome
}

Function Invoke-RepairOp {
    # The 'run_repair' op: OfficeClickToRun.exe with the controller's command line.
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
    Invoke-ClickToRunWork -Outcome $outcome -File $tool -Arguments ([string]$Op.arguments) -Timeout ([int]$Op.timeout)
}

Function Get-SetupStillRunning {
    # Processes started from the ODT's setup.exe at this path (one a timed-out run left
    # running may still read the configuration file).
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    @(Get-OfficeopsCimInstance -ClassName Win32_Process -Filter "Name='setup.exe'" |
            Where-Object { $null -ne $_.ExecutablePath -and $_.ExecutablePath -eq $Path })
}

Function Invoke-OdtOp {
    # The 'run_odt' op: write the configuration the controller checked where only
    # administrators can write, run setup.exe /configure on it, and remove it afterwards
    # (it may hold a product key) unless setup.exe still runs and may read it.
    param (
        [Parameter(Mandatory)]
        [object]
        $Op
    )

    $outcome = @{ op = 'run_odt'; status = 'failed'; error = $null; exit_code = $null; version_after = $null }
    $configurationFile = Join-Path -Path $odtWorkFolder -ChildPath 'configuration.xml'
    $written = $false
    try {
        # Checked before the file is touched: a setup.exe an earlier run left running may
        # still read it, and must neither see it replaced nor have it deleted under it.
        if (@(Get-RepairInProgress).Count -gt 0 -or @(Get-SetupStillRunning -Path ([string]$Op.setup)).Count -gt 0) {
            $outcome.error = 'Click-to-Run or the Office Deployment Tool is already working on Office; run again when it has finished'
            return $outcome
        }
        New-OfficeopsAdminFolder -Root $env:ProgramData -Path $odtWorkFolder
        # Set before the write, so a half-written file is removed too.
        $written = $true
        $text = [string]$Op.configuration_xml
        if ($Op.configuration_path) {
            $file = Read-OfficeopsOdtConfigurationFile -Path ([string]$Op.configuration_path)
            if ($file.sha256 -cne ([string]$Op.configuration_sha256).ToLowerInvariant()) {
                throw "configuration: $($Op.configuration_path) changed since it was checked; nothing was run, run again"
            }
            $text = Restore-OfficeopsProductKey -Xml $text -Original $file.text
        }
        Write-OfficeopsOdtConfiguration -Path $configurationFile -Text $text
        $outcome = Invoke-ClickToRunWork -Outcome $outcome -File ([string]$Op.setup) -Arguments ([string]$Op.arguments) `
            -Timeout ([int]$Op.timeout)
    }
    catch {
        $outcome.error = $_.Exception.GetBaseException().Message
    }
    finally {
        if ($written -and $outcome.status -ne 'running' -and [System.IO.File]::Exists($configurationFile)) {
            try {
                [System.IO.File]::Delete($configurationFile)
            }
            catch {
                $module.Warn("could not remove $configurationFile`: $($_.Exception.Message)")
            }
        }
    }
    $outcome
}

Function Get-OdtView {
    # The probe's view of a reinstall: setup.exe as the controller judges it, the
    # configuration file's text (product keys hidden) when the option names a file, and the
    # work folder.
    @{ setup = Get-OfficeopsToolFile -Path ([string]$module.Params.odt_path)
        configuration = Get-OfficeopsOdtConfigurationView -Configuration ([string]$module.Params.configuration)
        work_folder = $odtWorkFolder }
}

try {
    if ($module.Params._phase -eq 'probe') {
        $running = @(foreach ($name in $officePrograms) {
                $found = @(Get-OfficeopsProcess -Name $name)
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
            once = Invoke-WithMachineRoot -ScriptBlock { param($root) Get-OfficeopsOnceMarker -HiveRoot $root -Action $onceAction }
            odt = if ($module.Params.repair_type -eq 'reinstall' -and $module.Params.odt_path) { Get-OdtView } else { $null }
        }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_office_repair: the apply phase was called in check mode; nothing was changed')
        }
        foreach ($op in @($module.Params._ops)) {
            switch -CaseSensitive ($op.op) {
                'run_repair' { }
                'run_odt' { }
                'set_once_marker' { }
                default { $module.FailJson("win_office_repair: unknown op '$($op.op)'") }
            }
        }
        $results = [System.Collections.Generic.List[object]]@()
        foreach ($op in @($module.Params._ops)) {
            if ($op.op -ceq 'run_repair') {
                $results.Add((Invoke-RepairOp -Op $op))
            }
            elseif ($op.op -ceq 'run_odt') {
                $results.Add((Invoke-OdtOp -Op $op))
            }
            elseif (@($results | Where-Object { $_.status -ne 'changed' }).Count -gt 0) {
                # The marker only after a repair that worked, so a rerun tries again.
                $results.Add(@{ op = 'set_once_marker'; status = 'not_run'; error = $null; exit_code = $null; version_after = $null })
            }
            else {
                # Kept apart: the repair's own result must survive a failed marker write.
                try {
                    Invoke-WithMachineRoot -ScriptBlock { param($root) Set-OfficeopsOnceMarker -HiveRoot $root -Action $onceAction -OnceId ([string]$op.once_id) }
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
