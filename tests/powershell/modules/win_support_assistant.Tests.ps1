# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# win_support_assistant.ps1 end to end through Ansible.Basic: the probe (the tool file, its
# cache, the target users) and the apply (fetch_tool, run_scenario). Mocked: the utilities
# at their exported functions and the module's HTTPS boundary (Get-OfficeopsHttpsResponse,
# which hands back an in-memory response). The cache is a real folder under the suite's
# TestDrive (ProgramData points there), so the hash, copy, unpack and moves run for real;
# where order or absence matters the boundary is mocked with a body doing the same work.
# Exit codes and output are Microsoft's, from the Get Help / SaRA command-line scenario pages
# ("Scenario: Reset Office Activation", "Scenario: Outlook Scan", "Office Uninstall"): the
# module passes them through unjudged; plugins/module_utils/_office/support_assistant.py
# (interpret) explains them.

BeforeDiscovery {
    # Scenario, exit code and the line Microsoft documents for it.
    $documentedRuns = @(
        @{ scenario = 'ResetOfficeActivation'; code = 80; output = '80: Successful run. Start any Office app and sign-in to activate.' }
        @{ scenario = 'ResetOfficeActivation'; code = 72; output = '72: The scenario requires an elevated command-prompt.' }
        @{ scenario = 'ResetOfficeActivation'; code = 75; output = '75: Windows is not at least Windows 10 version 1803. See https://learn.microsoft.com/office/troubleshoot/activation/reset-office-365-proplus-activation-state for manual reset steps' }
        @{ scenario = 'ResetOfficeActivation'; code = 79; output = '79: We ran into a problem running WPJCleanup. See https://learn.microsoft.com/office/troubleshoot/activation/reset-office-365-proplus-activation-state for manual reset steps.' }
        @{ scenario = 'OfficeScrubScenario'; code = 0; output = '00: Successfully completed this scenario.' }
    )
    $userRuns = @(
        @{ code = 1; output = '01: An Offline scan was performed because Outlook is either not running or it is running elevated (as Administrator). See <filename> in %localappdata%\saralogs\UploadLogs.' }
        @{ code = 2; output = '02: A Full scan was performed. See <filename> in %localappdata%\saralogs\UploadLogs.' }
        @{ code = 4; output = "04: Outlook isn't running elevated. Don't use an elevated command-prompt." }
        @{ code = 5; output = '05: An error occurred while performing a scan of Outlook. You might be able to perform an Offline scan if you exit Outlook and rerun this scenario. You can also try using the full SaRA version.' }
    )
    $badInput = @(
        @{ name = 'no source'; params = @{ _phase = 'probe' }; message = 'missing required arguments: source' }
        @{ name = 'a scenario the module does not run'; params = @{ source = 'C:\Tools\GetHelpCmd.exe'; scenario = 'TeamsAddinScenario' }
            message = 'value of scenario must be one of: ExpertExperienceAdminTask, ResetOfficeActivation, OfficeActivationScenario, OfficeScrubScenario. Got no match for: TeamsAddinScenario' }
        @{ name = 'an unknown session'; params = @{ source = 'C:\Tools\GetHelpCmd.exe'; session = 'system' }
            message = 'value of session must be one of: auto, become, interactive_task. Got no match for: system' }
        @{ name = 'a timeout that is not a number'; params = @{ source = 'C:\Tools\GetHelpCmd.exe'; timeout = 'an hour' }
            message = 'argument for timeout is of type System.String and we were unable to convert to int*' }
        @{ name = 'an option nobody documents'; params = @{ source = 'C:\Tools\GetHelpCmd.exe'; url = 'https://example.com' }
            message = 'Unsupported parameters for (win_support_assistant) module: url*' }
    )
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _UserProfile, _SessionTask, _NativeCommand, _ToolFile
    Add-Type -AssemblyName System.IO.Compression

    # The script's own boundaries (Verb-Officeops...) defined globally from its text, so the
    # suite can mock them; a name a loaded utility already exports is left alone.
    $null = Register-OfficeopsBoundaryStub -Path win_support_assistant

    Function Invoke-AssistantModule {
        # Invoke-OfficeopsModule, and every result that is not a failure held to the contract
        # of its phase (plugins/module_utils/_contract/wrappers.py).
        param ([System.Collections.IDictionary]$Params = @{}, [switch]$CheckMode, [switch]$Diff)
        $run = Invoke-OfficeopsModule -Name win_support_assistant -Params $Params -CheckMode:$CheckMode -Diff:$Diff
        if ($run.rc -eq 0) {
            $phase = if ($Params.Contains('_phase') -and $Params['_phase'] -eq 'apply') { 'apply' } else { 'probe' }
            Assert-OfficeopsContract -Wrapper win_support_assistant -Phase $phase -Result $run.result
        }
        $run
    }

    $script:Url = 'https://download.example.com/GetHelpCmd.zip'
    # What the controller passes in _fetch_url (no_log): the URL with its signed query.
    $script:SignedUrl = 'https://download.example.com/GetHelpCmd.zip?se=2026-01-06&sig=SECRETSIGNATURE'
    $script:Maria = @{ sid = 'S-1-5-21-1-2-3-1001'; name = 'CORP\maria'; profile_path = 'C:\Users\maria'; hive_loaded = $true
        logged_on = $true; session_id = 1; console = $true }
    $script:Olaf = @{ sid = 'S-1-5-21-1-2-3-1002'; name = 'CORP\olaf'; profile_path = 'C:\Users\olaf'; hive_loaded = $false
        logged_on = $false; session_id = $null; console = $false }
    $script:LogFolder = 'C:\Users\maria\AppData\Local\officeops\outlook_auth\support-assistant\ExpertExperienceAdminTask-20260105T100000Z'

    Function New-TestZip {
        # A zip archive holding the named entries (name -> text).
        param ([System.Collections.IDictionary]$Entries)
        $memory = [System.IO.MemoryStream]::new()
        $zip = [System.IO.Compression.ZipArchive]::new($memory, [System.IO.Compression.ZipArchiveMode]::Create, $true)
        foreach ($name in $Entries.Keys) {
            $stream = $zip.CreateEntry($name).Open()
            $bytes = [System.Text.Encoding]::ASCII.GetBytes($Entries[$name])
            $stream.Write($bytes, 0, $bytes.Length)
            $stream.Dispose()
        }
        $zip.Dispose()
        $memory.ToArray()
    }

    Function Get-Sha256 {
        # The reference SHA-256 (.NET's), lowercase hex: what a correct fetch must report.
        param ([byte[]]$Bytes)
        [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($Bytes)).ToLowerInvariant()
    }

    Function New-FakeResponse {
        # An HttpWebResponse as far as the module uses it: where redirects ended, the body, Dispose.
        param ([string]$Uri, $Stream)
        $response = [pscustomobject]@{ ResponseUri = [System.Uri]$Uri; Stream = $Stream }
        $response | Add-Member -MemberType ScriptMethod -Name GetResponseStream -Value { $this.Stream }
        $response | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $global:OfficeopsTestSa.disposed.Add('response') }
        $response
    }

    Function Get-Leftover {
        # Staging a fetch left in the cache root.
        if (-not [System.IO.Directory]::Exists($cacheRoot)) { return @() }
        @(Get-ChildItem -LiteralPath $cacheRoot -Force | Where-Object { $_.Name -like '.partial-*' -or $_.Name -like '.download-*' } |
                ForEach-Object { $_.Name })
    }
}

AfterAll {
    Unregister-OfficeopsBoundaryStub
    Remove-Variable -Name OfficeopsTestSa -Scope Global -ErrorAction SilentlyContinue
}

Describe 'win_support_assistant.ps1' {
    BeforeEach {
        $script:savedProgramData = $env:ProgramData
        $script:root = Join-Path -Path $TestDrive -ChildPath ([guid]::NewGuid().ToString('N'))
        $env:ProgramData = Join-Path -Path $root -ChildPath 'ProgramData'
        $null = [System.IO.Directory]::CreateDirectory($env:ProgramData)
        $script:ownRoot = Join-Path -Path $env:ProgramData -ChildPath 'officeops'
        $script:cacheRoot = Join-Path -Path $ownRoot -ChildPath 'outlook_auth/GetHelpCmd'
        # Microsoft's archive holds GetHelpCmd.exe and its files at the top.
        $script:zipBytes = New-TestZip -Entries ([ordered]@{ 'GetHelpCmd.exe' = 'MZ the Get Help command line'; 'GetHelpCmd.dll' = 'MZ library' })
        $script:zipSha = Get-Sha256 -Bytes $zipBytes
        $script:cached = Join-Path -Path (Join-Path -Path $cacheRoot -ChildPath $zipSha) -ChildPath 'GetHelpCmd.exe'

        $global:OfficeopsTestSa = @{ order = [System.Collections.Generic.List[string]]@(); disposed = [System.Collections.Generic.List[string]]@()
            response = New-FakeResponse -Uri $SignedUrl -Stream ([System.IO.MemoryStream]::new($zipBytes)) }
        Mock Get-OfficeopsHttpsResponse { $global:OfficeopsTestSa.order.Add('download'); $global:OfficeopsTestSa.response }
        Mock Get-OfficeopsFileSha256 { $global:OfficeopsTestSa.order.Add('hash'); (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash }
        Mock Expand-OfficeopsZipFile { $global:OfficeopsTestSa.order.Add('unpack'); [System.IO.Compression.ZipFile]::ExtractToDirectory($Path, $Destination) }
        Mock Copy-OfficeopsFile { $global:OfficeopsTestSa.order.Add('copy'); [System.IO.File]::Copy($Source, $Destination) }
        Mock New-OfficeopsAdminFolder { $null = [System.IO.Directory]::CreateDirectory($Path) }
        Mock Get-OfficeopsToolFile {
            @{ exists = [System.IO.File]::Exists($Path); sha256 = 'e3' * 32; created = '2026-01-02T08:00:00Z'; writable_by_others = @(); path = $Path }
        }
        Mock Get-OfficeopsUserProfile { $Maria.Clone(); $Olaf.Clone() }
        Mock Resolve-OfficeopsTargetUser { @{ profiles = @($Maria.Clone()); problem = $null } }
        Mock Get-OfficeopsSessionAccess { 'interactive_task' }
        Mock Test-OfficeopsElevatedAdministrator { $true }
        Mock Invoke-OfficeopsNativeCommand { $global:OfficeopsTestSa.order.Add('run'); @{ exit_code = 80; output = '80: Successful run. Start any Office app and sign-in to activate.' } }
        Mock Invoke-OfficeopsAsUser { $global:OfficeopsTestSa.order.Add('run as user')
            @{ status = 'ok'; output = @{ exit_code = 2; output = '02: A Full scan was performed.' }; error = $null; cleanup_error = $null } }
    }

    AfterEach {
        $env:ProgramData = $savedProgramData
    }

    Describe 'probe' {
        It 'judges a tool used where it is, and resolves the users for the Outlook scan' {
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = 'C:\Tools\GetHelpCmd\GetHelpCmd.exe' } -CheckMode
            $run.rc | Should -Be 0
            $probe = $run.result.probe
            $probe.tool.path | Should -BeExactly 'C:\Tools\GetHelpCmd\GetHelpCmd.exe'
            $probe.cache | Should -BeNullOrEmpty
            $probe.users | Should -HaveCount 1
            $probe.users[0].sid | Should -BeExactly 'S-1-5-21-1-2-3-1001'
            $probe.user_problem | Should -BeNullOrEmpty
            $run.result.changed | Should -BeFalse
            Should -Invoke Get-OfficeopsToolFile -Times 1 -Exactly -ParameterFilter { $Path -ceq 'C:\Tools\GetHelpCmd\GetHelpCmd.exe' -and -not $CheckUpTo }
            Should -Invoke Resolve-OfficeopsTargetUser -Times 1 -Exactly -ParameterFilter { $User -eq 'interactive' -and $UserProfile.Count -eq 2 }
        }

        It 'passes on why no user was selected' {
            Mock Resolve-OfficeopsTargetUser { @{ profiles = @(); problem = 'no user is logged on at the console' } }
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = 'C:\Tools\GetHelpCmd.exe'; user = 'CORP\olaf' } -CheckMode
            $run.result.probe.users | Should -HaveCount 0
            $run.result.probe.user_problem | Should -BeExactly 'no user is logged on at the console'
            Should -Invoke Resolve-OfficeopsTargetUser -Times 1 -Exactly -ParameterFilter { $User -eq 'CORP\olaf' }
        }

        It 'looks for no user for an elevated scenario' {
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = 'C:\Tools\GetHelpCmd.exe'; scenario = 'ResetOfficeActivation' } -CheckMode
            $run.result.probe.users | Should -HaveCount 0
            $run.result.probe.user_problem | Should -BeNullOrEmpty
            Should -Invoke Resolve-OfficeopsTargetUser -Times 0
            Should -Invoke Get-OfficeopsUserProfile -Times 0
        }

        It 'names the cache folder of a URL not fetched yet, without judging a tool' {
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = $Url; checksum = $zipSha.ToUpperInvariant()
                scenario = 'ResetOfficeActivation' } -CheckMode
            $probe = $run.result.probe
            $probe.cache.folder | Should -BeExactly (Join-Path -Path $cacheRoot -ChildPath $zipSha)
            $probe.cache.ready | Should -BeFalse
            $probe.cache.source_sha256 | Should -BeNullOrEmpty
            $probe.tool.exists | Should -BeFalse
            $probe.tool.path | Should -BeNullOrEmpty
            Should -Invoke Get-OfficeopsToolFile -Times 0
            Should -Invoke Get-OfficeopsHttpsResponse -Times 0
            [System.IO.Directory]::Exists($cacheRoot) | Should -BeFalse
        }

        It 'finds the tool in the cache, checking every folder up to ProgramData\officeops: <layout>' -ForEach @(
            @{ layout = 'GetHelpCmd.exe at the top'; file = 'GetHelpCmd.exe' }
            @{ layout = 'SaRAcmd.exe at the top'; file = 'SaRAcmd.exe' }
            @{ layout = 'one folder down'; file = 'GetHelpCmd/GetHelpCmd.exe' }
        ) {
            $tool = Join-Path -Path (Join-Path -Path $cacheRoot -ChildPath $zipSha) -ChildPath $file
            $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($tool))
            [System.IO.File]::WriteAllText($tool, 'MZ')
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = 'files/GetHelpCmd.zip'; remote_src = $false
                checksum = $zipSha; scenario = 'OfficeScrubScenario' } -CheckMode
            $run.result.probe.cache.ready | Should -BeTrue
            $run.result.probe.tool.exists | Should -BeTrue
            $run.result.probe.tool.path | Should -BeExactly $tool
            Should -Invoke Get-OfficeopsToolFile -Times 1 -Exactly -ParameterFilter { $Path -eq $tool -and $CheckUpTo -eq $ownRoot }
        }

        It 'reports a cache folder that holds no tool as ready but without a tool' {
            $null = [System.IO.Directory]::CreateDirectory((Join-Path -Path $cacheRoot -ChildPath $zipSha))
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = $Url; checksum = $zipSha
                scenario = 'OfficeScrubScenario' } -CheckMode
            $run.result.probe.cache.ready | Should -BeTrue
            $run.result.probe.tool.exists | Should -BeFalse
            $run.result.probe.tool.path | Should -BeNullOrEmpty
        }

        It 'hashes an archive on the target to find its cache folder' {
            $archive = Join-Path -Path $root -ChildPath 'GetHelpCmd.zip'
            [System.IO.File]::WriteAllBytes($archive, $zipBytes)
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = $archive; scenario = 'ResetOfficeActivation' } -CheckMode
            $run.result.probe.cache.source_sha256 | Should -BeExactly $zipSha
            $run.result.probe.cache.folder | Should -BeExactly (Join-Path -Path $cacheRoot -ChildPath $zipSha)
            $run.result.probe.cache.ready | Should -BeFalse
            Should -Invoke Get-OfficeopsFileSha256 -Times 1 -Exactly -ParameterFilter { $Path -eq $archive }
        }

        It 'reports an archive missing on the target' {
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = (Join-Path -Path $root -ChildPath 'GetHelpCmd.ZIP')
                scenario = 'ResetOfficeActivation' } -CheckMode
            $run.result.probe.tool.exists | Should -BeFalse
            $run.result.probe.cache.folder | Should -BeExactly $cacheRoot
            $run.result.probe.cache.ready | Should -BeFalse
            $run.result.probe.cache.source_sha256 | Should -BeNullOrEmpty
        }

        It 'fails without a checksum, or with one that is not a hash, for a fetched source: <name>' -ForEach @(
            @{ name = 'URL, no checksum'; params = @{ source = 'https://download.example.com/GetHelpCmd.zip' }
                message = 'win_support_assistant: checksum is required to find a downloaded or copied tool' }
            @{ name = 'controller file, no checksum'; params = @{ source = 'files/GetHelpCmd.zip'; remote_src = $false }
                message = 'win_support_assistant: checksum is required to find a downloaded or copied tool' }
            @{ name = 'a path as checksum'; params = @{ source = 'https://download.example.com/GetHelpCmd.zip'; checksum = '..\..\Windows\System32' }
                message = "win_support_assistant: checksum must be a SHA-256 as 64 hex digits, got '..\..\windows\system32'" }
            @{ name = 'a short checksum'; params = @{ source = 'https://download.example.com/GetHelpCmd.zip'; checksum = 'abc123' }
                message = "win_support_assistant: checksum must be a SHA-256 as 64 hex digits, got 'abc123'" }
        ) {
            $params['_phase'] = 'probe'
            $run = Invoke-AssistantModule -Params $params -CheckMode
            $run.rc | Should -Be 1
            $run.result.failed | Should -BeTrue
            $run.result.msg | Should -BeExactly $message
        }

        It 'gives the same probe with -Diff, and no diff' {
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = 'C:\Tools\GetHelpCmd.exe' } -CheckMode -Diff
            $run.rc | Should -Be 0
            $run.result.Contains('diff') | Should -BeFalse
        }

        It 'fails, naming the cause, when the profiles cannot be read' {
            Mock Get-OfficeopsUserProfile { throw 'Access is denied' }
            $run = Invoke-AssistantModule -Params @{ _phase = 'probe'; source = 'C:\Tools\GetHelpCmd.exe' } -CheckMode
            $run.rc | Should -Be 1
            $run.result.msg | Should -BeExactly 'win_support_assistant failed: Access is denied'
        }

        It 'refuses <name>' -ForEach $badInput {
            $run = Invoke-AssistantModule -Params $params
            $run.rc | Should -Be 1
            $run.result.failed | Should -BeTrue
            $run.result.msg | Should -BeLike $message
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }
    }

    Describe 'apply' {
        BeforeEach {
            $script:fetchOp = @{ op = 'fetch_tool'; kind = 'url'; location = $Url; sha256 = $zipSha; timeout = 600 }
            $script:runOp = @{ op = 'run_scenario'; sid = ''; tool = $cached; arguments = '-S ResetOfficeActivation -AcceptEula -CloseOffice'
                log_folder = $null; timeout = 1800; as_user = $false }
            $script:userOp = @{ op = 'run_scenario'; sid = 'S-1-5-21-1-2-3-1001'; tool = $cached
                arguments = "-S ExpertExperienceAdminTask -AcceptEula -LogFolder `"$LogFolder`""; log_folder = $LogFolder; timeout = 1800; as_user = $true }
            $script:apply = @{ _phase = 'apply'; source = $Url; checksum = $zipSha; _fetch_url = $SignedUrl }
        }

        It 'keeps to the contract with the ops the controller sends' {
            Assert-OfficeopsContract -Wrapper win_support_assistant -Phase ops -Result @($fetchOp, $runOp, $userOp)
        }

        It 'refuses to run in check mode, and fetches and runs nothing' {
            $apply._ops = @($fetchOp, $runOp)
            $run = Invoke-AssistantModule -Params $apply -CheckMode
            $run.rc | Should -Be 1
            $run.result.msg | Should -BeExactly 'win_support_assistant: the apply phase was called in check mode; nothing was run'
            foreach ($boundary in 'New-OfficeopsAdminFolder', 'Get-OfficeopsHttpsResponse', 'Copy-OfficeopsFile', 'Expand-OfficeopsZipFile',
                'Invoke-OfficeopsNativeCommand', 'Invoke-OfficeopsAsUser') {
                Should -Invoke $boundary -Times 0
            }
            [System.IO.Directory]::Exists($cacheRoot) | Should -BeFalse
        }

        It 'refuses an unknown op before doing any' {
            $apply._ops = @($fetchOp, @{ op = 'download' })
            $run = Invoke-AssistantModule -Params $apply
            $run.rc | Should -Be 1
            $run.result.msg | Should -BeExactly "win_support_assistant: unknown op 'download'"
            Should -Invoke Get-OfficeopsHttpsResponse -Times 0
            Should -Invoke New-OfficeopsAdminFolder -Times 0
        }

        It 'downloads the archive, checks its SHA-256 before unpacking it, caches it, then runs the scenario from the cache' {
            $apply._ops = @($fetchOp, $runOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.rc | Should -Be 0
            $run.result.changed | Should -BeTrue
            $fetched, $ran = $run.result.results
            $fetched.op | Should -BeExactly 'fetch_tool'
            $fetched.status | Should -BeExactly 'fetched'
            $fetched.sha256 | Should -BeExactly $zipSha
            $fetched.error | Should -BeNullOrEmpty
            $fetched.tool.path | Should -BeExactly $cached
            $fetched.tool.exists | Should -BeTrue
            [System.IO.File]::ReadAllText($cached) | Should -BeExactly 'MZ the Get Help command line'
            $ran.op | Should -BeExactly 'run_scenario'
            $ran.status | Should -BeExactly 'ran'
            $ran.exit_code | Should -Be 80
            $global:OfficeopsTestSa.order | Should -Be @('download', 'hash', 'unpack', 'run')
            # The whole signed URL is fetched; it appears nowhere in the result.
            Should -Invoke Get-OfficeopsHttpsResponse -Times 1 -Exactly -ParameterFilter { $Uri.AbsoluteUri -ceq $SignedUrl -and $TimeoutMilliseconds -eq 120000 }
            ConvertTo-Json -InputObject $run.result -Depth 10 | Should -Not -Match 'SECRETSIGNATURE'
            Should -Invoke New-OfficeopsAdminFolder -Times 1 -Exactly -ParameterFilter { $Root -eq $env:ProgramData -and $Path -eq $cacheRoot }
            Should -Invoke New-OfficeopsAdminFolder -Times 1 -Exactly -ParameterFilter { $Root -eq $env:ProgramData -and $Path -like (Join-Path -Path $cacheRoot -ChildPath '.partial-*') }
            Get-Leftover | Should -HaveCount 0
            $global:OfficeopsTestSa.disposed | Should -Be @('response')
        }

        It 'keeps the signed URL out of the invocation Ansible.Basic returns and logs (no_log)' {
            $apply._ops = @($fetchOp)
            $apply._ansible_inject_invocation = $true
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'fetched'
            $run.result.invocation.module_args.source | Should -BeExactly $Url
            ConvertTo-Json -InputObject $run.result -Depth 10 | Should -Not -Match 'SECRETSIGNATURE'
        }

        It 'refuses a download whose SHA-256 is not the expected one: nothing unpacked, cached or run' {
            $fetchOp.sha256 = 'AB' * 32
            $apply._ops = @($fetchOp, $runOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.rc | Should -Be 0
            $run.result.results | Should -HaveCount 1
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].sha256 | Should -BeExactly $zipSha
            $run.result.results[0].error | Should -BeExactly "SHA-256 $zipSha, expected $('ab' * 32)"
            $run.result.results[0].tool | Should -BeNullOrEmpty
            $run.result.changed | Should -BeFalse
            Should -Invoke Expand-OfficeopsZipFile -Times 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
            @(Get-ChildItem -LiteralPath $cacheRoot -Force) | Should -HaveCount 0
        }

        It 'copies the file the controller put on the target, and keeps a SaRAcmd.exe under its name' {
            $source = Join-Path -Path $root -ChildPath 'ansible-tmp/SaRAcmd.exe'
            $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($source))
            $exe = [System.Text.Encoding]::ASCII.GetBytes('MZ SaRA command line')
            [System.IO.File]::WriteAllBytes($source, $exe)
            $sha = Get-Sha256 -Bytes $exe
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'controller'; location = $source; sha256 = $sha; timeout = 600 })
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'fetched'
            $expected = Join-Path -Path (Join-Path -Path $cacheRoot -ChildPath $sha) -ChildPath 'SaRAcmd.exe'
            $run.result.results[0].tool.path | Should -BeExactly $expected
            [System.IO.File]::ReadAllBytes($expected) | Should -Be $exe
            [System.IO.File]::Exists($source) | Should -BeTrue
            $global:OfficeopsTestSa.order | Should -Be @('copy', 'hash')
            Get-Leftover | Should -HaveCount 0
        }

        It 'names an executable of any other name GetHelpCmd.exe' {
            $source = Join-Path -Path $root -ChildPath 'Tools/gethelp-2026-01.exe'
            $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($source))
            $exe = [System.Text.Encoding]::ASCII.GetBytes('MZ renamed')
            [System.IO.File]::WriteAllBytes($source, $exe)
            $sha = Get-Sha256 -Bytes $exe
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'target'; location = $source; sha256 = $sha; timeout = 600 })
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'fetched'
            $run.result.results[0].tool.path | Should -BeExactly (Join-Path -Path (Join-Path -Path $cacheRoot -ChildPath $sha) -ChildPath 'GetHelpCmd.exe')
        }

        It 'unpacks an archive that holds the tool one folder down' {
            $bytes = New-TestZip -Entries ([ordered]@{ 'GetHelpCmd/GetHelpCmd.exe' = 'MZ nested'; 'GetHelpCmd/EULA.txt' = 'terms' })
            $sha = Get-Sha256 -Bytes $bytes
            $global:OfficeopsTestSa.response = New-FakeResponse -Uri $SignedUrl -Stream ([System.IO.MemoryStream]::new($bytes))
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'url'; location = $Url; sha256 = $sha; timeout = 600 })
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'fetched'
            $run.result.results[0].tool.path | Should -BeExactly (Join-Path -Path $cacheRoot -ChildPath "$sha/GetHelpCmd/GetHelpCmd.exe")
        }

        It 'refuses <name>, caching nothing' -ForEach @(
            @{ name = 'a file that is neither a zip archive nor an executable'; body = '<html>Sign in to continue</html>'; zip = $false
                expected = 'it is neither a zip archive nor an executable' }
            @{ name = 'an archive without the tool'; body = 'readme.txt'; zip = $true; expected = 'it holds neither GetHelpCmd.exe nor SaRAcmd.exe' }
            @{ name = 'an empty file'; body = ''; zip = $false; expected = 'it is neither a zip archive nor an executable' }
        ) {
            # (An if that yields an empty array yields nothing: take the bytes apart from it.)
            $bytes = [System.Text.Encoding]::ASCII.GetBytes($body)
            if ($zip) { $bytes = New-TestZip -Entries @{ $body = 'not the tool' } }
            $sha = Get-Sha256 -Bytes $bytes
            $global:OfficeopsTestSa.response = New-FakeResponse -Uri $SignedUrl -Stream ([System.IO.MemoryStream]::new($bytes))
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'url'; location = $Url; sha256 = $sha; timeout = 600 }, $runOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results | Should -HaveCount 1
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly $expected
            [System.IO.Directory]::Exists((Join-Path -Path $cacheRoot -ChildPath $sha)) | Should -BeFalse
            Get-Leftover | Should -HaveCount 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'refuses an archive entry that would land outside the cache' {
            $bytes = New-TestZip -Entries ([ordered]@{ 'GetHelpCmd.exe' = 'MZ'; '../../evil.exe' = 'MZ planted' })
            $sha = Get-Sha256 -Bytes $bytes
            $global:OfficeopsTestSa.response = New-FakeResponse -Uri $SignedUrl -Stream ([System.IO.MemoryStream]::new($bytes))
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'url'; location = $Url; sha256 = $sha; timeout = 600 })
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeLike '*outside the specified destination directory*'
            [System.IO.File]::Exists((Join-Path -Path $ownRoot -ChildPath 'outlook_auth/evil.exe')) | Should -BeFalse
            [System.IO.Directory]::Exists((Join-Path -Path $cacheRoot -ChildPath $sha)) | Should -BeFalse
            Get-Leftover | Should -HaveCount 0
        }

        It 'finds a tool already cached under that hash, and unpacks nothing' {
            $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($cached))
            [System.IO.File]::WriteAllText($cached, 'MZ cached earlier')
            $apply._ops = @($fetchOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'fetched'
            $run.result.results[0].tool.path | Should -BeExactly $cached
            [System.IO.File]::ReadAllText($cached) | Should -BeExactly 'MZ cached earlier'
            Should -Invoke Expand-OfficeopsZipFile -Times 0
            Get-Leftover | Should -HaveCount 0
        }

        It 'refuses an op SHA-256 that could name another folder, before fetching' {
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'url'; location = $Url; sha256 = '..\..\Tools'; timeout = 600 })
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly "expected the SHA-256 as 64 hex digits, got '..\..\tools'"
            Should -Invoke New-OfficeopsAdminFolder -Times 0
            Should -Invoke Get-OfficeopsHttpsResponse -Times 0
        }

        It 'reports <name> as failed' -ForEach @(
            @{ name = 'a fetch without the URL'; kind = 'url'; params = @{ _fetch_url = $null }
                expected = 'the controller sent no download URL (_fetch_url) with the fetch_tool op' }
            @{ name = 'a plain http URL'; kind = 'url'; params = @{ _fetch_url = 'http://download.example.com/GetHelpCmd.zip' }
                expected = 'only https URLs are downloaded, got http' }
            @{ name = 'an unknown kind'; kind = 'ftp'; params = @{ }; expected = "unknown fetch kind 'ftp'" }
        ) {
            $op = $fetchOp.Clone()
            $op.kind = $kind
            $apply._ops = @($op)
            foreach ($key in $params.Keys) { $apply[$key] = $params[$key] }
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly $expected
            Should -Invoke Get-OfficeopsHttpsResponse -Times 0
            Get-Leftover | Should -HaveCount 0
        }

        It 'refuses a redirect off https, and closes the response' {
            $global:OfficeopsTestSa.response = New-FakeResponse -Uri 'http://mirror.example.net/GetHelpCmd.zip' -Stream ([System.IO.MemoryStream]::new($zipBytes))
            $apply._ops = @($fetchOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'the server redirected to http://mirror.example.net; only https is followed'
            $global:OfficeopsTestSa.disposed | Should -Be @('response')
            Should -Invoke Get-OfficeopsFileSha256 -Times 0
            Get-Leftover | Should -HaveCount 0
        }

        It 'stops a download larger than any Get Help build, writing nothing past the cap' {
            $stream = [pscustomobject]@{ }
            $stream | Add-Member -MemberType ScriptMethod -Name Read -Value { param($buffer, $offset, $count) 1GB + 1 }
            $stream | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $global:OfficeopsTestSa.disposed.Add('stream') }
            $global:OfficeopsTestSa.response = New-FakeResponse -Uri $SignedUrl -Stream $stream
            $apply._ops = @($fetchOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'the download is larger than 1024 MB; that is not the Get Help command line'
            $global:OfficeopsTestSa.disposed | Should -Be @('stream', 'response')
            Get-Leftover | Should -HaveCount 0
        }

        It 'stops a download that outlasts its timeout' {
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'url'; location = $Url; sha256 = $zipSha; timeout = 0 })
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'the download did not finish within 0 seconds'
            Should -Invoke Get-OfficeopsHttpsResponse -Times 1 -Exactly -ParameterFilter { $TimeoutMilliseconds -eq 0 }
            Get-Leftover | Should -HaveCount 0
        }

        It 'gives the request the op timeout when it is under two minutes' {
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'url'; location = $Url; sha256 = $zipSha; timeout = 45 })
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'fetched'
            Should -Invoke Get-OfficeopsHttpsResponse -Times 1 -Exactly -ParameterFilter { $TimeoutMilliseconds -eq 45000 }
        }

        It 'reports a server error as failed' {
            Mock Get-OfficeopsHttpsResponse { throw [System.Net.WebException]::new('The remote server returned an error: (403) Forbidden.') }
            $apply._ops = @($fetchOp, $runOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results | Should -HaveCount 1
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'The remote server returned an error: (403) Forbidden.'
            $run.result.changed | Should -BeFalse
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'reports a file that cannot be copied as failed' {
            $apply._ops = @(@{ op = 'fetch_tool'; kind = 'target'; location = (Join-Path -Path $root -ChildPath 'missing.zip'); sha256 = $zipSha; timeout = 600 })
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeLike '*missing.zip*'
            Get-Leftover | Should -HaveCount 0
        }

        It 'removes staging older than a day that a cut-off fetch left, and keeps recent staging' {
            $null = [System.IO.Directory]::CreateDirectory($cacheRoot)
            $old = Join-Path -Path $cacheRoot -ChildPath '.partial-0123'
            $oldFile = Join-Path -Path $cacheRoot -ChildPath '.download-0123'
            $recent = Join-Path -Path $cacheRoot -ChildPath '.partial-4567'
            $other = Join-Path -Path $cacheRoot -ChildPath 'notes.txt'
            $null = [System.IO.Directory]::CreateDirectory($old)
            [System.IO.File]::WriteAllText($oldFile, 'half')
            $null = [System.IO.Directory]::CreateDirectory($recent)
            [System.IO.File]::WriteAllText($other, 'not staging')
            foreach ($path in $old, $other) { [System.IO.Directory]::SetLastWriteTimeUtc($path, [DateTime]::UtcNow.AddDays(-2)) }
            [System.IO.File]::SetLastWriteTimeUtc($oldFile, [DateTime]::UtcNow.AddDays(-2))
            [System.IO.File]::SetLastWriteTimeUtc($other, [DateTime]::UtcNow.AddDays(-2))
            $apply._ops = @($fetchOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'fetched'
            Test-Path -LiteralPath $old | Should -BeFalse
            Test-Path -LiteralPath $oldFile | Should -BeFalse
            Test-Path -LiteralPath $recent | Should -BeTrue
            Test-Path -LiteralPath $other | Should -BeTrue
        }

        It 'warns about staging it cannot remove, and fetches all the same' {
            $null = [System.IO.Directory]::CreateDirectory($cacheRoot)
            $stuck = Join-Path -Path $cacheRoot -ChildPath '.partial-stuck'
            $null = [System.IO.Directory]::CreateDirectory($stuck)
            [System.IO.Directory]::SetLastWriteTimeUtc($stuck, [DateTime]::UtcNow.AddDays(-3))
            Mock Remove-Item { throw 'The process cannot access the file because it is being used by another process.' } -ParameterFilter { $LiteralPath -like '*.partial-stuck' }
            $apply._ops = @($fetchOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'fetched'
            $run.result.warnings | Should -Be @("could not remove the leftover $stuck`: The process cannot access the file because it is being used by another process.")
        }

        It 'warns when its own staging cannot be removed, and still reports the failure' {
            $fetchOp.sha256 = 'cd' * 32
            Mock Remove-Item { throw 'Access to the path is denied.' } -ParameterFilter { $LiteralPath -like '*.download-*' }
            $apply._ops = @($fetchOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.warnings | Should -HaveCount 1
            $run.result.warnings[0] | Should -BeLike "could not remove $cacheRoot*.download-*: Access to the path is denied."
        }

        It 'fails the fetch when the cache folder is not safe, fetching nothing' {
            Mock New-OfficeopsAdminFolder { throw "$Path can be written (or, as owner, re-permissioned) by S-1-1-0; refusing to keep an administrator's tools there" }
            $apply._ops = @($fetchOp, $runOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results | Should -HaveCount 1
            $run.result.results[0].error | Should -BeExactly "$cacheRoot can be written (or, as owner, re-permissioned) by S-1-1-0; refusing to keep an administrator's tools there"
            Should -Invoke Get-OfficeopsHttpsResponse -Times 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }
    }

    Describe 'apply: run_scenario' {
        BeforeEach {
            $script:runOp = @{ op = 'run_scenario'; sid = ''; tool = $cached; arguments = '-S ResetOfficeActivation -AcceptEula -CloseOffice'
                log_folder = $null; timeout = 1800; as_user = $false }
            $script:userOp = @{ op = 'run_scenario'; sid = 'S-1-5-21-1-2-3-1001'; tool = $cached
                arguments = "-S ExpertExperienceAdminTask -AcceptEula -LogFolder `"$LogFolder`""; log_folder = $LogFolder; timeout = 1800; as_user = $true }
            $script:apply = @{ _phase = 'apply'; source = 'C:\Tools\GetHelpCmd.exe' }
        }

        It '<scenario> elevated: exit code <code> and its output come back as they are' -ForEach $documentedRuns {
            $global:OfficeopsTestSa.run = @{ exit_code = $code; output = "$output`r`n" }
            Mock Invoke-OfficeopsNativeCommand { $global:OfficeopsTestSa.run }
            $op = $runOp.Clone()
            $op.arguments = "-S $scenario -AcceptEula"
            $apply._ops = @($op)
            $apply.scenario = $scenario
            $run = Invoke-AssistantModule -Params $apply
            $run.rc | Should -Be 0
            $result = $run.result.results[0]
            $result.status | Should -BeExactly 'ran'
            $result.exit_code | Should -Be $code
            $result.output | Should -BeExactly "$output`r`n"
            $result.sid | Should -BeExactly ''
            $result.sha256 | Should -BeNullOrEmpty
            $result.tool | Should -BeNullOrEmpty
            $run.result.changed | Should -BeTrue
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 1 -Exactly -ParameterFilter {
                $Data.file -eq $cached -and $Data.arguments -ceq "-S $scenario -AcceptEula" -and $Data.timeout_ms -eq 1800000 -and $null -eq $Data.ensure_directory
            }
            Should -Invoke Invoke-OfficeopsAsUser -Times 0
        }

        It 'Outlook scan as the user: exit code <code> and its output come back as they are' -ForEach $userRuns {
            $global:OfficeopsTestSa.run = @{ status = 'ok'; output = @{ exit_code = $code; output = $output }; error = $null; cleanup_error = $null }
            Mock Invoke-OfficeopsAsUser { $global:OfficeopsTestSa.run }
            $apply._ops = @($userOp)
            $run = Invoke-AssistantModule -Params $apply
            $result = $run.result.results[0]
            $result.status | Should -BeExactly 'ran'
            $result.sid | Should -BeExactly 'S-1-5-21-1-2-3-1001'
            $result.exit_code | Should -Be $code
            $result.output | Should -BeExactly $output
        }

        It "runs the Outlook scan in the logged-on user's session with their own token, never elevated" {
            $apply._ops = @($userOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'ran'
            Should -Invoke Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter {
                $Access -eq 'interactive_task' -and $UserProfile.sid -eq 'S-1-5-21-1-2-3-1001' -and $TimeoutSeconds -eq 1830 -and
                $Function.Name -eq 'Invoke-OfficeopsNativeCommand' -and $Data.file -eq $cached -and $Data.timeout_ms -eq 1800000 -and
                $Data.arguments -ceq "-S ExpertExperienceAdminTask -AcceptEula -LogFolder `"$LogFolder`"" -and $Data.ensure_directory -ceq $LogFolder
            }
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'moves an elevated become logon of a logged-on user to their session task' {
            Mock Get-OfficeopsSessionAccess { 'direct' }
            $apply._ops = @($userOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'ran'
            Should -Invoke Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter { $Access -eq 'interactive_task' }
        }

        It 'runs in place when become already runs as the user, not elevated' {
            Mock Get-OfficeopsSessionAccess { 'direct' }
            Mock Test-OfficeopsElevatedAdministrator { $false }
            $apply._ops = @($userOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'ran'
            Should -Invoke Invoke-OfficeopsAsUser -Times 1 -Exactly -ParameterFilter { $Access -eq 'direct' }
        }

        It 'refuses an elevated become logon of a user who is not logged on' {
            Mock Get-OfficeopsUserProfile { $p = $Maria.Clone(); $p.logged_on = $false; $p.console = $false; $p }
            Mock Get-OfficeopsSessionAccess { 'direct' }
            $apply._ops = @($userOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'the Outlook scan must not run elevated, and this become logon is elevated; run it while the user is logged on'
            $run.result.changed | Should -BeFalse
            Should -Invoke Invoke-OfficeopsAsUser -Times 0
        }

        It "reports a session that cannot be reached: <access>" -ForEach @(@{ access = 'not_logged_on' }, @{ access = 'become_mismatch' }) {
            $global:OfficeopsTestSa.access = $access
            Mock Get-OfficeopsSessionAccess { $global:OfficeopsTestSa.access }
            $apply._ops = @($userOp)
            $apply.session = 'become'
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly "the user's session cannot be reached now ($access)"
            Should -Invoke Get-OfficeopsSessionAccess -Times 1 -Exactly -ParameterFilter { $Session -eq 'become' -and $UserProfile.sid -eq 'S-1-5-21-1-2-3-1001' }
            Should -Invoke Invoke-OfficeopsAsUser -Times 0
        }

        It 'reports a user without a profile here' {
            $op = $userOp.Clone()
            $op.sid = 'S-1-5-21-9-9-9-1009'
            $apply._ops = @($op)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'no profile with SID S-1-5-21-9-9-9-1009 on this machine'
            Should -Invoke Invoke-OfficeopsAsUser -Times 0
        }

        It "reports the session task's <status> as failed" -ForEach @(
            @{ status = 'timeout'; reason = 'the task did not finish within 1830 seconds' }
            @{ status = 'failed'; reason = 'The task image is corrupt or has been tampered with.' }
        ) {
            $global:OfficeopsTestSa.run = @{ status = $status; output = $null; error = $reason; cleanup_error = $null }
            Mock Invoke-OfficeopsAsUser { $global:OfficeopsTestSa.run }
            $apply._ops = @($userOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly "$status`: $reason"
            $run.result.results[0].exit_code | Should -BeNullOrEmpty
            $run.result.changed | Should -BeFalse
        }

        It 'reports a run stopped at its timeout as failed' {
            Mock Invoke-OfficeopsNativeCommand { throw "$($Data.file) did not finish within 1800 seconds and was stopped" }
            $apply._ops = @($runOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly "$cached did not finish within 1800 seconds and was stopped"
            $run.result.changed | Should -BeFalse
        }

        It 'returns only the last 4000 characters of a long output' {
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = 80; output = ('a' * 100) + ('b' * 3999) + 'z' } }
            $apply._ops = @($runOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].output | Should -BeExactly (('b' * 3999) + 'z')
        }

        It 'returns no output as an empty string' {
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = 0; output = $null } }
            $apply._ops = @($runOp)
            $run = Invoke-AssistantModule -Params $apply
            $run.result.results[0].output | Should -BeExactly ''
            $run.result.results[0].exit_code | Should -Be 0
        }
    }

    AfterAll {
        # Every test ran under its own ProgramData; none wrote the real one.
        $env:ProgramData | Should -Not -BeLike "$TestDrive*"
    }
}
