# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# _ProfileFile.psm1 against an in-memory Windows disk (New-FakeDisk below): every boundary
# function of the utility is mocked onto it, so the path refusals, the link walk, the
# write-then-rename, the move retries and the backup-only delete all run here. The last
# block runs the boundaries themselves against this machine's file system, to hold the
# fake to what the real calls do.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _ProfileFile

    $script:Maria = @{ sid = 'S-1-5-21-1-2-3-1001'; name = 'CORP\maria'; profile_path = 'C:\Users\maria'; hive_loaded = $true
        logged_on = $true; session_id = 1; console = $true }

    # An in-memory Windows disk: case-insensitive paths, folders, files, links (reparse
    # points), folders whose attributes cannot be read, files held open for N moves.
    Function global:New-FakeDisk {
        $comparer = [System.StringComparer]::OrdinalIgnoreCase
        $global:FakeDisk = @{
            Files = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,object]' -ArgumentList $comparer
            Dirs = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList $comparer
            Links = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList $comparer
            Denied = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList $comparer
            Busy = @{}         # path -> moves still refused with a sharing violation
            FailWrite = $false # a write that runs out of disk space after creating the file
            AfterWrite = $null # script block run after a write (the user swapping a folder)
            AfterMove = $null  # script block run after a refused move
        }
        Add-FakeDir -Path 'C:\Users\maria'
    }

    Function global:Get-FakeParent {
        param ([string]$Path)
        $Path.Substring(0, $Path.LastIndexOf('\'))
    }

    Function global:Add-FakeDir {
        param ([string]$Path, [switch]$Link)
        $parts = $Path.Split('\')
        for ($i = 1; $i -le $parts.Count; $i++) {
            $null = $global:FakeDisk.Dirs.Add(($parts[0..($i - 1)] -join '\'))
        }
        if ($Link) {
            $null = $global:FakeDisk.Links.Add($Path)
        }
    }

    Function global:Add-FakeFile {
        param ([string]$Path, [string]$Text = 'data', [long]$Length = 4, [datetime]$LastWrite = [datetime]::new(2026, 1, 2, 3, 4, 5, [System.DateTimeKind]::Utc),
            [System.IO.FileAttributes]$Attributes = 'Archive', [switch]$Link)
        Add-FakeDir -Path (Get-FakeParent -Path $Path)
        $global:FakeDisk.Files[$Path] = [pscustomobject]@{ Text = $Text; Length = $Length; LastWrite = $LastWrite; Attributes = $Attributes; Bytes = $null }
        if ($Link) {
            $null = $global:FakeDisk.Links.Add($Path)
        }
    }

    Function global:Get-FakeAttribute {
        param ([string]$Path)
        $disk = $global:FakeDisk
        if ($disk.Denied.Contains($Path)) {
            throw [System.UnauthorizedAccessException]::new("Access to the path '$Path' is denied.")
        }
        $attributes = if ($disk.Dirs.Contains($Path)) { [System.IO.FileAttributes]::Directory }
        elseif ($disk.Files.ContainsKey($Path)) { $disk.Files[$Path].Attributes }
        elseif ($disk.Dirs.Contains((Get-FakeParent -Path $Path))) { throw [System.IO.FileNotFoundException]::new("Could not find file '$Path'.") }
        else { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$Path'.") }
        if ($disk.Links.Contains($Path)) {
            $attributes = $attributes -bor [System.IO.FileAttributes]::ReparsePoint
        }
        $attributes
    }

    Function global:New-FakeDirectoryInfo {
        param ([string]$Path)
        $info = [pscustomobject]@{ FullName = $Path }
        $info | Add-Member -MemberType ScriptMethod -Name GetFiles -Value {
            $disk = $global:FakeDisk
            @(foreach ($name in @($disk.Files.Keys | Sort-Object)) {
                    if ((Get-FakeParent -Path $name) -eq $this.FullName) {
                        $file = $disk.Files[$name]
                        [pscustomobject]@{ Name = $name.Substring($name.LastIndexOf('\') + 1); Length = $file.Length; LastWriteTimeUtc = $file.LastWrite }
                    }
                })
        }
        $info | Add-Member -MemberType ScriptMethod -Name GetDirectories -Value {
            $disk = $global:FakeDisk
            @(foreach ($name in @($disk.Dirs | Sort-Object)) {
                    if ($name.Contains('\') -and (Get-FakeParent -Path $name) -eq $this.FullName) {
                        $attributes = [System.IO.FileAttributes]::Directory
                        if ($disk.Links.Contains($name)) { $attributes = $attributes -bor [System.IO.FileAttributes]::ReparsePoint }
                        [pscustomobject]@{ Name = $name.Substring($name.LastIndexOf('\') + 1); Attributes = $attributes }
                    }
                })
        }
        $info
    }

    Function global:Write-FakeNewFile {
        param ([string]$Path, [byte[]]$Bytes)
        $disk = $global:FakeDisk
        if ($disk.Files.ContainsKey($Path)) {
            throw [System.IO.IOException]::new("The file '$Path' already exists.")
        }
        if (-not $disk.Dirs.Contains((Get-FakeParent -Path $Path))) {
            throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$Path'.")
        }
        $text = [System.Text.Encoding]::Unicode.GetString($Bytes, 2, $Bytes.Length - 2)
        $disk.Files[$Path] = [pscustomobject]@{ Text = $text; Length = $Bytes.Length; LastWrite = [datetime]::UtcNow; Attributes = 'Archive'; Bytes = $Bytes }
        if ($disk.FailWrite) {
            $disk.Files[$Path].Text = $text.Substring(0, 1)
            throw [System.IO.IOException]::new('There is not enough space on the disk.')
        }
        if ($disk.AfterWrite) {
            & $disk.AfterWrite
        }
    }

    Function global:Move-FakeFile {
        param ([string]$Source, [string]$Destination)
        $disk = $global:FakeDisk
        if ($disk.Busy.ContainsKey($Source) -and $disk.Busy[$Source] -gt 0) {
            $disk.Busy[$Source]--
            if ($disk.AfterMove) { & $disk.AfterMove }
            throw [System.IO.IOException]::new('The process cannot access the file because it is being used by another process.')
        }
        if (-not $disk.Files.ContainsKey($Source)) {
            throw [System.IO.FileNotFoundException]::new("Could not find file '$Source'.")
        }
        if ($disk.Files.ContainsKey($Destination)) {
            throw [System.IO.IOException]::new('Cannot create a file when that file already exists.')
        }
        $disk.Files[$Destination] = $disk.Files[$Source]
        $null = $disk.Files.Remove($Source)
    }

    Function global:Remove-FakeFile {
        param ([string]$Path)
        $disk = $global:FakeDisk
        if ($disk.Files.ContainsKey($Path) -and ($disk.Files[$Path].Attributes -band [System.IO.FileAttributes]::ReadOnly)) {
            # DeleteFile refuses a read-only file.
            throw [System.UnauthorizedAccessException]::new("Access to the path '$Path' is denied.")
        }
        $null = $disk.Files.Remove($Path)
    }

    Function global:Get-FakeFullPath {
        # GetFullPath as Windows PowerShell (.NET Framework) does it for the paths used here:
        # repeated separators collapse; a DOS device name anywhere is the device itself.
        param ([string]$Path)
        $leaf = $Path.Substring($Path.LastIndexOf('\') + 1)
        if ($leaf -match '^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$') {
            return '\\.\' + $leaf
        }
        $Path -replace '\\{2,}', '\'
    }

    Function global:Use-FakeDisk {
        # Every boundary of _ProfileFile onto the fake disk (call it in a BeforeEach).
        New-FakeDisk
        Mock -ModuleName _ProfileFile Get-OfficeopsFullPath { Get-FakeFullPath -Path $Path }
        Mock -ModuleName _ProfileFile Get-OfficeopsParentPath { Get-FakeParent -Path $Path }
        Mock -ModuleName _ProfileFile Get-OfficeopsPathAttribute { Get-FakeAttribute -Path $Path }
        Mock -ModuleName _ProfileFile Test-OfficeopsDirectoryPath { $global:FakeDisk.Dirs.Contains($Path) }
        Mock -ModuleName _ProfileFile Test-OfficeopsFilePath { $global:FakeDisk.Files.ContainsKey($Path) }
        Mock -ModuleName _ProfileFile Get-OfficeopsDirectoryInfo { New-FakeDirectoryInfo -Path $Path }
        Mock -ModuleName _ProfileFile Read-OfficeopsFileText { $global:FakeDisk.Files[$Path].Text }
        Mock -ModuleName _ProfileFile New-OfficeopsDirectoryPath { Add-FakeDir -Path $Path }
        Mock -ModuleName _ProfileFile Write-OfficeopsNewFile { Write-FakeNewFile -Path $Path -Bytes $Bytes }
        Mock -ModuleName _ProfileFile Invoke-OfficeopsFileReplace {
            $global:FakeDisk.Files[$Destination] = $global:FakeDisk.Files[$Source]
            $null = $global:FakeDisk.Files.Remove($Source)
        }
        Mock -ModuleName _ProfileFile Move-OfficeopsFilePath { Move-FakeFile -Source $Source -Destination $Destination }
        Mock -ModuleName _ProfileFile Set-OfficeopsFileNormal { $global:FakeDisk.Files[$Path].Attributes = [System.IO.FileAttributes]::Normal }
        Mock -ModuleName _ProfileFile Remove-OfficeopsFilePath { Remove-FakeFile -Path $Path }
        Mock -ModuleName _ProfileFile Start-Sleep { }
    }

}

Describe 'Resolve-OfficeopsProfileFile' {
    BeforeEach {
        Use-FakeDisk
    }

    It 'gives <full> for <relative>' -ForEach @(
        @{ relative = 'AppData\Local\officeops\outlook_auth\identity.reg'; full = 'C:\Users\maria\AppData\Local\officeops\outlook_auth\identity.reg' }
        @{ relative = 'NTUSER.DAT'; full = 'C:\Users\maria\NTUSER.DAT' }
        @{ relative = 'AppData\\Local\x.ost'; full = 'C:\Users\maria\AppData\Local\x.ost' }
        @{ relative = 'a name with spaces\v1.2.pst'; full = 'C:\Users\maria\a name with spaces\v1.2.pst' }
    ) {
        Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath $relative | Should -Be $full
    }

    It 'accepts a profile path with a trailing backslash' {
        $profile2 = $Maria.Clone()
        $profile2.profile_path = 'C:\Users\maria\'
        Resolve-OfficeopsProfileFile -UserProfile $profile2 -RelativePath 'AppData\x.reg' | Should -Be 'C:\Users\maria\AppData\x.reg'
    }

    It 'refuses <why>: <relative>' -ForEach @(
        @{ why = 'a parent part'; relative = '..\administrator\NTUSER.DAT' }
        @{ why = 'a parent part inside'; relative = 'AppData\..\..\administrator\x' }
        @{ why = 'a parent part at the end'; relative = 'AppData\..' }
        @{ why = 'a current-folder part'; relative = '.\AppData\x' }
        @{ why = 'a rooted path'; relative = '\Windows\System32\x.dll' }
        @{ why = 'a UNC path'; relative = '\\server\share\x' }
        @{ why = 'a drive letter'; relative = 'C:\Windows\x' }
        @{ why = 'a drive-relative path'; relative = 'D:x' }
        @{ why = 'a forward slash'; relative = 'AppData/../../x' }
        @{ why = 'a * wildcard'; relative = 'AppData\Local\*.ost' }
        @{ why = 'a ? wildcard'; relative = 'AppData\Local\a?.ost' }
        @{ why = 'a < character'; relative = 'AppData\a<b' }
        @{ why = 'a > character'; relative = 'AppData\a>b' }
        @{ why = 'a pipe'; relative = 'AppData\a|b' }
        @{ why = 'a double quote'; relative = 'AppData\a"b' }
        @{ why = 'an alternate data stream'; relative = 'AppData\x.reg:hidden' }
        @{ why = 'a control character'; relative = "AppData\a`tb" }
        @{ why = 'a NUL character'; relative = "AppData\a$([char]0)b" }
        @{ why = 'a folder ending in a dot'; relative = 'AppData.\x' }
        @{ why = 'a folder ending in a space'; relative = 'AppData \x' }
        @{ why = 'a file ending in a dot'; relative = 'AppData\x.' }
        @{ why = 'a file ending in a space'; relative = 'AppData\x ' }
        @{ why = 'only blanks'; relative = '   ' }
        @{ why = 'more than 400 characters'; relative = 'a' * 401 }
    ) {
        { Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath $relative } |
            Should -Throw -ExpectedMessage "invalid profile-relative path '$relative'"
        Should -Invoke -ModuleName _ProfileFile Get-OfficeopsPathAttribute -Times 0 -Exactly
    }

    It 'takes 400 characters' {
        Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath ('a' * 400) | Should -Be ('C:\Users\maria\' + 'a' * 400)
    }

    It 'refuses a device name, which Windows PowerShell resolves outside the profile' {
        { Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\NUL' } |
            Should -Throw -ExpectedMessage "profile-relative path 'AppData\NUL' leaves the profile"
    }

    It 'refuses a path through a junction on the way' {
        Add-FakeDir -Path 'C:\Users\maria\AppData\Local\Microsoft\Outlook' -Link
        { Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\Local\Microsoft\Outlook\x.ost' } |
            Should -Throw -ExpectedMessage "profile-relative path 'AppData\Local\Microsoft\Outlook\x.ost' goes through a link at C:\Users\maria\AppData\Local\Microsoft\Outlook"
    }

    It 'refuses a file that is itself a link' {
        Add-FakeFile -Path 'C:\Users\maria\AppData\x.reg' -Link
        { Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\x.reg' } |
            Should -Throw -ExpectedMessage '*goes through a link at C:\Users\maria\AppData\x.reg'
    }

    It 'lets the profile root itself be a link (a profile container)' {
        Add-FakeDir -Path 'C:\Users\maria' -Link
        Add-FakeFile -Path 'C:\Users\maria\AppData\x.reg'
        Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\x.reg' | Should -Be 'C:\Users\maria\AppData\x.reg'
    }

    It 'stops looking at the first part that does not exist' {
        Add-FakeDir -Path 'C:\Users\maria\AppData'
        Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\Missing\deeper\x.reg' |
            Should -Be 'C:\Users\maria\AppData\Missing\deeper\x.reg'
        Should -Invoke -ModuleName _ProfileFile Get-OfficeopsPathAttribute -Times 2 -Exactly
        Should -Invoke -ModuleName _ProfileFile Get-OfficeopsPathAttribute -Times 0 -Exactly -ParameterFilter { $Path -like '*\deeper*' }
    }

    It 'fails when a folder on the way cannot be read, rather than taking it for missing' {
        Add-FakeDir -Path 'C:\Users\maria\AppData'
        $null = $global:FakeDisk.Denied.Add('C:\Users\maria\AppData')
        { Resolve-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\x.reg' } |
            Should -Throw -ExpectedMessage "Access to the path 'C:\Users\maria\AppData' is denied."
    }
}

Describe 'Get-OfficeopsProfileFileList' {
    BeforeEach {
        Use-FakeDisk
        $ost = 'C:\Users\maria\AppData\Local\Microsoft\Outlook'
        Add-FakeFile -Path "$ost\maria@contoso.com.ost" -Length 1048576 -LastWrite ([datetime]::new(2026, 3, 4, 5, 6, 7, [System.DateTimeKind]::Utc))
        Add-FakeFile -Path "$ost\a.xml" -Length 12 -LastWrite ([datetime]::new(2025, 12, 31, 23, 59, 59, [System.DateTimeKind]::Utc))
        Add-FakeFile -Path "$ost\RoamCache\Stream_Autocomplete.dat" -Length 7
        Add-FakeFile -Path "$ost\RoamCache\Deep\d.dat" -Length 8
        Add-FakeFile -Path "$ost\Elsewhere\planted.dat" -Length 9
        Add-FakeDir -Path "$ost\Elsewhere" -Link
    }

    It 'lists the files of a folder, not its subfolders, with size and UTC time' {
        $files = @(Get-OfficeopsProfileFileList -UserProfile $Maria -Folder @(@{ path = 'AppData\Local\Microsoft\Outlook'; recurse = $false }))
        $files.Count | Should -Be 2
        $files[0].path | Should -BeExactly 'AppData\Local\Microsoft\Outlook\a.xml'
        $files[0].size | Should -Be 12
        $files[0].size | Should -BeOfType [long]
        $files[0].last_write | Should -BeExactly '2025-12-31T23:59:59Z'
        $files[1].path | Should -BeExactly 'AppData\Local\Microsoft\Outlook\maria@contoso.com.ost'
        $files[1].size | Should -Be 1048576
        $files[1].last_write | Should -BeExactly '2026-03-04T05:06:07Z'
    }

    It 'lists subfolders breadth first with recurse, never through a link' {
        $files = @(Get-OfficeopsProfileFileList -UserProfile $Maria -Folder @(@{ path = 'AppData\Local\Microsoft\Outlook\'; recurse = $true }))
        @($files | ForEach-Object { $_.path }) | Should -Be @(
            'AppData\Local\Microsoft\Outlook\a.xml'
            'AppData\Local\Microsoft\Outlook\maria@contoso.com.ost'
            'AppData\Local\Microsoft\Outlook\RoamCache\Stream_Autocomplete.dat'
            'AppData\Local\Microsoft\Outlook\RoamCache\Deep\d.dat'
        )
        Should -Invoke -ModuleName _ProfileFile Get-OfficeopsDirectoryInfo -Times 0 -Exactly -ParameterFilter { $Path -like '*Elsewhere*' }
    }

    It 'lists nothing for a folder that does not exist, and goes on with the next' {
        $files = @(Get-OfficeopsProfileFileList -UserProfile $Maria -Folder @(
                @{ path = 'AppData\Local\Microsoft\Credentials'; recurse = $true }
                @{ path = 'AppData\Local\Microsoft\Outlook\RoamCache'; recurse = $false }
            ))
        @($files | ForEach-Object { $_.path }) | Should -Be @('AppData\Local\Microsoft\Outlook\RoamCache\Stream_Autocomplete.dat')
    }

    It 'lists nothing for no folder' {
        @(Get-OfficeopsProfileFileList -UserProfile $Maria -Folder @()).Count | Should -Be 0
    }

    It 'refuses a folder requested through a link' {
        { Get-OfficeopsProfileFileList -UserProfile $Maria -Folder @(@{ path = 'AppData\Local\Microsoft\Outlook\Elsewhere'; recurse = $false }) } |
            Should -Throw -ExpectedMessage '*goes through a link at C:\Users\maria\AppData\Local\Microsoft\Outlook\Elsewhere'
    }

    It 'refuses an invalid folder' {
        { Get-OfficeopsProfileFileList -UserProfile $Maria -Folder @(@{ path = '..\administrator'; recurse = $false }) } |
            Should -Throw -ExpectedMessage "invalid profile-relative path '..\administrator'"
    }
}

Describe 'Write-OfficeopsProfileFile' {
    BeforeEach {
        Use-FakeDisk
    }

    BeforeAll {
        $script:Reg = "Windows Registry Editor Version 5.00`r`n`r`n[HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\Common\Identity]`r`n`"EnableADAL`"=dword:00000001`r`n"
        $script:Target = 'C:\Users\maria\AppData\Local\officeops\outlook_auth\20260101\identity.reg'
    }

    It 'writes a new file as UTF-16 with a byte order mark, through a fresh temporary name' {
        Write-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\20260101\identity.reg' -Content $Reg |
            Should -BeTrue
        $file = $global:FakeDisk.Files[$Target]
        $file.Text | Should -BeExactly $Reg
        $file.Bytes[0] | Should -Be 0xFF
        $file.Bytes[1] | Should -Be 0xFE
        $file.Bytes[2] | Should -Be ([byte][char]'W')
        $file.Bytes[3] | Should -Be 0
        $file.Bytes.Length | Should -Be (2 + 2 * $Reg.Length)
        $global:FakeDisk.Dirs.Contains('C:\Users\maria\AppData\Local\officeops\outlook_auth\20260101') | Should -BeTrue
        @($global:FakeDisk.Files.Keys) | Should -Be @($Target)
        $escaped = [regex]::Escape($Target)
        Should -Invoke -ModuleName _ProfileFile Write-OfficeopsNewFile -Times 1 -Exactly -ParameterFilter { $Path -match "^$escaped\.[0-9a-f]{32}\.tmp$" }
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 1 -Exactly -ParameterFilter { $Destination -eq $Target }
        Should -Invoke -ModuleName _ProfileFile Invoke-OfficeopsFileReplace -Times 0 -Exactly
    }

    It 'leaves an identical file alone' {
        Add-FakeFile -Path $Target -Text $Reg
        Write-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\20260101\identity.reg' -Content $Reg |
            Should -BeFalse
        Should -Invoke -ModuleName _ProfileFile Write-OfficeopsNewFile -Times 0 -Exactly
    }

    It 'replaces a file whose content differs, even only in case' {
        Add-FakeFile -Path $Target -Text $Reg.ToLowerInvariant()
        Write-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\20260101\identity.reg' -Content $Reg |
            Should -BeTrue
        $global:FakeDisk.Files[$Target].Text | Should -BeExactly $Reg
        @($global:FakeDisk.Files.Keys) | Should -Be @($Target)
        Should -Invoke -ModuleName _ProfileFile Invoke-OfficeopsFileReplace -Times 1 -Exactly -ParameterFilter { $Destination -eq $Target }
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 0 -Exactly
    }

    It 'refuses an invalid path before touching the disk' {
        { Write-OfficeopsProfileFile -UserProfile $Maria -RelativePath '..\Public\x.reg' -Content $Reg } |
            Should -Throw -ExpectedMessage "invalid profile-relative path '..\Public\x.reg'"
        Should -Invoke -ModuleName _ProfileFile New-OfficeopsDirectoryPath -Times 0 -Exactly
        Should -Invoke -ModuleName _ProfileFile Write-OfficeopsNewFile -Times 0 -Exactly
    }

    It 'renames nothing when a folder became a link meanwhile, and removes its temporary file' {
        $global:FakeDisk.AfterWrite = { $null = $global:FakeDisk.Links.Add('C:\Users\maria\AppData\Local\officeops') }
        { Write-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\20260101\identity.reg' -Content $Reg } |
            Should -Throw -ExpectedMessage '*goes through a link at C:\Users\maria\AppData\Local\officeops'
        $global:FakeDisk.Files.Count | Should -Be 0
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 0 -Exactly
    }

    It 'leaves no half-written temporary file when the write fails' {
        $global:FakeDisk.FailWrite = $true
        { Write-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\20260101\identity.reg' -Content $Reg } |
            Should -Throw -ExpectedMessage 'There is not enough space on the disk.'
        $global:FakeDisk.Files.Count | Should -Be 0
    }

    It 'keeps the old file when the rename fails' {
        Add-FakeFile -Path $Target -Text 'old'
        Mock -ModuleName _ProfileFile Invoke-OfficeopsFileReplace { throw [System.IO.IOException]::new('The process cannot access the file because it is being used by another process.') }
        { Write-OfficeopsProfileFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\20260101\identity.reg' -Content $Reg } |
            Should -Throw -ExpectedMessage 'The process cannot access the file*'
        @($global:FakeDisk.Files.Keys) | Should -Be @($Target)
        $global:FakeDisk.Files[$Target].Text | Should -BeExactly 'old'
    }
}

Describe 'Move-OfficeopsProfileFile' {
    BeforeEach {
        Use-FakeDisk
    }

    BeforeAll {
        $script:Source = 'AppData\Local\Microsoft\Outlook\maria.ost'
        $script:Destination = 'AppData\Local\officeops\outlook_auth\20260101\Outlook\maria.ost'
        $script:From = 'C:\Users\maria\AppData\Local\Microsoft\Outlook\maria.ost'
        $script:To = 'C:\Users\maria\AppData\Local\officeops\outlook_auth\20260101\Outlook\maria.ost'
    }

    It 'moves the file, making the folder' {
        Add-FakeFile -Path $From -Text 'ost'
        Move-OfficeopsProfileFile -UserProfile $Maria -Source $Source -Destination $Destination | Should -BeTrue
        $global:FakeDisk.Files.ContainsKey($From) | Should -BeFalse
        $global:FakeDisk.Files[$To].Text | Should -BeExactly 'ost'
        Should -Invoke -ModuleName _ProfileFile New-OfficeopsDirectoryPath -Times 1 -Exactly -ParameterFilter { $Path -eq 'C:\Users\maria\AppData\Local\officeops\outlook_auth\20260101\Outlook' }
        Should -Invoke -ModuleName _ProfileFile Start-Sleep -Times 0 -Exactly
    }

    It 'answers unchanged when it was moved already' {
        Add-FakeFile -Path $To -Text 'ost'
        Move-OfficeopsProfileFile -UserProfile $Maria -Source $Source -Destination $Destination | Should -BeFalse
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 0 -Exactly
    }

    It 'fails when neither the file nor its backup exists' {
        { Move-OfficeopsProfileFile -UserProfile $Maria -Source $Source -Destination $Destination } |
            Should -Throw -ExpectedMessage "neither $Source nor its backup $Destination exists"
    }

    It 'never overwrites a backup already there' {
        Add-FakeFile -Path $From -Text 'new'
        Add-FakeFile -Path $To -Text 'older backup'
        { Move-OfficeopsProfileFile -UserProfile $Maria -Source $Source -Destination $Destination } |
            Should -Throw -ExpectedMessage "refusing to overwrite $Destination"
        $global:FakeDisk.Files[$From].Text | Should -BeExactly 'new'
        $global:FakeDisk.Files[$To].Text | Should -BeExactly 'older backup'
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 0 -Exactly
    }

    It 'rides out a file held open for a moment' {
        Add-FakeFile -Path $From -Text 'ost'
        $global:FakeDisk.Busy[$From] = 2
        Move-OfficeopsProfileFile -UserProfile $Maria -Source $Source -Destination $Destination | Should -BeTrue
        $global:FakeDisk.Files[$To].Text | Should -BeExactly 'ost'
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 3 -Exactly
        Should -Invoke -ModuleName _ProfileFile Start-Sleep -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq 500 }
        Should -Invoke -ModuleName _ProfileFile Start-Sleep -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq 1000 }
    }

    It 'gives up after four tries, moving nothing' {
        Add-FakeFile -Path $From -Text 'ost'
        $global:FakeDisk.Busy[$From] = 10
        { Move-OfficeopsProfileFile -UserProfile $Maria -Source $Source -Destination $Destination } |
            Should -Throw -ExpectedMessage 'The process cannot access the file because it is being used by another process.'
        $global:FakeDisk.Files.ContainsKey($From) | Should -BeTrue
        $global:FakeDisk.Files.ContainsKey($To) | Should -BeFalse
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 4 -Exactly
        Should -Invoke -ModuleName _ProfileFile Start-Sleep -Times 3 -Exactly
    }

    It 'does not retry once a folder became a link meanwhile' {
        Add-FakeFile -Path $From -Text 'ost'
        $global:FakeDisk.Busy[$From] = 1
        $global:FakeDisk.AfterMove = { $null = $global:FakeDisk.Links.Add('C:\Users\maria\AppData\Local\Microsoft\Outlook') }
        { Move-OfficeopsProfileFile -UserProfile $Maria -Source $Source -Destination $Destination } |
            Should -Throw -ExpectedMessage '*goes through a link at C:\Users\maria\AppData\Local\Microsoft\Outlook'
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 1 -Exactly
        $global:FakeDisk.Files.ContainsKey($From) | Should -BeTrue
    }

    It 'refuses an invalid <which> path' -ForEach @(
        @{ which = 'source'; source = 'AppData\..\..\x.ost'; destination = 'AppData\Local\officeops\outlook_auth\x.ost'; bad = 'AppData\..\..\x.ost' }
        @{ which = 'destination'; source = 'AppData\Local\Microsoft\Outlook\maria.ost'; destination = 'C:\Temp\x.ost'; bad = 'C:\Temp\x.ost' }
    ) {
        Add-FakeFile -Path $From -Text 'ost'
        { Move-OfficeopsProfileFile -UserProfile $Maria -Source $source -Destination $destination } |
            Should -Throw -ExpectedMessage "invalid profile-relative path '$bad'"
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 0 -Exactly
    }

    It 'refuses a source reached through a link' {
        Add-FakeFile -Path $From -Text 'ost'
        Add-FakeDir -Path 'C:\Users\maria\AppData\Local\Microsoft' -Link
        { Move-OfficeopsProfileFile -UserProfile $Maria -Source $Source -Destination $Destination } |
            Should -Throw -ExpectedMessage '*goes through a link at C:\Users\maria\AppData\Local\Microsoft'
        Should -Invoke -ModuleName _ProfileFile Move-OfficeopsFilePath -Times 0 -Exactly
    }
}

Describe 'Remove-OfficeopsBackupFile' {
    BeforeEach {
        Use-FakeDisk
    }

    It 'refuses <relative>: not one of this collection''s backups' -ForEach @(
        @{ relative = 'AppData\Local\Microsoft\Outlook\maria.ost' }
        @{ relative = 'AppData\Local\officeops\outlook_auth' }
        @{ relative = 'AppData\Local\officeops\other\x.reg' }
        @{ relative = 'Documents\AppData\Local\officeops\outlook_auth\x.reg' }
    ) {
        Add-FakeFile -Path "C:\Users\maria\$relative"
        { Remove-OfficeopsBackupFile -UserProfile $Maria -RelativePath $relative } |
            Should -Throw -ExpectedMessage "refusing to delete '$relative': only this collection's own backups are deleted"
        $global:FakeDisk.Files.ContainsKey("C:\Users\maria\$relative") | Should -BeTrue
        Should -Invoke -ModuleName _ProfileFile Remove-OfficeopsFilePath -Times 0 -Exactly
    }

    It 'refuses a backup path that climbs out' {
        { Remove-OfficeopsBackupFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\..\..\Microsoft\x.ost' } |
            Should -Throw -ExpectedMessage "invalid profile-relative path 'AppData\Local\officeops\outlook_auth\..\..\Microsoft\x.ost'"
        Should -Invoke -ModuleName _ProfileFile Remove-OfficeopsFilePath -Times 0 -Exactly
    }

    It 'deletes a backup, read-only or not, whatever the case of its path' {
        Add-FakeFile -Path 'C:\Users\maria\AppData\Local\officeops\outlook_auth\20250101\identity.reg' -Attributes 'ReadOnly, Archive'
        Remove-OfficeopsBackupFile -UserProfile $Maria -RelativePath 'appdata\local\OFFICEOPS\outlook_auth\20250101\identity.reg' | Should -BeTrue
        $global:FakeDisk.Files.Count | Should -Be 0
        Should -Invoke -ModuleName _ProfileFile Set-OfficeopsFileNormal -Times 1 -Exactly
    }

    It 'answers unchanged for a backup that is gone' {
        Remove-OfficeopsBackupFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\20250101\identity.reg' | Should -BeFalse
        Should -Invoke -ModuleName _ProfileFile Remove-OfficeopsFilePath -Times 0 -Exactly
    }

    It 'refuses a backup reached through a link' {
        Add-FakeFile -Path 'C:\Users\maria\AppData\Local\officeops\outlook_auth\20250101\identity.reg'
        Add-FakeDir -Path 'C:\Users\maria\AppData\Local\officeops' -Link
        { Remove-OfficeopsBackupFile -UserProfile $Maria -RelativePath 'AppData\Local\officeops\outlook_auth\20250101\identity.reg' } |
            Should -Throw -ExpectedMessage '*goes through a link at C:\Users\maria\AppData\Local\officeops'
        $global:FakeDisk.Files.Count | Should -Be 1
    }
}

Describe 'the file system boundaries, on this machine' {
    # What the fake disk above assumes of the real calls, checked against the real ones
    # (the .NET calls are the same on Windows; only the paths differ here).
    BeforeAll {
        $script:Dir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('officeops-profilefile-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -Path $Dir -ItemType Directory
        $script:Module = Get-Module -Name _ProfileFile
    }

    AfterAll {
        Remove-Item -LiteralPath $Dir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'create, read, replace, move, clear and delete files as the fake does' {
        $a = Join-Path $Dir 'sub/a.txt'
        $b = Join-Path $Dir 'sub/b.txt'
        & $Module {
            param ($Dir, $a, $b)
            New-OfficeopsDirectoryPath -Path (Get-OfficeopsParentPath -Path $a)
            Test-OfficeopsDirectoryPath -Path (Join-Path $Dir 'sub') | Should -BeTrue
            Get-OfficeopsFullPath -Path $a | Should -Be $a
            $text = "$([char]0xE9)$([char]0xE9)n"
            $bytes = [System.Text.Encoding]::Unicode.GetPreamble() + [System.Text.Encoding]::Unicode.GetBytes($text)
            Write-OfficeopsNewFile -Path $a -Bytes $bytes
            { Write-OfficeopsNewFile -Path $a -Bytes $bytes } | Should -Throw '*already exists*'
            Test-OfficeopsFilePath -Path $a | Should -BeTrue
            Read-OfficeopsFileText -Path $a | Should -BeExactly $text
            [System.IO.File]::WriteAllText($b, 'old')
            { Move-OfficeopsFilePath -Source $a -Destination $b } | Should -Throw
            Invoke-OfficeopsFileReplace -Source $a -Destination $b
            Test-OfficeopsFilePath -Path $a | Should -BeFalse
            Read-OfficeopsFileText -Path $b | Should -BeExactly $text
            Move-OfficeopsFilePath -Source $b -Destination $a
            Set-OfficeopsFileNormal -Path $a
            (Get-OfficeopsPathAttribute -Path $a) -band [System.IO.FileAttributes]::ReparsePoint | Should -Be 0
            @((Get-OfficeopsDirectoryInfo -Path (Join-Path $Dir 'sub')).GetFiles() | ForEach-Object { $_.Name }) | Should -Be @('a.txt')
            Remove-OfficeopsFilePath -Path $a
            Test-OfficeopsFilePath -Path $a | Should -BeFalse
        } $Dir $a $b
    }

    It 'throws FileNotFoundException / DirectoryNotFoundException for what is not there' {
        & $Module {
            param ($Dir)
            # Caught by type as Resolve-OfficeopsProfileFile catches them.
            foreach ($case in @(@{ path = 'missing.txt'; kind = 'file' }, @{ path = 'missing/x.txt'; kind = 'folder' })) {
                $caught = try {
                    $null = Get-OfficeopsPathAttribute -Path (Join-Path $Dir $case.path)
                    'nothing'
                }
                catch [System.IO.FileNotFoundException] {
                    'file'
                }
                catch [System.IO.DirectoryNotFoundException] {
                    'folder'
                }
                $caught | Should -Be $case.kind
            }
        } $Dir
    }

    It 'sees a symbolic link as a reparse point' {
        $target = Join-Path $Dir 'target'
        $link = Join-Path $Dir 'link'
        $null = New-Item -Path $target -ItemType Directory
        $null = New-Item -Path $link -ItemType SymbolicLink -Value $target
        & $Module {
            param ($link)
            (Get-OfficeopsPathAttribute -Path $link) -band [System.IO.FileAttributes]::ReparsePoint | Should -Not -Be 0
        } $link
    }
}
