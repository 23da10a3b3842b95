# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Files under a user's profile, as an administrator touches them for the user's wrappers
# (_UserState.psm1): a profile-relative path that cannot leave the profile nor go through
# a link the user planted, the files of a folder, a .reg backup written, a file moved aside,
# one of this collection's own backups deleted. The lab twin is
# plugins/plugin_utils/_lab/userstate.py.

Set-StrictMode -Version 2.0

# The Windows file system, each call behind a function of its own that the Pester suite
# (tests/powershell/module_utils/_ProfileFile.Tests.ps1) replaces; no decisions in them.

Function Get-OfficeopsFullPath {
    # The boundary the tests replace: Windows path normalisation.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.Path]::GetFullPath($Path)
}

Function Get-OfficeopsParentPath {
    # The boundary the tests replace: the folder part of a Windows path.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.Path]::GetDirectoryName($Path)
}

Function Get-OfficeopsPathAttribute {
    # The boundary the tests replace: a path's attributes; throws FileNotFoundException or
    # DirectoryNotFoundException when nothing is there.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.File]::GetAttributes($Path)
}

Function Test-OfficeopsDirectoryPath {
    # The boundary the tests replace: whether a folder exists.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.Directory]::Exists($Path)
}

Function Test-OfficeopsFilePath {
    # The boundary the tests replace: whether a file exists.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.File]::Exists($Path)
}

Function Get-OfficeopsDirectoryInfo {
    # The boundary the tests replace: a folder whose GetFiles() / GetDirectories() list it.
    param ([Parameter(Mandatory)][string]$Path)
    New-Object -TypeName System.IO.DirectoryInfo -ArgumentList $Path
}

Function Read-OfficeopsFileText {
    # The boundary the tests replace: a text file's content (its byte order mark decides).
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.File]::ReadAllText($Path)
}

Function New-OfficeopsDirectoryPath {
    # The boundary the tests replace: create a folder and the missing ones above it.
    param ([Parameter(Mandatory)][string]$Path)
    $null = [System.IO.Directory]::CreateDirectory($Path)
}

Function Write-OfficeopsNewFile {
    # The boundary the tests replace: create a file that must not exist yet (CreateNew) and
    # write the bytes.
    param ([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][byte[]]$Bytes)
    $stream = New-Object -TypeName System.IO.FileStream -ArgumentList $Path, ([System.IO.FileMode]::CreateNew),
        ([System.IO.FileAccess]::Write), ([System.IO.FileShare]::None)
    try {
        $stream.Write($Bytes, 0, $Bytes.Length)
    }
    finally {
        $stream.Dispose()
    }
}

Function Invoke-OfficeopsFileReplace {
    # The boundary the tests replace: replace an existing file by another, keeping no copy.
    param ([Parameter(Mandatory)][string]$Source, [Parameter(Mandatory)][string]$Destination)
    # [NullString]: PowerShell would pass $null to a string parameter as "", which
    # File.Replace takes for a backup file name.
    [System.IO.File]::Replace($Source, $Destination, [NullString]::Value)
}

Function Move-OfficeopsFilePath {
    # The boundary the tests replace: rename a file (fails when the destination exists).
    param ([Parameter(Mandatory)][string]$Source, [Parameter(Mandatory)][string]$Destination)
    [System.IO.File]::Move($Source, $Destination)
}

Function Set-OfficeopsFileNormal {
    # The boundary the tests replace: clear a file's attributes (a read-only mark included).
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.File]::SetAttributes($Path, [System.IO.FileAttributes]::Normal)
}

Function Remove-OfficeopsFilePath {
    # The boundary the tests replace: delete a file.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.File]::Delete($Path)
}

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
    # Joined with '\' as Join-Path does on Windows (the root has no trailing '\', the relative
    # path no leading one), without asking a PowerShell drive provider.
    $root = (Get-OfficeopsFullPath -Path $UserProfile.profile_path).TrimEnd('\')
    $full = Get-OfficeopsFullPath -Path ('{0}\{1}' -f $root, $RelativePath)
    # (Windows PowerShell's GetFullPath turns a device name such as NUL into \\.\NUL.)
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
        $walk = '{0}\{1}' -f $walk, $part
        try {
            $attributes = Get-OfficeopsPathAttribute -Path $walk
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
            if (-not (Test-OfficeopsDirectoryPath -Path $full)) {
                continue
            }
            $directory = Get-OfficeopsDirectoryInfo -Path $full
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
    if ((Test-OfficeopsFilePath -Path $fullPath) -and (Read-OfficeopsFileText -Path $fullPath) -ceq $Content) {
        return $false
    }
    New-OfficeopsDirectoryPath -Path (Get-OfficeopsParentPath -Path $fullPath)
    # A fresh random name opened with CreateNew: nothing the user planted can be written through.
    $temp = '{0}.{1}.tmp' -f $fullPath, [Guid]::NewGuid().ToString('N')
    $bytes = [System.Text.Encoding]::Unicode.GetPreamble() + [System.Text.Encoding]::Unicode.GetBytes($Content)
    try {
        Write-OfficeopsNewFile -Path $temp -Bytes $bytes
        # Checked again just before the rename: the user may have swapped a folder meanwhile.
        $null = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $RelativePath
        if (Test-OfficeopsFilePath -Path $fullPath) {
            Invoke-OfficeopsFileReplace -Source $temp -Destination $fullPath
        }
        else {
            Move-OfficeopsFilePath -Source $temp -Destination $fullPath
        }
    }
    catch {
        # Also a temp file left half-written by a failed write (a full disk, say).
        if (Test-OfficeopsFilePath -Path $temp) {
            Remove-OfficeopsFilePath -Path $temp
        }
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
    if (-not (Test-OfficeopsFilePath -Path $from)) {
        if (Test-OfficeopsFilePath -Path $to) {
            return $false
        }
        throw "neither $Source nor its backup $Destination exists"
    }
    if (Test-OfficeopsFilePath -Path $to) {
        throw "refusing to overwrite $Destination"
    }
    New-OfficeopsDirectoryPath -Path (Get-OfficeopsParentPath -Path $to)
    # A file held open (by Outlook, by the token broker) fails with a sharing violation; a
    # few tries ride out a process that is just exiting, then the error stands and nothing
    # moved, so a rerun finishes the job.
    for ($attempt = 1; ; $attempt++) {
        try {
            # Checked again just before each try: the user may have swapped a folder meanwhile.
            $null = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $Source
            $null = Resolve-OfficeopsProfileFile -UserProfile $UserProfile -RelativePath $Destination
            Move-OfficeopsFilePath -Source $from -Destination $to
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
    if (-not (Test-OfficeopsFilePath -Path $full)) {
        return $false
    }
    Set-OfficeopsFileNormal -Path $full
    Remove-OfficeopsFilePath -Path $full
    $true
}

Export-ModuleMember -Function Resolve-OfficeopsProfileFile, Get-OfficeopsProfileFileList, Write-OfficeopsProfileFile,
Move-OfficeopsProfileFile, Remove-OfficeopsBackupFile
