# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# _ToolFile.psm1 against an in-memory set of Windows folders, files and their ACLs (the
# boundary functions of the utility are mocked onto it); the last block runs the
# boundaries that exist off Windows against this machine.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _ToolFile

    $script:System = 'S-1-5-18'
    $script:Admins = 'S-1-5-32-544'
    $script:Users = 'S-1-5-32-545'
    $script:AuthUsers = 'S-1-5-11'
    $script:Maria = 'S-1-5-21-1-2-3-1001'
    $script:TrustedInstaller = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464'
    # SHA-256 of the five bytes 'hello'.
    $script:HelloSha = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'

    Function global:New-ToolDisk {
        # Folders, files, links and ACLs (path -> @{ owner; rules = @(@{ sid; rights; type }) });
        # a path without an ACL of its own gets the clean one an administrator's folder has.
        $comparer = [System.StringComparer]::OrdinalIgnoreCase
        $global:ToolDisk = @{
            Dirs = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList $comparer
            Files = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList $comparer
            Links = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList $comparer
            Acls = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,object]' -ArgumentList $comparer
            AclAsked = [System.Collections.Generic.List[object]]@()
            OnCreate = $null
        }
        foreach ($dir in 'C:', 'C:\ProgramData') { $null = $global:ToolDisk.Dirs.Add($dir) }
    }

    Function global:New-ToolAcl {
        param ([string]$Path)
        $entry = if ($global:ToolDisk.Acls.ContainsKey($Path)) { $global:ToolDisk.Acls[$Path] } else {
            @{ owner = 'S-1-5-32-544'; rules = @(
                    @{ sid = 'S-1-5-18'; rights = [int][System.Security.AccessControl.FileSystemRights]::FullControl }
                    @{ sid = 'S-1-5-32-544'; rights = [int][System.Security.AccessControl.FileSystemRights]::FullControl }
                    @{ sid = 'S-1-5-32-545'; rights = [int][System.Security.AccessControl.FileSystemRights]::ReadAndExecute }) }
        }
        $acl = [pscustomobject]@{ Path = $Path; Entry = $entry }
        $acl | Add-Member -MemberType ScriptMethod -Name GetOwner -Value {
            param ($type)
            $global:ToolDisk.AclAsked.Add(@('owner', $type))
            [pscustomobject]@{ Value = $this.Entry.owner }
        }
        $acl | Add-Member -MemberType ScriptMethod -Name GetAccessRules -Value {
            param ($explicit, $inherited, $type)
            $global:ToolDisk.AclAsked.Add(@('rules', $explicit, $inherited, $type))
            foreach ($rule in $this.Entry.rules) {
                $kind = if ($rule.ContainsKey('type')) { $rule.type } else { 'Allow' }
                [pscustomobject]@{
                    AccessControlType = [System.Security.AccessControl.AccessControlType]$kind
                    FileSystemRights = [System.Enum]::ToObject([System.Security.AccessControl.FileSystemRights], $rule.rights)
                    IdentityReference = [pscustomobject]@{ Value = $rule.sid }
                }
            }
        }
        $acl
    }

    Function global:Use-ToolDisk {
        New-ToolDisk
        Mock -ModuleName _ToolFile Test-OfficeopsFilePresent { $global:ToolDisk.Files.Contains($Path) }
        Mock -ModuleName _ToolFile Get-OfficeopsFileSha256 { (Microsoft.PowerShell.Utility\Get-FileHash -LiteralPath $global:HelloFile -Algorithm SHA256).Hash }
        Mock -ModuleName _ToolFile Get-OfficeopsFileCreationUtc { [datetime]::new(2026, 1, 2, 3, 4, 5, [System.DateTimeKind]::Utc) }
        Mock -ModuleName _ToolFile Get-OfficeopsFolderParent { $Path.Substring(0, $Path.LastIndexOf('\')) }
        Mock -ModuleName _ToolFile Get-OfficeopsPathAcl { New-ToolAcl -Path $Path }
        Mock -ModuleName _ToolFile Test-OfficeopsFolderPresent { $global:ToolDisk.Dirs.Contains($Path) }
        Mock -ModuleName _ToolFile New-OfficeopsAclFolder {
            $null = $global:ToolDisk.Dirs.Add($Path)
            if ($global:ToolDisk.OnCreate) { & $global:ToolDisk.OnCreate $Path }
        }
        Mock -ModuleName _ToolFile Get-OfficeopsFolderAttribute {
            $attributes = [System.IO.FileAttributes]::Directory
            if ($global:ToolDisk.Links.Contains($Path)) { $attributes = $attributes -bor [System.IO.FileAttributes]::ReparsePoint }
            $attributes
        }
        # _PrivateFolder's ACL cannot be built off Windows; which reader it names is what counts.
        Mock -ModuleName _ToolFile New-OfficeopsProtectedAcl { "protected ACL, reader $ReaderSid" }
    }

    $global:HelloFile = [System.IO.Path]::GetTempFileName()
    [System.IO.File]::WriteAllBytes($global:HelloFile, [System.Text.Encoding]::ASCII.GetBytes('hello'))
}

AfterAll {
    Remove-Item -LiteralPath $global:HelloFile -Force -ErrorAction SilentlyContinue
}

Describe 'Get-OfficeopsOtherWriter' {
    BeforeEach {
        Use-ToolDisk
    }

    It 'names <expected> when <case>' -ForEach @(
        @{ case = 'only SYSTEM, Administrators, TrustedInstaller and the creator entries may write'; owner = 'S-1-5-32-544'; expected = @()
            rules = @(@{ sid = 'S-1-5-18'; rights = 2032127 }, @{ sid = 'S-1-5-32-544'; rights = 2032127 }, @{ sid = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464'; rights = 2032127 }
                @{ sid = 'S-1-3-0'; rights = 2032127 }, @{ sid = 'S-1-3-1'; rights = 2032127 }) }
        @{ case = 'SYSTEM owns it'; owner = 'S-1-5-18'; rules = @(); expected = @() }
        @{ case = 'TrustedInstaller owns it'; owner = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464'; rules = @(); expected = @() }
        @{ case = 'a user owns it'; owner = 'S-1-5-21-1-2-3-1001'; rules = @(); expected = @('S-1-5-21-1-2-3-1001') }
        @{ case = 'Users may read and execute'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 131241 }); expected = @() }
        @{ case = 'Users may modify'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 197055 }); expected = @('S-1-5-32-545') }
        @{ case = 'Authenticated Users may create folders (AppendData)'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-11'; rights = 0x4 }); expected = @('S-1-5-11') }
        @{ case = 'Everyone may write data'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-1-0'; rights = 0x2 }); expected = @('S-1-1-0') }
        @{ case = 'Users may write extended attributes'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x10 }); expected = @('S-1-5-32-545') }
        @{ case = 'Users may delete children (FILE_DELETE_CHILD)'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x40 }); expected = @('S-1-5-32-545') }
        @{ case = 'Users may write attributes'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x100 }); expected = @('S-1-5-32-545') }
        @{ case = 'Users may delete it'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x10000 }); expected = @('S-1-5-32-545') }
        @{ case = 'Users may change its permissions'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x40000 }); expected = @('S-1-5-32-545') }
        @{ case = 'Users may take ownership'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x80000 }); expected = @('S-1-5-32-545') }
        @{ case = 'an ACE holds GENERIC_WRITE unmapped'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x40000000 }); expected = @('S-1-5-32-545') }
        @{ case = 'an ACE holds GENERIC_ALL unmapped'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x10000000 }); expected = @('S-1-5-32-545') }
        @{ case = 'an ACE holds GENERIC_READ and GENERIC_EXECUTE unmapped'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0xA0000000 }); expected = @() }
        @{ case = 'a deny entry names write rights'; owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 197055; type = 'Deny' }); expected = @() }
        @{ case = 'an owner and two entries may write'; owner = 'S-1-5-21-1-2-3-1001'
            rules = @(@{ sid = 'S-1-5-11'; rights = 0x2 }, @{ sid = 'S-1-5-32-545'; rights = 131241 }, @{ sid = 'S-1-5-21-1-2-3-1001'; rights = 197055 })
            expected = @('S-1-5-21-1-2-3-1001', 'S-1-5-11', 'S-1-5-21-1-2-3-1001') }
    ) {
        $global:ToolDisk.Acls['C:\ProgramData\officeops'] = @{ owner = $owner; rules = $rules }
        @(Get-OfficeopsOtherWriter -Path 'C:\ProgramData\officeops') | Should -Be $expected
        Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times 1 -Exactly -ParameterFilter { $Path -eq 'C:\ProgramData\officeops' }
    }

    It 'asks for SIDs, and for inherited entries as well as explicit ones' {
        $null = Get-OfficeopsOtherWriter -Path 'C:\ProgramData\officeops'
        $asked = $global:ToolDisk.AclAsked
        $asked[0][0] | Should -Be 'owner'
        $asked[0][1] | Should -Be ([System.Security.Principal.SecurityIdentifier])
        $asked[1][0] | Should -Be 'rules'
        $asked[1][1] | Should -BeTrue
        $asked[1][2] | Should -BeTrue
        $asked[1][3] | Should -Be ([System.Security.Principal.SecurityIdentifier])
    }
}

Describe 'Get-OfficeopsToolFile' {
    BeforeEach {
        Use-ToolDisk
        $script:Exe = 'C:\ProgramData\officeops\outlook_auth\GetHelpCmd\1.0\GetHelpCmd.exe'
        $null = $global:ToolDisk.Files.Add($Exe)
    }

    It 'answers only that a missing file is missing' {
        $tool = Get-OfficeopsToolFile -Path 'C:\Tools\setup.exe' -CheckUpTo 'C:\Tools'
        $tool.exists | Should -BeFalse
        $tool.sha256 | Should -BeNullOrEmpty
        $tool.created | Should -BeNullOrEmpty
        @($tool.writable_by_others).Count | Should -Be 0
        $tool.path | Should -BeExactly 'C:\Tools\setup.exe'
        Should -Invoke -ModuleName _ToolFile Get-OfficeopsFileSha256 -Times 0 -Exactly
        Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times 0 -Exactly
        Assert-OfficeopsContractPart -Name _TOOL_FILE -Value $tool
    }

    It 'hashes, dates and judges a file and its folders up to <top>' -ForEach @(
        @{ top = 'C:\ProgramData\officeops' }
        @{ top = 'C:\ProgramData\officeops\' }
    ) {
        $global:ToolDisk.Acls[$Exe] = @{ owner = 'S-1-5-21-1-2-3-1001'; rules = @() }
        $global:ToolDisk.Acls['C:\ProgramData\officeops\outlook_auth\GetHelpCmd'] = @{ owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 197055 }) }
        $global:ToolDisk.Acls['C:\ProgramData\officeops'] = @{ owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-5-32-545'; rights = 0x4 }, @{ sid = 'S-1-5-11'; rights = 0x2 }) }
        $global:ToolDisk.Acls['C:\ProgramData'] = @{ owner = 'S-1-5-32-544'; rules = @(@{ sid = 'S-1-1-0'; rights = 0x2 }) }

        $tool = Get-OfficeopsToolFile -Path $Exe -CheckUpTo $top

        $tool.exists | Should -BeTrue
        $tool.sha256 | Should -BeExactly $HelloSha
        $tool.created | Should -BeExactly '2026-01-02T03:04:05Z'
        $tool.path | Should -BeExactly $Exe
        @($tool.writable_by_others) | Should -Be @('S-1-5-11', 'S-1-5-21-1-2-3-1001', 'S-1-5-32-545')
        $judged = @(
            $Exe
            'C:\ProgramData\officeops\outlook_auth\GetHelpCmd\1.0'
            'C:\ProgramData\officeops\outlook_auth\GetHelpCmd'
            'C:\ProgramData\officeops\outlook_auth'
            'C:\ProgramData\officeops'
        )
        foreach ($expected in $judged) {
            Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times 1 -Exactly -ParameterFilter { $Path -eq $expected }
        }
        Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times $judged.Count -Exactly
        Assert-OfficeopsContractPart -Name _TOOL_FILE -Value $tool
    }

    It 'judges only the file and its folder when <case>' -ForEach @(
        @{ case = 'no folder to check up to is named'; top = '' }
        @{ case = 'the folder named is not above it'; top = 'C:\Tools' }
        @{ case = 'the folder named only starts like one above it'; top = 'C:\ProgramData\office' }
        @{ case = 'the folder named is the file''s own'; top = 'C:\ProgramData\officeops\outlook_auth\GetHelpCmd\1.0' }
    ) {
        $tool = Get-OfficeopsToolFile -Path $Exe -CheckUpTo $top
        @($tool.writable_by_others).Count | Should -Be 0
        Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times 2 -Exactly
        Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times 1 -Exactly -ParameterFilter { $Path -eq 'C:\ProgramData\officeops\outlook_auth\GetHelpCmd\1.0' }
    }

    It 'fails when an ACL cannot be read' {
        Mock -ModuleName _ToolFile Get-OfficeopsPathAcl { throw 'Attempted to perform an unauthorized operation.' }
        { Get-OfficeopsToolFile -Path $Exe } | Should -Throw -ExpectedMessage 'Attempted to perform an unauthorized operation.'
    }
}

Describe 'New-OfficeopsAdminFolder' {
    BeforeEach {
        Use-ToolDisk
    }

    It 'refuses <path>: not below <root>' -ForEach @(
        @{ root = 'C:\ProgramData'; path = 'C:\Windows\Temp\x'; top = 'C:\ProgramData' }
        @{ root = 'C:\ProgramData'; path = 'C:\ProgramData'; top = 'C:\ProgramData' }
        @{ root = 'C:\ProgramData\'; path = 'C:\ProgramDataX\officeops'; top = 'C:\ProgramData' }
    ) {
        { New-OfficeopsAdminFolder -Root $root -Path $path } | Should -Throw -ExpectedMessage "$path is not below $top"
        Should -Invoke -ModuleName _ToolFile New-OfficeopsAclFolder -Times 0 -Exactly
    }

    It 'makes each missing level with its own protected ACL, Users reading, and checks every level' {
        $null = $global:ToolDisk.Dirs.Add('C:\ProgramData\officeops')
        New-OfficeopsAdminFolder -Root 'C:\ProgramData\' -Path 'C:\ProgramData\officeops\outlook_auth\odt'
        $global:ToolDisk.Dirs.Contains('C:\ProgramData\officeops\outlook_auth\odt') | Should -BeTrue
        Should -Invoke -ModuleName _ToolFile New-OfficeopsAclFolder -Times 2 -Exactly
        foreach ($made in 'C:\ProgramData\officeops\outlook_auth', 'C:\ProgramData\officeops\outlook_auth\odt') {
            Should -Invoke -ModuleName _ToolFile New-OfficeopsAclFolder -Times 1 -Exactly -ParameterFilter { $Path -eq $made -and $Acl -eq 'protected ACL, reader S-1-5-32-545' }
        }
        foreach ($level in 'C:\ProgramData\officeops', 'C:\ProgramData\officeops\outlook_auth', 'C:\ProgramData\officeops\outlook_auth\odt') {
            Should -Invoke -ModuleName _ToolFile Get-OfficeopsFolderAttribute -Times 1 -Exactly -ParameterFilter { $Path -eq $level }
            Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times 1 -Exactly -ParameterFilter { $Path -eq $level }
        }
        Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times 0 -Exactly -ParameterFilter { $Path -eq 'C:\ProgramData' }
    }

    It 'changes nothing when every level is there and clean' {
        foreach ($dir in 'C:\ProgramData\officeops', 'C:\ProgramData\officeops\outlook_auth') { $null = $global:ToolDisk.Dirs.Add($dir) }
        New-OfficeopsAdminFolder -Root 'C:\ProgramData' -Path 'C:\ProgramData\officeops\outlook_auth\'
        Should -Invoke -ModuleName _ToolFile New-OfficeopsAclFolder -Times 0 -Exactly
        Should -Invoke -ModuleName _ToolFile Get-OfficeopsPathAcl -Times 2 -Exactly
    }

    It 'refuses a level that is a link, going no deeper' {
        $null = $global:ToolDisk.Dirs.Add('C:\ProgramData\officeops')
        $null = $global:ToolDisk.Links.Add('C:\ProgramData\officeops')
        { New-OfficeopsAdminFolder -Root 'C:\ProgramData' -Path 'C:\ProgramData\officeops\outlook_auth\odt' } |
            Should -Throw -ExpectedMessage "C:\ProgramData\officeops is a link or junction; refusing to keep an administrator's tools behind it"
        Should -Invoke -ModuleName _ToolFile New-OfficeopsAclFolder -Times 0 -Exactly
    }

    It 'refuses a level others can write or own, going no deeper' {
        $null = $global:ToolDisk.Dirs.Add('C:\ProgramData\officeops')
        $global:ToolDisk.Acls['C:\ProgramData\officeops'] = @{ owner = 'S-1-5-21-1-2-3-1001'; rules = @(@{ sid = 'S-1-5-11'; rights = 0x4 }) }
        { New-OfficeopsAdminFolder -Root 'C:\ProgramData' -Path 'C:\ProgramData\officeops\outlook_auth\odt' } |
            Should -Throw -ExpectedMessage "C:\ProgramData\officeops can be written (or, as owner, re-permissioned) by S-1-5-21-1-2-3-1001, S-1-5-11; refusing to keep an administrator's tools there"
        Should -Invoke -ModuleName _ToolFile New-OfficeopsAclFolder -Times 0 -Exactly
    }

    It 'refuses a level someone else made just before it, as it found it' {
        # CreateDirectory keeps a folder made meanwhile with that folder's own ACL.
        $global:ToolDisk.OnCreate = { param ($made) $global:ToolDisk.Acls[$made] = @{ owner = 'S-1-5-21-1-2-3-1001'; rules = @() } }
        { New-OfficeopsAdminFolder -Root 'C:\ProgramData' -Path 'C:\ProgramData\officeops\outlook_auth' } |
            Should -Throw -ExpectedMessage "C:\ProgramData\officeops can be written (or, as owner, re-permissioned) by S-1-5-21-1-2-3-1001; *"
        Should -Invoke -ModuleName _ToolFile New-OfficeopsAclFolder -Times 1 -Exactly
    }
}

Describe 'the file boundaries, on this machine' {
    It 'finds, hashes, dates and names the folder of a real file' {
        & (Get-Module -Name _ToolFile) {
            param ($file)
            Test-OfficeopsFilePresent -Path $file | Should -BeTrue
            Test-OfficeopsFilePresent -Path "$file.missing" | Should -BeFalse
            Get-OfficeopsFileSha256 -Path $file | Should -BeExactly '2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824'
            (Get-OfficeopsFileCreationUtc -Path $file).Kind | Should -Be ([System.DateTimeKind]::Utc)
            $folder = Get-OfficeopsFolderParent -Path $file
            $folder | Should -Be ([System.IO.Path]::GetDirectoryName($file))
            Test-OfficeopsFolderPresent -Path $folder | Should -BeTrue
            (Get-OfficeopsFolderAttribute -Path $folder) -band [System.IO.FileAttributes]::Directory | Should -Not -Be 0
        } $global:HelloFile
    }
}
