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
#AnsibleRequires -PowerShell ..module_utils._ProfileFile

Set-StrictMode -Version 2.0

# The Windows calls of a process stop, each behind a function of its own that the Pester
# suite (tests/powershell/module_utils/_UserState.Tests.ps1) replaces; no decisions in them.

Function Get-OfficeopsAccountName {
    # The boundary the tests replace: a SID's DOMAIN\name, as Get-Process names owners.
    param ([Parameter(Mandatory)][string]$Sid)
    ([System.Security.Principal.SecurityIdentifier]$Sid).Translate([System.Security.Principal.NTAccount]).Value
}

Function Get-OfficeopsNamedProcess {
    # The boundary the tests replace: the running processes of that name, with their owner.
    param ([Parameter(Mandatory)][string]$Name)
    @(Get-Process -Name $Name -IncludeUserName -ErrorAction SilentlyContinue)
}

Function Stop-OfficeopsProcessHandle {
    # The boundary the tests replace: TerminateProcess, then whether it exited in time.
    param ([Parameter(Mandatory)]$Process, [Parameter(Mandatory)][int]$TimeoutMilliseconds)
    $Process.Kill()
    $Process.WaitForExit($TimeoutMilliseconds)
}

Function Get-OfficeopsOpPath {
    # An op's path, '' for ops without one (stop_process, set_once_marker): under strict
    # mode a missing key read as a property throws.
    param ([Parameter(Mandatory)][System.Collections.IDictionary]$Op)
    if ($Op.ContainsKey('path')) { [string]$Op['path'] } else { '' }
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
    $account = Get-OfficeopsAccountName -Sid $UserProfile.sid
    $stopped = $false
    $processes = @(Get-OfficeopsNamedProcess -Name $ProcessName)
    try {
        foreach ($process in $processes) {
            try {
                # The user's own process in the user's session: never an administrator's there.
                if ($null -ne $UserProfile.session_id -and $process.SessionId -eq $UserProfile.session_id -and
                    $process.UserName -eq $account) {
                    # TerminateProcess: the caller's documentation says unsaved work is lost; Outlook
                    # checks its data files at the next start.
                    if (-not (Stop-OfficeopsProcessHandle -Process $process -TimeoutMilliseconds 30000)) {
                        throw "$ProcessName (pid $($process.Id)) did not exit within 30 seconds"
                    }
                    $stopped = $true
                }
            }
            catch [System.InvalidOperationException] {
                $null = $_  # exited meanwhile
            }
        }
    }
    finally {
        # Every process listed, also those after one that failed.
        foreach ($process in $processes) {
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
                $outcome = @{ op = [string]$item.op; sid = $UserProfile.sid; path = (Get-OfficeopsOpPath -Op $item); status = 'not_run'; error = $null }
                $results.Add($outcome)
                if ($failed) {
                    continue
                }
                try {
                    # Case-sensitive, as the wrappers' own op filters and the contract's names.
                    $changed = switch -CaseSensitive ($item.op) {
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
                            # Checked first: an invalid path fails even when a key answers to it.
                            Assert-OfficeopsRelativeKeyPath -Path $item.path
                            $existing = $root.OpenSubKey([string]$item.path, $false)
                            if ($null -ne $existing) {
                                $existing.Dispose()
                                $false
                            }
                            else {
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
                @{ op = [string]$item.op; sid = $sid; path = (Get-OfficeopsOpPath -Op $item); status = 'failed'; error = "no profile with SID $sid on this machine" }
            }
            continue
        }
        Invoke-OfficeopsUserOp -UserProfile $userProfile -Op @($bySid[$sid])
    }
}

Export-ModuleMember -Function Get-OfficeopsUserState, Stop-OfficeopsUserProcess, Invoke-OfficeopsUserOp, Invoke-OfficeopsUserOpBatch
