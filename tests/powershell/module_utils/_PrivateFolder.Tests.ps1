# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The ACL types are Windows-only: their boundaries return a recording stand-in here. The
# folders themselves are real, under TestDrive, links included (a symlink is a reparse
# point to .NET on Linux too).

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _PrivateFolder

    $script:UserSid = 'S-1-5-21-1-2-3-1001'

    Function global:New-OfficeopsTestAcl {
        # A stand-in DirectorySecurity that records what is set on it.
        $acl = [pscustomobject]@{ protection = $null; owner = $null; rules = [System.Collections.Generic.List[object]]@() }
        $acl | Add-Member -MemberType ScriptMethod -Name SetAccessRuleProtection -Value { param($isProtected, $preserveInheritance) $this.protection = @($isProtected, $preserveInheritance) }
        $acl | Add-Member -MemberType ScriptMethod -Name SetOwner -Value { param($sid) $this.owner = $sid }
        $acl | Add-Member -MemberType ScriptMethod -Name AddAccessRule -Value { param($rule) $this.rules.Add($rule) }
        $acl
    }

    Function Use-TestAclBoundary {
        Mock -ModuleName _PrivateFolder New-OfficeopsDirectorySecurity { New-OfficeopsTestAcl }
        Mock -ModuleName _PrivateFolder ConvertTo-OfficeopsSecurityIdentifier { "sid:$Sid" }
        Mock -ModuleName _PrivateFolder New-OfficeopsAllowRule { "$Sid=$Rights" }
    }

    Function New-RunnerFolder {
        # A session task folder as the runner leaves it.
        param ([string]$Path, [string[]]$Files = @('input.json', 'run.ps1', 'out/result.json', 'out/result.tmp'))
        $null = New-Item -Path (Join-Path $Path 'out') -ItemType Directory -Force
        foreach ($file in $Files) {
            [System.IO.File]::WriteAllText((Join-Path $Path $file), 'x')
        }
    }
}

AfterAll {
    Remove-Item -Path function:global:New-OfficeopsTestAcl -ErrorAction SilentlyContinue
}

Describe 'New-OfficeopsProtectedAcl' {
    It 'is owned by Administrators, inherits nothing, gives SYSTEM and Administrators full control and the reader read' {
        Use-TestAclBoundary

        $acl = New-OfficeopsProtectedAcl -ReaderSid 'S-1-5-32-545'

        $acl.protection | Should -Be @($true, $false)
        $acl.owner | Should -Be 'sid:S-1-5-32-544'
        @($acl.rules) | Should -Be @('S-1-5-18=FullControl', 'S-1-5-32-544=FullControl', 'S-1-5-32-545=ReadAndExecute')
    }

    It 'builds real Windows ACL objects' -Skip:(-not $IsWindows) {
        $acl = New-OfficeopsProtectedAcl -ReaderSid 'S-1-5-32-545'

        $acl.AreAccessRulesProtected | Should -BeTrue
        $acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value | Should -Be 'S-1-5-32-544'
        $rules = @($acl.GetAccessRules($true, $false, [System.Security.Principal.SecurityIdentifier]) |
                ForEach-Object { '{0}={1}/{2}' -f $_.IdentityReference.Value, $_.FileSystemRights, $_.InheritanceFlags })
        $rules | Should -Be @('S-1-5-18=FullControl/ContainerInherit, ObjectInherit', 'S-1-5-32-544=FullControl/ContainerInherit, ObjectInherit',
            'S-1-5-32-545=ReadAndExecute, Synchronize/ContainerInherit, ObjectInherit')
    }

    It 'fails off Windows at the boundary, not with a half-made ACL' -Skip:$IsWindows {
        { New-OfficeopsProtectedAcl -ReaderSid 'S-1-5-32-545' } | Should -Throw -ExpectedMessage '*not supported on this platform*'
    }
}

Describe 'New-OfficeopsPrivateFolder' {
    BeforeEach {
        Use-TestAclBoundary
        $global:OfficeopsTestCreated = [System.Collections.Generic.List[object]]@()
        Mock -ModuleName _PrivateFolder New-OfficeopsAclDirectory {
            $global:OfficeopsTestCreated.Add(@{ path = $Path; acl = $Acl })
            $null = New-Item -Path $Path -ItemType Directory
        }
    }

    It 'creates the protected folder, then out with Modify for the user' {
        $path = Join-Path $TestDrive 'officeops-0123456789abcdef0123456789abcdef'

        $returned = New-OfficeopsPrivateFolder -Path $path -UserSid $UserSid

        $returned | Should -BeNullOrEmpty
        $global:OfficeopsTestCreated.Count | Should -Be 2
        $top = $global:OfficeopsTestCreated[0]
        $top.path | Should -Be $path
        $top.acl.protection | Should -Be @($true, $false)
        $top.acl.owner | Should -Be 'sid:S-1-5-32-544'
        @($top.acl.rules) | Should -Be @('S-1-5-18=FullControl', 'S-1-5-32-544=FullControl', "$UserSid=ReadAndExecute")
        $out = $global:OfficeopsTestCreated[1]
        $out.path | Should -Be (Join-Path $path 'out')
        # out inherits the top folder's rules and adds the user's Modify; it sets no owner.
        $out.acl.protection | Should -BeNullOrEmpty
        $out.acl.owner | Should -BeNullOrEmpty
        @($out.acl.rules) | Should -Be @("$UserSid=Modify")
    }

    It 'refuses a folder that exists: <name>' -ForEach @(
        @{ name = 'a folder'; make = { param($p) $null = New-Item -Path $p -ItemType Directory } }
        @{ name = 'a file'; make = { param($p) [System.IO.File]::WriteAllText($p, 'planted') } }
    ) {
        $path = Join-Path $TestDrive ('officeops-' + [guid]::NewGuid().ToString('N'))
        & $make $path

        { New-OfficeopsPrivateFolder -Path $path -UserSid $UserSid } | Should -Throw -ExpectedMessage "refusing to reuse existing folder $path"
        Should -Invoke -ModuleName _PrivateFolder New-OfficeopsAclDirectory -Times 0 -Exactly
    }

    It 'lets a failure to create out reach the caller' {
        Mock -ModuleName _PrivateFolder New-OfficeopsAclDirectory { throw 'Access to the path is denied.' } -ParameterFilter { $Path.EndsWith('out') }
        $path = Join-Path $TestDrive 'officeops-fedcba9876543210fedcba9876543210'

        { New-OfficeopsPrivateFolder -Path $path -UserSid $UserSid } | Should -Throw -ExpectedMessage 'Access to the path is denied.'
        Test-Path -LiteralPath $path | Should -BeTrue
    }
}

Describe 'Remove-OfficeopsPrivateFolder' {
    BeforeEach {
        Mock -ModuleName _PrivateFolder Start-Sleep {}
        $script:Folder = Join-Path $TestDrive ('officeops-' + [guid]::NewGuid().ToString('N'))
    }

    It 'is $null for a folder that does not exist' {
        Remove-OfficeopsPrivateFolder -Path $Folder | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _PrivateFolder Start-Sleep -Times 0 -Exactly
    }

    It 'removes the runner files and both folders: <name>' -ForEach @(
        @{ name = 'all of them'; files = @('input.json', 'run.ps1', 'out/result.json', 'out/result.tmp') }
        @{ name = 'before the runner answered'; files = @('input.json', 'run.ps1') }
        @{ name = 'an empty folder'; files = @() }
    ) {
        New-RunnerFolder -Path $Folder -Files $files

        Remove-OfficeopsPrivateFolder -Path $Folder | Should -BeNullOrEmpty
        Test-Path -LiteralPath $Folder | Should -BeFalse
    }

    It 'removes a folder whose out was never made' {
        $null = New-Item -Path $Folder -ItemType Directory
        [System.IO.File]::WriteAllText((Join-Path $Folder 'input.json'), '{}')

        Remove-OfficeopsPrivateFolder -Path $Folder | Should -BeNullOrEmpty
        Test-Path -LiteralPath $Folder | Should -BeFalse
    }

    It 'removes files the user marked read-only' {
        New-RunnerFolder -Path $Folder
        $result = Join-Path $Folder 'out/result.json'
        [System.IO.File]::SetAttributes($result, [System.IO.FileAttributes]::ReadOnly)

        Remove-OfficeopsPrivateFolder -Path $Folder | Should -BeNullOrEmpty
        Test-Path -LiteralPath $Folder | Should -BeFalse
    }

    It 'removes only the link when out is a link, never a file through it' {
        New-RunnerFolder -Path $Folder -Files @('input.json', 'run.ps1')
        $victim = New-Item -Path (Join-Path $TestDrive "victim-$(New-Guid)") -ItemType Directory
        [System.IO.File]::WriteAllText((Join-Path $victim 'result.json'), 'precious')
        [System.IO.File]::WriteAllText((Join-Path $victim 'result.tmp'), 'precious')
        Remove-Item -LiteralPath (Join-Path $Folder 'out')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'out') -Target $victim.FullName

        Remove-OfficeopsPrivateFolder -Path $Folder | Should -BeNullOrEmpty
        Test-Path -LiteralPath $Folder | Should -BeFalse
        [System.IO.File]::ReadAllText((Join-Path $victim 'result.json')) | Should -Be 'precious'
        [System.IO.File]::ReadAllText((Join-Path $victim 'result.tmp')) | Should -Be 'precious'
    }

    It 'removes only the link when the folder itself is a link' {
        $victim = New-Item -Path (Join-Path $TestDrive "victim-$(New-Guid)") -ItemType Directory
        New-RunnerFolder -Path $victim.FullName
        $null = New-Item -ItemType SymbolicLink -Path $Folder -Target $victim.FullName

        Remove-OfficeopsPrivateFolder -Path $Folder | Should -BeNullOrEmpty
        Test-Path -LiteralPath $Folder | Should -BeFalse
        @(Get-ChildItem -LiteralPath $victim.FullName -Recurse -File).Count | Should -Be 4
    }

    It 'tries five times, waiting longer each time, then says why' {
        New-RunnerFolder -Path $Folder
        # A file the layer did not write: never deleted, so out cannot go.
        [System.IO.File]::WriteAllText((Join-Path $Folder 'out/planted.txt'), 'mine')

        $message = Remove-OfficeopsPrivateFolder -Path $Folder

        $message | Should -BeLike "could not remove $($Folder): *"
        Should -Invoke -ModuleName _PrivateFolder Start-Sleep -Times 5 -Exactly
        foreach ($wait in 200, 400, 600, 800, 1000) {
            Should -Invoke -ModuleName _PrivateFolder Start-Sleep -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq $wait }
        }
        [System.IO.File]::ReadAllText((Join-Path $Folder 'out/planted.txt')) | Should -Be 'mine'
        Test-Path -LiteralPath (Join-Path $Folder 'input.json') | Should -BeFalse
    }

    It 'never deletes recursively: a file it did not write in the top folder stays' {
        New-RunnerFolder -Path $Folder
        [System.IO.File]::WriteAllText((Join-Path $Folder 'notes.txt'), 'not ours')

        Remove-OfficeopsPrivateFolder -Path $Folder | Should -BeLike "could not remove $($Folder): *"
        [System.IO.File]::ReadAllText((Join-Path $Folder 'notes.txt')) | Should -Be 'not ours'
        Test-Path -LiteralPath (Join-Path $Folder 'out') | Should -BeFalse
    }

    It 'succeeds on a later attempt once the obstacle has gone' {
        New-RunnerFolder -Path $Folder
        $global:OfficeopsTestPlanted = Join-Path $Folder 'out/planted.txt'
        [System.IO.File]::WriteAllText($global:OfficeopsTestPlanted, 'busy')
        Mock -ModuleName _PrivateFolder Start-Sleep { Remove-Item -LiteralPath $global:OfficeopsTestPlanted }

        Remove-OfficeopsPrivateFolder -Path $Folder | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _PrivateFolder Start-Sleep -Times 1 -Exactly
        Test-Path -LiteralPath $Folder | Should -BeFalse
    }
}
