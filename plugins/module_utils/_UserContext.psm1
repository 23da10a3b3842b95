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
    catch {
        # IdentityNotMappedException, or a SystemException when the domain cannot be reached
        # (off VPN): either way the account does not resolve here.
        $null
    }
}

Function Get-OfficeopsUserProfile {
    <#
    .SYNOPSIS
    Every ProfileList entry with its account name, hive state and logon session.
    #>
    $consoleSession = [Officeops.UserSessions]::ConsoleSessionId()
    # SID -> sessions (a user may have several); by SID so renamed accounts still match.
    $sessionsBySid = @{}
    foreach ($session in [Officeops.UserSessions]::List()) {
        $sessionSid = ConvertTo-OfficeopsSid -Account ('{0}\{1}' -f $session.Domain, $session.UserName)
        if (-not $sessionSid) {
            continue
        }
        if (-not $sessionsBySid.ContainsKey($sessionSid)) {
            $sessionsBySid[$sessionSid] = [System.Collections.Generic.List[object]]@()
        }
        $sessionsBySid[$sessionSid].Add($session)
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
                if ($sessionsBySid.ContainsKey($sid)) {
                    $sessions = @($sessionsBySid[$sid])
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
        if ($User -like 'S-1-*') {
            $selected = @($real | Where-Object { $_.sid -eq $User })
        }
        else {
            # The profile's own name first (no directory lookup needed), then a lookup, which
            # also resolves UPNs and .\name.
            $selected = @($real | Where-Object { $_.name -and $_.name -eq $User })
            if ($selected.Count -eq 0) {
                $sid = ConvertTo-OfficeopsSid -Account $User
                if ($sid) {
                    $selected = @($real | Where-Object { $_.sid -eq $sid })
                }
            }
        }
        if ($selected.Count -eq 0) {
            $problem = "no user profile on this machine matches user=$User"
        }
    }
    @{ profiles = $selected; problem = $problem }
}

Function Get-OfficeopsSessionAccess {
    <#
    .SYNOPSIS
    How to reach state only the user's own logon session can reach: 'direct' (this process
    already runs as the user, through become), 'interactive_task', 'not_logged_on' or
    'become_mismatch'. The same decision as plan_session in _users/session.py, which the
    controller uses to explain it.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $Session
    )

    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    try {
        # A network logon (WinRM without become: NETWORK, S-1-5-2, in the token) has no
        # credential set even for its own account, so it never counts as the user's session.
        $network = [System.Security.Principal.SecurityIdentifier]'S-1-5-2'
        $runningAs = if ($identity.Groups -contains $network) { $null } else { $identity.User.Value }
    }
    finally {
        $identity.Dispose()
    }
    if ($runningAs -and $runningAs -eq $UserProfile.sid -and $Session -ne 'interactive_task') {
        return 'direct'
    }
    if ($Session -eq 'become') {
        return 'become_mismatch'
    }
    if ($UserProfile.logged_on) {
        return 'interactive_task'
    }
    'not_logged_on'
}

Function Dismount-OfficeopsUserHive {
    <#
    .SYNOPSIS
    Unload a hive this layer loaded; $null on success, else why it failed. Never throws.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $KeyName
    )

    try {
        $present = [Microsoft.Win32.Registry]::Users.OpenSubKey($KeyName, $false)
        if ($null -eq $present) {
            return $null  # already unloaded (by a concurrent run, or never loaded)
        }
        $present.Dispose()
        $code = [Officeops.UserHive]::Unload($KeyName, 5)
    }
    catch {
        return "unloading failed: $($_.Exception.Message)"
    }
    if ($code -eq 0) {
        return $null
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

    $mountName = "officeops_$($UserProfile.sid)"
    $manualUnload = 'reg.exe unload "HKU\{0}"' -f $mountName
    # One run at a time per user: a second run would take a live private mount for a stale one.
    $mutex = New-Object -TypeName System.Threading.Mutex -ArgumentList $false, "Global\officeops_hive_$($UserProfile.sid)"
    try {
        try {
            if (-not $mutex.WaitOne([TimeSpan]::FromMinutes(5))) {
                throw "another officeops run has held the registry hive of $($UserProfile.name) for 5 minutes"
            }
        }
        catch [System.Threading.AbandonedMutexException] {
            $null = $_  # a run died holding it; the stale check below cleans up after it
        }
        Invoke-OfficeopsUserHiveLocked -UserProfile $UserProfile -ScriptBlock $ScriptBlock -MountName $mountName -ManualUnload $manualUnload
    }
    finally {
        try {
            $mutex.ReleaseMutex()
        }
        catch [System.ApplicationException] {
            $null = $_  # not owned: WaitOne timed out
        }
        $mutex.Dispose()
    }
}

Function Invoke-OfficeopsUserHiveLocked {
    # The body of Invoke-OfficeopsWithUserHive, run while holding the user's hive mutex.
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [scriptblock]
        $ScriptBlock,

        [Parameter(Mandatory)]
        [string]
        $MountName,

        [Parameter(Mandatory)]
        [string]
        $ManualUnload
    )

    $mountName = $MountName
    $manualUnload = $ManualUnload
    # A run that died between load and unload leaves the private key behind; clear it first,
    # or RegLoadKey fails and the user keeps a loaded hive.
    $stale = [Microsoft.Win32.Registry]::Users.OpenSubKey($mountName, $false)
    if ($null -ne $stale) {
        $stale.Dispose()
        $staleError = Dismount-OfficeopsUserHive -KeyName $mountName
        if ($staleError) {
            throw ("HKEY_USERS\{0} is still loaded from an earlier run and cannot be unloaded ({1}); unload it by " +
                "hand: {2}") -f $mountName, $staleError, $manualUnload
        }
    }

    # Checked now, not when the profiles were listed: users log on and off meanwhile.
    $loaded = [Microsoft.Win32.Registry]::Users.OpenSubKey($UserProfile.sid, $false)
    $hiveState = 'loaded'
    if ($null -ne $loaded) {
        $loaded.Dispose()
        $mountName = $null
    }
    else {
        $hiveFile = Join-Path -Path $UserProfile.profile_path -ChildPath 'NTUSER.DAT'
        if (-not (Test-Path -LiteralPath $hiveFile -PathType Leaf)) {
            throw "The registry hive of $($UserProfile.name) ($($UserProfile.sid)) was not found at $hiveFile"
        }
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
        # A key handed back by the script block would keep the hive busy at unload time.
        foreach ($item in @($output)) {
            if ($item -is [Microsoft.Win32.RegistryKey]) {
                $item.Dispose()
                $output = $null
                if (-not $scriptError) {
                    $scriptError = 'the script block returned a registry key; it must return plain data'
                }
            }
        }
        if ($mountName) {
            $unloadError = Dismount-OfficeopsUserHive -KeyName $mountName
        }
    }

    if ($unloadError) {
        $message = ("The registry hive of {0} is still loaded at HKEY_USERS\{1} ({2}). Unload it before the user " +
            "logs on, or Windows gives them a temporary profile: {3}") -f $UserProfile.name, $mountName, $unloadError, $manualUnload
        if ($scriptError) {
            $message += " The operation itself had failed first: $scriptError"
        }
        throw $message
    }
    if ($scriptError) {
        throw $scriptError
    }
    @{ output = $output; hive = $hiveState }
}

Function Assert-OfficeopsActionName {
    # Action names become registry key names: no separators, no surprises.
    param (
        [Parameter(Mandatory)]
        [string]
        $Action
    )

    if ($Action -cnotmatch '^[a-z][a-z0-9_]{0,39}$') {
        throw "invalid action name '$Action'"
    }
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

    Assert-OfficeopsActionName -Action $Action
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

    Assert-OfficeopsActionName -Action $Action
    $key = $HiveRoot.CreateSubKey("Software\officeops\outlook_auth\once\$Action")
    try {
        $key.SetValue($OnceId, [DateTime]::UtcNow.ToString('o'), [Microsoft.Win32.RegistryValueKind]::String)
    }
    finally {
        $key.Dispose()
    }
}

Function New-OfficeopsProtectedAcl {
    <#
    .SYNOPSIS
    A folder ACL that inherits nothing: owner Administrators, SYSTEM and Administrators full
    control, $ReaderSid read and execute, each for the folder and everything below it.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $ReaderSid
    )

    $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    $none = [System.Security.AccessControl.PropagationFlags]::None
    $allow = [System.Security.AccessControl.AccessControlType]::Allow
    $acl = New-Object -TypeName System.Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    $acl.SetOwner((New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList 'S-1-5-32-544'))
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        $acl.AddAccessRule((New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
                    (New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $sid),
                    [System.Security.AccessControl.FileSystemRights]::FullControl, $inherit, $none, $allow)))
    }
    $acl.AddAccessRule((New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
                (New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $ReaderSid),
                [System.Security.AccessControl.FileSystemRights]::ReadAndExecute, $inherit, $none, $allow)))
    $acl
}

Function New-OfficeopsPrivateFolder {
    <#
    .SYNOPSIS
    Create a new folder for one session task: SYSTEM and Administrators have full control,
    the user may only read it and write in its 'out' subfolder. The files in it may name the
    user's credentials, and a user who could write the top folder could plant a junction or
    change run.ps1.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Path,

        [Parameter(Mandatory)]
        [string]
        $UserSid
    )

    if (Test-Path -LiteralPath $Path) {
        throw "refusing to reuse existing folder $Path"
    }
    $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    $none = [System.Security.AccessControl.PropagationFlags]::None
    $allow = [System.Security.AccessControl.AccessControlType]::Allow
    $null = [System.IO.Directory]::CreateDirectory($Path, (New-OfficeopsProtectedAcl -ReaderSid $UserSid))
    $user = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $UserSid
    $outAcl = New-Object -TypeName System.Security.AccessControl.DirectorySecurity
    $outAcl.AddAccessRule((New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
                $user, [System.Security.AccessControl.FileSystemRights]::Modify, $inherit, $none, $allow)))
    $null = [System.IO.Directory]::CreateDirectory((Join-Path -Path $Path -ChildPath 'out'), $outAcl)
}

Function Remove-OfficeopsPrivateFolder {
    <#
    .SYNOPSIS
    Delete a session task's folder; $null on success, else why not.

    .DESCRIPTION
    Only the files this layer writes are deleted, by name, and then the two folders without
    recursion: the user may write in 'out' and could plant a link there, which a recursive
    delete would follow if it were swapped in mid-way. A folder that is itself a link loses
    only the link.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    if (-not [System.IO.Directory]::Exists($Path)) {
        return $null
    }
    try {
        if ([System.IO.File]::GetAttributes($Path) -band [System.IO.FileAttributes]::ReparsePoint) {
            [System.IO.Directory]::Delete($Path, $false)
            return $null
        }
    }
    catch {
        return "could not remove the link $($Path): $($_.Exception.Message)"
    }
    $out = Join-Path -Path $Path -ChildPath 'out'
    $lastError = $null
    for ($attempt = 1; $attempt -le 5; $attempt++) {
        try {
            $files = @((Join-Path $Path 'input.json'), (Join-Path $Path 'run.ps1'))
            # The user may write in 'out' and could have turned it into a link: then only the
            # link goes, never a file through it.
            if ([System.IO.Directory]::Exists($out) -and
                ([System.IO.File]::GetAttributes($out) -band [System.IO.FileAttributes]::ReparsePoint)) {
                [System.IO.Directory]::Delete($out, $false)
            }
            else {
                $files += @((Join-Path $out 'result.json'), (Join-Path $out 'result.tmp'))
            }
            foreach ($file in $files) {
                if ([System.IO.File]::Exists($file)) {
                    # A read-only mark set by the user would make the delete fail.
                    [System.IO.File]::SetAttributes($file, [System.IO.FileAttributes]::Normal)
                    [System.IO.File]::Delete($file)
                }
            }
            if ([System.IO.Directory]::Exists($out)) {
                [System.IO.Directory]::Delete($out, $false)
            }
            [System.IO.Directory]::Delete($Path, $false)
            return $null
        }
        catch {
            $lastError = $_.Exception.Message
            Start-Sleep -Milliseconds (200 * $attempt)
        }
    }
    "could not remove $($Path): $lastError"
}

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
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Folder
    )

    $resultPath = Join-Path -Path $Folder -ChildPath 'out\result.json'
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

    $cutoff = [DateTime]::UtcNow.AddHours(-1)
    foreach ($task in @($TaskFolder.GetTasks(1))) {  # 1 = TASK_ENUM_HIDDEN
        # Names carry their UTC creation time: officeops-outlook_auth-<yyyyMMddTHHmmssZ>-<guid>.
        if ($task.Name -notmatch '^officeops-outlook_auth-(\d{8}T\d{6}Z)-[0-9a-f]{32}$' -or $task.State -eq 4) {
            continue
        }
        $created = [DateTime]::MinValue
        $parsed = [DateTime]::TryParseExact($Matches[1], 'yyyyMMddTHHmmssZ', [System.Globalization.CultureInfo]::InvariantCulture,
            [System.Globalization.DateTimeStyles]'AssumeUniversal, AdjustToUniversal', [ref]$created)
        if ($parsed -and $created -lt $cutoff) {
            try {
                $TaskFolder.DeleteTask($task.Name, 0)
            }
            catch {
                $null = $_  # deleted meanwhile
            }
        }
    }
    # Only folders this layer made: its name pattern and owned by Administrators (anyone can
    # create C:\Windows\Temp\officeops-*, and backdate it).
    $temp = Join-Path -Path $env:SystemRoot -ChildPath 'Temp'
    $administrators = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList 'S-1-5-32-544'
    foreach ($folder in [System.IO.Directory]::GetDirectories($temp, 'officeops-*')) {
        if ([System.IO.Path]::GetFileName($folder) -cnotmatch '^officeops-[0-9a-f]{32}$' -or
            [System.IO.Directory]::GetCreationTimeUtc($folder) -ge $cutoff) {
            continue
        }
        try {
            $owner = [System.IO.Directory]::GetAccessControl($folder, [System.Security.AccessControl.AccessControlSections]::Owner).GetOwner(
                [System.Security.Principal.SecurityIdentifier])
        }
        catch {
            continue
        }
        if ($owner -eq $administrators) {
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
    $userId = ([System.Security.Principal.SecurityIdentifier]$UserProfile.sid).Translate(
        [System.Security.Principal.NTAccount]).Value

    $id = [Guid]::NewGuid().ToString('N')
    $taskName = 'officeops-outlook_auth-{0}-{1}' -f [DateTime]::UtcNow.ToString('yyyyMMddTHHmmssZ',
        [System.Globalization.CultureInfo]::InvariantCulture), $id
    $folder = Join-Path -Path $env:SystemRoot -ChildPath "Temp\officeops-$id"
    $service = $null
    $taskFolder = $null
    $task = $null
    $outcome = $null
    try {
        New-OfficeopsPrivateFolder -Path $folder -UserSid $UserProfile.sid
        $arguments = Write-OfficeopsRunner -Folder $folder -Code $Code -InputObject $InputObject
        $service = New-Object -ComObject 'Schedule.Service'
        $service.Connect()
        $taskFolder = $service.GetFolder('\')
        Clear-OfficeopsSessionLeftover -TaskFolder $taskFolder
        $definition = New-OfficeopsUserTaskDefinition -Service $service -UserId $userId -Arguments $arguments `
            -Description 'officeops.outlook_auth one-shot task; deleted when done' -TimeLimitSeconds ($TimeoutSeconds + 30)
        # 6 = TASK_CREATE_OR_UPDATE, 3 = TASK_LOGON_INTERACTIVE_TOKEN
        $task = $taskFolder.RegisterTaskDefinition($taskName, $definition, 6, $userId, $null, 3)
        # 4 = TASK_RUN_USE_SESSION_ID: start in the user's own session (IRegisteredTask::RunEx).
        $null = $task.RunEx($null, 4, [int]$UserProfile.session_id, '')

        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        $answer = Read-OfficeopsRunnerResult -Folder $folder
        $endedWithoutAnswer = 0
        while ($null -eq $answer -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 250
            $answer = Read-OfficeopsRunnerResult -Folder $folder
            # 3 = TASK_STATE_READY after it ran: the process is gone. Give the rename a moment,
            # then report a runner that died (blocked by policy, say) instead of waiting on.
            if ($null -eq $answer -and $task.State -eq 3 -and $task.LastTaskResult -ne 267011) {
                $endedWithoutAnswer++
                if ($endedWithoutAnswer -ge 8) {
                    break
                }
            }
        }
        $outcome = if ($null -eq $answer -and $endedWithoutAnswer -ge 8) {
            @{ status = 'failed'; output = $null; error = ("the task in the user's session ended without an answer " +
                    "(last result 0x{0:X8}); is PowerShell blocked there by AppLocker, WDAC or an endpoint agent?") -f $task.LastTaskResult }
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
                $task.Stop(0)
                # Stop returns before the process has gone; wait while it runs (4 = TASK_STATE_RUNNING).
                for ($wait = 0; $wait -lt 40 -and $task.State -eq 4; $wait++) {
                    Start-Sleep -Milliseconds 250
                }
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
        $cleanupError = Remove-OfficeopsPrivateFolder -Path $folder
        foreach ($comObject in @($task, $taskFolder, $service)) {
            if ($null -ne $comObject) {
                $null = [System.Runtime.InteropServices.Marshal]::ReleaseComObject($comObject)
            }
        }
    }
    $outcome.cleanup_error = $cleanupError
    $outcome
}

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

Function Test-OfficeopsElevatedAdministrator {
    # Whether this process runs with an elevated Administrators token, which creating a
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

Export-ModuleMember -Function Invoke-OfficeopsNativeCommand, Test-OfficeopsElevatedAdministrator, Invoke-OfficeopsAsUser, ConvertTo-OfficeopsSid, Get-OfficeopsUserProfile, Test-OfficeopsRealProfile,
Resolve-OfficeopsTargetUser, Get-OfficeopsSessionAccess, Dismount-OfficeopsUserHive, Invoke-OfficeopsWithUserHive, Get-OfficeopsOnceMarker,
Set-OfficeopsOnceMarker, Invoke-OfficeopsInUserSession, New-OfficeopsProtectedAcl
