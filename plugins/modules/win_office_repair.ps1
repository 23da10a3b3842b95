#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._OnceMarker
#AnsibleRequires -PowerShell ..module_utils._NativeCommand
#AnsibleRequires -PowerShell ..module_utils._OfficeInstall
#AnsibleRequires -PowerShell ..module_utils._ToolFile
#AnsibleRequires -PowerShell ..module_utils._RegistryTree

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

Function Get-RepairInProgress {
    # Click-to-Run work still running: OfficeClickToRun.exe processes with a scenario on their
    # command line, other than the ClickToRunSvc service itself (the repair can hand off to a
    # copy of the tool and exit first).
    $service = Get-CimInstance -ClassName Win32_Service -Filter "Name='ClickToRunSvc'" -ErrorAction SilentlyContinue
    $servicePid = if ($null -ne $service) { [int]$service.ProcessId } else { -1 }
    @(Get-CimInstance -ClassName Win32_Process -Filter "Name='OfficeClickToRun.exe'" -ErrorAction SilentlyContinue |
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

    @(Get-CimInstance -ClassName Win32_Process -Filter "Name='setup.exe'" -ErrorAction SilentlyContinue |
            Where-Object { $null -ne $_.ExecutablePath -and $_.ExecutablePath -eq $Path })
}

# A configuration file's product keys never leave the host: the probe returns its text with
# each PIDKEY value replaced by 'officeops-hidden-pidkey-<n>' (n from 0, in document order),
# because connection plugins print a module's raw output at high verbosity (psrp, -vvvvv),
# and the apply puts the values of the same file (same SHA-256) back into the XML the
# controller checked. plugins/module_utils/_office/deployment.py has the same rules.
# ASCII-only patterns (no (?i), whose matching follows the host's culture: Turkish I; no \d,
# which matches other scripts' digits; no \b, whose word characters differ from Python's).
# A quoted value stops at < or >, so an unmatched quote cannot swallow text up to the next
# attribute's quote.
$productKeyAttribute = '((?<![A-Za-z0-9_])[Pp][Ii][Dd][Kk][Ee][Yy][ \t\r\n]*=[ \t\r\n]*)(?:"([^"<>]*)"|''([^''<>]*)'')'
# Any PIDKEY the hiding left that is not an attribute holding a whole token (a comment, an
# element or property named PIDKEY, an encoded '='): then no text is returned at all. (The
# lookahead holds the blanks too: outside it, a shorter run of blanks would let it pass.)
# (The tokens themselves hold "pidkey": the second look-behind passes over them.)
$unhiddenKey = '(?<!officeops-hidden-)(?<![A-Za-z0-9_])[Pp][Ii][Dd][Kk][Ee][Yy](?![ \t\r\n]*=[ \t\r\n]*"officeops-hidden-pidkey-[0-9]{1,9}")'
# A DTD could spell a PIDKEY attribute through an entity; no ODT configuration has one.
$declaration = '<![Dd][Oo][Cc][Tt][Yy][Pp][Ee]|<![Ee][Nn][Tt][Ii][Tt][Yy]'
$hiddenKeyToken = 'officeops-hidden-pidkey-([0-9]{1,9})'
$notHidden = 'it mentions PIDKEY other than as a quoted product key attribute, which this module cannot keep on the target; fix the file (<Product ... PIDKEY="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX">, no other PIDKEY)'

Function Read-OdtConfigurationFile {
    # The file's text (a byte order mark honoured, else UTF-8, as ReadAllText reads) and the
    # SHA-256 of its bytes, from one read; throws for a file over 1 MB.
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    # One open stream for the size check and the read: a link or a file growing between
    # a separate size check and the read could bypass the cap.
    $stream = New-Object -TypeName System.IO.FileStream -ArgumentList @($Path, [System.IO.FileMode]::Open,
        [System.IO.FileAccess]::Read, [System.IO.FileShare]::Read)
    try {
        if ($stream.Length -gt 1MB) {
            throw 'it is larger than 1 MB, which no ODT configuration is'
        }
        $bytes = New-Object -TypeName byte[] -ArgumentList ([int]$stream.Length)
        $read = 0
        while ($read -lt $bytes.Length) {
            $got = $stream.Read($bytes, $read, $bytes.Length - $read)
            if ($got -le 0) {
                throw 'it changed while it was read'
            }
            $read += $got
        }
    }
    finally {
        $stream.Dispose()
    }
    $hasher = [System.Security.Cryptography.SHA256]::Create()
    try {
        $sha256 = ([System.BitConverter]::ToString($hasher.ComputeHash($bytes)) -replace '-', '').ToLowerInvariant()
    }
    finally {
        $hasher.Dispose()
    }
    $reader = New-Object -TypeName System.IO.StreamReader -ArgumentList @(
        (New-Object -TypeName System.IO.MemoryStream -ArgumentList @(, $bytes)), [System.Text.Encoding]::UTF8, $true)
    try {
        $text = $reader.ReadToEnd()
    }
    finally {
        $reader.Dispose()
    }
    @{ text = $text; sha256 = $sha256 }
}

Function Hide-ProductKey {
    # $Text with each PIDKEY value replaced by its token.
    param (
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Text
    )

    if ($Text.Contains([string][char]0)) {
        throw 'it holds NUL characters (UTF-16 without a byte order mark?); save it as UTF-8'
    }
    if ($Text -cmatch $declaration) {
        throw 'a DOCTYPE or ENTITY declaration is not allowed in an ODT configuration'
    }
    $builder = New-Object -TypeName System.Text.StringBuilder
    $last = 0
    $index = 0
    foreach ($match in [regex]::Matches($Text, $productKeyAttribute)) {
        $value = if ($match.Groups[2].Success) { $match.Groups[2].Value } else { $match.Groups[3].Value }
        # Anything but a product key may hold a swallowed key: fail closed.
        if ($value -cnotmatch '\A[A-Za-z0-9-]{0,64}\z') {
            throw $notHidden
        }
        $null = $builder.Append($Text, $last, $match.Index - $last)
        $null = $builder.Append($match.Groups[1].Value).Append('"officeops-hidden-pidkey-').Append($index).Append('"')
        $index++
        $last = $match.Index + $match.Length
    }
    $null = $builder.Append($Text, $last, $Text.Length - $last)
    $hidden = $builder.ToString()
    if ($hidden -cmatch $unhiddenKey) {
        throw $notHidden
    }
    $hidden
}

Function Restore-ProductKey {
    # $Xml with each token replaced by that PIDKEY value of $Original; throws when a token
    # has no value or a value is not a product key.
    param (
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Xml,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Original
    )

    $values = @(foreach ($match in [regex]::Matches($Original, $productKeyAttribute)) {
            if ($match.Groups[2].Success) { $match.Groups[2].Value } else { $match.Groups[3].Value }
        })
    $builder = New-Object -TypeName System.Text.StringBuilder
    $last = 0
    foreach ($match in [regex]::Matches($Xml, $hiddenKeyToken)) {
        $index = [int]$match.Groups[1].Value
        if ($index -ge $values.Count) {
            throw "the configuration names product key $index, which the file does not have"
        }
        if ($values[$index] -cnotmatch '\A[A-Za-z0-9-]{1,64}\z') {
            throw "PIDKEY $index of the configuration file is not a product key"
        }
        $null = $builder.Append($Xml, $last, $match.Index - $last).Append($values[$index])
        $last = $match.Index + $match.Length
    }
    $null = $builder.Append($Xml, $last, $Xml.Length - $last)
    $builder.ToString()
}

Function Write-OdtConfiguration {
    # Write the configuration as a new file with its own protected ACL, SYSTEM and
    # Administrators only: it may hold a product key, and the work folder passes Users read
    # on to its files. CreateFile applies a security descriptor only to a file it creates
    # (Microsoft Learn, CreateFileW lpSecurityAttributes), hence the delete and CreateNew.
    param (
        [Parameter(Mandatory)]
        [string]
        $Path,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Text
    )

    $security = New-Object -TypeName System.Security.AccessControl.FileSecurity
    $security.SetAccessRuleProtection($true, $false)
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        $security.AddAccessRule((New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
                    (New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $sid),
                    [System.Security.AccessControl.FileSystemRights]::FullControl,
                    [System.Security.AccessControl.AccessControlType]::Allow)))
    }
    if ([System.IO.File]::Exists($Path)) {
        [System.IO.File]::Delete($Path)
    }
    $bytes = (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false).GetBytes($Text)
    # FileStream(String, FileMode, FileSystemRights, FileShare, Int32, FileOptions, FileSecurity), .NET Framework 2.0-4.8.
    $stream = New-Object -TypeName System.IO.FileStream -ArgumentList @($Path, [System.IO.FileMode]::CreateNew,
        [System.Security.AccessControl.FileSystemRights]::Write, [System.IO.FileShare]::None, 4096,
        [System.IO.FileOptions]::None, $security)
    try {
        $stream.Write($bytes, 0, $bytes.Length)
    }
    finally {
        $stream.Dispose()
    }
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
            $file = Read-OdtConfigurationFile -Path ([string]$Op.configuration_path)
            if ($file.sha256 -cne ([string]$Op.configuration_sha256).ToLowerInvariant()) {
                throw "configuration: $($Op.configuration_path) changed since it was checked; nothing was run, run again"
            }
            $text = Restore-ProductKey -Xml $text -Original $file.text
        }
        Write-OdtConfiguration -Path $configurationFile -Text $text
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
    # configuration file's text when the option names a file, and the work folder.
    $configuration = $null
    $given = [string]$module.Params.configuration
    if ($given -and -not $given.TrimStart().StartsWith('<')) {
        $configuration = @{ exists = $false; content = $null; sha256 = $null; error = $null }
        if ([System.IO.File]::Exists($given)) {
            $configuration.exists = $true
            try {
                $file = Read-OdtConfigurationFile -Path $given
                $configuration.content = Hide-ProductKey -Text $file.text
                $configuration.sha256 = $file.sha256
            }
            catch {
                $configuration.error = $_.Exception.GetBaseException().Message
            }
        }
    }
    @{ setup = Get-OfficeopsToolFile -Path ([string]$module.Params.odt_path); configuration = $configuration; work_folder = $odtWorkFolder }
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
