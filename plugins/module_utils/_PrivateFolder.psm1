# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Folders a user may read but not change: the protected ACL (owner Administrators, no
# inheritance) and the one-shot folder of a session task, created and removed without
# following a link the user could plant.

Set-StrictMode -Version 2.0

Function New-OfficeopsDirectorySecurity {
    # Boundary the tests replace: an empty folder ACL (the ACL types throw off Windows).
    New-Object -TypeName System.Security.AccessControl.DirectorySecurity
}

Function ConvertTo-OfficeopsSecurityIdentifier {
    # Boundary the tests replace: a SecurityIdentifier (Windows only).
    param ([Parameter(Mandatory)][string]$Sid)
    New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $Sid
}

Function New-OfficeopsAllowRule {
    # Boundary the tests replace: allow $Rights to $Sid on the folder and all below it.
    param ([Parameter(Mandatory)][string]$Sid, [Parameter(Mandatory)][string]$Rights)
    New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
        (ConvertTo-OfficeopsSecurityIdentifier -Sid $Sid), [System.Security.AccessControl.FileSystemRights]$Rights,
        [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit',
        [System.Security.AccessControl.PropagationFlags]::None, [System.Security.AccessControl.AccessControlType]::Allow)
}

Function New-OfficeopsAclDirectory {
    # Boundary the tests replace: create a folder with its ACL (the .NET Framework overload).
    param ([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][object]$Acl)
    $null = [System.IO.Directory]::CreateDirectory($Path, $Acl)
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

    $acl = New-OfficeopsDirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    $acl.SetOwner((ConvertTo-OfficeopsSecurityIdentifier -Sid 'S-1-5-32-544'))
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        $acl.AddAccessRule((New-OfficeopsAllowRule -Sid $sid -Rights FullControl))
    }
    $acl.AddAccessRule((New-OfficeopsAllowRule -Sid $ReaderSid -Rights ReadAndExecute))
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
    New-OfficeopsAclDirectory -Path $Path -Acl (New-OfficeopsProtectedAcl -ReaderSid $UserSid)
    $outAcl = New-OfficeopsDirectorySecurity
    $outAcl.AddAccessRule((New-OfficeopsAllowRule -Sid $UserSid -Rights Modify))
    New-OfficeopsAclDirectory -Path (Join-Path -Path $Path -ChildPath 'out') -Acl $outAcl
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

Export-ModuleMember -Function New-OfficeopsProtectedAcl, New-OfficeopsPrivateFolder, Remove-OfficeopsPrivateFolder
