# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# A user's registry and profile files, read and changed the same way by every wrapper that
# acts on them: the probe reads the keys and lists the files the controller names; the
# apply runs the controller's ops for one user in order, inside their hive, and stops that
# user's ops at the first failure, so nothing is deleted or moved after a step it depends
# on (a backup, say) failed. The lab twin is plugins/plugin_utils/_lab/userstate.py.

#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._UserHive
#AnsibleRequires -PowerShell ..module_utils._OnceMarker
#AnsibleRequires -PowerShell ..module_utils._RegistryTree

Set-StrictMode -Version 2.0

Function Resolve-OfficeopsProfileFile {
    <#
    .SYNOPSIS
    The full path of a path relative to the user's profile; refuses anything that could
    leave the profile (.., drive letters, rooted or UNC paths, wildcards).
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $RelativePath
    )

    # Also parts ending in a dot or a space, which Win32 silently trims into another name.
    if ($RelativePath -match '(^|\\)\.\.?(\\|$)' -or $RelativePath -match '^\\|[*?<>|":/]' -or
        $RelativePath -match '[\x00-\x1f]' -or $RelativePath -match '[. ](\\|$)' -or
        $RelativePath.Length -gt 400 -or $RelativePath.Trim() -eq '') {
        throw "invalid profile-relative path '$RelativePath'"
    }
    $root = [System.IO.Path]::GetFullPath($UserProfile.profile_path).TrimEnd('\')
    $full = [System.IO.Path]::GetFullPath((Join-Path -Path $root -ChildPath $RelativePath))
    if (-not $full.StartsWith($root + '\', [System.StringComparison]::OrdinalIgnoreCase)) {
        throw "profile-relative path '$RelativePath' leaves the profile"
    }
    # The user controls their profile: a junction or symbolic link below it could point this
    # administrator's write or move anywhere. Refuse to go through one.
    # GetAttributes, not Test-Path: Test-Path answers $false when access is denied, which a
    # user can arrange on their own folders to hide a link from this check. The profile root
    # itself may be a link (FSLogix profile containers) and is set by administrators, so the
    # walk starts below it.
    $walk = $root
    foreach ($part in $full.Substring($root.Length + 1).Split('\')) {
        $walk = Join-Path -Path $walk -ChildPath $part
        try {
            $attributes = [System.IO.File]::GetAttributes($walk)
        }
        catch [System.IO.FileNotFoundException], [System.IO.DirectoryNotFoundException] {
            break  # nothing exists from here on, so no link either
        }
        if ($attributes -band [System.IO.FileAttributes]::ReparsePoint) {
            throw "profile-relative path '$RelativePath' goes through a link at $walk"
        }
    }
    $full
}

Function Get-OfficeopsProfileFileList {
    <#
    .SYNOPSIS
    Files in each named profile-relative folder (@{ path; recurse }), as @{ path (relative);
    size; last_write }. A missing folder lists nothing; links are never followed.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [object[]]
        $Folder
    )

    foreach ($request in $Folder) {
        $pending = [System.Collections.Generic.Queue[string]]@()
        $pending.Enqueue(([string]$request.path).TrimEnd('\'))
        while ($pending.Count -gt 0) {
            $relative = $pending.Dequeue()
            $full = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $relative
            if (-not [System.IO.Directory]::Exists($full)) {
                continue
            }
            $directory = New-Object -TypeName System.IO.DirectoryInfo -ArgumentList $full
            foreach ($file in $directory.GetFiles()) {
                @{
                    path = '{0}\{1}' -f $relative, $file.Name
                    size = [long]$file.Length
                    last_write = $file.LastWriteTimeUtc.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
                }
            }
            if ($request.recurse) {
                foreach ($child in $directory.GetDirectories()) {
                    if (-not ($child.Attributes -band [System.IO.FileAttributes]::ReparsePoint)) {
                        $pending.Enqueue(('{0}\{1}' -f $relative, $child.Name))
                    }
                }
            }
        }
    }
}

Function Get-OfficeopsUserState {
    <#
    .SYNOPSIS
    One probed user: the profile, the named keys of their hive (each read to its depth),
    their once markers for an action, the files in the named folders, or why they could
    not be read.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [object[]]
        $Read,

        [Parameter(Mandatory)]
        [string]
        $OnceAction,

        [AllowEmptyCollection()]
        [object[]]
        $Folder = @()
    )

    $entry = @{
        sid = $UserProfile.sid
        name = $UserProfile.name
        profile_path = $UserProfile.profile_path
        hive_loaded = $UserProfile.hive_loaded
        logged_on = $UserProfile.logged_on
        session_id = $UserProfile.session_id
        console = $UserProfile.console
        keys = @{}
        once = @{}
        files = @()
        hive = $null
        error = $null
    }
    try {
        $entry.files = @(Get-OfficeopsProfileFileList -UserProfile $UserProfile -Folder $Folder)
        $read = Invoke-OfficeopsWithUserHive -UserProfile $UserProfile -ScriptBlock {
            param($root)
            $trees = @{}
            foreach ($item in $Read) {
                $tree = Read-OfficeopsRegistryTree -Root $root -Path ([string]$item.path) -Depth ([int]$item.depth)
                $trees[[string]$item.path] = $tree
                # 'each': the same named subkey of every child, read deeper than the parent
                # (an Outlook profile's account section, without its other MAPI sections).
                # PSBase: a subkey named 'keys' must not shadow the Hashtable's Keys property.
                if ($item.ContainsKey('each') -and $item['each'] -and $null -ne $tree) {
                    foreach ($child in @($tree['keys'].PSBase.Keys)) {
                        $path = '{0}\{1}\{2}' -f [string]$item.path, $child, [string]$item['each']
                        $section = Read-OfficeopsRegistryTree -Root $root -Path $path -Depth ([int]$item['each_depth'])
                        # Never a password off the host: a POP3 / IMAP / SMTP / HTTP account keeps
                        # its password in this section, DPAPI-encrypted with the user's key, as
                        # REG_BINARY values named '<protocol> Password' (not documented by
                        # Microsoft; it is where Outlook's account keys hold them). The controller
                        # reads 'Account Name' only (_facts/build.py), so they are dropped here.
                        $pending = [System.Collections.Generic.Queue[object]]@()
                        if ($null -ne $section) {
                            $pending.Enqueue($section)
                        }
                        while ($pending.Count -gt 0) {
                            $node = $pending.Dequeue()
                            foreach ($name in @($node['values'].PSBase.Keys)) {
                                if ($name -match 'password') {
                                    $node['values'].Remove($name)
                                }
                            }
                            foreach ($sub in @($node['keys'].PSBase.Values)) {
                                $pending.Enqueue($sub)
                            }
                        }
                        $trees[$path] = $section
                    }
                }
            }
            @{ keys = $trees; once = Get-OfficeopsOnceMarker -HiveRoot $root -Action $OnceAction }
        }
        $entry.keys = $read.output.keys
        $entry.once = $read.output.once
        $entry.hive = $read.hive
    }
    catch {
        $entry.error = $_.Exception.Message
    }
    $entry
}

Function Write-OfficeopsProfileFile {
    <#
    .SYNOPSIS
    Write a text file (a .reg backup) inside the user's profile, where the user's own ACL
    protects it, UTF-16 with a byte order mark as regedit writes; $true when written,
    $false when an identical file is already there.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $RelativePath,

        [Parameter(Mandatory)]
        [string]
        $Content
    )

    $fullPath = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $RelativePath
    if ([System.IO.File]::Exists($fullPath) -and [System.IO.File]::ReadAllText($fullPath) -ceq $Content) {
        return $false
    }
    $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($fullPath))
    # A fresh random name opened with CreateNew: nothing the user planted can be written through.
    $temp = '{0}.{1}.tmp' -f $fullPath, [Guid]::NewGuid().ToString('N')
    $stream = New-Object -TypeName System.IO.FileStream -ArgumentList $temp, ([System.IO.FileMode]::CreateNew),
        ([System.IO.FileAccess]::Write), ([System.IO.FileShare]::None)
    try {
        $bytes = [System.Text.Encoding]::Unicode.GetPreamble() + [System.Text.Encoding]::Unicode.GetBytes($Content)
        $stream.Write($bytes, 0, $bytes.Length)
    }
    finally {
        $stream.Dispose()
    }
    try {
        # Checked again just before the rename: the user may have swapped a folder meanwhile.
        $null = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $RelativePath
        if ([System.IO.File]::Exists($fullPath)) {
            # [NullString]: PowerShell would pass $null to a string parameter as "", which
            # File.Replace takes for a backup file name.
            [System.IO.File]::Replace($temp, $fullPath, [NullString]::Value)
        }
        else {
            [System.IO.File]::Move($temp, $fullPath)
        }
    }
    catch {
        [System.IO.File]::Delete($temp)
        throw
    }
    $true
}

Function Move-OfficeopsProfileFile {
    <#
    .SYNOPSIS
    Move one file within the user's profile (into a backup folder); $true when moved,
    $false when it already was (source gone, destination there). A destination that exists
    while the source does too is an error: nothing is overwritten.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $Source,

        [Parameter(Mandatory)]
        [string]
        $Destination
    )

    $from = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $Source
    $to = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $Destination
    if (-not [System.IO.File]::Exists($from)) {
        if ([System.IO.File]::Exists($to)) {
            return $false
        }
        throw "neither $Source nor its backup $Destination exists"
    }
    if ([System.IO.File]::Exists($to)) {
        throw "refusing to overwrite $Destination"
    }
    $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($to))
    # A file held open (by Outlook, by the token broker) fails with a sharing violation; a
    # few tries ride out a process that is just exiting, then the error stands and nothing
    # moved, so a rerun finishes the job.
    for ($attempt = 1; ; $attempt++) {
        try {
            # Checked again just before each try: the user may have swapped a folder meanwhile.
            $null = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $Source
            $null = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $Destination
            [System.IO.File]::Move($from, $to)
            return $true
        }
        catch [System.IO.IOException] {
            if ($attempt -ge 4) {
                throw
            }
            Start-Sleep -Milliseconds (500 * $attempt)
        }
    }
}

Function Remove-OfficeopsBackupFile {
    <#
    .SYNOPSIS
    Delete one file of this collection's own backups (pruning); $true when it existed.
    Anything outside AppData\Local\officeops\outlook_auth is refused.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $RelativePath
    )

    if (-not $RelativePath.StartsWith('AppData\Local\officeops\outlook_auth\', [System.StringComparison]::OrdinalIgnoreCase)) {
        throw "refusing to delete '$RelativePath': only this collection's own backups are deleted"
    }
    $full = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $RelativePath
    if (-not [System.IO.File]::Exists($full)) {
        return $false
    }
    [System.IO.File]::SetAttributes($full, [System.IO.FileAttributes]::Normal)
    [System.IO.File]::Delete($full)
    $true
}

Function Stop-OfficeopsUserProcess {
    <#
    .SYNOPSIS
    Stop the named processes if they still run in the user's session; $true when any was
    stopped. A process that already exited counts as stopped.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $ProcessName
    )

    if ([System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($ProcessName)) {
        throw "invalid process name '$ProcessName'"
    }
    $account = ([System.Security.Principal.SecurityIdentifier]$UserProfile.sid).Translate(
        [System.Security.Principal.NTAccount]).Value
    $stopped = $false
    foreach ($process in @(Get-Process -Name $ProcessName -IncludeUserName -ErrorAction SilentlyContinue)) {
        try {
            # The user's own process in the user's session: never an administrator's there.
            if ($null -ne $UserProfile.session_id -and $process.SessionId -eq $UserProfile.session_id -and
                $process.UserName -eq $account) {
                # TerminateProcess: the caller's documentation says unsaved work is lost; Outlook
                # checks its data files at the next start.
                $process.Kill()
                if (-not $process.WaitForExit(30000)) {
                    throw "$ProcessName (pid $($process.Id)) did not exit within 30 seconds"
                }
                $stopped = $true
            }
        }
        catch [System.InvalidOperationException] {
            $null = $_  # exited meanwhile
        }
        finally {
            $process.Dispose()
        }
    }
    $stopped
}

Function Invoke-OfficeopsUserOp {
    <#
    .SYNOPSIS
    Apply one user's ops in order inside their hive; after a failure the rest are not run.
    Returns @{ op; sid; path; status = 'changed' | 'unchanged' | 'failed' | 'not_run'; error }
    per op, plus a 'user_hive' result when the hive could not be loaded or unloaded.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [object[]]
        $Op
    )

    $results = [System.Collections.Generic.List[object]]@()
    try {
        $null = Invoke-OfficeopsWithUserHive -UserProfile $UserProfile -ScriptBlock {
            param($root)
            $failed = $false
            # Roots of the .reg backups written (or found) earlier in this batch, compared
            # ordinally like the controller and the lab compare them.
            $backedUp = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList ([System.StringComparer]::Ordinal)
            foreach ($item in $Op) {
                $outcome = @{ op = [string]$item.op; sid = $UserProfile.sid; path = [string]$item.path; status = 'not_run'; error = $null }
                $results.Add($outcome)
                if ($failed) {
                    continue
                }
                try {
                    $changed = switch ($item.op) {
                        'set_value' {
                            Set-OfficeopsRegistryValue -Root $root -Path $item.path -Name $item.name -Type $item.type -Data $item.data
                        }
                        'delete_value' {
                            Remove-OfficeopsRegistryValue -Root $root -Path $item.path -Name $item.name
                        }
                        'delete_key' {
                            # Never delete without the backup, nor a key that changed since the
                            # backup was made from it: its fingerprint must be the probe's.
                            $covered = @($backedUp | Where-Object { [string]$item.path -ceq $_ -or
                                    ([string]$item.path).StartsWith($_ + '\', [System.StringComparison]::Ordinal) })
                            if ($covered.Count -eq 0) {
                                throw "refusing to delete $($item.path): no backup of it was written first"
                            }
                            $live = Get-OfficeopsRegistryFingerprint -Root $root -Path $item.path
                            if ($null -eq $live) {
                                $false
                            }
                            elseif ($live -cne [string]$item.expect) {
                                throw "refusing to delete $($item.path): it changed since it was backed up; nothing was deleted, run again"
                            }
                            else {
                                Remove-OfficeopsRegistryKey -Root $root -Path $item.path
                            }
                        }
                        'create_key' {
                            $existing = $root.OpenSubKey([string]$item.path, $false)
                            if ($null -ne $existing) {
                                $existing.Dispose()
                                $false
                            }
                            else {
                                Assert-OfficeopsRelativeKeyPath -Path $item.path
                                $root.CreateSubKey([string]$item.path).Dispose()
                                $true
                            }
                        }
                        'write_backup' {
                            $written = Write-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $item.path -Content $item.content
                            # Only the file's first section, its root: a later header could come
                            # from a crafted name (export refuses those; this is a second lock).
                            $header = [regex]::Match([string]$item.content, '(?m)^\[HKEY_CURRENT_USER\\([^\r\n]+)\]\r?$')
                            if ($header.Success) {
                                $null = $backedUp.Add($header.Groups[1].Value)
                            }
                            $written
                        }
                        'move_file' {
                            Move-OfficeopsProfileFile -UserProfile $UserProfile -Source $item.path -Destination $item.destination
                        }
                        'delete_file' {
                            Remove-OfficeopsBackupFile -UserProfile $UserProfile -RelativePath $item.path
                        }
                        'stop_process' {
                            Stop-OfficeopsUserProcess -UserProfile $UserProfile -ProcessName $item.name
                        }
                        'set_once_marker' {
                            Set-OfficeopsOnceMarker -HiveRoot $root -Action $item.action -OnceId $item.once_id
                            $true
                        }
                        default {
                            throw "unknown op '$($item.op)'"
                        }
                    }
                    $outcome.status = if ($changed) { 'changed' } else { 'unchanged' }
                }
                catch {
                    $outcome.status = 'failed'
                    $outcome.error = $_.Exception.Message
                    $failed = $true
                }
            }
        }
    }
    catch {
        # The hive could not be loaded, or not unloaded afterwards: a result of its own, so
        # the ops' own statuses stay true.
        $results.Add(@{ op = 'user_hive'; sid = $UserProfile.sid; path = ''; status = 'failed'; error = $_.Exception.Message })
    }
    $results
}

Function Invoke-OfficeopsUserOpBatch {
    <#
    .SYNOPSIS
    The apply phase of a per-user wrapper: group the ops by SID (in order) and run each
    user's ops; a SID with no profile fails its ops.
    #>
    param (
        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [object[]]
        $Op
    )

    $profiles = @(Get-OfficeopsUserProfile)
    $bySid = [ordered]@{}
    foreach ($item in $Op) {
        if (-not $bySid.Contains($item.sid)) {
            $bySid[$item.sid] = [System.Collections.Generic.List[object]]@()
        }
        $bySid[$item.sid].Add($item)
    }
    foreach ($sid in $bySid.Keys) {
        $userProfile = @($profiles | Where-Object { $_.sid -eq $sid }) | Select-Object -First 1
        if ($null -eq $userProfile) {
            foreach ($item in $bySid[$sid]) {
                @{ op = [string]$item.op; sid = $sid; path = [string]$item.path; status = 'failed'; error = "no profile with SID $sid on this machine" }
            }
            continue
        }
        Invoke-OfficeopsUserOp -UserProfile $userProfile -Op @($bySid[$sid])
    }
}

Export-ModuleMember -Function Resolve-OfficeopsProfileFile, Get-OfficeopsProfileFileList, Get-OfficeopsUserState,
Write-OfficeopsProfileFile, Move-OfficeopsProfileFile, Remove-OfficeopsBackupFile, Stop-OfficeopsUserProcess, Invoke-OfficeopsUserOp, Invoke-OfficeopsUserOpBatch
