# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Real processes (/bin/sh, sleep) run the command line; only the Windows tree kill
# (taskkill.exe, the nested Stop-OfficeopsProcessTree) is replaced.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _NativeCommand

    Function Wait-ProcessGone {
        param ([int]$ProcessId)
        for ($i = 0; $i -lt 40; $i++) {
            if ($null -eq (Get-Process -Id $ProcessId -ErrorAction SilentlyContinue)) {
                return $true
            }
            Start-Sleep -Milliseconds 100
        }
        $false
    }

    $script:Sh = '/bin/sh'
}

Describe 'Invoke-OfficeopsNativeCommand input' {
    It 'refuses <name>' -ForEach @(
        @{ name = 'no file'; data = @{ timeout_ms = 1000 } }
        @{ name = 'an empty file'; data = @{ file = ''; timeout_ms = 1000 } }
        @{ name = 'no timeout'; data = @{ file = '/bin/sh' } }
        @{ name = 'a zero timeout'; data = @{ file = '/bin/sh'; timeout_ms = 0 } }
        @{ name = 'a negative timeout'; data = @{ file = '/bin/sh'; timeout_ms = -5 } }
        @{ name = 'a timeout that is not a number'; data = @{ file = '/bin/sh'; timeout_ms = 'soon' } }
        @{ name = 'an empty object from JSON'; data = [pscustomobject]@{} }
    ) {
        { Invoke-OfficeopsNativeCommand -Data $data } | Should -Throw -ExpectedMessage 'Invoke-OfficeopsNativeCommand needs file and timeout_ms'
    }

    It 'refuses a null -Data' {
        { Invoke-OfficeopsNativeCommand -Data $null } | Should -Throw -ExpectedMessage "*parameter 'Data' because it is null*"
    }

    It 'reports a program that cannot start' {
        { Invoke-OfficeopsNativeCommand -Data @{ file = '/nonexistent/officeops-tool'; timeout_ms = 1000; working_directory = $TestDrive } } |
            Should -Throw -ExpectedMessage '*officeops-tool*'
    }
}

Describe 'Invoke-OfficeopsNativeCommand run' {
    It 'returns the exit code and stdout then stderr, from a hashtable without the optional keys' {
        # Strict mode: the callers pass only file, arguments and timeout_ms.
        $run = Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = '-c "printf out; printf err >&2; exit 3"'; timeout_ms = 10000 }

        $run.exit_code | Should -Be 3
        $run.exit_code | Should -BeOfType [int]
        $run.output | Should -BeExactly 'outerr'
        $run.output | Should -BeOfType [string]
        @($run.Keys | Sort-Object) | Should -Be @('exit_code', 'output')
    }

    It 'takes a PSCustomObject, as the session task hands it over from JSON' {
        $data = '{"file":"/bin/sh","arguments":"-c \"echo from json\"","timeout_ms":10000}' | ConvertFrom-Json

        $run = Invoke-OfficeopsNativeCommand -Data $data

        $run.exit_code | Should -Be 0
        $run.output | Should -BeExactly "from json`n"
    }

    It 'passes the command line verbatim: <name>' -ForEach @(
        @{ name = 'embedded double quotes'; arguments = '-c "printf ''%s|'' \"a b\" c"'; expected = 'a b|c|' }
        @{ name = 'an empty argument'; arguments = '-c "printf ''[%s]'' \"$1\"" sh ""'; expected = '[]' }
    ) {
        (Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = $arguments; timeout_ms = 10000 }).output | Should -BeExactly $expected
    }

    It 'runs in working_directory when given' {
        $dir = New-Item -Path (Join-Path $TestDrive 'work dir') -ItemType Directory

        $run = Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = '-c "pwd -P"'; timeout_ms = 10000; working_directory = $dir.FullName }

        $run.output | Should -BeExactly "$($dir.FullName)`n"
    }

    It "runs in the program's own folder by default" {
        $tools = New-Item -Path (Join-Path $TestDrive 'tools') -ItemType Directory
        $script = Join-Path $tools.FullName 'where.sh'
        [System.IO.File]::WriteAllText($script, "#!/bin/sh`npwd -P`n")
        & chmod +x $script

        $run = Invoke-OfficeopsNativeCommand -Data @{ file = $script; timeout_ms = 10000 }

        $run.output | Should -BeExactly "$($tools.FullName)`n"
    }

    It 'creates ensure_directory first' {
        $target = Join-Path $TestDrive 'made/by/the/user'

        $run = Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = "-c ""ls -d '$target'"""; timeout_ms = 10000; ensure_directory = $target }

        $run.exit_code | Should -Be 0
        Test-Path -LiteralPath $target -PathType Container | Should -BeTrue
    }

    It 'does not wait for a child that keeps the output pipe open' {
        # sh exits at once; its background sleep holds stdout: 5 s grace, then no output.
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $run = Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = '-c "echo lost; sleep 7 2>/dev/null &"'; timeout_ms = 10000 }
        $watch.Stop()

        $run.exit_code | Should -Be 0
        $run.output | Should -BeExactly ''
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 6.9
    }
}

Describe 'Invoke-OfficeopsNativeCommand timeout' {
    BeforeAll {
        # Start-OfficeopsProcess / Stop-OfficeopsProcessTree are defined inside
        # Invoke-OfficeopsNativeCommand (self-contained for the session task); Mock needs a
        # command of that name first. Pester's alias wins over the nested definition.
        $null = Register-OfficeopsBoundaryStub -Function Invoke-OfficeopsNativeCommand -Name Start-OfficeopsProcess, Stop-OfficeopsProcessTree
    }
    AfterAll {
        Unregister-OfficeopsBoundaryStub
    }
    BeforeEach {
        $global:OfficeopsTestKilled = [System.Collections.Generic.List[int]]@()
        # The real start, with a Dispose that counts itself.
        $global:OfficeopsTestDisposed = 0
        Mock -ModuleName _NativeCommand Start-OfficeopsProcess {
            $process = [System.Diagnostics.Process]::Start($StartInfo)
            $process | Add-Member -MemberType ScriptMethod -Name Dispose -Force -Value {
                $global:OfficeopsTestDisposed++
                # Not $this.Dispose(): PowerShell would find this method again.
                $null = [System.ComponentModel.Component].GetMethod('Dispose', [Type[]]@()).Invoke($this.PSObject.BaseObject, @())
            }
            $process
        }
    }

    It 'kills the process tree and the process, and says so' {
        Mock -ModuleName _NativeCommand Stop-OfficeopsProcessTree { $global:OfficeopsTestKilled.Add($ProcessId) }

        { Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = '-c "sleep 30"'; timeout_ms = 300 } } |
            Should -Throw -ExpectedMessage '/bin/sh did not finish within 0.3 seconds and was stopped'

        Should -Invoke -ModuleName _NativeCommand Stop-OfficeopsProcessTree -Times 1 -Exactly
        $global:OfficeopsTestKilled.Count | Should -Be 1
        # The mock killed nothing: the process went through Process.Kill.
        Wait-ProcessGone -ProcessId $global:OfficeopsTestKilled[0] | Should -BeTrue
        $global:OfficeopsTestDisposed | Should -Be 1
    }

    It 'disposes of the process after a normal run' {
        $null = Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = '-c "exit 0"'; timeout_ms = 10000 }

        Should -Invoke -ModuleName _NativeCommand Start-OfficeopsProcess -Times 1 -Exactly
        $global:OfficeopsTestDisposed | Should -Be 1
    }

    It 'still kills the process and reports the timeout when taskkill fails' {
        Mock -ModuleName _NativeCommand Stop-OfficeopsProcessTree {
            $global:OfficeopsTestKilled.Add($ProcessId)
            throw "ERROR: The process `"$ProcessId`" not found."
        }

        { Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = '-c "sleep 30"'; timeout_ms = 300 } } |
            Should -Throw -ExpectedMessage '/bin/sh did not finish within 0.3 seconds and was stopped'

        Wait-ProcessGone -ProcessId $global:OfficeopsTestKilled[0] | Should -BeTrue
    }

    It 'reports the timeout when Process.Kill throws Win32Exception (the process is terminating)' {
        # Process.Kill docs: Win32Exception "The process is terminating" (TerminateProcess on a
        # process taskkill is already ending answers ERROR_ACCESS_DENIED); it must not replace
        # the timeout.
        Mock -ModuleName _NativeCommand Stop-OfficeopsProcessTree { $global:OfficeopsTestKilled.Add($ProcessId) }
        # A CodeMethod, so the Win32Exception arrives as from a real .NET method (a ScriptMethod
        # would wrap it once more): the process is killed, then the exception is thrown.
        if (-not ('OfficeopsTest.TerminatingKill' -as [type])) {
            Add-Type -TypeDefinition @'
namespace OfficeopsTest {
    public static class TerminatingKill {
        public static void Kill(System.Management.Automation.PSObject self) {
            ((System.Diagnostics.Process)self.BaseObject).Kill();
            throw new System.ComponentModel.Win32Exception(5);
        }
    }
}
'@
        }
        Mock -ModuleName _NativeCommand Start-OfficeopsProcess {
            $process = [System.Diagnostics.Process]::Start($StartInfo)
            $process | Add-Member -MemberType CodeMethod -Name Kill -Force -Value ([OfficeopsTest.TerminatingKill].GetMethod('Kill'))
            $process
        }

        { Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = '-c "sleep 30"'; timeout_ms = 300 } } |
            Should -Throw -ExpectedMessage '/bin/sh did not finish within 0.3 seconds and was stopped'

        Wait-ProcessGone -ProcessId $global:OfficeopsTestKilled[0] | Should -BeTrue
    }

    It 'leaves the process running with keep_running_on_timeout' {
        Mock -ModuleName _NativeCommand Stop-OfficeopsProcessTree { $global:OfficeopsTestKilled.Add($ProcessId) }
        $pidFile = Join-Path $TestDrive 'kept.pid'

        { Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = "-c ""echo `$`$ > '$pidFile'; exec sleep 5"""; timeout_ms = 400; keep_running_on_timeout = $true } } |
            Should -Throw -ExpectedMessage '/bin/sh is still running after 0.4 seconds; it was left running'

        Should -Invoke -ModuleName _NativeCommand Stop-OfficeopsProcessTree -Times 0 -Exactly
        $global:OfficeopsTestDisposed | Should -Be 1
        $kept = [int]([System.IO.File]::ReadAllText($pidFile).Trim())
        $process = Get-Process -Id $kept -ErrorAction SilentlyContinue
        $process | Should -Not -BeNullOrEmpty
        $process.Kill()
    }

    It 'runs taskkill.exe from System32 with /PID, /T and /F' {
        # The real boundary, against a stand-in taskkill.exe that records its arguments.
        $saved = $env:SystemRoot
        $env:SystemRoot = Join-Path $TestDrive 'Windows'
        try {
            $system32 = New-Item -Path (Join-Path $env:SystemRoot 'System32') -ItemType Directory -Force
            $record = Join-Path $TestDrive 'taskkill.args'
            $taskkill = Join-Path $system32.FullName 'taskkill.exe'
            [System.IO.File]::WriteAllText($taskkill, "#!/bin/sh`necho ""`$*"" > '$record'`necho 'ERROR: not found' >&2`nexit 128`n")
            & chmod +x $taskkill

            { Invoke-OfficeopsNativeCommand -Data @{ file = $Sh; arguments = '-c "sleep 30"'; timeout_ms = 300 } } |
                Should -Throw -ExpectedMessage '/bin/sh did not finish within 0.3 seconds and was stopped'

            [System.IO.File]::ReadAllText($record) | Should -Match '^/PID \d+ /T /F\n$'
        }
        finally {
            $env:SystemRoot = $saved
        }
    }
}
