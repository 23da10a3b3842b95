# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Executables an administrator runs on the operator's behalf (Get Help command line, the
# Office Deployment Tool): how the controller judges them (hash, age, who else can write
# them) and the Administrators-only folders they are kept in. Whether a file may run is
# decided on the controller (plugins/module_utils/_office/).

#AnsibleRequires -PowerShell ..module_utils._PrivateFolder

Set-StrictMode -Version 2.0

# The Windows calls, each behind a function of its own that the Pester suite
# (tests/powershell/module_utils/_ToolFile.Tests.ps1) replaces; no decisions in them.

Function Test-OfficeopsFilePresent {
    # The boundary the tests replace: whether a file exists.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.File]::Exists($Path)
}

Function Get-OfficeopsFileSha256 {
    # The boundary the tests replace: a file's SHA-256, as Get-FileHash gives it (upper-case hex).
    param ([Parameter(Mandatory)][string]$Path)
    (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash
}

Function Get-OfficeopsFileCreationUtc {
    # The boundary the tests replace: a file's creation time, UTC.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.File]::GetCreationTimeUtc($Path)
}

Function Get-OfficeopsFolderParent {
    # The boundary the tests replace: the folder part of a Windows path.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.Path]::GetDirectoryName($Path)
}

Function Get-OfficeopsPathAcl {
    # The boundary the tests replace: a file's or folder's security descriptor.
    param ([Parameter(Mandatory)][string]$Path)
    Get-Acl -LiteralPath $Path
}

Function Test-OfficeopsFolderPresent {
    # The boundary the tests replace: whether a folder exists.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.Directory]::Exists($Path)
}

Function New-OfficeopsAclFolder {
    # The boundary the tests replace: create a folder with this ACL (an existing one is kept as it is).
    param ([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)]$Acl)
    $null = [System.IO.Directory]::CreateDirectory($Path, $Acl)
}

Function Get-OfficeopsFolderAttribute {
    # The boundary the tests replace: a path's attributes.
    param ([Parameter(Mandatory)][string]$Path)
    [System.IO.File]::GetAttributes($Path)
}

# SYSTEM, Administrators, TrustedInstaller; CREATOR OWNER and CREATOR GROUP entries only
# describe what children inherit and grant nobody access to the path itself.
$script:TrustedWriters = @('S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
    'S-1-3-0', 'S-1-3-1')

Function Get-OfficeopsOtherWriter {
    <#
    .SYNOPSIS
    SIDs other than SYSTEM, Administrators and TrustedInstaller that may write or own the
    path: whoever can write a tool's folder could plant a DLL an elevated run loads.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    # DeleteSubdirectoriesAndFiles (FILE_DELETE_CHILD) on a folder lets its holder delete or
    # rename what is in it whatever the child's own ACL says, so a tool folder (or a folder
    # above it) could be moved aside and replaced (Microsoft Learn, "File Security and Access
    # Rights"; FileSystemRights.DeleteSubdirectoriesAndFiles).
    $writeRights = [System.Security.AccessControl.FileSystemRights]('WriteData, AppendData, WriteExtendedAttributes, ' +
        'WriteAttributes, Delete, DeleteSubdirectoriesAndFiles, ChangePermissions, TakeOwnership')
    # GENERIC_ALL (0x10000000) and GENERIC_WRITE (0x40000000) can appear unmapped in an ACE.
    $writeMask = [int]$writeRights -bor 0x50000000
    $acl = Get-OfficeopsPathAcl -Path $Path
    # The owner can rewrite the ACL whatever its entries say.
    $owner = $acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
    if ($owner -notin $script:TrustedWriters) {
        $owner
    }
    foreach ($rule in $acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {
        if ($rule.AccessControlType -eq 'Allow' -and ([int]$rule.FileSystemRights -band $writeMask) -and
            $rule.IdentityReference.Value -notin $script:TrustedWriters) {
            $rule.IdentityReference.Value
        }
    }
}

Function Get-OfficeopsToolFile {
    <#
    .SYNOPSIS
    An executable as the controller judges it; never runs it. Returns @{ exists; sha256;
    created; writable_by_others; path }. The folders checked for other writers are the
    file's own and, with -CheckUpTo, every folder above it up to and including that one.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Path,

        [string]
        $CheckUpTo
    )

    $tool = @{ exists = $false; sha256 = $null; created = $null; writable_by_others = @(); path = $Path }
    if (-not (Test-OfficeopsFilePresent -Path $Path)) {
        return $tool
    }
    $tool.exists = $true
    $tool.sha256 = (Get-OfficeopsFileSha256 -Path $Path).ToLowerInvariant()
    # Microsoft counts a Get Help build's 90 days from the exe's creation date.
    $tool.created = (Get-OfficeopsFileCreationUtc -Path $Path).ToString('yyyy-MM-ddTHH:mm:ssZ',
        [System.Globalization.CultureInfo]::InvariantCulture)
    $folders = [System.Collections.Generic.List[string]]@()
    $folder = Get-OfficeopsFolderParent -Path $Path
    $folders.Add($folder)
    if ($CheckUpTo) {
        $top = $CheckUpTo.TrimEnd('\')
        while ($folder.Length -gt $top.Length -and $folder.StartsWith($top + '\', [System.StringComparison]::OrdinalIgnoreCase)) {
            $folder = Get-OfficeopsFolderParent -Path $folder
            $folders.Add($folder)
        }
    }
    $writers = @(Get-OfficeopsOtherWriter -Path $Path) + @(foreach ($item in $folders) { Get-OfficeopsOtherWriter -Path $item })
    $tool.writable_by_others = @($writers | Sort-Object -Unique)
    $tool
}

Function New-OfficeopsAdminFolder {
    <#
    .SYNOPSIS
    Make $Path and any missing folder between $Root (which must exist, e.g. ProgramData) and
    it, each created with its own ACL: SYSTEM and Administrators full control, Users read
    and execute (the Outlook scan runs as the user), owner Administrators, nothing
    inherited. A level that already exists must be a real folder no one else can write,
    else this throws: an elevated run must not load files others could have swapped.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Root,

        [Parameter(Mandatory)]
        [string]
        $Path
    )

    $top = $Root.TrimEnd('\')
    if (-not $Path.StartsWith($top + '\', [System.StringComparison]::OrdinalIgnoreCase)) {
        throw "$Path is not below $top"
    }
    $current = $top
    foreach ($part in $Path.Substring($top.Length).Trim('\').Split('\')) {
        # Joined with '\' as Join-Path does on Windows, without asking a PowerShell drive provider.
        $current = '{0}\{1}' -f $current, $part
        if (-not (Test-OfficeopsFolderPresent -Path $current)) {
            # Users (S-1-5-32-545) read and execute: the Outlook scan runs as the user.
            $acl = New-OfficeopsProtectedAcl -ReaderSid 'S-1-5-32-545'
            # CreateDirectory keeps a folder someone made meanwhile as it is, so every level
            # is checked below whether it was made here or found.
            New-OfficeopsAclFolder -Path $current -Acl $acl
        }
        if ((Get-OfficeopsFolderAttribute -Path $current) -band [System.IO.FileAttributes]::ReparsePoint) {
            throw "$current is a link or junction; refusing to keep an administrator's tools behind it"
        }
        $others = @(Get-OfficeopsOtherWriter -Path $current)
        if ($others.Count -gt 0) {
            throw "$current can be written (or, as owner, re-permissioned) by $($others -join ', '); refusing to keep an administrator's tools there"
        }
    }
}

Export-ModuleMember -Function Get-OfficeopsOtherWriter, Get-OfficeopsToolFile, New-OfficeopsAdminFolder
