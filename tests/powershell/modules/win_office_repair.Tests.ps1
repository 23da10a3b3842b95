# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# win_office_repair.ps1 end to end through Ansible.Basic: the probe (Click-to-Run
# configuration, OfficeClickToRun.exe, running Office programs, once markers, the ODT view)
# and the apply (run_repair, run_odt, set_once_marker). Mocked: the utilities at their
# exported functions, the module's own boundaries (Get-OfficeopsCimInstance for WMI,
# Get-OfficeopsProcess), Start-Sleep, and HKLM (the in-memory registry). The Common Files
# and ProgramData folders are folders under the suite's TestDrive.

BeforeDiscovery {
    # Refused by Ansible.Basic from the module's spec, in its words.
    $badInput = @(
        @{ name = 'an unknown repair_type'; params = @{ repair_type = 'nuke' }
            message = 'value of repair_type must be one of: quick, full, reinstall. Got no match for: nuke' }
        @{ name = 'an unknown phase'; params = @{ _phase = 'both' }; message = 'value of _phase must be one of: probe, apply. Got no match for: both' }
        @{ name = 'a timeout that is not a number'; params = @{ timeout = 'soon' }
            message = 'argument for timeout is of type System.String and we were unable to convert to int*' }
        @{ name = 'an op without its name'; params = @{ _phase = 'apply'; _ops = @(@{ arguments = 'scenario=Repair' }) }
            message = 'missing required arguments: op found in _ops' }
        @{ name = 'an op with a key no op has'; params = @{ _phase = 'apply'; _ops = @(@{ op = 'run_repair'; command = 'calc.exe' }) }
            message = 'Unsupported parameters for (win_office_repair) module: command found in _ops*' }
    )
}

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _RegistryTree, _OnceMarker, _NativeCommand, _OfficeInstall, _ToolFile, _OfficeDeployment

    # The script's own boundaries (Verb-Officeops...) defined globally from its text, so the
    # suite can mock them; a name a loaded utility already exports is left alone.
    $null = Register-OfficeopsBoundaryStub -Path win_office_repair

    Function Invoke-RepairModule {
        # Invoke-OfficeopsModule, and every result that is not a failure held to the contract
        # of its phase (plugins/module_utils/_contract/wrappers.py).
        param ([System.Collections.IDictionary]$Params = @{}, [switch]$CheckMode, [switch]$Diff)
        $run = Invoke-OfficeopsModule -Name win_office_repair -Params $Params -CheckMode:$CheckMode -Diff:$Diff
        if ($run.rc -eq 0) {
            $phase = if ($Params.Contains('_phase') -and $Params['_phase'] -eq 'apply') { 'apply' } else { 'probe' }
            Assert-OfficeopsContract -Wrapper win_office_repair -Phase $phase -Result $run.result
        }
        $run
    }

    # HKLM\SOFTWARE\Microsoft\Office\ClickToRun\Configuration of a Microsoft 365 Apps install
    # on the Current Channel (Get-OfficeopsClickToRunConfiguration's shape).
    $script:ClickToRun = @{
        version_to_report = '16.0.17928.20156'
        platform = 'x64'
        update_channel = 'http://officecdn.microsoft.com/pr/492350f6-3a01-4f97-b9c0-c7c6ddf67d60'
        cdn_base_url = 'http://officecdn.microsoft.com/pr/492350f6-3a01-4f97-b9c0-c7c6ddf67d60'
        product_release_ids = 'O365ProPlusRetail'
        client_culture = 'en-us'
    }
    # The command line plugins/module_utils/_office/repair.py builds.
    $script:QuickRepair = 'scenario=Repair platform=x64 culture=en-us RepairType=QuickRepair forceappshutdown=False DisplayLevel=False'
    # WMI's view of Click-to-Run: the service, its own process, and a repair running.
    $script:Service = [pscustomobject]@{ Name = 'ClickToRunSvc'; ProcessId = 3100 }
    $script:ServiceProcess = [pscustomobject]@{ ProcessId = 3100
        CommandLine = '"C:\Program Files\Common Files\Microsoft Shared\ClickToRun\OfficeClickToRun.exe" /service' }
    $script:RepairProcess = [pscustomobject]@{ ProcessId = 7312
        CommandLine = '"C:\Program Files\Common Files\Microsoft Shared\ClickToRun\OfficeClickToRun.exe" scenario=Repair platform=x64 culture=en-us RepairType=QuickRepair DisplayLevel=False' }
    $script:UpdateProcess = [pscustomobject]@{ ProcessId = 7400
        CommandLine = '"C:\Program Files\Common Files\microsoft shared\ClickToRun\OfficeC2RClient.exe" /update user' }

    # A configuration file on the target, as the operator wrote it (Microsoft's MAK sample).
    $script:Keyed = @(
        '<Configuration>'
        '  <Add SourcePath="\\Server\Share" OfficeClientEdition="64" Channel="PerpetualVL2021">'
        '      <Product ID="ProPlus2021Volume"  PIDKEY="KEY01-AAAAA-BBBBB-CCCCC-DDDDD" >'
        '         <Language ID="en-us" />'
        '      </Product>'
        '  </Add>'
        '  <RemoveMSI />'
        '  <Display Level="None" AcceptEULA="TRUE" />'
        '</Configuration>'
    ) -join "`r`n"
    # sha256sum of $Keyed's UTF-8 bytes.
    $script:KeyedSha256 = '49fbf27194945056435c202b5689500eed8e044c3cf1600f42462d658b83a34a'
    $script:KeyedHidden = $script:Keyed.Replace('"KEY01-AAAAA-BBBBB-CCCCC-DDDDD"', '"officeops-hidden-pidkey-0"')
    # What the controller sends back: the hidden text, with FORCEAPPSHUTDOWN it added.
    $script:Checked = $script:KeyedHidden.Replace('  <RemoveMSI />', "  <RemoveMSI />`r`n  <Property Name=`"FORCEAPPSHUTDOWN`" Value=`"TRUE`" />")
    $script:Inline = '<Configuration><Add OfficeClientEdition="64" Channel="Current"><Product ID="O365ProPlusRetail"><Language ID="en-us"/></Product></Add><Display Level="None" AcceptEULA="TRUE"/></Configuration>'

    Function New-FakeProcess {
        # What Get-Process returns, as far as the module uses it: something to Dispose.
        param ([string]$Name)
        $process = [pscustomobject]@{ ProcessName = $Name }
        $process | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $global:OfficeopsTestDisposed.Add($this.ProcessName) }
        $process
    }

    Function Get-OnceValue {
        # The once markers the in-memory HKLM holds afterwards.
        $node = Get-OfficeopsFakeNode -Key $global:OfficeopsTestHklm -Path 'SOFTWARE\officeops\outlook_auth\once\office_repair'
        $values = @{}
        if ($null -ne $node) {
            foreach ($name in $node.ValueNames.Values) { $values[$name] = $node.Values[$name].Value }
        }
        $values
    }
}

AfterAll {
    Unregister-OfficeopsBoundaryStub
    Remove-Variable -Name OfficeopsTestHklm, OfficeopsTestDisposed, OfficeopsTestCim, OfficeopsTestSeen -Scope Global -ErrorAction SilentlyContinue
}

Describe 'win_office_repair.ps1' {
    BeforeEach {
        $script:savedEnv = @{ ProgramData = $env:ProgramData; CommonProgramW6432 = $env:CommonProgramW6432; CommonProgramFiles = $env:CommonProgramFiles }
        $script:root = Join-Path -Path $TestDrive -ChildPath ([guid]::NewGuid().ToString('N'))
        $env:ProgramData = Join-Path -Path $root -ChildPath 'ProgramData'
        $env:CommonProgramW6432 = Join-Path -Path $root -ChildPath 'Common Files'
        $env:CommonProgramFiles = Join-Path -Path $root -ChildPath 'Common Files (x86)'
        $null = [System.IO.Directory]::CreateDirectory($env:ProgramData)
        $script:c2rTool = Join-Path -Path $env:CommonProgramW6432 -ChildPath 'microsoft shared/ClickToRun/OfficeClickToRun.exe'
        $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($c2rTool))
        [System.IO.File]::WriteAllText($c2rTool, 'MZ')
        $script:workFolder = Join-Path -Path $env:ProgramData -ChildPath 'officeops/outlook_auth/odt'
        $script:workFile = Join-Path -Path $workFolder -ChildPath 'configuration.xml'
        $script:setup = Join-Path -Path $root -ChildPath 'ODT/setup.exe'

        $global:OfficeopsTestHklm = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE
        $global:OfficeopsTestDisposed = [System.Collections.Generic.List[string]]@()
        $global:OfficeopsTestSeen = @{}
        # WMI: the service and its own process; tests add work in progress.
        $global:OfficeopsTestCim = @{ c2r = @($ServiceProcess); setup = @(); calls = 0; busyFrom = -1; busyUntil = -1 }
        Mock Get-OfficeopsCimInstance { $Service } -ParameterFilter { $ClassName -eq 'Win32_Service' }
        Mock Get-OfficeopsCimInstance {
            # Calls counted, so a test can make Click-to-Run busy from / until the nth look.
            $state = $global:OfficeopsTestCim
            $state.calls++
            $state.c2r
            if ($state.calls -ge $state.busyFrom -and $state.busyFrom -ge 0 -and ($state.busyUntil -lt 0 -or $state.calls -le $state.busyUntil)) {
                $RepairProcess
            }
        } -ParameterFilter { $ClassName -eq 'Win32_Process' -and $Filter -eq "Name='OfficeClickToRun.exe'" }
        Mock Get-OfficeopsCimInstance { $global:OfficeopsTestCim.setup } -ParameterFilter { $ClassName -eq 'Win32_Process' -and $Filter -eq "Name='setup.exe'" }
        Mock Get-OfficeopsProcess { }
        Mock Get-OfficeopsClickToRunConfiguration { $ClickToRun.Clone() }
        Mock Invoke-OfficeopsNativeCommand {
            # What setup.exe would read, at the moment it runs.
            $global:OfficeopsTestSeen.configuration = if ([System.IO.File]::Exists($workFile)) { [System.IO.File]::ReadAllText($workFile) } else { $null }
            @{ exit_code = 0; output = '' }
        }
        Mock New-OfficeopsAdminFolder { $null = [System.IO.Directory]::CreateDirectory($Path) }
        Mock Get-OfficeopsToolFile { @{ exists = $true; sha256 = 'c0ffee' * 10 + 'c0ff'; created = '2026-01-05T09:30:00Z'; writable_by_others = @(); path = $Path } }
        Mock Write-OfficeopsOdtConfiguration { [System.IO.File]::WriteAllText($Path, $Text) }
        Mock Start-Sleep { }
        Use-OfficeopsFakeRegistry -LocalMachine $global:OfficeopsTestHklm
    }

    AfterEach {
        foreach ($name in $savedEnv.Keys) {
            Set-Item -LiteralPath "env:$name" -Value $savedEnv[$name]
        }
        $global:OfficeopsTestHklm.OpenHandleCount() | Should -Be 0
    }

    Describe 'win_office_repair probe' {
        It 'reports Click-to-Run, the tool, running Office programs and the once markers' {
            $hklmKey = $global:OfficeopsTestHklm.CreateSubKey('SOFTWARE\officeops\outlook_auth\once\office_repair')
            $hklmKey.SetValue('INC0012345', '2026-01-05T10:00:00.0000000Z')
            $hklmKey.Dispose()
            Mock Get-OfficeopsProcess { New-FakeProcess -Name $Name; New-FakeProcess -Name $Name } -ParameterFilter { $Name -in 'OUTLOOK', 'EXCEL' }

            $run = Invoke-RepairModule -Params @{ _phase = 'probe' } -CheckMode
            $run.rc | Should -Be 0
            $probe = $run.result.probe
            $probe.click_to_run.version_to_report | Should -BeExactly '16.0.17928.20156'
            $probe.click_to_run.platform | Should -BeExactly 'x64'
            $probe.click_to_run.client_culture | Should -BeExactly 'en-us'
            $probe.tool | Should -BeExactly $c2rTool
            # In the module's order, each once, every process handle closed.
            $probe.office_running | Should -Be @('OUTLOOK', 'EXCEL')
            $global:OfficeopsTestDisposed | Should -Be @('OUTLOOK', 'OUTLOOK', 'EXCEL', 'EXCEL')
            $probe.once.Keys | Should -Be @('INC0012345')
            # (The harness's JSON reader turns an ISO 8601 string into a DateTime.)
            ([DateTime]$probe.once['INC0012345']).ToUniversalTime().ToString('o') | Should -BeExactly '2026-01-05T10:00:00.0000000Z'
            $probe.odt | Should -BeNullOrEmpty
            $run.result.changed | Should -BeFalse
            Should -Invoke Get-OfficeopsProcess -Times 14 -Exactly
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'reports no Click-to-Run, no tool, nothing running and no markers on a machine without Office' {
            Mock Get-OfficeopsClickToRunConfiguration { $null }
            Remove-Item -LiteralPath $c2rTool
            $run = Invoke-RepairModule -Params @{ _phase = 'probe' } -CheckMode
            $run.rc | Should -Be 0
            $run.result.probe.click_to_run | Should -BeNullOrEmpty
            $run.result.probe.tool | Should -BeNullOrEmpty
            $run.result.probe.office_running | Should -HaveCount 0
            $run.result.probe.once.Count | Should -Be 0
        }

        It 'finds OfficeClickToRun.exe under CommonProgramFiles when there is no 64-bit Common Files' {
            $env:CommonProgramW6432 = $null
            $x86 = Join-Path -Path $env:CommonProgramFiles -ChildPath 'microsoft shared/ClickToRun/OfficeClickToRun.exe'
            $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($x86))
            [System.IO.File]::WriteAllText($x86, 'MZ')
            $run = Invoke-RepairModule -Params @{ _phase = 'probe' }
            $run.result.probe.tool | Should -BeExactly $x86
        }

        It 'gives the same probe with -Diff, and no diff' {
            $run = Invoke-RepairModule -Params @{ _phase = 'probe' } -CheckMode -Diff
            $run.rc | Should -Be 0
            $run.result.Contains('diff') | Should -BeFalse
        }

        It 'describes setup.exe and an inline configuration for a reinstall, without echoing the XML' {
            $run = Invoke-RepairModule -Params @{ _phase = 'probe'; repair_type = 'reinstall'; odt_path = $setup
                configuration = $Inline } -CheckMode
            $run.rc | Should -Be 0
            $odt = $run.result.probe.odt
            $odt.setup.path | Should -BeExactly $setup
            $odt.setup.exists | Should -BeTrue
            $odt.configuration | Should -BeNullOrEmpty
            $odt.work_folder | Should -BeExactly $workFolder
            Should -Invoke Get-OfficeopsToolFile -Times 1 -Exactly -ParameterFilter { $Path -eq $setup }
        }

        It "returns a configuration file with its product key hidden, and the file's SHA-256" {
            $file = Join-Path -Path $root -ChildPath 'configuration.xml'
            [System.IO.File]::WriteAllText($file, $Keyed)
            $run = Invoke-RepairModule -Params @{ _phase = 'probe'; repair_type = 'reinstall'; odt_path = $setup
                configuration = $file } -CheckMode
            $run.rc | Should -Be 0
            $configuration = $run.result.probe.odt.configuration
            $configuration.exists | Should -BeTrue
            $configuration.content | Should -BeExactly $KeyedHidden
            $configuration.sha256 | Should -BeExactly $KeyedSha256
            $configuration.error | Should -BeNullOrEmpty
            ConvertTo-Json -InputObject $run.result -Depth 10 | Should -Not -Match 'KEY01'
        }

        It 'returns no text at all for a file whose key cannot be hidden' {
            $file = Join-Path -Path $root -ChildPath 'unquoted.xml'
            [System.IO.File]::WriteAllText($file, $Keyed.Replace('"KEY01-AAAAA-BBBBB-CCCCC-DDDDD"', 'KEY01-AAAAA-BBBBB-CCCCC-DDDDD'))
            $run = Invoke-RepairModule -Params @{ _phase = 'probe'; repair_type = 'reinstall'; odt_path = $setup
                configuration = $file } -CheckMode
            $run.rc | Should -Be 0
            $run.result.probe.odt.configuration.content | Should -BeNullOrEmpty
            $run.result.probe.odt.configuration.error | Should -BeLike 'it mentions PIDKEY other than as a quoted product key attribute*'
            ConvertTo-Json -InputObject $run.result -Depth 10 | Should -Not -Match 'KEY01'
        }

        It 'says a configuration file is missing' {
            $run = Invoke-RepairModule -Params @{ _phase = 'probe'; repair_type = 'reinstall'; odt_path = $setup
                configuration = (Join-Path -Path $root -ChildPath 'missing.xml') } -CheckMode
            $run.result.probe.odt.configuration.exists | Should -BeFalse
            $run.result.probe.odt.configuration.content | Should -BeNullOrEmpty
        }

        It 'leaves the ODT out unless it is a reinstall with odt_path: <name>' -ForEach @(
            @{ name = 'quick with odt_path'; params = @{ repair_type = 'quick'; odt_path = 'C:\ODT\setup.exe' } }
            @{ name = 'reinstall without odt_path'; params = @{ repair_type = 'reinstall' } }
        ) {
            $params['_phase'] = 'probe'
            $run = Invoke-RepairModule -Params $params -CheckMode
            $run.rc | Should -Be 0
            $run.result.probe.odt | Should -BeNullOrEmpty
            Should -Invoke Get-OfficeopsToolFile -Times 0
        }

        It 'fails, naming the cause, when reading the machine fails' {
            Mock Get-OfficeopsClickToRunConfiguration { throw 'Requested registry access is not allowed.' }
            $run = Invoke-RepairModule -Params @{ _phase = 'probe' } -CheckMode
            $run.rc | Should -Be 1
            $run.result.failed | Should -BeTrue
            $run.result.msg | Should -BeExactly 'win_office_repair failed: Requested registry access is not allowed.'
        }

        It 'refuses <name>, naming the option' -ForEach $badInput {
            $run = Invoke-RepairModule -Params $params
            $run.rc | Should -Be 1
            $run.result.failed | Should -BeTrue
            $run.result.msg | Should -BeLike $message
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }
    }

    Describe 'win_office_repair apply: run_repair' {
        BeforeAll {
            $script:repairOp = @{ op = 'run_repair'; arguments = $QuickRepair; timeout = 3600 }
            Assert-OfficeopsContract -Wrapper win_office_repair -Phase ops -Result @($repairOp)
        }

        It 'refuses to run in check mode and runs nothing' {
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp, @{ op = 'set_once_marker'; once_id = 'INC1' }) } -CheckMode
            $run.rc | Should -Be 1
            $run.result.msg | Should -BeExactly 'win_office_repair: the apply phase was called in check mode; nothing was changed'
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
            Should -Invoke Get-OfficeopsCimInstance -Times 0
            Should -Invoke Write-OfficeopsOdtConfiguration -Times 0
            (Get-OnceValue).Count | Should -Be 0
        }

        It 'refuses an unknown op before running any' {
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp, @{ op = 'Run_Repair' }) }
            $run.rc | Should -Be 1
            $run.result.msg | Should -BeExactly "win_office_repair: unknown op 'Run_Repair'"
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It "runs OfficeClickToRun.exe with the controller's command line, never killed on timeout" {
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.rc | Should -Be 0
            $run.result.changed | Should -BeTrue
            $run.result.results | Should -HaveCount 1
            $result = $run.result.results[0]
            $result.op | Should -BeExactly 'run_repair'
            $result.status | Should -BeExactly 'changed'
            $result.exit_code | Should -Be 0
            $result.version_after | Should -BeExactly '16.0.17928.20156'
            $result.error | Should -BeNullOrEmpty
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 1 -Exactly -ParameterFilter {
                $Data.file -eq $c2rTool -and $Data.arguments -ceq $QuickRepair -and $Data.timeout_ms -eq 3600000 -and $Data.keep_running_on_timeout -eq $true
            }
        }

        It 'fails without running when OfficeClickToRun.exe is not there' {
            Remove-Item -LiteralPath $c2rTool
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.rc | Should -Be 0
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'OfficeClickToRun.exe was not found'
            $run.result.changed | Should -BeFalse
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'detects a repair already in progress and starts none' {
            # Busy for the first three looks only: code that ran anyway would not wait forever.
            $global:OfficeopsTestCim.busyFrom = 1
            $global:OfficeopsTestCim.busyUntil = 3
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'Click-to-Run is already repairing or updating Office; run again when it has finished'
            $run.result.changed | Should -BeFalse
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'does not count the ClickToRunSvc service, nor a process without a scenario, as work in progress' {
            # The service's own process even with a scenario on its command line, and an updater without one.
            $global:OfficeopsTestCim.c2r = @($ServiceProcess, [pscustomobject]@{ ProcessId = 3100; CommandLine = 'OfficeClickToRun.exe scenario=Install' }, $UpdateProcess)
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.result.results[0].status | Should -BeExactly 'changed'
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 1 -Exactly
        }

        It 'still detects a repair in progress when WMI does not list the ClickToRunSvc service' {
            Mock Get-OfficeopsCimInstance { } -ParameterFilter { $ClassName -eq 'Win32_Service' }
            $global:OfficeopsTestCim.busyFrom = 1
            $global:OfficeopsTestCim.busyUntil = 3
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'Click-to-Run is already repairing or updating Office; run again when it has finished'
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'waits for the Click-to-Run work the repair hands off to' {
            # Looks: 1 before the run, 2 and 3 after it (busy), 4 idle.
            $global:OfficeopsTestCim.busyFrom = 2
            $global:OfficeopsTestCim.busyUntil = 3
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.result.results[0].status | Should -BeExactly 'changed'
            Should -Invoke Start-Sleep -Times 2 -Exactly -ParameterFilter { $Seconds -eq 5 }
        }

        It 'reports running when the handed-off work outlasts the timeout' {
            # Busy after the run, for a few looks only (code that did not watch the deadline would end).
            $global:OfficeopsTestCim.busyFrom = 2
            $global:OfficeopsTestCim.busyUntil = 6
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @(@{ op = 'run_repair'; arguments = $QuickRepair; timeout = 0 }) }
            $result = $run.result.results[0]
            $result.status | Should -BeExactly 'running'
            $result.exit_code | Should -Be 0
            $result.error | Should -BeExactly 'Click-to-Run is still working after 0 seconds; it was left running'
        }

        It 'reports running when OfficeClickToRun.exe itself outlasts the timeout (left running, not killed)' {
            Mock Invoke-OfficeopsNativeCommand { throw "$($Data.file) is still running after 3600 seconds; it was left running" }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp, @{ op = 'set_once_marker'; once_id = 'INC7' }) }
            $run.result.results[0].status | Should -BeExactly 'running'
            $run.result.results[0].error | Should -BeExactly "$c2rTool is still running after 3600 seconds; it was left running"
            $run.result.results[1].status | Should -BeExactly 'not_run'
            (Get-OnceValue).Count | Should -Be 0
        }

        It 'reports a failure to start as failed' {
            Mock Invoke-OfficeopsNativeCommand { throw 'The system cannot find the file specified' }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'The system cannot find the file specified'
            $run.result.changed | Should -BeFalse
        }

        It 'reports a non-zero exit as failed, with the end of the output' {
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = 17002; output = ('x' * 600) + 'Office repair failed: error code 17002' + "`r`n" } }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $result = $run.result.results[0]
            $result.status | Should -BeExactly 'failed'
            $result.exit_code | Should -Be 17002
            $result.error | Should -BeExactly ('OfficeClickToRun.exe exited with 17002: ' + ('x' * 462) + 'Office repair failed: error code 17002')
            $result.version_after | Should -BeExactly '16.0.17928.20156'
            $run.result.changed | Should -BeFalse
        }

        It 'reports a non-zero exit without output' {
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = 30088; output = $null } }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.result.results[0].error | Should -BeExactly 'OfficeClickToRun.exe exited with 30088'
        }

        It 'reports no version when Click-to-Run is gone afterwards' {
            Mock Get-OfficeopsClickToRunConfiguration { $null }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp) }
            $run.result.results[0].status | Should -BeExactly 'changed'
            $run.result.results[0].version_after | Should -BeNullOrEmpty
        }
    }

    Describe 'win_office_repair apply: set_once_marker' {
        BeforeAll {
            $script:repairOp = @{ op = 'run_repair'; arguments = $QuickRepair; timeout = 3600 }
        }

        It 'records the incident in HKLM after a repair that worked' {
            $ops = @($repairOp, @{ op = 'set_once_marker'; once_id = 'INC0012345' })
            Assert-OfficeopsContract -Wrapper win_office_repair -Phase ops -Result $ops
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = $ops }
            $run.result.results[1].op | Should -BeExactly 'set_once_marker'
            $run.result.results[1].status | Should -BeExactly 'changed'
            $once = Get-OnceValue
            $once.Keys | Should -Be @('INC0012345')
            [DateTime]::Parse($once['INC0012345'], [cultureinfo]::InvariantCulture, 'RoundtripKind').Kind | Should -Be 'Utc'
        }

        It 'records nothing after a repair that failed, so a rerun tries again' {
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = 17002; output = '' } }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp, @{ op = 'set_once_marker'; once_id = 'INC2' }) }
            $run.result.results[1].status | Should -BeExactly 'not_run'
            $run.result.changed | Should -BeFalse
            (Get-OnceValue).Count | Should -Be 0
        }

        It "keeps the repair's result when the marker cannot be written, and closes HKLM" {
            Mock Set-OfficeopsOnceMarker { throw 'Requested registry access is not allowed.' }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($repairOp, @{ op = 'set_once_marker'; once_id = 'INC3' }) }
            $run.result.results[0].status | Should -BeExactly 'changed'
            $run.result.results[1].status | Should -BeExactly 'failed'
            $run.result.results[1].error | Should -BeExactly 'Requested registry access is not allowed.'
            $run.result.changed | Should -BeTrue
            Should -Invoke Set-OfficeopsOnceMarker -Times 1 -Exactly -ParameterFilter { $Action -ceq 'office_repair' -and $OnceId -ceq 'INC3' }
        }
    }

    Describe 'win_office_repair apply: run_odt' {
        BeforeAll {
            $script:arguments = '/configure "C:\ProgramData\officeops\outlook_auth\odt\configuration.xml"'
        }

        It "writes the controller's inline configuration where only administrators can write, runs setup.exe on it, then removes it" {
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Inline; configuration_path = ''
                configuration_sha256 = ''; timeout = 7200 }
            Assert-OfficeopsContract -Wrapper win_office_repair -Phase ops -Result @($op)
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.rc | Should -Be 0
            $run.result.results[0].op | Should -BeExactly 'run_odt'
            $run.result.results[0].status | Should -BeExactly 'changed'
            $run.result.changed | Should -BeTrue
            $global:OfficeopsTestSeen.configuration | Should -BeExactly $Inline
            Should -Invoke New-OfficeopsAdminFolder -Times 1 -Exactly -ParameterFilter { $Root -eq $env:ProgramData -and $Path -eq $workFolder }
            Should -Invoke Write-OfficeopsOdtConfiguration -Times 1 -Exactly -ParameterFilter { $Path -eq $workFile -and $Text -ceq $Inline }
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 1 -Exactly -ParameterFilter {
                $Data.file -eq $setup -and $Data.arguments -ceq $arguments -and $Data.timeout_ms -eq 7200000 -and $Data.keep_running_on_timeout -eq $true
            }
            [System.IO.File]::Exists($workFile) | Should -BeFalse
        }

        It "puts the file's product key back into what setup.exe reads, and nowhere else" {
            $file = Join-Path -Path $root -ChildPath 'configuration.xml'
            [System.IO.File]::WriteAllText($file, $Keyed)
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Checked; configuration_path = $file
                configuration_sha256 = $KeyedSha256.ToUpperInvariant(); timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.result.results[0].status | Should -BeExactly 'changed'
            $global:OfficeopsTestSeen.configuration | Should -BeExactly $Keyed.Replace('  <RemoveMSI />', "  <RemoveMSI />`r`n  <Property Name=`"FORCEAPPSHUTDOWN`" Value=`"TRUE`" />")
            ConvertTo-Json -InputObject $run.result -Depth 10 | Should -Not -Match 'KEY01'
            [System.IO.File]::Exists($workFile) | Should -BeFalse
        }

        It 'keeps a product key given inline out of the invocation Ansible.Basic returns and logs (no_log sub-option)' {
            $keyedInline = $Inline.Replace('<Product ID="O365ProPlusRetail">', '<Product ID="O365ProPlusRetail" PIDKEY="KEY09-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ">')
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $keyedInline; configuration_path = ''
                configuration_sha256 = ''; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op); _ansible_inject_invocation = $true }
            $run.result.results[0].status | Should -BeExactly 'changed'
            # setup.exe got the key; the result, invocation included, does not hold it.
            $global:OfficeopsTestSeen.configuration | Should -BeExactly $keyedInline
            $run.result.invocation.module_args._ops[0].op | Should -BeExactly 'run_odt'
            ConvertTo-Json -InputObject $run.result -Depth 10 | Should -Not -Match 'KEY09'
        }

        It 'runs nothing when the configuration file changed since it was checked' {
            $file = Join-Path -Path $root -ChildPath 'configuration.xml'
            [System.IO.File]::WriteAllText($file, $Keyed.Replace('KEY01', 'KEY02'))
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Checked; configuration_path = $file
                configuration_sha256 = $KeyedSha256; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly "configuration: $file changed since it was checked; nothing was run, run again"
            $run.result.changed | Should -BeFalse
            Should -Invoke Write-OfficeopsOdtConfiguration -Times 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
            ConvertTo-Json -InputObject $run.result -Depth 10 | Should -Not -Match 'KEY0'
        }

        It 'runs nothing when the checked XML names a key the file does not have' {
            $file = Join-Path -Path $root -ChildPath 'configuration.xml'
            [System.IO.File]::WriteAllText($file, $Keyed)
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Checked.Replace('pidkey-0', 'pidkey-1')
                configuration_path = $file; configuration_sha256 = $KeyedSha256; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'the configuration names product key 1, which the file does not have'
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'runs nothing, and touches no file, while <name>' -ForEach @(
            @{ name = 'Click-to-Run is working'; busy = 'c2r' }
            @{ name = 'an earlier setup.exe from this path still runs'; busy = 'setup' }
        ) {
            $null = [System.IO.Directory]::CreateDirectory($workFolder)
            [System.IO.File]::WriteAllText($workFile, 'what the earlier setup.exe reads')
            if ($busy -eq 'c2r') { $global:OfficeopsTestCim.busyFrom = 1; $global:OfficeopsTestCim.busyUntil = 4 }
            else { $global:OfficeopsTestCim.setup = @([pscustomobject]@{ ProcessId = 9100; ExecutablePath = $setup }) }
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Inline; configuration_path = ''
                configuration_sha256 = ''; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'Click-to-Run or the Office Deployment Tool is already working on Office; run again when it has finished'
            [System.IO.File]::ReadAllText($workFile) | Should -BeExactly 'what the earlier setup.exe reads'
            Should -Invoke Write-OfficeopsOdtConfiguration -Times 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'does not count a setup.exe from another path, or one whose path WMI cannot read' {
            $global:OfficeopsTestCim.setup = @([pscustomobject]@{ ProcessId = 9100; ExecutablePath = (Join-Path -Path $root -ChildPath 'other/setup.exe') }
                [pscustomobject]@{ ProcessId = 9101; ExecutablePath = $null })
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Inline; configuration_path = ''
                configuration_sha256 = ''; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.result.results[0].status | Should -BeExactly 'changed'
        }

        It "reports setup.exe's failure code as failed, and removes the configuration" {
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = 17004; output = '' } }
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Inline; configuration_path = ''
                configuration_sha256 = ''; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op, @{ op = 'set_once_marker'; once_id = 'INC22' }) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].exit_code | Should -Be 17004
            $run.result.results[0].error | Should -BeExactly 'setup.exe exited with 17004'
            $run.result.results[1].status | Should -BeExactly 'not_run'
            [System.IO.File]::Exists($workFile) | Should -BeFalse
            (Get-OnceValue).Count | Should -Be 0
        }

        It 'leaves the configuration in place while setup.exe still runs past the timeout' {
            Mock Invoke-OfficeopsNativeCommand { throw "$($Data.file) is still running after 7200 seconds; it was left running" }
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Inline; configuration_path = ''
                configuration_sha256 = ''; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.result.results[0].status | Should -BeExactly 'running'
            $run.result.results[0].error | Should -BeExactly "$setup is still running after 7200 seconds; it was left running"
            [System.IO.File]::ReadAllText($workFile) | Should -BeExactly $Inline
        }

        It 'removes a half-written configuration when the write fails' {
            Mock Write-OfficeopsOdtConfiguration { [System.IO.File]::WriteAllText($Path, '<Configu'); throw 'There is not enough space on the disk.' }
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Inline; configuration_path = ''
                configuration_sha256 = ''; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeExactly 'There is not enough space on the disk.'
            [System.IO.File]::Exists($workFile) | Should -BeFalse
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }

        It 'refuses a work folder others could write, and writes nothing' {
            Mock New-OfficeopsAdminFolder { throw "$Path can be written (or, as owner, re-permissioned) by S-1-5-32-545; refusing to keep an administrator's tools there" }
            $op = @{ op = 'run_odt'; setup = $setup; arguments = $arguments; configuration_xml = $Inline; configuration_path = ''
                configuration_sha256 = ''; timeout = 7200 }
            $run = Invoke-RepairModule -Params @{ _phase = 'apply'; _ops = @($op) }
            $run.result.results[0].status | Should -BeExactly 'failed'
            $run.result.results[0].error | Should -BeLike "$workFolder can be written*"
            Should -Invoke Write-OfficeopsOdtConfiguration -Times 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }
    }
}
