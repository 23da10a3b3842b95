# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The per-user layer: which Windows user a module acts on, and how to reach that user's
# registry and logon session while Ansible is logged on as an administrator over a network
# logon. Only I/O lives here; the option is validated on the controller
# (plugins/module_utils/_users/target.py) and the lab mirrors these functions in
# plugins/plugin_utils/_lab/users.py.

#AnsibleRequires -CSharpUtil ansible_collections.officeops.outlook_auth.plugins.module_utils._UserContext

Set-StrictMode -Version 2.0

$script:ProfileListKey = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
# Same rule as profile_skip_reason in _users/target.py: local / domain (S-1-5-21) and
# Microsoft Entra (S-1-12-1) accounts are users; everything else in ProfileList is not.
$script:UserSidPattern = '^S-1-(5-21|12-1)(-\d{1,10}){4,5}$'

Function ConvertTo-OfficeopsSid {
    <#
    .SYNOPSIS
    The SID string of an account name (DOMAIN\name, .\name or a UPN), or $null.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Account
    )

    $name = if ($Account.StartsWith('.\')) { "$env:COMPUTERNAME\$($Account.Substring(2))" } else { $Account }
    try {
        ([System.Security.Principal.NTAccount]$name).Translate([System.Security.Principal.SecurityIdentifier]).Value
    }
    catch [System.Security.Principal.IdentityNotMappedException] {
        $null
    }
}

Function Get-OfficeopsUserProfile {
    <#
    .SYNOPSIS
    Every ProfileList entry with its account name, hive state and logon session.
    #>
    $consoleSession = [Officeops.UserSessions]::ConsoleSessionId()
    # Account (lower-cased DOMAIN\name) -> sessions; a user may have several.
    $sessionsByAccount = @{}
    foreach ($session in [Officeops.UserSessions]::List()) {
        $account = ('{0}\{1}' -f $session.Domain, $session.UserName).ToLowerInvariant()
        if (-not $sessionsByAccount.ContainsKey($account)) {
            $sessionsByAccount[$account] = [System.Collections.Generic.List[object]]@()
        }
        $sessionsByAccount[$account].Add($session)
    }

    $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine,
        [Microsoft.Win32.RegistryView]::Registry64)
    try {
        $profileList = $hklm.OpenSubKey($script:ProfileListKey, $false)
        if ($null -eq $profileList) {
            return
        }
        try {
            foreach ($sid in $profileList.GetSubKeyNames()) {
                $entry = $profileList.OpenSubKey($sid, $false)
                if ($null -eq $entry) {
                    continue
                }
                try {
                    $profilePath = [string]$entry.GetValue('ProfileImagePath', '')
                }
                finally {
                    $entry.Dispose()
                }
                $name = $null
                try {
                    $name = ([System.Security.Principal.SecurityIdentifier]$sid).Translate(
                        [System.Security.Principal.NTAccount]).Value
                }
                catch {
                    # Deleted accounts and <SID>.bak entries have no name; keep the entry.
                    $name = $null
                }
                $loaded = [Microsoft.Win32.Registry]::Users.OpenSubKey($sid, $false)
                $hiveLoaded = $null -ne $loaded
                if ($hiveLoaded) {
                    $loaded.Dispose()
                }
                $sessions = @()
                if ($name -and $sessionsByAccount.ContainsKey($name.ToLowerInvariant())) {
                    $sessions = @($sessionsByAccount[$name.ToLowerInvariant()])
                }
                # Prefer the console session, then an active one (WTSActive = 0).
                $session = @($sessions | Sort-Object -Property @{ Expression = { $_.SessionId -ne $consoleSession } },
                    @{ Expression = { $_.State -ne 0 } }) | Select-Object -First 1
                @{
                    sid = $sid
                    name = $name
                    profile_path = [Environment]::ExpandEnvironmentVariables($profilePath)
                    hive_loaded = $hiveLoaded
                    logged_on = $null -ne $session
                    session_id = if ($null -ne $session) { [int]$session.SessionId } else { $null }
                    console = ($null -ne $session) -and ($session.SessionId -eq $consoleSession)
                }
            }
        }
        finally {
            $profileList.Dispose()
        }
    }
    finally {
        $hklm.Dispose()
    }
}

Function Test-OfficeopsRealProfile {
    <#
    .SYNOPSIS
    Whether a profile belongs to a real user (see profile_skip_reason in _users/target.py).
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile
    )

    if ($UserProfile.sid -notmatch $script:UserSidPattern) {
        return $false
    }
    $path = ([string]$UserProfile.profile_path).TrimEnd('\').ToLowerInvariant()
    if (-not $path) {
        return $false
    }
    -not ($path.EndsWith('\default') -or $path.EndsWith('\default user') -or $path.Contains('\systemprofile'))
}

Function Resolve-OfficeopsTargetUser {
    <#
    .SYNOPSIS
    The profiles the validated 'user' option names: interactive, all, a SID, an account or
    a UPN. Returns @{ profiles = @(...); problem = $null or why none was selected }.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $User,

        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [object[]]
        $UserProfile
    )

    $real = @($UserProfile | Where-Object { Test-OfficeopsRealProfile -UserProfile $_ })
    $selected = @()
    $problem = $null
    if ($User -eq 'all') {
        $selected = $real
        if ($selected.Count -eq 0) {
            $problem = 'no real user profile on this machine'
        }
    }
    elseif ($User -eq 'interactive') {
        $selected = @($real | Where-Object { $_.console })
        if ($selected.Count -eq 0) {
            $problem = 'no user is logged on at the console'
        }
    }
    else {
        $sid = if ($User -match '^S-1-') { $User } else { ConvertTo-OfficeopsSid -Account $User }
        if ($sid) {
            $selected = @($real | Where-Object { $_.sid -eq $sid })
        }
        if ($selected.Count -eq 0) {
            $problem = "no user profile on this machine matches user=$User"
        }
    }
    @{ profiles = $selected; problem = $problem }
}

Function Dismount-OfficeopsUserHive {
    <#
    .SYNOPSIS
    Unload a hive this layer loaded; $null on success, else why it failed.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $KeyName,

        [int]
        $Attempts = 5
    )

    $code = 0
    for ($attempt = 1; $attempt -le $Attempts; $attempt++) {
        # Registry handles still waiting for finalisation keep the hive busy.
        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        $code = [Officeops.UserHive]::Unload($KeyName)
        if ($code -eq 0) {
            return $null
        }
        Start-Sleep -Milliseconds (250 * $attempt)
    }
    'RegUnLoadKey returned {0}: {1}' -f $code, (New-Object -TypeName System.ComponentModel.Win32Exception -ArgumentList $code).Message
}

Function Invoke-OfficeopsWithUserHive {
    <#
    .SYNOPSIS
    Run a script block with a writable RegistryKey at the root of the user's HKCU.

    .DESCRIPTION
    Uses HKEY_USERS\<SID> when the user's hive is loaded; otherwise loads NTUSER.DAT under
    the private key HKEY_USERS\officeops_<SID> and always unloads it, even when the script
    block fails. A hive left loaded would give the user a temporary profile at the next
    logon, so a failed unload is an error that names the key and the manual command.
    Returns @{ output = <script block output>; hive = 'loaded' | 'mounted' }.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [scriptblock]
        $ScriptBlock
    )

    $mountName = $null
    $hiveState = 'loaded'
    if (-not $UserProfile.hive_loaded) {
        $hiveFile = Join-Path -Path $UserProfile.profile_path -ChildPath 'NTUSER.DAT'
        if (-not (Test-Path -LiteralPath $hiveFile -PathType Leaf)) {
            throw "The registry hive of $($UserProfile.name) ($($UserProfile.sid)) was not found at $hiveFile"
        }
        $mountName = "officeops_$($UserProfile.sid)"
        [Officeops.UserHive]::Load($mountName, $hiveFile)
        $hiveState = 'mounted'
    }

    $root = $null
    $output = $null
    $scriptError = $null
    $unloadError = $null
    try {
        $keyName = if ($mountName) { $mountName } else { $UserProfile.sid }
        $root = [Microsoft.Win32.Registry]::Users.OpenSubKey($keyName, $true)
        if ($null -eq $root) {
            throw "HKEY_USERS\$keyName could not be opened"
        }
        $output = & $ScriptBlock $root
    }
    catch {
        $scriptError = $_
    }
    finally {
        if ($null -ne $root) {
            $root.Dispose()
        }
        if ($mountName) {
            $unloadError = Dismount-OfficeopsUserHive -KeyName $mountName
        }
    }

    if ($unloadError) {
        $message = ("The registry hive of {0} is still loaded at HKEY_USERS\{1} ({2}). Unload it before the user " +
            "logs on, or Windows gives them a temporary profile: reg.exe unload `"HKU\{1}`"") -f $UserProfile.name, $mountName, $unloadError
        if ($scriptError) {
            $message += " The operation itself had failed first: $($scriptError.Exception.Message)"
        }
        throw $message
    }
    if ($scriptError) {
        throw $scriptError
    }
    @{ output = $output; hive = $hiveState }
}

Function Get-OfficeopsOnceMarker {
    <#
    .SYNOPSIS
    Incident ids already recorded for an action: @{ id = 'time' }.
    #>
    param (
        [Parameter(Mandatory)]
        [Microsoft.Win32.RegistryKey]
        $HiveRoot,

        [Parameter(Mandatory)]
        [string]
        $Action
    )

    $markers = @{}
    $key = $HiveRoot.OpenSubKey("Software\officeops\outlook_auth\once\$Action", $false)
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
    $markers
}

Function Set-OfficeopsOnceMarker {
    <#
    .SYNOPSIS
    Record that an action ran for an incident id (idempotent).
    #>
    param (
        [Parameter(Mandatory)]
        [Microsoft.Win32.RegistryKey]
        $HiveRoot,

        [Parameter(Mandatory)]
        [string]
        $Action,

        [Parameter(Mandatory)]
        [string]
        $OnceId
    )

    $key = $HiveRoot.CreateSubKey("Software\officeops\outlook_auth\once\$Action")
    try {
        $key.SetValue($OnceId, [DateTime]::UtcNow.ToString('o'), [Microsoft.Win32.RegistryValueKind]::String)
    }
    finally {
        $key.Dispose()
    }
}

Function New-OfficeopsPrivateFolder {
    <#
    .SYNOPSIS
    Create (or reuse) a folder only the user, SYSTEM and Administrators can open: the files
    passed through it may name the user's credentials.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Path,

        [Parameter(Mandatory)]
        [string]
        $UserSid
    )

    $directory = New-Item -Path $Path -ItemType Directory -Force
    $acl = New-Object -TypeName System.Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544', $UserSid)) {
        $rule = New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
            (New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $sid),
            [System.Security.AccessControl.FileSystemRights]::FullControl, $inherit,
            [System.Security.AccessControl.PropagationFlags]::None, [System.Security.AccessControl.AccessControlType]::Allow)
        $acl.AddAccessRule($rule)
    }
    $directory.SetAccessControl($acl)
}

Function Write-OfficeopsRunner {
    <#
    .SYNOPSIS
    Write input.json and run.ps1 into a private folder; returns the path of run.ps1.

    .DESCRIPTION
    run.ps1 runs $Code with the input object as $args[0] and writes result.json
    (ok, output, error, finished) through a temporary file and a rename, so a reader never
    sees half a file. A run that finds result.json already there exits at once, so work
    queued for a logon runs once however often the trigger fires.
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
    Remove-Item -LiteralPath (Join-Path -Path $Folder -ChildPath 'result.json') -Force -ErrorAction SilentlyContinue
    [System.IO.File]::WriteAllText((Join-Path -Path $Folder -ChildPath 'input.json'),
        (ConvertTo-Json -InputObject $InputObject -Depth 10 -Compress), $utf8)
    $runner = @'
$ErrorActionPreference = 'Stop'
$folder = Split-Path -Parent $MyInvocation.MyCommand.Path
$resultPath = Join-Path $folder 'result.json'
if (Test-Path -LiteralPath $resultPath) { exit 0 }
$result = @{ ok = $false; output = $null; error = $null; finished = $null }
try {
    $data = [System.IO.File]::ReadAllText((Join-Path $folder 'input.json')) | ConvertFrom-Json
    $result.output = & { __CODE__ } $data
    $result.ok = $true
}
catch {
    $result.error = $_.Exception.Message
}
$result.finished = [DateTime]::UtcNow.ToString('o')
$temp = Join-Path $folder 'result.tmp'
[System.IO.File]::WriteAllText($temp, (ConvertTo-Json -InputObject $result -Depth 10 -Compress))
Move-Item -LiteralPath $temp -Destination $resultPath -Force
'@
    $scriptPath = Join-Path -Path $Folder -ChildPath 'run.ps1'
    # With a BOM, so Windows PowerShell 5.1 reads the script as UTF-8, not the ANSI code page.
    [System.IO.File]::WriteAllText($scriptPath, $runner.Replace('__CODE__', $Code),
        (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $true))
    $scriptPath
}

Function Read-OfficeopsRunnerResult {
    <#
    .SYNOPSIS
    result.json of a runner as @{ status = 'ok' | 'failed'; output; error; finished }, or $null.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Folder
    )

    $resultPath = Join-Path -Path $Folder -ChildPath 'result.json'
    if (-not (Test-Path -LiteralPath $resultPath -PathType Leaf)) {
        return $null
    }
    $answer = [System.IO.File]::ReadAllText($resultPath) | ConvertFrom-Json
    @{
        status = if ($answer.ok) { 'ok' } else { 'failed' }
        output = $answer.output
        error = if ($answer.ok) { $null } else { [string]$answer.error }
        finished = [string]$answer.finished
    }
}

Function New-OfficeopsUserTaskDefinition {
    <#
    .SYNOPSIS
    A task definition that runs run.ps1 as the user with their interactive token, not
    elevated: the vault and WAM want the user's own token (Task Scheduler 2.0 scripting
    objects, learn.microsoft.com/windows/win32/taskschd).
    #>
    param (
        [Parameter(Mandatory)]
        [object]
        $Service,

        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $ScriptPath,

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
    $definition.Principal.UserId = $UserProfile.name
    $definition.Principal.LogonType = 3  # TASK_LOGON_INTERACTIVE_TOKEN
    $definition.Principal.RunLevel = 0  # TASK_RUNLEVEL_LUA
    $action = $definition.Actions.Create(0)  # TASK_ACTION_EXEC
    $action.Path = Join-Path -Path $env:SystemRoot -ChildPath 'System32\WindowsPowerShell\v1.0\powershell.exe'
    $action.Arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -WindowStyle Hidden -File "{0}"' -f $ScriptPath
    $definition
}

Function Invoke-OfficeopsInUserSession {
    <#
    .SYNOPSIS
    Run PowerShell code inside a logged-on user's interactive session and return its output.

    .DESCRIPTION
    The credential vault and WAM refuse a network logon (ERROR_NO_SUCH_LOGON_SESSION), so the
    code runs as a one-shot scheduled task whose principal is the user with an interactive
    token (TASK_LOGON_INTERACTIVE_TOKEN), not elevated. Input and output pass through files
    in a folder only the user, SYSTEM and Administrators can read; task and folder are always
    removed. $Code receives the input object as $args[0] and its output is returned.
    Returns @{ status = 'ok' | 'failed' | 'timeout'; output; error }.
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

    $id = [Guid]::NewGuid().ToString('N')
    $taskName = "officeops-outlook_auth-$id"
    $folder = Join-Path -Path $env:SystemRoot -ChildPath "Temp\officeops-$id"
    $service = $null
    $taskFolder = $null
    $task = $null
    try {
        New-OfficeopsPrivateFolder -Path $folder -UserSid $UserProfile.sid
        $scriptPath = Write-OfficeopsRunner -Folder $folder -Code $Code -InputObject $InputObject
        $service = New-Object -ComObject 'Schedule.Service'
        $service.Connect()
        $taskFolder = $service.GetFolder('\')
        $definition = New-OfficeopsUserTaskDefinition -Service $service -UserProfile $UserProfile -ScriptPath $scriptPath `
            -Description 'officeops.outlook_auth one-shot task; deleted when done' -TimeLimitSeconds ($TimeoutSeconds + 30)
        # 6 = TASK_CREATE_OR_UPDATE, 3 = TASK_LOGON_INTERACTIVE_TOKEN
        $task = $taskFolder.RegisterTaskDefinition($taskName, $definition, 6, $UserProfile.name, $null, 3)
        $null = $task.Run($null)

        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        $answer = Read-OfficeopsRunnerResult -Folder $folder
        while ($null -eq $answer) {
            if ([DateTime]::UtcNow -ge $deadline) {
                return @{ status = 'timeout'; output = $null; error = "no answer from the user's session within $TimeoutSeconds seconds" }
            }
            Start-Sleep -Milliseconds 250
            $answer = Read-OfficeopsRunnerResult -Folder $folder
        }
        @{ status = $answer.status; output = $answer.output; error = $answer.error }
    }
    finally {
        if ($null -ne $task) {
            try {
                $task.Stop(0)
            }
            catch {
                $null = $_  # already finished
            }
        }
        if ($null -ne $taskFolder) {
            try {
                $taskFolder.DeleteTask($taskName, 0)
            }
            catch {
                $null = $_  # never registered
            }
        }
        if (Test-Path -LiteralPath $folder) {
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
        foreach ($comObject in @($task, $taskFolder, $service)) {
            if ($null -ne $comObject) {
                $null = [System.Runtime.InteropServices.Marshal]::ReleaseComObject($comObject)
            }
        }
    }
}

Function Register-OfficeopsLogonTask {
    <#
    .SYNOPSIS
    Queue PowerShell code to run once in the user's session at their next logon.

    .DESCRIPTION
    For when_logged_off=defer. A scheduled task with a logon trigger for that user runs the
    code as the user (interactive token, not elevated) and records its answer in
    result.json; a rerun of the task after that exits at once. The task expires after
    $ExpireDays and Task Scheduler then deletes it (DeleteExpiredTaskAfter); the next probe
    of the module reads the answer and removes task and folder with
    Complete-OfficeopsLogonTask. Registering again for the same user and action replaces
    the earlier registration.
    Returns @{ task = <task name>; folder = <folder> }.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $Action,

        [Parameter(Mandatory)]
        [string]
        $Code,

        [object]
        $InputObject = @{},

        [int]
        $ExpireDays = 30
    )

    $taskName = "officeops-outlook_auth-logon-$Action-$($UserProfile.sid)"
    $folder = Join-Path -Path $env:ProgramData -ChildPath "officeops\outlook_auth\pending\$Action-$($UserProfile.sid)"
    New-OfficeopsPrivateFolder -Path $folder -UserSid $UserProfile.sid
    $scriptPath = Write-OfficeopsRunner -Folder $folder -Code $Code -InputObject $InputObject
    $service = New-Object -ComObject 'Schedule.Service'
    try {
        $service.Connect()
        $definition = New-OfficeopsUserTaskDefinition -Service $service -UserProfile $UserProfile -ScriptPath $scriptPath `
            -Description 'officeops.outlook_auth work deferred to the next logon' -TimeLimitSeconds 600
        $definition.Settings.DeleteExpiredTaskAfter = 'PT0S'
        $trigger = $definition.Triggers.Create(9)  # TASK_TRIGGER_LOGON
        $trigger.UserId = $UserProfile.name
        $trigger.EndBoundary = [DateTime]::Now.AddDays($ExpireDays).ToString('s')
        $null = $service.GetFolder('\').RegisterTaskDefinition($taskName, $definition, 6, $UserProfile.name, $null, 3)
    }
    finally {
        $null = [System.Runtime.InteropServices.Marshal]::ReleaseComObject($service)
    }
    @{ task = $taskName; folder = $folder }
}

Function Complete-OfficeopsLogonTask {
    <#
    .SYNOPSIS
    The answer of deferred work, removing its task and folder once it has run.
    Returns $null when nothing was queued, @{ status = 'pending' } while waiting, else
    @{ status = 'ok' | 'failed'; output; error; finished }.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $Action
    )

    $taskName = "officeops-outlook_auth-logon-$Action-$($UserProfile.sid)"
    $folder = Join-Path -Path $env:ProgramData -ChildPath "officeops\outlook_auth\pending\$Action-$($UserProfile.sid)"
    if (-not (Test-Path -LiteralPath $folder)) {
        return $null
    }
    $answer = Read-OfficeopsRunnerResult -Folder $folder
    if ($null -eq $answer) {
        return @{ status = 'pending'; output = $null; error = $null; finished = $null }
    }
    $service = New-Object -ComObject 'Schedule.Service'
    try {
        $service.Connect()
        try {
            $service.GetFolder('\').DeleteTask($taskName, 0)
        }
        catch {
            $null = $_  # already deleted after expiry
        }
    }
    finally {
        $null = [System.Runtime.InteropServices.Marshal]::ReleaseComObject($service)
    }
    Remove-Item -LiteralPath $folder -Recurse -Force
    $answer
}

Export-ModuleMember -Function ConvertTo-OfficeopsSid, Get-OfficeopsUserProfile, Test-OfficeopsRealProfile,
Resolve-OfficeopsTargetUser, Dismount-OfficeopsUserHive, Invoke-OfficeopsWithUserHive, Get-OfficeopsOnceMarker,
Set-OfficeopsOnceMarker, Invoke-OfficeopsInUserSession, Register-OfficeopsLogonTask, Complete-OfficeopsLogonTask
