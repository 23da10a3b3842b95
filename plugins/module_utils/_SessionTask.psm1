# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Running code as a logged-on user: a one-shot scheduled task in the user's interactive
# session (input and output through a private folder), or this process when it already runs
# as the user through become. The choice between them is plan_session in
# plugins/module_utils/_users/session.py; the lab twin is run_in_session in
# plugins/plugin_utils/_lab/users.py.

#AnsibleRequires -PowerShell ..module_utils._PrivateFolder

Set-StrictMode -Version 2.0

# The boundaries the tests replace, one call each: the clock, the account name of a SID, a
# folder's creation time and owner, and Task Scheduler 2.0 (Schedule.Service, its root
# folder and tasks; learn.microsoft.com/windows/win32/taskschd).
Function Get-OfficeopsUtcNow { [DateTime]::UtcNow }
Function Resolve-OfficeopsAccountName {
    param ([string]$Sid)
    ([System.Security.Principal.SecurityIdentifier]$Sid).Translate([System.Security.Principal.NTAccount]).Value
}
Function Get-OfficeopsFolderCreationTime { param ([string]$Path) [System.IO.Directory]::GetCreationTimeUtc($Path) }
Function Get-OfficeopsFolderOwner {
    param ([string]$Path)
    [System.IO.Directory]::GetAccessControl($Path, [System.Security.AccessControl.AccessControlSections]::Owner).GetOwner(
        [System.Security.Principal.SecurityIdentifier]).Value
}
Function New-OfficeopsTaskService { New-Object -ComObject 'Schedule.Service' }
Function Connect-OfficeopsTaskService { param ([object]$Service) $Service.Connect() }
Function Get-OfficeopsTaskFolder { param ([object]$Service) $Service.GetFolder('\') }
Function Get-OfficeopsScheduledTask { param ([object]$TaskFolder) @($TaskFolder.GetTasks(1)) }  # 1 = TASK_ENUM_HIDDEN
Function Register-OfficeopsTask {
    # 6 = TASK_CREATE_OR_UPDATE, 3 = TASK_LOGON_INTERACTIVE_TOKEN
    param ([object]$TaskFolder, [string]$Name, [object]$Definition, [string]$UserId)
    $TaskFolder.RegisterTaskDefinition($Name, $Definition, 6, $UserId, $null, 3)
}
Function Start-OfficeopsTask {
    # 4 = TASK_RUN_USE_SESSION_ID: start in the user's own session (IRegisteredTask::RunEx).
    param ([object]$Task, [int]$SessionId)
    $null = $Task.RunEx($null, 4, $SessionId, '')
}
Function Get-OfficeopsTaskState { param ([object]$Task) $Task.State }
Function Get-OfficeopsTaskLastResult { param ([object]$Task) $Task.LastTaskResult }
Function Stop-OfficeopsTask { param ([object]$Task) $Task.Stop(0) }
Function Unregister-OfficeopsTask { param ([object]$TaskFolder, [string]$Name) $TaskFolder.DeleteTask($Name, 0) }
Function Close-OfficeopsComObject { param ([object]$InputObject) $null = [System.Runtime.InteropServices.Marshal]::ReleaseComObject($InputObject) }

Function Write-OfficeopsRunner {
    <#
    .SYNOPSIS
    Write input.json and run.ps1 into a private folder; returns the command line that runs it.

    .DESCRIPTION
    run.ps1 runs $Code with the input object as $args[0] and writes out\result.json
    (ok, output, error, finished) through a temporary file and a rename, so a reader never
    sees half a file. It is started through -EncodedCommand and a script block, not -File:
    an execution policy set by Group Policy (AllSigned) would otherwise refuse the file.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Folder,

        [Parameter(Mandatory)]
        [string]
        $Code,

        [object]
        $InputObject = @{}
    )

    $utf8 = New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false
    [System.IO.File]::WriteAllText((Join-Path -Path $Folder -ChildPath 'input.json'),
        (ConvertTo-Json -InputObject $InputObject -Depth 20 -Compress), $utf8)
    $runner = @'
param($folder)
$ErrorActionPreference = 'Stop'
$result = @{ ok = $false; output = $null; error = $null; finished = $null }
try {
    $data = [System.IO.File]::ReadAllText((Join-Path $folder 'input.json')) | ConvertFrom-Json
    $result.output = & {
__CODE__
    } $data
    $result.ok = $true
}
catch {
    $result.error = $_.Exception.Message
}
$result.finished = [DateTime]::UtcNow.ToString('o')
$out = Join-Path $folder 'out'
[System.IO.File]::WriteAllText((Join-Path $out 'result.tmp'), (ConvertTo-Json -InputObject $result -Depth 20 -Compress))
Move-Item -LiteralPath (Join-Path $out 'result.tmp') -Destination (Join-Path $out 'result.json') -Force
'@
    $scriptPath = Join-Path -Path $Folder -ChildPath 'run.ps1'
    [System.IO.File]::WriteAllText($scriptPath, $runner.Replace('__CODE__', $Code), $utf8)
    $quote = { param($text) [System.Management.Automation.Language.CodeGeneration]::EscapeSingleQuotedStringContent($text) }
    $bootstrap = "& ([scriptblock]::Create([System.IO.File]::ReadAllText('{0}'))) '{1}'" -f (
        & $quote $scriptPath), (& $quote $Folder)
    '-NoProfile -NonInteractive -WindowStyle Hidden -EncodedCommand {0}' -f (
        [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($bootstrap)))
}

Function Read-OfficeopsRunnerResult {
    <#
    .SYNOPSIS
    out\result.json of a runner as @{ status = 'ok' | 'failed'; output; error; finished }, or $null.

    .DESCRIPTION
    The user may write in 'out': a link, a huge file or one that is not the runner's JSON
    object throws, rather than being followed, read whole or half trusted.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Folder,

        [long]
        $MaxBytes = 16MB
    )

    $outPath = Join-Path -Path $Folder -ChildPath 'out'
    $resultPath = Join-Path -Path $outPath -ChildPath 'result.json'
    if (-not (Test-Path -LiteralPath $resultPath -PathType Leaf)) {
        return $null
    }
    # 'out' too: the user may turn the (empty) folder into a junction, and result.json would
    # then be a file wherever it points.
    if ([System.IO.File]::GetAttributes($outPath) -band [System.IO.FileAttributes]::ReparsePoint) {
        throw "refusing to read the answer from the user's session: $outPath is a link"
    }
    $file = New-Object -TypeName System.IO.FileInfo -ArgumentList $resultPath
    if ($file.Attributes -band [System.IO.FileAttributes]::ReparsePoint) {
        throw "refusing to read the answer from the user's session: $resultPath is a link"
    }
    if ($file.Length -gt $MaxBytes) {
        throw "refusing to read the answer from the user's session: $resultPath has $($file.Length) bytes, more than $MaxBytes"
    }
    try {
        $answer = [System.IO.File]::ReadAllText($resultPath) | ConvertFrom-Json
    }
    catch {
        throw "the answer from the user's session is not JSON: $($_.Exception.Message)"
    }
    $fields = @{}
    if ($answer -is [System.Management.Automation.PSCustomObject]) {
        foreach ($property in $answer.PSObject.Properties) { $fields[$property.Name] = $property.Value }
    }
    if ($fields['ok'] -isnot [bool]) {
        throw "the answer from the user's session is not the runner's: no object with a true or false 'ok'"
    }
    @{
        status = if ($fields['ok']) { 'ok' } else { 'failed' }
        output = $fields['output']
        error = if ($fields['ok']) { $null } else { [string]$fields['error'] }
        finished = [string]$fields['finished']
    }
}

Function New-OfficeopsUserTaskDefinition {
    <#
    .SYNOPSIS
    A task definition that runs powershell.exe as the user with their interactive token, not
    elevated: the vault and WAM want the user's own token (Task Scheduler 2.0 scripting
    objects, learn.microsoft.com/windows/win32/taskschd).
    #>
    param (
        [Parameter(Mandatory)]
        [object]
        $Service,

        [Parameter(Mandatory)]
        [string]
        $UserId,

        [Parameter(Mandatory)]
        [string]
        $Arguments,

        [Parameter(Mandatory)]
        [string]
        $Description,

        [Parameter(Mandatory)]
        [int]
        $TimeLimitSeconds
    )

    $definition = $Service.NewTask(0)
    $definition.RegistrationInfo.Description = $Description

    $definition.Settings.Enabled = $true
    $definition.Settings.AllowDemandStart = $true
    $definition.Settings.Hidden = $true
    $definition.Settings.DisallowStartIfOnBatteries = $false
    $definition.Settings.StopIfGoingOnBatteries = $false
    $definition.Settings.ExecutionTimeLimit = 'PT{0}S' -f $TimeLimitSeconds
    $definition.Principal.UserId = $UserId
    $definition.Principal.LogonType = 3  # TASK_LOGON_INTERACTIVE_TOKEN
    $definition.Principal.RunLevel = 0  # TASK_RUNLEVEL_LUA
    $action = $definition.Actions.Create(0)  # TASK_ACTION_EXEC
    $action.Path = Join-Path -Path $env:SystemRoot -ChildPath 'System32\WindowsPowerShell\v1.0\powershell.exe'
    $action.Arguments = $Arguments
    $definition
}

Function Clear-OfficeopsSessionLeftover {
    <#
    .SYNOPSIS
    Remove one-shot tasks and folders older than an hour that a killed run could not remove.
    #>
    param (
        [Parameter(Mandatory)]
        [object]
        $TaskFolder
    )

    $cutoff = (Get-OfficeopsUtcNow).AddHours(-1)
    foreach ($task in Get-OfficeopsScheduledTask -TaskFolder $TaskFolder) {
        # Names carry their UTC creation time: officeops-outlook_auth-<yyyyMMddTHHmmssZ>-<guid>.
        if ($task.Name -notmatch '^officeops-outlook_auth-(\d{8}T\d{6}Z)-[0-9a-f]{32}$' -or (Get-OfficeopsTaskState -Task $task) -eq 4) {
            continue
        }
        $created = [DateTime]::MinValue
        $parsed = [DateTime]::TryParseExact($Matches[1], 'yyyyMMddTHHmmssZ', [System.Globalization.CultureInfo]::InvariantCulture,
            [System.Globalization.DateTimeStyles]'AssumeUniversal, AdjustToUniversal', [ref]$created)
        if ($parsed -and $created -lt $cutoff) {
            try {
                Unregister-OfficeopsTask -TaskFolder $TaskFolder -Name $task.Name
            }
            catch {
                $null = $_  # deleted meanwhile
            }
        }
    }
    # Only folders this layer made: its name pattern and owned by Administrators (anyone can
    # create C:\Windows\Temp\officeops-*, and backdate it).
    $temp = Join-Path -Path $env:SystemRoot -ChildPath 'Temp'
    foreach ($folder in [System.IO.Directory]::GetDirectories($temp, 'officeops-*')) {
        if ([System.IO.Path]::GetFileName($folder) -cnotmatch '^officeops-[0-9a-f]{32}$' -or
            (Get-OfficeopsFolderCreationTime -Path $folder) -ge $cutoff) {
            continue
        }
        try {
            $owner = Get-OfficeopsFolderOwner -Path $folder
        }
        catch {
            continue
        }
        if ($owner -eq 'S-1-5-32-544') {  # Administrators
            $null = Remove-OfficeopsPrivateFolder -Path $folder
        }
    }
}

Function Invoke-OfficeopsInUserSession {
    <#
    .SYNOPSIS
    Run PowerShell code inside a logged-on user's interactive session and return its output.

    .DESCRIPTION
    The credential vault and WAM refuse a network logon (ERROR_NO_SUCH_LOGON_SESSION), so the
    code runs as a one-shot scheduled task whose principal is the user with an interactive
    token (TASK_LOGON_INTERACTIVE_TOKEN), not elevated, started in the user's session. Input
    and output pass through a folder the user can only read (and write its 'out'
    subfolder); task and folder are always removed. $Code is the body of a script block that
    receives the input object as $args[0]. Returns @{ status = 'ok' | 'failed' | 'timeout';
    output; error; cleanup_error }.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $Code,

        [object]
        $InputObject = @{},

        [int]
        $TimeoutSeconds = 120
    )

    if (-not $UserProfile.logged_on) {
        throw "$($UserProfile.sid) is not logged on: a task in their session cannot start"
    }
    # The account as Task Scheduler wants it, from the SID: a profile whose name did not
    # resolve must never fall back to the caller's account.
    $userId = Resolve-OfficeopsAccountName -Sid $UserProfile.sid

    $id = [Guid]::NewGuid().ToString('N')
    $taskName = 'officeops-outlook_auth-{0}-{1}' -f (Get-OfficeopsUtcNow).ToString('yyyyMMddTHHmmssZ',
        [System.Globalization.CultureInfo]::InvariantCulture), $id
    $folder = Join-Path -Path $env:SystemRoot -ChildPath "Temp\officeops-$id"
    $service = $null
    $taskFolder = $null
    $task = $null
    $outcome = $null
    try {
        New-OfficeopsPrivateFolder -Path $folder -UserSid $UserProfile.sid
        $arguments = Write-OfficeopsRunner -Folder $folder -Code $Code -InputObject $InputObject
        $service = New-OfficeopsTaskService
        Connect-OfficeopsTaskService -Service $service
        $taskFolder = Get-OfficeopsTaskFolder -Service $service
        Clear-OfficeopsSessionLeftover -TaskFolder $taskFolder
        $definition = New-OfficeopsUserTaskDefinition -Service $service -UserId $userId -Arguments $arguments `
            -Description 'officeops.outlook_auth one-shot task; deleted when done' -TimeLimitSeconds ($TimeoutSeconds + 30)
        $task = Register-OfficeopsTask -TaskFolder $taskFolder -Name $taskName -Definition $definition -UserId $userId
        Start-OfficeopsTask -Task $task -SessionId ([int]$UserProfile.session_id)

        $deadline = (Get-OfficeopsUtcNow).AddSeconds($TimeoutSeconds)
        $answer = Read-OfficeopsRunnerResult -Folder $folder
        $endedWithoutAnswer = 0
        while ($null -eq $answer -and (Get-OfficeopsUtcNow) -lt $deadline) {
            Start-Sleep -Milliseconds 250
            $answer = Read-OfficeopsRunnerResult -Folder $folder
            # 3 = TASK_STATE_READY after it ran: the process is gone. Give the rename a moment,
            # then report a runner that died (blocked by policy, say) instead of waiting on.
            if ($null -eq $answer -and (Get-OfficeopsTaskState -Task $task) -eq 3 -and
                (Get-OfficeopsTaskLastResult -Task $task) -ne 267011) {
                $endedWithoutAnswer++
                if ($endedWithoutAnswer -ge 8) {
                    break
                }
            }
        }
        $outcome = if ($null -eq $answer -and $endedWithoutAnswer -ge 8) {
            @{ status = 'failed'; output = $null; error = ("the task in the user's session ended without an answer " +
                    "(last result 0x{0:X8}); is PowerShell blocked there by AppLocker, WDAC or an endpoint agent?") -f (Get-OfficeopsTaskLastResult -Task $task) }
        }
        elseif ($null -eq $answer) {
            @{ status = 'timeout'; output = $null; error = "no answer from the user's session within $TimeoutSeconds seconds" }
        }
        else {
            @{ status = $answer.status; output = $answer.output; error = $answer.error }
        }
    }
    catch {
        # Still report what cleanup found, rather than losing it with the exception.
        $outcome = @{ status = 'failed'; output = $null; error = $_.Exception.Message }
    }
    finally {
        if ($null -ne $task) {
            try {
                Stop-OfficeopsTask -Task $task
                # Stop returns before the process has gone; wait while it runs (4 = TASK_STATE_RUNNING).
                for ($wait = 0; $wait -lt 40 -and (Get-OfficeopsTaskState -Task $task) -eq 4; $wait++) {
                    Start-Sleep -Milliseconds 250
                }
            }
            catch {
                $null = $_  # already finished
            }
        }
        if ($null -ne $taskFolder) {
            try {
                Unregister-OfficeopsTask -TaskFolder $taskFolder -Name $taskName
            }
            catch {
                $null = $_  # never registered
            }
        }
        $cleanupError = Remove-OfficeopsPrivateFolder -Path $folder
        foreach ($comObject in @($task, $taskFolder, $service)) {
            if ($null -ne $comObject) {
                Close-OfficeopsComObject -InputObject $comObject
            }
        }
    }
    $outcome.cleanup_error = $cleanupError
    $outcome
}

Function Test-OfficeopsElevatedAdministrator {
    # Boundary the tests replace (the modules' suites mock it). Whether this process runs with an elevated Administrators token, which creating a
    # session task (an Administrators-owned folder, a task for another user) needs.
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    try {
        ([System.Security.Principal.WindowsPrincipal]$identity).IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    finally {
        $identity.Dispose()
    }
}

Function Invoke-OfficeopsAsUser {
    <#
    .SYNOPSIS
    Run a self-contained function with one -Data argument as the user: in this process when
    $Access is 'direct' (the task already runs as the user, through become), else in the
    user's interactive session (Invoke-OfficeopsInUserSession, where the function's text is
    redefined, so it may use nothing but its input). Returns @{ status = 'ok' | 'failed' |
    'timeout'; output; error; cleanup_error }.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [ValidateSet('direct', 'interactive_task')]
        [string]
        $Access,

        [Parameter(Mandatory)]
        [System.Management.Automation.FunctionInfo]
        $Function,

        [Parameter(Mandatory)]
        [object]
        $Data,

        [int]
        $TimeoutSeconds = 120
    )

    if ($Access -eq 'direct') {
        try {
            return @{ status = 'ok'; output = (& $Function -Data $Data); error = $null; cleanup_error = $null }
        }
        catch {
            return @{ status = 'failed'; output = $null; error = $_.Exception.GetBaseException().Message; cleanup_error = $null }
        }
    }
    # The runner calls the code with the input as its only argument.
    $code = 'param($data) Function {0} {{ {1} }}; {0} -Data $data' -f $Function.Name, $Function.ScriptBlock.ToString()
    Invoke-OfficeopsInUserSession -UserProfile $UserProfile -Code $code -InputObject $Data -TimeoutSeconds $TimeoutSeconds
}

Export-ModuleMember -Function Invoke-OfficeopsInUserSession, Test-OfficeopsElevatedAdministrator, Invoke-OfficeopsAsUser
