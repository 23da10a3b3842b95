# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The ODT configuration file of win_office_repair's reinstall: product keys hidden in what
# the probe returns, put back from the same file into what setup.exe reads. The samples are
# Microsoft's ("Deploy Office LTSC 2021", "Overview of the Office Deployment Tool"), with
# sentinel keys in place of the ##### placeholders; the hiding cases are the ones the
# controller's deployment.hide_product_keys passes too (tests/unit/lab/test_repair_playbook.py).

BeforeDiscovery {
    # PIDKEY spelled in ways the hiding cannot prove it removed: no text may be returned.
    $unsafeCases = @(
        @{ name = 'an unmatched quote in a comment'; text = "<!-- PIDKEY=' retail only --><Product PIDKEY='AAAAA-BBBBB'/>" }
        @{ name = 'an unquoted value'; text = '<Product PIDKEY=AAAAA-BBBBB/>' }
        @{ name = 'an unquoted value with blanks'; text = '<Product PidKey = AAAAA-BBBBB />' }
        @{ name = 'a value that swallowed another PIDKEY'; text = '<!-- PIDKEY="old one, new PIDKEY="AAAAA-BBBBB" -->' }
        @{ name = 'a look-alike token'; text = '<Product PIDKEY="officeops-hidden-pidkey-1>AAAAA-BBBBB"/>' }
        @{ name = 'a property named PIDKEY'; text = '<Property Name="PIDKEY" Value="AAAAA-BBBBB"/>' }
        @{ name = 'the old MSI element'; text = '<PIDKEY Value="AAAAA-BBBBB"/>' }
        @{ name = 'a comment'; text = '<!-- the PIDKEY is AAAAA-BBBBB -->' }
        @{ name = "Microsoft's ##### placeholder"; text = '<Product ID="ProPlus2021Volume" PIDKEY="#####-#####-#####-#####-#####" >' }
    )
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _OfficeDeployment

    # Microsoft's MAK sample for Office LTSC Professional Plus 2021, CRLF, one sentinel key.
    $script:KeyedLines = @(
        '<Configuration>'
        '  <Add SourcePath="\\Server\Share" OfficeClientEdition="64" Channel="PerpetualVL2021">'
        '      <Product ID="ProPlus2021Volume"  PIDKEY="KEY01-AAAAA-BBBBB-CCCCC-DDDDD" >'
        '         <Language ID="en-us" />'
        '      </Product>'
        '      <Product ID="ProofingTools">'
        '        <Language ID="de-de" />'
        '        <Language ID="es-es" />'
        '      </Product>'
        '  </Add>'
        '  <RemoveMSI />'
        '  <Display Level="None" AcceptEULA="TRUE" />'
        '</Configuration>'
    )
    $script:Keyed = ($script:KeyedLines -join "`r`n") + "`r`n"
    $script:KeyedHidden = $script:Keyed.Replace('PIDKEY="KEY01-AAAAA-BBBBB-CCCCC-DDDDD"', 'PIDKEY="officeops-hidden-pidkey-0"')
    # sha256sum of those bytes: UTF-8, with a byte order mark, UTF-16 LE with one, without one.
    $script:KeyedSha256 = '67789b0b46d3adce1f9df9312f5967d1ec7bcac12b47bffd68249f03d3d34747'
    $script:KeyedBomSha256 = '457a704e7ac55863bb64d7e7c3051827dd96c97b733d8d038d6c61f4289c2e33'
    $script:KeyedUtf16Sha256 = 'f685b4bb9302510234b44bdf4ac9e191a10234d30c5113db63f935c7e7ea98a9'
    # Microsoft's Office LTSC preview sample: three products, three keys, KMS activation.
    $script:ThreeKeys = @(
        '<Configuration>'
        '  <Add OfficeClientEdition="64"  Channel="PerpetualVL2021">'
        '     <Product ID="ProPlus2021Volume" PIDKEY="KEY01-AAAAA-AAAAA-AAAAA-AAAAA" >'
        '    </Product>'
        "    <Product ID=`"VisioPro2021Volume`" pidkey = 'KEY02-BBBBB-BBBBB-BBBBB-BBBBB'>"
        '    </Product>'
        '    <Product ID="ProjectPro2021Volume" PIDKEY="KEY03-CCCCC-CCCCC-CCCCC-CCCCC" >'
        '    </Product>'
        '  </Add>'
        '  <Property Name="AUTOACTIVATE" Value="1" />'
        '</Configuration>'
    ) -join "`n"

    Function Write-TestFile {
        # Bytes on disk under the suite's TestDrive.
        param ([string]$Name, [byte[]]$Bytes)
        $path = Join-Path -Path $TestDrive -ChildPath $Name
        [System.IO.File]::WriteAllBytes($path, $Bytes)
        $path
    }
}

Describe 'Read-OfficeopsOdtConfigurationFile' {
    It 'reads UTF-8 without a byte order mark and hashes the bytes' {
        $path = Write-TestFile -Name plain.xml -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($Keyed))
        $file = Read-OfficeopsOdtConfigurationFile -Path $path
        $file.text | Should -BeExactly $Keyed
        $file.sha256 | Should -BeExactly $KeyedSha256
    }

    It 'honours a UTF-8 byte order mark, and hashes the mark too' {
        $path = Write-TestFile -Name bom.xml -Bytes ([byte[]](0xEF, 0xBB, 0xBF) + [System.Text.Encoding]::UTF8.GetBytes($Keyed))
        $file = Read-OfficeopsOdtConfigurationFile -Path $path
        $file.text | Should -BeExactly $Keyed
        $file.sha256 | Should -BeExactly $KeyedBomSha256
    }

    It 'decodes UTF-16 with a byte order mark, as Notepad saves "Unicode"' {
        $path = Write-TestFile -Name utf16.xml -Bytes ([byte[]](0xFF, 0xFE) + [System.Text.Encoding]::Unicode.GetBytes($Keyed))
        $file = Read-OfficeopsOdtConfigurationFile -Path $path
        $file.text | Should -BeExactly $Keyed
        $file.sha256 | Should -BeExactly $KeyedUtf16Sha256
    }

    It 'refuses a file over 1 MB' {
        $path = Write-TestFile -Name big.xml -Bytes ([byte[]]::new(1MB + 1))
        { Read-OfficeopsOdtConfigurationFile -Path $path } | Should -Throw 'it is larger than 1 MB, which no ODT configuration is'
    }

    It 'reads a file of exactly 1 MB' {
        $path = Write-TestFile -Name edge.xml -Bytes ([byte[]]::new(1MB))
        (Read-OfficeopsOdtConfigurationFile -Path $path).text.Length | Should -Be 1MB
    }

    It 'reads an empty file as empty text' {
        $path = Write-TestFile -Name empty.xml -Bytes ([byte[]]@())
        $file = Read-OfficeopsOdtConfigurationFile -Path $path
        $file.text | Should -BeExactly ''
        $file.sha256 | Should -BeExactly 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    }

    It 'throws for a missing file' {
        { Read-OfficeopsOdtConfigurationFile -Path (Join-Path -Path $TestDrive -ChildPath 'missing.xml') } | Should -Throw '*missing.xml*'
    }
}

Describe 'Hide-OfficeopsProductKey' {
    It "hides the key of Microsoft's MAK sample and keeps every other character" {
        Hide-OfficeopsProductKey -Text $Keyed | Should -BeExactly $KeyedHidden
    }

    It 'numbers the keys in document order, whatever the quotes, case and blanks' {
        $expected = @(
            '<Configuration>'
            '  <Add OfficeClientEdition="64"  Channel="PerpetualVL2021">'
            '     <Product ID="ProPlus2021Volume" PIDKEY="officeops-hidden-pidkey-0" >'
            '    </Product>'
            '    <Product ID="VisioPro2021Volume" pidkey = "officeops-hidden-pidkey-1">'
            '    </Product>'
            '    <Product ID="ProjectPro2021Volume" PIDKEY="officeops-hidden-pidkey-2" >'
            '    </Product>'
            '  </Add>'
            '  <Property Name="AUTOACTIVATE" Value="1" />'
            '</Configuration>'
        ) -join "`n"
        Hide-OfficeopsProductKey -Text $ThreeKeys | Should -BeExactly $expected
    }

    It 'gives the same text as the controller for two keys' {
        # deployment.hide_product_keys("<P pidkey = 'AB-1'/><P PIDKEY=\"CD-2\"/>") in the Python suite.
        Hide-OfficeopsProductKey -Text "<P pidkey = 'AB-1'/><P PIDKEY=`"CD-2`"/>" |
            Should -BeExactly '<P pidkey = "officeops-hidden-pidkey-0"/><P PIDKEY="officeops-hidden-pidkey-1"/>'
    }

    It 'leaves a configuration without a key as it is' {
        $plain = '<Configuration><Add Channel="Current"><Product ID="O365ProPlusRetail"><Language ID="en-us"/></Product></Add></Configuration>'
        Hide-OfficeopsProductKey -Text $plain | Should -BeExactly $plain
        Hide-OfficeopsProductKey -Text '' | Should -BeExactly ''
    }

    It 'hides an empty value too' {
        Hide-OfficeopsProductKey -Text '<Product PIDKEY=""/>' | Should -BeExactly '<Product PIDKEY="officeops-hidden-pidkey-0"/>'
    }

    It 'still hides a key after a character one regex engine calls a word character and the other does not' {
        $hidden = Hide-OfficeopsProductKey -Text "<Product $([char]0xB2)PIDKEY=`"AAAAA-BBBBB`" $([char]0x301)PIDKEY=`"AAAAA-BBBBB`"/>"
        $hidden | Should -Not -Match 'AAAAA'
        ([regex]::Matches($hidden, 'officeops-hidden-pidkey-')).Count | Should -Be 2
    }

    It 'refuses <name>, naming no key' -ForEach $unsafeCases {
        $thrown = { Hide-OfficeopsProductKey -Text $text } | Should -Throw -PassThru
        $thrown.Exception.Message | Should -BeLike 'it mentions PIDKEY other than as a quoted product key attribute*'
        $thrown.Exception.Message | Should -Not -Match 'AAAAA|#####'
    }

    It 'refuses a DOCTYPE, which could spell PIDKEY through an entity' {
        { Hide-OfficeopsProductKey -Text "<!DOCTYPE C [<!ENTITY p '<P PIDKEY&#61;`"AAAAA-BBBBB`"/>'>]><C>&p;</C>" } |
            Should -Throw 'a DOCTYPE or ENTITY declaration is not allowed in an ODT configuration'
    }

    It 'refuses UTF-16 read as UTF-8 (NUL characters)' {
        $text = [System.Text.Encoding]::UTF8.GetString([System.Text.Encoding]::Unicode.GetBytes('<P PIDKEY="AAAAA-BBBBB"/>'))
        { Hide-OfficeopsProductKey -Text $text } | Should -Throw 'it holds NUL characters (UTF-16 without a byte order mark?); save it as UTF-8'
    }
}

Describe 'Restore-OfficeopsProductKey' {
    It "puts the file's key back into the XML the controller checked" {
        # The controller adds FORCEAPPSHUTDOWN to the hidden text; the key returns in its place.
        $checked = $KeyedHidden.Replace('  <RemoveMSI />', '  <RemoveMSI />' + "`r`n" + '  <Property Name="FORCEAPPSHUTDOWN" Value="TRUE" />')
        $expected = $Keyed.Replace('  <RemoveMSI />', '  <RemoveMSI />' + "`r`n" + '  <Property Name="FORCEAPPSHUTDOWN" Value="TRUE" />')
        Restore-OfficeopsProductKey -Xml $checked -Original $Keyed | Should -BeExactly $expected
    }

    It 'maps each token to the key of the same number' {
        $xml = '<A PIDKEY="officeops-hidden-pidkey-2"/><B PIDKEY="officeops-hidden-pidkey-0"/><C PIDKEY="officeops-hidden-pidkey-1"/>'
        Restore-OfficeopsProductKey -Xml $xml -Original $ThreeKeys |
            Should -BeExactly '<A PIDKEY="KEY03-CCCCC-CCCCC-CCCCC-CCCCC"/><B PIDKEY="KEY01-AAAAA-AAAAA-AAAAA-AAAAA"/><C PIDKEY="KEY02-BBBBB-BBBBB-BBBBB-BBBBB"/>'
    }

    It 'leaves XML without tokens as it is' {
        Restore-OfficeopsProductKey -Xml '<Configuration/>' -Original $Keyed | Should -BeExactly '<Configuration/>'
        Restore-OfficeopsProductKey -Xml '' -Original '' | Should -BeExactly ''
    }

    It 'refuses a token the file has no key for' {
        { Restore-OfficeopsProductKey -Xml 'PIDKEY="officeops-hidden-pidkey-1"' -Original $Keyed } |
            Should -Throw 'the configuration names product key 1, which the file does not have'
    }

    It 'refuses a value that is not a product key, naming no value' {
        $thrown = { Restore-OfficeopsProductKey -Xml 'PIDKEY="officeops-hidden-pidkey-0"' -Original "<Product PIDKEY='a`"b'/>" } |
            Should -Throw -PassThru
        $thrown.Exception.Message | Should -BeExactly 'PIDKEY 0 of the configuration file is not a product key'
        { Restore-OfficeopsProductKey -Xml 'PIDKEY="officeops-hidden-pidkey-0"' -Original '<Product PIDKEY=""/>' } |
            Should -Throw 'PIDKEY 0 of the configuration file is not a product key'
    }
}

Describe 'Write-OfficeopsOdtConfiguration' {
    BeforeEach {
        $script:folder = Join-Path -Path $TestDrive -ChildPath ([guid]::NewGuid().ToString('N'))
        $null = [System.IO.Directory]::CreateDirectory($folder)
        $script:target = Join-Path -Path $folder -ChildPath 'configuration.xml'
        # The ACL'd CreateNew needs Windows; here a plain CreateNew, so a file left in place fails.
        Mock -ModuleName _OfficeDeployment New-OfficeopsAdminOnlyFile {
            [System.IO.File]::Open($Path, [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None)
        }
    }

    It 'writes exactly the text, as UTF-8 without a byte order mark, through the protected create' {
        Write-OfficeopsOdtConfiguration -Path $target -Text $Keyed
        [System.IO.File]::ReadAllBytes($target) | Should -Be ([System.Text.UTF8Encoding]::new($false).GetBytes($Keyed))
        Should -Invoke -ModuleName _OfficeDeployment New-OfficeopsAdminOnlyFile -Times 1 -Exactly -ParameterFilter { $Path -eq $target }
    }

    It 'deletes a file already there first, so the new one gets its own ACL' {
        [System.IO.File]::WriteAllText($target, 'an older, longer configuration that must not survive in part')
        Write-OfficeopsOdtConfiguration -Path $target -Text '<Configuration/>'
        [System.IO.File]::ReadAllText($target) | Should -BeExactly '<Configuration/>'
    }

    It 'writes non-ASCII text as UTF-8' {
        Write-OfficeopsOdtConfiguration -Path $target -Text '<Info Description="Büro 2021"/>'
        [System.IO.File]::ReadAllBytes($target) | Should -Be ([byte[]]@(0x3C, 0x49, 0x6E, 0x66, 0x6F, 0x20, 0x44, 0x65, 0x73, 0x63, 0x72,
                0x69, 0x70, 0x74, 0x69, 0x6F, 0x6E, 0x3D, 0x22, 0x42, 0xC3, 0xBC, 0x72, 0x6F, 0x20, 0x32, 0x30, 0x32, 0x31, 0x22, 0x2F, 0x3E))
    }

    It 'closes the file when the write fails' {
        $global:OfficeopsTestStream = [pscustomobject]@{ disposed = 0 }
        $global:OfficeopsTestStream | Add-Member -MemberType ScriptMethod -Name Write -Value { throw 'disk full' }
        $global:OfficeopsTestStream | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.disposed++ }
        Mock -ModuleName _OfficeDeployment New-OfficeopsAdminOnlyFile { $global:OfficeopsTestStream }
        { Write-OfficeopsOdtConfiguration -Path $target -Text '<Configuration/>' } | Should -Throw '*disk full*'
        $global:OfficeopsTestStream.disposed | Should -Be 1
    }

    AfterAll {
        Remove-Variable -Name OfficeopsTestStream -Scope Global -ErrorAction SilentlyContinue
    }
}

Describe 'Get-OfficeopsOdtConfigurationView' {
    It 'is $null for XML given inline or no configuration: <name>' -ForEach @(
        @{ name = 'inline'; value = '<Configuration><Add><Product ID="X" PIDKEY="AAAAA-BBBBB"/></Add></Configuration>' }
        @{ name = 'inline after blanks'; value = "`r`n  <Configuration/>" }
        @{ name = 'empty'; value = '' }
        @{ name = 'null'; value = $null }
    ) {
        Get-OfficeopsOdtConfigurationView -Configuration $value | Should -BeNullOrEmpty
    }

    It 'returns the file with its key hidden and the SHA-256 of its bytes' {
        $path = Write-TestFile -Name view.xml -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($Keyed))
        $view = Get-OfficeopsOdtConfigurationView -Configuration $path
        $view.exists | Should -BeTrue
        $view.content | Should -BeExactly $KeyedHidden
        $view.sha256 | Should -BeExactly $KeyedSha256
        $view.error | Should -BeNullOrEmpty
        ConvertTo-Json -InputObject $view | Should -Not -Match 'KEY01'
    }

    It 'says a missing file does not exist' {
        $view = Get-OfficeopsOdtConfigurationView -Configuration (Join-Path -Path $TestDrive -ChildPath 'nowhere.xml')
        $view.exists | Should -BeFalse
        $view.content | Should -BeNullOrEmpty
        $view.sha256 | Should -BeNullOrEmpty
        $view.error | Should -BeNullOrEmpty
    }

    It 'returns no text, only why, for a file whose key cannot be hidden' {
        $path = Write-TestFile -Name unquoted.xml -Bytes ([System.Text.Encoding]::UTF8.GetBytes($Keyed.Replace('"KEY01-AAAAA-BBBBB-CCCCC-DDDDD"', 'KEY01-AAAAA-BBBBB-CCCCC-DDDDD')))
        $view = Get-OfficeopsOdtConfigurationView -Configuration $path
        $view.exists | Should -BeTrue
        $view.content | Should -BeNullOrEmpty
        $view.sha256 | Should -BeNullOrEmpty
        $view.error | Should -BeLike 'it mentions PIDKEY other than as a quoted product key attribute*'
        ConvertTo-Json -InputObject $view | Should -Not -Match 'KEY01'
    }

    It 'returns the reason for a file it cannot read' {
        $path = Write-TestFile -Name huge.xml -Bytes ([byte[]]::new(1MB + 1))
        $view = Get-OfficeopsOdtConfigurationView -Configuration $path
        $view.exists | Should -BeTrue
        $view.content | Should -BeNullOrEmpty
        $view.error | Should -BeExactly 'it is larger than 1 MB, which no ODT configuration is'
    }
}
