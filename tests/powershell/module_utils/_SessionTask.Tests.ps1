# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Task Scheduler, the clock and the account lookup are mocked at their boundaries; the
# private folder, the runner's files and the result file are real, under a SystemRoot in
# TestDrive. A few tests run the runner itself in a fresh pwsh, as the task would in a
# powershell.exe that has none of these modules.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
    Import-OfficeopsUtil -Name _PrivateFolder, _NativeCommand, _SessionTask

    $script:SavedSystemRoot = $env:SystemRoot
    $global:OfficeopsTestPwsh = @(Get-Command -Name pwsh -CommandType Application -ErrorAction SilentlyContinue)[0].Source
    if (-not $global:OfficeopsTestPwsh) {
        $global:OfficeopsTestPwsh = Join-Path $HOME '.dotnet/tools/pwsh'
    }
    $script:Now = [DateTime]::new(2026, 3, 1, 12, 0, 0, [DateTimeKind]::Utc)
    $script:Maria = @{
        sid = 'S-1-5-21-1-2-3-1001'; name = 'CORP\maria'; profile_path = 'C:\Users\maria'
        hive_loaded = $true; logged_on = $true; session_id = 2; console = $true
    }

    Function global:New-OfficeopsTestDefinition {
        # The parts of ITaskDefinition the code sets; a property it does not have throws.
        $actions = [pscustomobject]@{ items = [System.Collections.Generic.List[object]]@() }
        $actions | Add-Member -MemberType ScriptMethod -Name Create -Value {
            param($type)
            $action = [pscustomobject]@{ type = $type; Path = $null; Arguments = $null }
            $this.items.Add($action)
            $action
        }
        [pscustomobject]@{
            RegistrationInfo = [pscustomobject]@{ Description = $null }
            Settings = [pscustomobject]@{
                Enabled = $null; AllowDemandStart = $null; Hidden = $null; DisallowStartIfOnBatteries = $null
                StopIfGoingOnBatteries = $null; ExecutionTimeLimit = $null
            }
            Principal = [pscustomobject]@{ UserId = $null; LogonType = $null; RunLevel = $null }
            Actions = $actions
        }
    }

    Function global:Get-OfficeopsTestBootstrap {
        # The script the task's powershell.exe runs, from its -EncodedCommand.
        param ([string]$Arguments)
        if ($Arguments -notmatch '-EncodedCommand (\S+)$') {
            throw "no -EncodedCommand in $Arguments"
        }
        [System.Text.Encoding]::Unicode.GetString([Convert]::FromBase64String($Matches[1]))
    }

    Function global:Get-OfficeopsTestRunnerFolder {
        param ([string]$Arguments)
        $bootstrap = Get-OfficeopsTestBootstrap -Arguments $Arguments
        if ($bootstrap -notmatch "\)\)\) '(.*)'$") {
            throw "no folder in $bootstrap"
        }
        $Matches[1].Replace("''", "'")
    }

    Function global:Invoke-OfficeopsTestRunner {
        # Run the task's command line as the task would (-WindowStyle is Windows-only).
        param ([string]$Arguments)
        $b64 = ($Arguments -split ' ')[-1]
        $null = & $global:OfficeopsTestPwsh -NoProfile -NonInteractive -EncodedCommand $b64
    }

    Function Use-FakeSession {
        <#
        A fresh SystemRoot and session state for one test. $OnStart runs when the task starts,
        with the private folder and the command line (write an answer, or run the runner).
        #>
        param (
            [scriptblock]$OnStart = {},
            [int]$State = 4,
            [int]$LastResult = 267009,
            # Each clock read moves on: a run without an answer always ends, at its timeout.
            [int]$ClockStep = 1
        )

        $global:OfficeopsTestSession = @{
            clock = $Now; step = $ClockStep; state = $State; last_result = $LastResult; on_start = $OnStart
            folder = $null; registered = $null
        }
        $env:SystemRoot = Join-Path $TestDrive ('Windows-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -Path (Join-Path $env:SystemRoot 'Temp') -ItemType Directory
    }

    Function Use-FakeSessionMock {
        # Mock every boundary of a session task, for a whole Describe (see Use-FakeSession).
        # The ACL types are Windows-only: a folder is made without one.
        $acl = { $fake = [pscustomobject]@{}; foreach ($name in 'SetAccessRuleProtection', 'SetOwner', 'AddAccessRule') { $fake | Add-Member -MemberType ScriptMethod -Name $name -Value {} }; $fake }
        Mock -ModuleName _PrivateFolder New-OfficeopsDirectorySecurity $acl
        Mock -ModuleName _PrivateFolder ConvertTo-OfficeopsSecurityIdentifier { $Sid }
        Mock -ModuleName _PrivateFolder New-OfficeopsAllowRule { "$Sid=$Rights" }
        Mock -ModuleName _PrivateFolder New-OfficeopsAclDirectory { $null = New-Item -Path $Path -ItemType Directory }
        Mock -ModuleName _PrivateFolder Start-Sleep {}

        Mock -ModuleName _SessionTask Start-Sleep {}
        Mock -ModuleName _SessionTask Get-OfficeopsUtcNow {
            $now = $global:OfficeopsTestSession.clock
            $global:OfficeopsTestSession.clock = $now.AddSeconds($global:OfficeopsTestSession.step)
            $now
        }
        Mock -ModuleName _SessionTask Resolve-OfficeopsAccountName { 'CORP\maria' }
        Mock -ModuleName _SessionTask New-OfficeopsTaskService {
            $service = [pscustomobject]@{ kind = 'service' }
            $service | Add-Member -MemberType ScriptMethod -Name NewTask -Value { param($flags) New-OfficeopsTestDefinition }
            $service
        }
        Mock -ModuleName _SessionTask Connect-OfficeopsTaskService {}
        Mock -ModuleName _SessionTask Get-OfficeopsTaskFolder { [pscustomobject]@{ kind = 'folder' } }
        Mock -ModuleName _SessionTask Get-OfficeopsScheduledTask {}
        Mock -ModuleName _SessionTask Register-OfficeopsTask {
            $global:OfficeopsTestSession.registered = $Definition
            [pscustomobject]@{ kind = 'task'; name = $Name; definition = $Definition; user = $UserId }
        }
        Mock -ModuleName _SessionTask Start-OfficeopsTask {
            $arguments = $Task.definition.Actions.items[0].Arguments
            $global:OfficeopsTestSession.folder = Get-OfficeopsTestRunnerFolder -Arguments $arguments
            & $global:OfficeopsTestSession.on_start $global:OfficeopsTestSession.folder $arguments
        }
        Mock -ModuleName _SessionTask Get-OfficeopsTaskState { $global:OfficeopsTestSession.state }
        Mock -ModuleName _SessionTask Get-OfficeopsTaskLastResult { $global:OfficeopsTestSession.last_result }
        Mock -ModuleName _SessionTask Stop-OfficeopsTask { $global:OfficeopsTestSession.state = 3 }
        Mock -ModuleName _SessionTask Unregister-OfficeopsTask {}
        Mock -ModuleName _SessionTask Close-OfficeopsComObject {}
    }

    Function Write-Answer {
        param ([string]$Folder, [string]$Json)
        [System.IO.File]::WriteAllText((Join-Path $Folder 'out/result.json'), $Json)
    }

    Function Get-TempEntry {
        # What is left in SystemRoot\Temp.
        @(Get-ChildItem -LiteralPath (Join-Path $env:SystemRoot 'Temp') -Force | ForEach-Object { $_.Name })
    }
}

AfterAll {
    $env:SystemRoot = $SavedSystemRoot
    foreach ($name in 'New-OfficeopsTestDefinition', 'Get-OfficeopsTestBootstrap', 'Get-OfficeopsTestRunnerFolder', 'Invoke-OfficeopsTestRunner', 'Get-OfficeopsTestDouble') {
        Remove-Item -Path "function:global:$name" -ErrorAction SilentlyContinue
    }
}

Describe 'Write-OfficeopsRunner' {
    BeforeEach {
        $script:Folder = Join-Path $TestDrive ("o'brien " + [guid]::NewGuid().ToString('N'))
        $null = New-Item -Path (Join-Path $Folder 'out') -ItemType Directory
    }

    It 'writes input.json and a run.ps1 that parses, and returns an -EncodedCommand line' {
        $arguments = InModuleScope _SessionTask -Parameters @{ Folder = $Folder } {
            Write-OfficeopsRunner -Folder $Folder -Code 'param($data) $data.n * 2' -InputObject @{ n = 21 }
        }

        [System.IO.File]::ReadAllText((Join-Path $Folder 'input.json')) | Should -BeExactly '{"n":21}'
        $tokens = $null
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $Folder 'run.ps1'), [ref]$tokens, [ref]$errors)
        $errors | Should -BeNullOrEmpty
        [System.IO.File]::ReadAllText((Join-Path $Folder 'run.ps1')) | Should -Match ([regex]::Escape('param($data) $data.n * 2'))
        $arguments | Should -BeLike '-NoProfile -NonInteractive -WindowStyle Hidden -EncodedCommand *'
        # The folder's single quote doubled, inside single quotes.
        $quoted = $Folder.Replace("'", "''")
        Get-OfficeopsTestBootstrap -Arguments $arguments |
            Should -BeExactly "& ([scriptblock]::Create([System.IO.File]::ReadAllText('$quoted/run.ps1'))) '$quoted'"
    }

    It 'reports a failing code through result.json when powershell runs it' {
        $arguments = InModuleScope _SessionTask -Parameters @{ Folder = $Folder } {
            Write-OfficeopsRunner -Folder $Folder -Code 'param($data) throw "no vault for $($data.who)"' -InputObject @{ who = 'maria' }
        }

        Invoke-OfficeopsTestRunner -Arguments $arguments

        $answer = InModuleScope _SessionTask -Parameters @{ Folder = $Folder } { Read-OfficeopsRunnerResult -Folder $Folder }
        $answer.status | Should -Be 'failed'
        $answer.error | Should -BeExactly 'no vault for maria'
        $answer.output | Should -BeNullOrEmpty
        [DateTime]::Parse($answer.finished, [System.Globalization.CultureInfo]::InvariantCulture) | Should -BeOfType [DateTime]
        Test-Path -LiteralPath (Join-Path $Folder 'out/result.tmp') | Should -BeFalse
    }
}

Describe 'Read-OfficeopsRunnerResult' {
    BeforeEach {
        $script:Folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -Path (Join-Path $Folder 'out') -ItemType Directory
    }

    It 'is $null while there is no answer: <name>' -ForEach @(
        @{ name = 'no file'; make = {} }
        @{ name = 'a folder named result.json'; make = { param($f) $null = New-Item -Path (Join-Path $f 'out/result.json') -ItemType Directory } }
        @{ name = 'only the temporary file'; make = { param($f) [System.IO.File]::WriteAllText((Join-Path $f 'out/result.tmp'), '{"ok":true}') } }
    ) {
        & $make $Folder
        InModuleScope _SessionTask -Parameters @{ Folder = $Folder } { Read-OfficeopsRunnerResult -Folder $Folder } | Should -BeNullOrEmpty
    }

    It 'reads <name>' -ForEach @(
        @{ name = 'an answer'; json = '{"ok":true,"output":{"n":42},"error":null,"finished":"2026-03-01T12:00:01.0000000Z"}'
            status = 'ok'; expectedError = $null; finished = '2026-03-01T12:00:01'; n = 42 }
        @{ name = 'a failure'; json = '{"ok":false,"output":null,"error":"vault locked","finished":"2026-03-01T12:00:02.0000000Z"}'
            status = 'failed'; expectedError = 'vault locked'; finished = '2026-03-01T12:00:02'; n = $null }
        @{ name = 'an answer whose error is ignored'; json = '{"ok":true,"output":{"n":1},"error":"stale"}'
            status = 'ok'; expectedError = $null; finished = ''; n = 1 }
        @{ name = 'a failure without an error, its output passed on'; json = '{"ok":false,"output":{"n":7}}'
            status = 'failed'; expectedError = ''; finished = ''; n = 7 }
    ) {
        Write-Answer -Folder $Folder -Json $json

        $answer = InModuleScope _SessionTask -Parameters @{ Folder = $Folder } { Read-OfficeopsRunnerResult -Folder $Folder }

        @($answer.Keys | Sort-Object) | Should -Be @('error', 'finished', 'output', 'status')
        $answer.status | Should -Be $status
        $answer.error | Should -Be $expectedError
        # pwsh 7's ConvertFrom-Json turns an ISO time into a DateTime; Windows PowerShell keeps the text.
        if ($finished) {
            [DateTime]::Parse($answer.finished, [System.Globalization.CultureInfo]::InvariantCulture,
                [System.Globalization.DateTimeStyles]'AssumeUniversal, AdjustToUniversal').ToString('s') | Should -Be $finished
        }
        else {
            $answer.finished | Should -BeExactly ''
        }
        if ($null -eq $n) { $answer.output | Should -BeNullOrEmpty } else { $answer.output.n | Should -Be $n }
    }

    It 'refuses an answer that is <name>' -ForEach @(
        @{ name = 'not JSON'; json = '{"ok":tru'; message = "the answer from the user's session is not JSON: *" }
        # Windows PowerShell's ConvertFrom-Json refuses an empty string; pwsh 7 returns nothing.
        @{ name = 'empty'; json = ''; message = "the answer from the user's session is not *" }
        @{ name = 'a string'; json = '"ok"'; message = "the answer from the user's session is not the runner's: *" }
        @{ name = 'a list'; json = '[{"ok":true},{"ok":true}]'; message = "the answer from the user's session is not the runner's: *" }
        @{ name = 'without ok'; json = '{"output":1}'; message = "the answer from the user's session is not the runner's: *" }
        @{ name = 'ok as a string'; json = '{"ok":"true"}'; message = "the answer from the user's session is not the runner's: *" }
        @{ name = 'ok as a number'; json = '{"ok":1}'; message = "the answer from the user's session is not the runner's: *" }
    ) {
        Write-Answer -Folder $Folder -Json $json

        { InModuleScope _SessionTask -Parameters @{ Folder = $Folder } { Read-OfficeopsRunnerResult -Folder $Folder } } |
            Should -Throw -ExpectedMessage $message
    }

    It 'refuses a result.json that is a link, and leaves its target alone' {
        $secret = Join-Path $TestDrive 'admin-only.txt'
        [System.IO.File]::WriteAllText($secret, '{"ok":true,"output":"admin secret"}')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'out/result.json') -Target $secret

        { InModuleScope _SessionTask -Parameters @{ Folder = $Folder } { Read-OfficeopsRunnerResult -Folder $Folder } } |
            Should -Throw -ExpectedMessage "refusing to read the answer from the user's session: * is a link"
    }

    It 'refuses an out folder that is a link (a mount point the user made of it), and reads nothing through it' {
        # The user has Modify on 'out': an empty 'out' can become a junction to any folder, and
        # out\result.json then names a file there, which the administrator would read.
        $elsewhere = New-Item -Path (Join-Path $TestDrive ('elsewhere-' + [guid]::NewGuid().ToString('N'))) -ItemType Directory
        [System.IO.File]::WriteAllText((Join-Path $elsewhere.FullName 'result.json'), '{"ok":true,"output":"admin secret"}')
        Remove-Item -LiteralPath (Join-Path $Folder 'out')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'out') -Target $elsewhere.FullName

        { InModuleScope _SessionTask -Parameters @{ Folder = $Folder } { Read-OfficeopsRunnerResult -Folder $Folder } } |
            Should -Throw -ExpectedMessage "refusing to read the answer from the user's session: * is a link"
    }

    It 'refuses a result.json over the limit: <name>' -ForEach @(
        @{ name = 'the default 16 MB'; bytes = 16MB + 1; limit = $null; message = '*has 16777217 bytes, more than 16777216' }
        @{ name = 'a given limit'; bytes = 11; limit = 10; message = '*has 11 bytes, more than 10' }
    ) {
        # Sparse: the size is checked before anything is read.
        $stream = [System.IO.File]::Create((Join-Path $Folder 'out/result.json'))
        try { $stream.SetLength($bytes) } finally { $stream.Dispose() }
        $arguments = @{ Folder = $Folder }
        if ($null -ne $limit) { $arguments.MaxBytes = $limit }

        { InModuleScope _SessionTask -Parameters @{ Arguments = $arguments } { Read-OfficeopsRunnerResult @Arguments } } |
            Should -Throw -ExpectedMessage $message
    }

    It 'reads an answer of exactly the limit' {
        Write-Answer -Folder $Folder -Json '{"ok":true}'

        $answer = InModuleScope _SessionTask -Parameters @{ Folder = $Folder } { Read-OfficeopsRunnerResult -Folder $Folder -MaxBytes 11 }
        $answer.status | Should -Be 'ok'
    }
}

Describe 'New-OfficeopsUserTaskDefinition' {
    AfterEach {
        $env:SystemRoot = $SavedSystemRoot
    }

    It "runs powershell.exe hidden as the user's interactive token, not elevated, within the time limit" {
        $env:SystemRoot = Join-Path $TestDrive 'Windows'
        $service = [pscustomobject]@{}
        $service | Add-Member -MemberType ScriptMethod -Name NewTask -Value { param($flags) if ($flags -ne 0) { throw 'NewTask takes 0' }; New-OfficeopsTestDefinition }

        $definition = InModuleScope _SessionTask -Parameters @{ Service = $service } {
            New-OfficeopsUserTaskDefinition -Service $Service -UserId 'CORP\maria' -Arguments '-NoProfile -EncodedCommand AAAA' -Description 'one shot' -TimeLimitSeconds 150
        }

        $definition.RegistrationInfo.Description | Should -Be 'one shot'
        $definition.Settings.Enabled | Should -BeTrue
        $definition.Settings.AllowDemandStart | Should -BeTrue
        $definition.Settings.Hidden | Should -BeTrue
        $definition.Settings.DisallowStartIfOnBatteries | Should -BeFalse
        $definition.Settings.StopIfGoingOnBatteries | Should -BeFalse
        $definition.Settings.ExecutionTimeLimit | Should -Be 'PT150S'
        $definition.Principal.UserId | Should -Be 'CORP\maria'
        $definition.Principal.LogonType | Should -Be 3
        $definition.Principal.RunLevel | Should -Be 0
        $definition.Actions.items.Count | Should -Be 1
        $definition.Actions.items[0].type | Should -Be 0
        $definition.Actions.items[0].Path | Should -Be (Join-Path $env:SystemRoot 'System32/WindowsPowerShell/v1.0/powershell.exe')
        $definition.Actions.items[0].Arguments | Should -Be '-NoProfile -EncodedCommand AAAA'
    }
}

Describe 'Clear-OfficeopsSessionLeftover' {
    BeforeAll {
        Use-FakeSessionMock
    }
    AfterEach {
        $env:SystemRoot = $SavedSystemRoot
    }
    BeforeEach {
        Use-FakeSession
        $global:OfficeopsTestCreation = @{}
        $global:OfficeopsTestOwner = @{}
        Mock -ModuleName _SessionTask Get-OfficeopsFolderCreationTime { $global:OfficeopsTestCreation[[System.IO.Path]::GetFileName($Path)] }
        Mock -ModuleName _SessionTask Get-OfficeopsFolderOwner {
            $owner = $global:OfficeopsTestOwner[[System.IO.Path]::GetFileName($Path)]
            if ($owner -eq 'throw') { throw 'Attempted to perform an unauthorized operation.' }
            $owner
        }
    }

    It 'deletes a task <name>: <deleted>' -ForEach @(
        @{ name = 'made over an hour ago'; task = 'officeops-outlook_auth-20260301T105959Z-0123456789abcdef0123456789abcdef'; state = 3; deleted = $true }
        @{ name = 'made over an hour ago, never run'; task = 'officeops-outlook_auth-20260228T230000Z-0123456789abcdef0123456789abcdef'; state = 1; deleted = $true }
        @{ name = 'made exactly an hour ago'; task = 'officeops-outlook_auth-20260301T110000Z-0123456789abcdef0123456789abcdef'; state = 3; deleted = $false }
        @{ name = 'made half an hour ago'; task = 'officeops-outlook_auth-20260301T113000Z-0123456789abcdef0123456789abcdef'; state = 3; deleted = $false }
        @{ name = 'still running'; task = 'officeops-outlook_auth-20260301T080000Z-0123456789abcdef0123456789abcdef'; state = 4; deleted = $false }
        @{ name = 'with a date that does not exist'; task = 'officeops-outlook_auth-20261399T000000Z-0123456789abcdef0123456789abcdef'; state = 3; deleted = $false }
        @{ name = 'with a short id'; task = 'officeops-outlook_auth-20260301T080000Z-0123456789abcdef'; state = 3; deleted = $false }
        @{ name = 'of someone else'; task = 'GoogleUpdateTaskMachineUA'; state = 3; deleted = $false }
        @{ name = 'with a suffix'; task = 'officeops-outlook_auth-20260301T080000Z-0123456789abcdef0123456789abcdef-keep'; state = 3; deleted = $false }
    ) {
        $global:OfficeopsTestTasks = @([pscustomobject]@{ Name = $task; State = $state })
        Mock -ModuleName _SessionTask Get-OfficeopsScheduledTask { $global:OfficeopsTestTasks }
        Mock -ModuleName _SessionTask Get-OfficeopsTaskState { $Task.State }
        $folder = [pscustomobject]@{ kind = 'folder' }

        InModuleScope _SessionTask -Parameters @{ TaskFolder = $folder } { Clear-OfficeopsSessionLeftover -TaskFolder $TaskFolder }

        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times ([int]$deleted) -Exactly -ParameterFilter { $Name -eq $task -and $TaskFolder.kind -eq 'folder' }
    }

    It 'goes on when a task was deleted meanwhile' {
        $global:OfficeopsTestTasks = @(
            [pscustomobject]@{ Name = 'officeops-outlook_auth-20260301T080000Z-11111111111111111111111111111111'; State = 3 }
            [pscustomobject]@{ Name = 'officeops-outlook_auth-20260301T080000Z-22222222222222222222222222222222'; State = 3 }
        )
        Mock -ModuleName _SessionTask Get-OfficeopsScheduledTask { $global:OfficeopsTestTasks }
        Mock -ModuleName _SessionTask Get-OfficeopsTaskState { $Task.State }
        Mock -ModuleName _SessionTask Unregister-OfficeopsTask { throw 'The system cannot find the file specified. (0x80070002)' } -ParameterFilter { $Name -like '*-1111*' }

        InModuleScope _SessionTask { Clear-OfficeopsSessionLeftover -TaskFolder ([pscustomobject]@{}) }

        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly -ParameterFilter { $Name -like '*-2222*' }
    }

    It 'removes only old, well-named folders owned by Administrators' {
        $temp = Join-Path $env:SystemRoot 'Temp'
        $old = $Now.AddHours(-2)
        $folders = @(
            @{ name = 'officeops-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'; created = $old; owner = 'S-1-5-32-544'; removed = $true }
            @{ name = 'officeops-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'; created = $Now.AddMinutes(-59); owner = 'S-1-5-32-544'; removed = $false }
            @{ name = 'officeops-cccccccccccccccccccccccccccccccc'; created = $Now.AddHours(-1); owner = 'S-1-5-32-544'; removed = $false }
            @{ name = 'officeops-dddddddddddddddddddddddddddddddd'; created = $old; owner = 'S-1-5-21-1-2-3-1001'; removed = $false }
            @{ name = 'officeops-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'; created = $old; owner = 'throw'; removed = $false }
            @{ name = 'officeops-FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'; created = $old; owner = 'S-1-5-32-544'; removed = $false }
            @{ name = 'officeops-notes'; created = $old; owner = 'S-1-5-32-544'; removed = $false }
            @{ name = 'other-0123456789abcdef0123456789abcdef'; created = $old; owner = 'S-1-5-32-544'; removed = $false }
        )
        foreach ($entry in $folders) {
            $null = New-Item -Path (Join-Path $temp "$($entry.name)/out") -ItemType Directory
            [System.IO.File]::WriteAllText((Join-Path $temp "$($entry.name)/input.json"), '{}')
            $global:OfficeopsTestCreation[$entry.name] = $entry.created
            $global:OfficeopsTestOwner[$entry.name] = $entry.owner
        }

        InModuleScope _SessionTask { Clear-OfficeopsSessionLeftover -TaskFolder ([pscustomobject]@{}) }

        Get-TempEntry | Sort-Object | Should -Be @($folders | Where-Object { -not $_.removed } | ForEach-Object { $_.name } | Sort-Object)
        Should -Invoke -ModuleName _SessionTask Get-OfficeopsFolderOwner -Times 0 -Exactly -ParameterFilter { $Path -like '*bbbb*' -or $Path -like '*notes' }
    }
}

Describe 'Invoke-OfficeopsInUserSession' {
    BeforeAll {
        Use-FakeSessionMock
    }
    AfterEach {
        $env:SystemRoot = $SavedSystemRoot
    }

    It 'refuses a user who is not logged on, before anything is made' {
        Use-FakeSession
        $loggedOff = @{} + $Maria
        $loggedOff.logged_on = $false

        { Invoke-OfficeopsInUserSession -UserProfile $loggedOff -Code 'param($data) 1' } |
            Should -Throw -ExpectedMessage 'S-1-5-21-1-2-3-1001 is not logged on: a task in their session cannot start'
        Should -Invoke -ModuleName _SessionTask Resolve-OfficeopsAccountName -Times 0 -Exactly
        Should -Invoke -ModuleName _SessionTask New-OfficeopsTaskService -Times 0 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }

    It 'stops when the SID has no account name, before anything is made' {
        Use-FakeSession
        Mock -ModuleName _SessionTask Resolve-OfficeopsAccountName { throw 'Some or all identity references could not be translated.' }

        { Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1' } |
            Should -Throw -ExpectedMessage 'Some or all identity references could not be translated.'
        Should -Invoke -ModuleName _SessionTask New-OfficeopsTaskService -Times 0 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }

    It 'returns the answer, then deletes the task and the folder' {
        Use-FakeSession -OnStart {
            param($folder)
            $global:OfficeopsTestSession.input = [System.IO.File]::ReadAllText((Join-Path $folder 'input.json'))
            [System.IO.File]::WriteAllText((Join-Path $folder 'out/result.json'), '{"ok":true,"output":{"accounts":["maria@contoso.com"]},"error":null,"finished":"2026-03-01T12:00:01Z"}')
        }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1' -InputObject @{ want = 'accounts' } -TimeoutSeconds 60

        @($outcome.Keys | Sort-Object) | Should -Be @('cleanup_error', 'error', 'output', 'status')
        $outcome.status | Should -Be 'ok'
        @($outcome.output.accounts) | Should -Be @('maria@contoso.com')
        $outcome.error | Should -BeNullOrEmpty
        $outcome.cleanup_error | Should -BeNullOrEmpty
        $global:OfficeopsTestSession.input | Should -BeExactly '{"want":"accounts"}'
        # The folder was SystemRoot\Temp\officeops-<id>, the task officeops-outlook_auth-<UTC time>-<id>.
        $id = [System.IO.Path]::GetFileName($global:OfficeopsTestSession.folder) -replace '^officeops-', ''
        $id | Should -Match '^[0-9a-f]{32}$'
        $global:OfficeopsTestSession.folder | Should -Be (Join-Path $env:SystemRoot "Temp/officeops-$id")
        Should -Invoke -ModuleName _SessionTask Register-OfficeopsTask -Times 1 -Exactly -ParameterFilter {
            $Name -eq "officeops-outlook_auth-20260301T120000Z-$id" -and $UserId -eq 'CORP\maria' -and $TaskFolder.kind -eq 'folder'
        }
        Should -Invoke -ModuleName _SessionTask Start-OfficeopsTask -Times 1 -Exactly -ParameterFilter { $SessionId -eq 2 }
        Should -Invoke -ModuleName _SessionTask Stop-OfficeopsTask -Times 1 -Exactly
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly -ParameterFilter { $Name -eq "officeops-outlook_auth-20260301T120000Z-$id" }
        Should -Invoke -ModuleName _SessionTask Close-OfficeopsComObject -Times 3 -Exactly
        Should -Invoke -ModuleName _SessionTask Connect-OfficeopsTaskService -Times 1 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
        $definition = $global:OfficeopsTestSession.registered
        $definition.Principal.UserId | Should -Be 'CORP\maria'
        $definition.Settings.ExecutionTimeLimit | Should -Be 'PT90S'
        $definition.RegistrationInfo.Description | Should -Be 'officeops.outlook_auth one-shot task; deleted when done'
        $definition.Actions.items[0].Arguments | Should -BeLike '-NoProfile -NonInteractive -WindowStyle Hidden -EncodedCommand *'
    }

    It "returns the runner's failure, and cleans up" {
        Use-FakeSession -OnStart { param($folder) [System.IO.File]::WriteAllText((Join-Path $folder 'out/result.json'), '{"ok":false,"output":null,"error":"Element not found.","finished":"x"}') }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1'

        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -BeExactly 'Element not found.'
        $outcome.output | Should -BeNullOrEmpty
        $outcome.cleanup_error | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }

    It 'times out while the task runs on, then stops and deletes it and removes the folder' {
        Use-FakeSession -State 4 -ClockStep 5

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1' -TimeoutSeconds 60

        $outcome.status | Should -Be 'timeout'
        $outcome.error | Should -BeExactly "no answer from the user's session within 60 seconds"
        $outcome.output | Should -BeNullOrEmpty
        $outcome.cleanup_error | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _SessionTask Start-Sleep -ParameterFilter { $Milliseconds -eq 250 } -Times 10
        Should -Invoke -ModuleName _SessionTask Stop-OfficeopsTask -Times 1 -Exactly
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }

    It 'waits up to ten seconds for a stopped task that keeps running' {
        # A clock step as long as the timeout: no poll, only the waits after Stop.
        Use-FakeSession -State 4 -ClockStep 60
        Mock -ModuleName _SessionTask Stop-OfficeopsTask {}

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1' -TimeoutSeconds 60

        $outcome.status | Should -Be 'timeout'
        Should -Invoke -ModuleName _SessionTask Get-OfficeopsTaskState -Times 40 -Exactly
        Should -Invoke -ModuleName _SessionTask Start-Sleep -Times 40 -Exactly -ParameterFilter { $Milliseconds -eq 250 }
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }

    It 'reports <name>' -ForEach @(
        @{ name = 'a runner that ended without an answer'; lastResult = 1; step = 1; status = 'failed'
            expectedError = "the task in the user's session ended without an answer (last result 0x00000001); is PowerShell blocked there by AppLocker, WDAC or an endpoint agent?" }
        @{ name = 'a runner refused access'; lastResult = -2147024891; step = 1; status = 'failed'
            expectedError = "the task in the user's session ended without an answer (last result 0x80070005); is PowerShell blocked there by AppLocker, WDAC or an endpoint agent?" }
        @{ name = 'a task that has not run yet as a timeout'; lastResult = 267011; step = 5; status = 'timeout'
            expectedError = "no answer from the user's session within 30 seconds" }
    ) {
        Use-FakeSession -State 3 -LastResult $lastResult -ClockStep $step

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1' -TimeoutSeconds 30

        $outcome.status | Should -Be $status
        $outcome.error | Should -BeExactly $expectedError
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }

    It 'gives an answer that comes after a few polls' {
        Use-FakeSession -State 4
        $global:OfficeopsTestPolls = 0
        Mock -ModuleName _SessionTask Start-Sleep {
            $global:OfficeopsTestPolls++
            if ($global:OfficeopsTestPolls -eq 3) {
                [System.IO.File]::WriteAllText((Join-Path $global:OfficeopsTestSession.folder 'out/result.json'), '{"ok":true,"output":"late"}')
            }
        }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1'

        $outcome.status | Should -Be 'ok'
        $outcome.output | Should -Be 'late'
        $global:OfficeopsTestPolls | Should -Be 3
    }

    It 'cleans up when <name> throws' -ForEach @(
        @{ name = 'starting the task'; command = 'Start-OfficeopsTask'; message = 'The parameter is incorrect. (0x80070057)'; stops = 1; deletes = 1; releases = 3; connects = 1 }
        @{ name = 'registering the task'; command = 'Register-OfficeopsTask'; message = 'Access is denied. (0x80070005)'; stops = 0; deletes = 1; releases = 2; connects = 1 }
        @{ name = 'connecting to Task Scheduler'; command = 'Connect-OfficeopsTaskService'; message = 'The RPC server is unavailable.'; stops = 0; deletes = 0; releases = 1; connects = 1 }
        @{ name = 'polling the task'; command = 'Get-OfficeopsTaskState'; message = 'The object invoked has disconnected from its clients.'; stops = 1; deletes = 1; releases = 3; connects = 1 }
    ) {
        Use-FakeSession -State 4
        Mock -ModuleName _SessionTask $command ([scriptblock]::Create("throw '$message'"))
        # Deleting a task that was never registered fails too: that must not matter.
        Mock -ModuleName _SessionTask Unregister-OfficeopsTask { throw 'The system cannot find the file specified. (0x80070002)' }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1'

        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -BeExactly $message
        $outcome.output | Should -BeNullOrEmpty
        $outcome.cleanup_error | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _SessionTask Stop-OfficeopsTask -Times $stops -Exactly
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times $deletes -Exactly
        Should -Invoke -ModuleName _SessionTask Close-OfficeopsComObject -Times $releases -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }

    It 'touches no task when the private folder cannot be made' {
        Use-FakeSession
        Mock -ModuleName _PrivateFolder New-OfficeopsAclDirectory { throw 'Access to the path is denied.' }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1'

        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -BeExactly 'Access to the path is denied.'
        $outcome.cleanup_error | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _SessionTask New-OfficeopsTaskService -Times 0 -Exactly
        Should -Invoke -ModuleName _SessionTask Close-OfficeopsComObject -Times 0 -Exactly
    }

    It 'ignores a task that had already finished when stopped' {
        Use-FakeSession -OnStart { param($folder) [System.IO.File]::WriteAllText((Join-Path $folder 'out/result.json'), '{"ok":true,"output":1}') }
        Mock -ModuleName _SessionTask Stop-OfficeopsTask { throw 'The task is not running.' }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1'

        $outcome.status | Should -Be 'ok'
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }

    It 'refuses an answer that is <name>, and cleans up' -ForEach @(
        @{ name = 'not JSON'; kind = 'text'; message = "the answer from the user's session is not JSON: *" }
        @{ name = 'not the runner''s'; kind = 'list'; message = "the answer from the user's session is not the runner's: *" }
        @{ name = 'a link'; kind = 'link'; message = "refusing to read the answer from the user's session: * is a link" }
        @{ name = 'too large'; kind = 'large'; message = "refusing to read the answer from the user's session: *has 16777217 bytes, more than 16777216" }
    ) {
        $global:OfficeopsTestVictim = Join-Path $TestDrive "victim-$(New-Guid).txt"
        [System.IO.File]::WriteAllText($global:OfficeopsTestVictim, '{"ok":true,"output":"admin only"}')
        $global:OfficeopsTestKind = $kind
        Use-FakeSession -OnStart {
            param($folder)
            $result = Join-Path $folder 'out/result.json'
            switch ($global:OfficeopsTestKind) {
                'text' { [System.IO.File]::WriteAllText($result, 'not json at all {') }
                'list' { [System.IO.File]::WriteAllText($result, '[1,2,3]') }
                'link' { $null = New-Item -ItemType SymbolicLink -Path $result -Target $global:OfficeopsTestVictim }
                'large' { $stream = [System.IO.File]::Create($result); $stream.SetLength(16MB + 1); $stream.Dispose() }
            }
        }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1'

        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -BeLike $message
        $outcome.output | Should -BeNullOrEmpty
        Get-TempEntry | Should -BeNullOrEmpty
        [System.IO.File]::ReadAllText($global:OfficeopsTestVictim) | Should -Be '{"ok":true,"output":"admin only"}'
    }

    It 'reports a folder it could not remove in cleanup_error' {
        Use-FakeSession -OnStart {
            param($folder)
            [System.IO.File]::WriteAllText((Join-Path $folder 'out/result.json'), '{"ok":true,"output":1}')
            [System.IO.File]::WriteAllText((Join-Path $folder 'out/planted.txt'), 'the user wrote this')
        }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1'

        $outcome.status | Should -Be 'ok'
        $outcome.output | Should -Be 1
        $outcome.cleanup_error | Should -BeLike "could not remove $($global:OfficeopsTestSession.folder): *"
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly
    }

    It 'clears the leftovers of a dead run before registering its own task' {
        Use-FakeSession -OnStart { param($folder) [System.IO.File]::WriteAllText((Join-Path $folder 'out/result.json'), '{"ok":true,"output":1}') }
        Mock -ModuleName _SessionTask Get-OfficeopsScheduledTask { [pscustomobject]@{ Name = 'officeops-outlook_auth-20260301T090000Z-0123456789abcdef0123456789abcdef'; State = 3 } }
        Mock -ModuleName _SessionTask Get-OfficeopsTaskState { 3 } -ParameterFilter { $Task.Name -like '*T090000Z*' }
        $dead = Join-Path $env:SystemRoot 'Temp/officeops-0123456789abcdef0123456789abcdef'
        $null = New-Item -Path (Join-Path $dead 'out') -ItemType Directory
        # This run's own folder is new; the dead run's is three hours old.
        Mock -ModuleName _SessionTask Get-OfficeopsFolderCreationTime { [DateTime]::new(2026, 3, 1, 12, 0, 0, [DateTimeKind]::Utc) }
        Mock -ModuleName _SessionTask Get-OfficeopsFolderCreationTime { [DateTime]::new(2026, 3, 1, 9, 0, 0, [DateTimeKind]::Utc) } -ParameterFilter { $Path -like '*0123456789abcdef0123456789abcdef' }
        Mock -ModuleName _SessionTask Get-OfficeopsFolderOwner { 'S-1-5-32-544' }

        $outcome = Invoke-OfficeopsInUserSession -UserProfile $Maria -Code 'param($data) 1'

        $outcome.status | Should -Be 'ok'
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 1 -Exactly -ParameterFilter { $Name -eq 'officeops-outlook_auth-20260301T090000Z-0123456789abcdef0123456789abcdef' }
        Should -Invoke -ModuleName _SessionTask Unregister-OfficeopsTask -Times 2 -Exactly
        Get-TempEntry | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-OfficeopsAsUser' {
    BeforeAll {
        Function global:Get-OfficeopsTestDouble { param($Data) [int]$Data.n * 2 }
        Use-FakeSessionMock
    }
    AfterEach {
        $env:SystemRoot = $SavedSystemRoot
    }

    It 'runs the function in this process for direct access' {
        Mock -ModuleName _SessionTask Invoke-OfficeopsInUserSession { throw 'must not run' }

        $outcome = Invoke-OfficeopsAsUser -UserProfile $Maria -Access direct -Function (Get-Command Get-OfficeopsTestDouble) -Data @{ n = 21 }

        @($outcome.Keys | Sort-Object) | Should -Be @('cleanup_error', 'error', 'output', 'status')
        $outcome.status | Should -Be 'ok'
        $outcome.output | Should -Be 42
        $outcome.error | Should -BeNullOrEmpty
        $outcome.cleanup_error | Should -BeNullOrEmpty
        Should -Invoke -ModuleName _SessionTask Invoke-OfficeopsInUserSession -Times 0 -Exactly
    }

    It 'runs the native command directly with only its required options' {
        $outcome = Invoke-OfficeopsAsUser -UserProfile $Maria -Access direct -Function (Get-Command Invoke-OfficeopsNativeCommand -CommandType Function) `
            -Data @{ file = '/bin/sh'; arguments = '-c "echo direct; exit 4"'; timeout_ms = 10000 }

        $outcome.status | Should -Be 'ok'
        $outcome.output.exit_code | Should -Be 4
        $outcome.output.output | Should -BeExactly "direct`n"
    }

    It 'returns a failure of direct access with the innermost message' {
        Function global:Get-OfficeopsTestBroken { param($Data) throw [System.InvalidOperationException]::new('outer', [System.ComponentModel.Win32Exception]::new(1168, 'Element not found.')) }
        try {
            $outcome = Invoke-OfficeopsAsUser -UserProfile $Maria -Access direct -Function (Get-Command Get-OfficeopsTestBroken) -Data @{}
        }
        finally {
            Remove-Item -Path function:global:Get-OfficeopsTestBroken
        }

        $outcome.status | Should -Be 'failed'
        $outcome.error | Should -BeExactly 'Element not found.'
        $outcome.output | Should -BeNullOrEmpty
        $outcome.cleanup_error | Should -BeNullOrEmpty
    }

    It 'refuses an unknown access' {
        { Invoke-OfficeopsAsUser -UserProfile $Maria -Access psexec -Function (Get-Command Get-OfficeopsTestDouble) -Data @{} } |
            Should -Throw -ExpectedMessage "*Cannot validate argument on parameter 'Access'*"
    }

    It 'hands the session task the function redefined from its text' {
        Mock -ModuleName _SessionTask Invoke-OfficeopsInUserSession { @{ status = 'ok'; output = 'from the task'; error = $null; cleanup_error = $null } }

        $outcome = Invoke-OfficeopsAsUser -UserProfile $Maria -Access interactive_task -Function (Get-Command Get-OfficeopsTestDouble) -Data @{ n = 4 } -TimeoutSeconds 45

        $outcome.output | Should -Be 'from the task'
        Should -Invoke -ModuleName _SessionTask Invoke-OfficeopsInUserSession -Times 1 -Exactly -ParameterFilter {
            $Code -ceq 'param($data) Function Get-OfficeopsTestDouble {  param($Data) [int]$Data.n * 2  }; Get-OfficeopsTestDouble -Data $data' -and
            $InputObject.n -eq 4 -and $TimeoutSeconds -eq 45 -and $UserProfile.sid -eq 'S-1-5-21-1-2-3-1001'
        }
    }

    It 'builds code that runs the native command in a fresh pwsh without the modules' {
        $global:OfficeopsTestCode = $null
        Mock -ModuleName _SessionTask Invoke-OfficeopsInUserSession { $global:OfficeopsTestCode = $Code; @{ status = 'ok'; output = $null; error = $null; cleanup_error = $null } }
        $null = Invoke-OfficeopsAsUser -UserProfile $Maria -Access interactive_task -Function (Get-Command Invoke-OfficeopsNativeCommand -CommandType Function) `
            -Data @{ file = '/bin/sh'; arguments = '-c "echo from-task; exit 2"'; timeout_ms = 10000 }
        $inputFile = Join-Path $TestDrive 'input.json'
        [System.IO.File]::WriteAllText($inputFile, '{"file":"/bin/sh","arguments":"-c \"echo from-task; exit 2\"","timeout_ms":10000}')
        # As run.ps1 calls it: the input from JSON, strict mode off, errors stop.
        $text = "`$ErrorActionPreference = 'Stop'`n`$data = [System.IO.File]::ReadAllText('$inputFile') | ConvertFrom-Json`n" +
            "& {`n$global:OfficeopsTestCode`n} `$data | ConvertTo-Json -Compress"

        $json = & $global:OfficeopsTestPwsh -NoProfile -NonInteractive -Command $text

        $LASTEXITCODE | Should -Be 0
        $answer = ($json -join "`n") | ConvertFrom-Json
        $answer.exit_code | Should -Be 2
        $answer.output | Should -BeExactly "from-task`n"
    }

    It "runs end to end through the runner in the user's session" {
        Use-FakeSession -OnStart { param($folder, $arguments) Invoke-OfficeopsTestRunner -Arguments $arguments }

        $outcome = Invoke-OfficeopsAsUser -UserProfile $Maria -Access interactive_task -Function (Get-Command Invoke-OfficeopsNativeCommand -CommandType Function) `
            -Data @{ file = '/bin/sh'; arguments = '-c "echo hello from the session"'; timeout_ms = 20000 }

        $outcome.status | Should -Be 'ok'
        $outcome.error | Should -BeNullOrEmpty
        $outcome.output.exit_code | Should -Be 0
        $outcome.output.output | Should -BeExactly "hello from the session`n"
        $outcome.cleanup_error | Should -BeNullOrEmpty
        Get-TempEntry | Should -BeNullOrEmpty
    }
}

Describe 'the Task Scheduler boundaries' {
    BeforeAll {
        Function global:New-OfficeopsTestComObject {
            # Records each method call as 'Name(arg, ...)'.
            param ([string[]]$Method, [hashtable]$Property = @{})
            $object = [pscustomobject]$Property
            $object | Add-Member -MemberType NoteProperty -Name calls -Value ([System.Collections.Generic.List[string]]@())
            foreach ($name in $Method) {
                $object | Add-Member -MemberType ScriptMethod -Name $name -Value ([scriptblock]::Create(
                        "`$this.calls.Add('$name(' + ((`$args | ForEach-Object { if (`$null -eq `$_) { 'null' } else { `"'`$_'`" } }) -join ', ') + ')'); 'returned'"))
            }
            $object
        }
    }
    AfterAll {
        Remove-Item -Path function:global:New-OfficeopsTestComObject -ErrorAction SilentlyContinue
    }

    It '<command> calls <expected>' -ForEach @(
        @{ command = 'Connect-OfficeopsTaskService'; parameter = 'Service'; method = 'Connect'; extra = @{}; expected = 'Connect()' }
        @{ command = 'Get-OfficeopsTaskFolder'; parameter = 'Service'; method = 'GetFolder'; extra = @{}; expected = "GetFolder('\')" }
        @{ command = 'Get-OfficeopsScheduledTask'; parameter = 'TaskFolder'; method = 'GetTasks'; extra = @{}; expected = "GetTasks('1')" }
        @{ command = 'Register-OfficeopsTask'; parameter = 'TaskFolder'; method = 'RegisterTaskDefinition'; extra = @{ Name = 'n'; Definition = 'd'; UserId = 'CORP\maria' }
            expected = "RegisterTaskDefinition('n', 'd', '6', 'CORP\maria', null, '3')" }
        @{ command = 'Start-OfficeopsTask'; parameter = 'Task'; method = 'RunEx'; extra = @{ SessionId = 2 }; expected = "RunEx(null, '4', '2', '')" }
        @{ command = 'Stop-OfficeopsTask'; parameter = 'Task'; method = 'Stop'; extra = @{}; expected = "Stop('0')" }
        @{ command = 'Unregister-OfficeopsTask'; parameter = 'TaskFolder'; method = 'DeleteTask'; extra = @{ Name = 'n' }; expected = "DeleteTask('n', '0')" }
    ) {
        $object = New-OfficeopsTestComObject -Method $method
        $arguments = @{ $parameter = $object } + $extra

        InModuleScope _SessionTask -Parameters @{ Command = $command; Arguments = $arguments } { $null = & $Command @Arguments }

        @($object.calls) | Should -Be @($expected)
    }

    It 'reads State and LastTaskResult' {
        $task = [pscustomobject]@{ State = 3; LastTaskResult = 267011 }

        InModuleScope _SessionTask -Parameters @{ Task = $task } { Get-OfficeopsTaskState -Task $Task } | Should -Be 3
        InModuleScope _SessionTask -Parameters @{ Task = $task } { Get-OfficeopsTaskLastResult -Task $Task } | Should -Be 267011
    }

    It 'returns the registered task' {
        $folder = New-OfficeopsTestComObject -Method RegisterTaskDefinition

        InModuleScope _SessionTask -Parameters @{ Folder = $folder } { Register-OfficeopsTask -TaskFolder $Folder -Name n -Definition d -UserId u } | Should -Be 'returned'
    }

    It 'reads the clock in UTC and a folder creation time in UTC' {
        (InModuleScope _SessionTask { Get-OfficeopsUtcNow }).Kind | Should -Be 'Utc'
        (InModuleScope _SessionTask -Parameters @{ Path = $TestDrive } { Get-OfficeopsFolderCreationTime -Path $Path }).Kind | Should -Be 'Utc'
    }
}
