# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Dot-sourced by every Pester suite (BeforeAll { . "$PSScriptRoot/../Harness.ps1" }), so
# that the modules it imports and the wrapper scripts it runs see the suite's mocks.
#
# - Import-OfficeopsUtil loads a collection utility (.psm1) the way Ansible's exec wrapper
#   does: its #AnsibleRequires -PowerShell / -CSharpUtil dependencies first.
# - Invoke-OfficeopsModule runs a module's .ps1 through Ansible.Basic with a JSON argument
#   file (ANSIBLE_MODULE_ARGS, as Ansible sends it), and returns the module's JSON result.
# - Assert-OfficeopsContract holds a probe / apply result to the contract written once in
#   plugins/module_utils/_contract/wrappers.py (checked by Python, not re-implemented here).

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$script:OfficeopsRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
$script:OfficeopsUtilDir = Join-Path -Path $script:OfficeopsRoot -ChildPath 'plugins/module_utils'
$script:OfficeopsModuleDir = Join-Path -Path $script:OfficeopsRoot -ChildPath 'plugins/modules'

Function Get-OfficeopsPython {
    # The Python with ansible-core: OFFICEOPS_PYTHON (scripts/test sets it), else the
    # checkout's first venv, else python3 on PATH.
    if ($env:OFFICEOPS_PYTHON) {
        return $env:OFFICEOPS_PYTHON
    }
    foreach ($venv in '.venv', '.venv-2.21', '.venv-2.19') {
        $candidate = Join-Path -Path $script:OfficeopsRoot -ChildPath "$venv/bin/python"
        if (Test-Path -LiteralPath $candidate) {
            $env:OFFICEOPS_PYTHON = $candidate
            return $candidate
        }
    }
    'python3'
}

Function Get-OfficeopsAnsibleUtilDir {
    # ansible-core's own module_utils (Ansible.Basic.cs, Ansible.ModuleUtils.AddType.psm1):
    # named by the runner, else asked of the Python that has ansible-core.
    if ($env:OFFICEOPS_ANSIBLE_MODULE_UTILS) {
        return $env:OFFICEOPS_ANSIBLE_MODULE_UTILS
    }
    $python = Get-OfficeopsPython
    $dir = & $python -c 'import ansible.module_utils, os; print(os.path.dirname(ansible.module_utils.__file__))'
    if ($LASTEXITCODE -ne 0 -or -not $dir) {
        throw "cannot find ansible-core's module_utils: set OFFICEOPS_ANSIBLE_MODULE_UTILS or OFFICEOPS_PYTHON"
    }
    $env:OFFICEOPS_ANSIBLE_MODULE_UTILS = $dir
    $dir
}

Function Get-OfficeopsRequirement {
    # The #AnsibleRequires lines of a PowerShell file: @{ kind = 'PowerShell' | 'CSharpUtil'; path }.
    param ([Parameter(Mandatory)][string]$Path)

    $ansibleDir = Get-OfficeopsAnsibleUtilDir
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        if ($line -notmatch '^#AnsibleRequires\s+-(PowerShell|CSharpUtil)\s+(\S+)') {
            continue
        }
        $kind = $Matches[1]
        $name = $Matches[2]
        $suffix = if ($kind -eq 'PowerShell') { '.psm1' } else { '.cs' }
        $folder = if ($kind -eq 'PowerShell') { 'powershell' } else { 'csharp' }
        $file = if ($name.StartsWith('Ansible.')) {
            Join-Path -Path $ansibleDir -ChildPath "$folder/$name$suffix"
        }
        elseif ($name -match '\._(\w+)$') {
            Join-Path -Path $script:OfficeopsUtilDir -ChildPath ('_' + $Matches[1] + $suffix)
        }
        else {
            throw "$Path requires '$name', which the harness cannot resolve"
        }
        @{ kind = $kind; path = $file }
    }
}

Function Add-OfficeopsCSharp {
    # Compile C# utilities once per process (types cannot be unloaded); each file's own
    # //AnsibleRequires -CSharpUtil dependencies first, as Ansible does.
    param ([Parameter(Mandatory)][string[]]$Path)

    if (-not (Get-Command -Name Add-CSharpType -ErrorAction SilentlyContinue)) {
        Import-Module -Name (Join-Path -Path (Get-OfficeopsAnsibleUtilDir) -ChildPath 'powershell/Ansible.ModuleUtils.AddType.psm1') -Global
    }
    if (-not (Test-Path -LiteralPath variable:global:OfficeopsCompiled)) {
        $global:OfficeopsCompiled = @{}
    }
    $sources = [System.Collections.Generic.List[string]]@()
    $pending = [System.Collections.Generic.Stack[string]]@()
    foreach ($item in $Path) { $pending.Push($item) }
    while ($pending.Count -gt 0) {
        $file = $pending.Pop()
        if ($global:OfficeopsCompiled.ContainsKey($file) -or $sources.Contains($file)) {
            continue
        }
        $sources.Add($file)
        foreach ($line in [System.IO.File]::ReadAllLines($file)) {
            if ($line -match '^//AnsibleRequires\s+-CSharpUtil\s+(Ansible\.\S+)') {
                $pending.Push((Join-Path -Path (Get-OfficeopsAnsibleUtilDir) -ChildPath "csharp/$($Matches[1]).cs"))
            }
        }
    }
    if ($sources.Count -gt 0) {
        $null = Add-CSharpType -References @(foreach ($file in $sources) { [System.IO.File]::ReadAllText($file) })
        foreach ($file in $sources) { $global:OfficeopsCompiled[$file] = $true }
    }
}

Function Import-OfficeopsUtil {
    <#
    .SYNOPSIS
    Import plugins/module_utils/<Name>.psm1 (and what it requires) into the global scope,
    afresh, so each suite starts from the module's initial state.
    #>
    param ([Parameter(Mandatory)][string[]]$Name)

    foreach ($utilName in $Name) {
        $path = Join-Path -Path $script:OfficeopsUtilDir -ChildPath "$utilName.psm1"
        Import-OfficeopsRequirement -Path $path
        Import-Module -Name $path -Force -Global -DisableNameChecking
    }
}

Function Import-OfficeopsRequirement {
    param ([Parameter(Mandatory)][string]$Path)

    $requirements = @(Get-OfficeopsRequirement -Path $Path)
    $csharp = @($requirements | Where-Object { $_.kind -eq 'CSharpUtil' } | ForEach-Object { $_.path })
    if ($csharp.Count -gt 0) {
        Add-OfficeopsCSharp -Path $csharp
    }
    foreach ($requirement in $requirements | Where-Object { $_.kind -eq 'PowerShell' }) {
        if (-not (Get-Module -Name ([System.IO.Path]::GetFileNameWithoutExtension($requirement.path)))) {
            Import-OfficeopsRequirement -Path $requirement.path
            Import-Module -Name $requirement.path -Global -DisableNameChecking
        }
    }
}

Function Invoke-OfficeopsModule {
    <#
    .SYNOPSIS
    Run plugins/modules/<Name>.ps1 as Ansible would, in this scope (the suite's mocks apply),
    and return @{ rc; result } with the module's JSON result as a hashtable. The arguments
    reach Ansible.Basic as $complex_args, a hashtable of the JSON Ansible sends, as the exec
    wrapper hands them over on a host (an argument file is read with Newtonsoft.Json under
    PowerShell 7 by ansible-core 2.19's Ansible.Basic, which then cannot cast it).
    #>
    param (
        [Parameter(Mandatory)][string]$Name,
        [System.Collections.IDictionary]$Params = @{},
        [switch]$CheckMode,
        [switch]$Diff
    )

    $modulePath = Join-Path -Path $script:OfficeopsModuleDir -ChildPath "$Name.ps1"
    Import-OfficeopsRequirement -Path $modulePath
    $tmp = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('officeops-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -Path $tmp -ItemType Directory | Out-Null
    $arguments = [ordered]@{}
    foreach ($key in $Params.Keys) { $arguments[$key] = $Params[$key] }
    $arguments['_ansible_check_mode'] = [bool]$CheckMode
    $arguments['_ansible_diff'] = [bool]$Diff
    $arguments['_ansible_module_name'] = $Name
    $arguments['_ansible_remote_tmp'] = $tmp
    $arguments['_ansible_keep_remote_files'] = $false
    # ansible-core before 2.20 has no _ansible_inject_invocation: its Ansible.Basic returns
    # the invocation always, and refuses the option as unsupported.
    if ($arguments.Contains('_ansible_inject_invocation') -and
        -not [System.IO.File]::ReadAllText((Join-Path -Path (Get-OfficeopsAnsibleUtilDir) -ChildPath 'csharp/Ansible.Basic.cs')).Contains('inject_invocation')) {
        $arguments.Remove('_ansible_inject_invocation')
    }
    # Through JSON and back, so the module sees the types the wire carries.
    $global:complex_args = ConvertFrom-Json -InputObject (ConvertTo-Json -InputObject $arguments -Depth 32) -AsHashtable -DateKind String

    $output = [System.Collections.Generic.List[string]]@()
    $exit = @{ rc = $null }
    [Ansible.Basic.AnsibleModule]::WriteLine = [Ansible.Basic.AnsibleModule+WriteLineHandler] { param([string]$line) $output.Add($line) }.GetNewClosure()
    # `exit` in the handler ends the module script the way ExitJson ends powershell.exe on a
    # host: a flow-control exit, which no try / catch of the module can swallow (a thrown
    # exception could be caught and turned into a second result).
    [Ansible.Basic.AnsibleModule]::Exit = [Ansible.Basic.AnsibleModule+ExitHandler] {
        param([int]$rc)
        $exit.rc = $rc
        exit $rc
    }.GetNewClosure()
    try {
        $null = & $modulePath
    }
    finally {
        Remove-Variable -Name complex_args -Scope Global -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
    }
    if ($null -eq $exit.rc) {
        throw "module $Name returned without calling ExitJson or FailJson"
    }
    if ($output.Count -ne 1) {
        throw "module $Name wrote $($output.Count) result line(s); Ansible reads exactly one"
    }
    @{ rc = $exit.rc; result = (ConvertFrom-Json -InputObject $output[0] -AsHashtable) }
}

Function Assert-OfficeopsContract {
    <#
    .SYNOPSIS
    Throw unless a wrapper's result keeps its contract (key names, value types, nesting):
    plugins/module_utils/_contract/wrappers.py judges it through tools/check_contract.py.
    #>
    param (
        [Parameter(Mandatory)][string]$Wrapper,
        [Parameter(Mandatory)][ValidateSet('probe', 'apply', 'ops')][string]$Phase,
        [Parameter(Mandatory)][AllowNull()]$Result
    )

    $python = Get-OfficeopsPython
    $file = [System.IO.Path]::GetTempFileName()
    try {
        [System.IO.File]::WriteAllText($file, (ConvertTo-Json -InputObject $Result -Depth 64))
        Push-Location -LiteralPath $script:OfficeopsRoot
        try {
            $problems = & $python -m tools.check_contract $Wrapper $Phase $file 2>&1
            $rc = $LASTEXITCODE
        }
        finally {
            Pop-Location
        }
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
    }
    if ($rc -ne 0) {
        throw "$Wrapper $Phase result breaks its contract:`n$($problems -join "`n")"
    }
}

Function Assert-OfficeopsContractPart {
    # Throw unless a value keeps a named schema of plugins/module_utils/_contract/wrappers.py
    # (_MACHINE_OFFICE, _TOOL_FILE...), as Python judges it.
    param ([Parameter(Mandatory)][string]$Name, [AllowNull()]$Value)

    $file = [System.IO.Path]::GetTempFileName()
    Push-Location -LiteralPath $script:OfficeopsRoot
    try {
        [System.IO.File]::WriteAllText($file, (ConvertTo-Json -InputObject $Value -Depth 16))
        $problems = & (Get-OfficeopsPython) -c @'
import json, sys
from tools.collection import ensure_importable
ensure_importable()
from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract import schema, wrappers
print("\n".join(schema.validate(json.load(open(sys.argv[1])), getattr(wrappers, sys.argv[2]), "$")))
'@ $file $Name
    }
    finally {
        Pop-Location
        Remove-Item -LiteralPath $file -Force
    }
    ($problems -join "`n").Trim() | Should -BeNullOrEmpty
}

Function New-OfficeopsFakeRegistry {
    <#
    .SYNOPSIS
    An in-memory base key (tests/powershell/FakeRegistry.cs) holding -Tree: a hashtable of
    key path -> @{ value name -> data }. [int] data is REG_DWORD, [long] REG_QWORD,
    [string] REG_SZ, [string[]] REG_MULTI_SZ, [byte[]] REG_BINARY; @{ kind; data } names
    the kind (ExpandString, say). An empty hashtable makes just the key.
    #>
    param (
        [string]$Name = 'HKEY_USERS',
        [System.Collections.IDictionary]$Tree = @{}
    )

    if (-not ('OfficeopsTest.FakeRegistryKey' -as [type])) {
        Add-Type -TypeDefinition ([System.IO.File]::ReadAllText((Join-Path -Path $PSScriptRoot -ChildPath 'FakeRegistry.cs')))
    }
    $root = [OfficeopsTest.FakeRegistryKey]::NewRoot($Name)
    foreach ($path in $Tree.Keys) {
        $key = $root.CreateSubKey($path)
        try {
            foreach ($valueName in $Tree[$path].Keys) {
                $data = $Tree[$path][$valueName]
                if ($data -is [System.Collections.IDictionary]) {
                    $key.SetValue($valueName, $data.data, [Microsoft.Win32.RegistryValueKind]$data.kind)
                }
                elseif ($data -is [long]) {
                    $key.SetValue($valueName, $data, [Microsoft.Win32.RegistryValueKind]::QWord)
                }
                else {
                    $key.SetValue($valueName, $data)
                }
            }
        }
        finally {
            $key.Dispose()
        }
    }
    $root
}

Function Add-OfficeopsFakeTree {
    <#
    .SYNOPSIS
    Write a registry tree in the shape the controller and the lab use
    (@{ keys = @{ name = tree }; values = @{ name = @{ type; data } } }, unsigned DWORD /
    QWORD, hex REG_BINARY) under -Path of a fake key, so a suite can set a host up from the
    same data a lab scenario or a shared table holds.
    #>
    param (
        [Parameter(Mandatory)]$Key,
        [Parameter(Mandatory)][AllowEmptyString()][string]$Path,
        [Parameter(Mandatory)][System.Collections.IDictionary]$Tree
    )

    $target = if ($Path) { $Key.CreateSubKey($Path) } else { $Key.Reopen() }
    try {
        $values = if ($Tree.Contains('values')) { $Tree['values'] } else { @{} }
        foreach ($name in $values.Keys) {
            $value = $values[$name]
            switch ($value.type) {
                'REG_SZ' { $target.SetValue($name, [string]$value.data, 'String') }
                'REG_EXPAND_SZ' { $target.SetValue($name, [string]$value.data, 'ExpandString') }
                'REG_DWORD' { $target.SetValue($name, [BitConverter]::ToInt32([BitConverter]::GetBytes([uint32]$value.data), 0), 'DWord') }
                'REG_QWORD' { $target.SetValue($name, [BitConverter]::ToInt64([BitConverter]::GetBytes([uint64]$value.data), 0), 'QWord') }
                'REG_MULTI_SZ' { $target.SetValue($name, [string[]]@($value.data), 'MultiString') }
                'REG_BINARY' { $target.SetValue($name, [byte[]][System.Convert]::FromHexString([string]$value.data), 'Binary') }
                default { throw "Add-OfficeopsFakeTree: unknown value type '$($value.type)'" }
            }
        }
        $keys = if ($Tree.Contains('keys')) { $Tree['keys'] } else { @{} }
        foreach ($name in $keys.Keys) {
            $childPath = if ($Path) { "$Path\$name" } else { $name }
            Add-OfficeopsFakeTree -Key $Key -Path $childPath -Tree $keys[$name]
        }
    }
    finally {
        $target.Dispose()
    }
}

Function Read-OfficeopsTable {
    # A shared expected-behaviour table under tests/data, as hashtables.
    param ([Parameter(Mandatory)][string]$Name)

    $path = Join-Path -Path $script:OfficeopsRoot -ChildPath "tests/data/$Name"
    # Times stay text: the tables hold the strings a host writes, not DateTime objects.
    ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($path)) -AsHashtable -DateKind String
}

Function Use-OfficeopsFakeRegistry {
    <#
    .SYNOPSIS
    Make every loaded utility and the module scripts open these in-memory base keys
    (New-OfficeopsFakeRegistry) instead of the machine's. Call it in a BeforeEach or an It,
    after the utilities are imported. Each open gets its own handle, as OpenBaseKey does, so
    OpenHandleCount() on the base key tells whether every caller closed its keys.
    #>
    param (
        $Users = (New-OfficeopsFakeRegistry -Name HKEY_USERS),
        $LocalMachine = (New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE)
    )

    # A global, not a closure: Pester binds the mocked command's parameters ($Hive) in the
    # mock body's own scope, which a closure's module scope does not see.
    $global:OfficeopsFakeRegistryBase = @{ Users = $Users; LocalMachine = $LocalMachine }
    $open = { $global:OfficeopsFakeRegistryBase[$Hive].Reopen() }
    Mock -CommandName Open-OfficeopsRegistryBase -MockWith $open
    foreach ($module in Get-Module) {
        if ($module.Path -and $module.Path.StartsWith($script:OfficeopsUtilDir)) {
            Mock -CommandName Open-OfficeopsRegistryBase -ModuleName $module.Name -MockWith $open
        }
    }
}

Function Register-OfficeopsBoundaryStub {
    <#
    .SYNOPSIS
    Define globally, from their own text, the boundary functions a module script (.ps1) or a
    function defines inside itself, so that Pester can mock them: Mock needs a command that
    exists when it runs, and these exist only while the script / outer function runs. The
    mock's alias outranks the inner definition; where no mock is set the inner one runs.
    -Path: plugins/modules/<Path>.ps1 (a bare name) or a file; its top-level functions.
    -Function: the functions nested inside this outer function (of -Path, or else the loaded
    command of that name).
    -Name: exactly these (an error if one is missing); without it every Verb-Officeops...
    function that is not already a command.
    Returns the names it defined and records them for Unregister-OfficeopsBoundaryStub.
    #>
    param (
        [string]$Path,
        [string]$Function,
        [string[]]$Name
    )

    $isFunction = { param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }
    if ($Path) {
        if (-not [System.IO.Path]::HasExtension($Path)) {
            $Path = Join-Path -Path $script:OfficeopsModuleDir -ChildPath "$Path.ps1"
        }
        $scope = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$null)
        if ($Function) {
            $scope = @($scope.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq $Function }, $true))[0]
            if ($null -eq $scope) { throw "$Path does not define $Function" }
            $scope = $scope.Body
        }
    }
    elseif ($Function) {
        $scope = (Get-Command -Name $Function -CommandType Function).ScriptBlock.Ast.Body
    }
    else {
        throw 'Register-OfficeopsBoundaryStub needs -Path or -Function'
    }
    # Top level of a script; every depth inside an outer function.
    $found = @($scope.FindAll($isFunction, [bool]$Function))
    if ($Name) {
        $found = @($found | Where-Object { $_.Name -in $Name })
        $missing = @($Name | Where-Object { $_ -notin $found.Name })
        if ($missing.Count -gt 0) {
            throw "$(if ($Path) { $Path } else { $Function }) does not define: $($missing -join ', ')"
        }
    }
    else {
        $found = @($found | Where-Object { $_.Name -like '*-Officeops*' -and -not (Get-Command -Name $_.Name -ErrorAction SilentlyContinue) })
    }
    if (-not (Test-Path -LiteralPath variable:global:OfficeopsBoundaryStubs)) {
        $global:OfficeopsBoundaryStubs = [System.Collections.Generic.List[string]]@()
    }
    foreach ($definition in $found) {
        Set-Item -Path "function:global:$($definition.Name)" -Value $definition.Body.GetScriptBlock()
        $global:OfficeopsBoundaryStubs.Add($definition.Name)
        $definition.Name
    }
}

Function Unregister-OfficeopsBoundaryStub {
    # Remove the global functions Register-OfficeopsBoundaryStub defined (for AfterAll).
    if (Test-Path -LiteralPath variable:global:OfficeopsBoundaryStubs) {
        foreach ($name in $global:OfficeopsBoundaryStubs) {
            Remove-Item -LiteralPath "function:global:$name" -ErrorAction SilentlyContinue
        }
        Remove-Variable -Name OfficeopsBoundaryStubs -Scope Global -ErrorAction SilentlyContinue
    }
}

Function Invoke-OfficeopsShippedAction {
    # Run an action's text the way the session task does (the code string
    # Invoke-OfficeopsAsUser builds, the runner's JSON input and catch), in a fresh
    # `pwsh -NoProfile` that has none of the collection's modules or types loaded.
    param ([Parameter(Mandatory)][System.Management.Automation.FunctionInfo]$Function, [Parameter(Mandatory)]$Data)
    $folder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('officeops-shipped-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -Path $folder -ItemType Directory
    try {
        $code = 'param($data) Function {0} {{ {1} }}; {0} -Data $data' -f $Function.Name, $Function.ScriptBlock.ToString()
        $runner = @'
param($folder)
$ErrorActionPreference = 'Stop'
$result = @{ ok = $false; output = $null; error = $null }
try {
    $data = [System.IO.File]::ReadAllText((Join-Path $folder 'input.json')) | ConvertFrom-Json
    $result.output = & {
__CODE__
    } $data
    $result.ok = $true
}
catch {
    $result.error = $_.Exception.Message
}
[System.IO.File]::WriteAllText((Join-Path $folder 'result.json'), (ConvertTo-Json -InputObject $result -Depth 20 -Compress))
'@
        [System.IO.File]::WriteAllText((Join-Path -Path $folder -ChildPath 'input.json'), (ConvertTo-Json -InputObject $Data -Depth 20 -Compress))
        [System.IO.File]::WriteAllText((Join-Path -Path $folder -ChildPath 'run.ps1'), $runner.Replace('__CODE__', $code))
        # This very pwsh; a dotnet global tool runs as `dotnet pwsh.dll`.
        $exe = (Get-Process -Id $PID).Path
        [string[]]$prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path -Path $PSHOME -ChildPath 'pwsh.dll' } else { @() }
        $output = & $exe @prefix -NoProfile -NonInteractive -File (Join-Path -Path $folder -ChildPath 'run.ps1') $folder 2>&1
        if (-not (Test-Path -LiteralPath (Join-Path -Path $folder -ChildPath 'result.json'))) {
            throw "the shipped action wrote no result: $($output -join "`n")"
        }
        ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText((Join-Path -Path $folder -ChildPath 'result.json'))) -AsHashtable -DateKind String
    }
    finally {
        Remove-Item -LiteralPath $folder -Recurse -Force
    }
}

Function global:Invoke-OfficeopsTestSessionTask {
    # The body of an Invoke-OfficeopsAsUser mock (global: the mock body runs in the module):
    # what the session task does with the function and its input, minus the task. Input and
    # output go through JSON (the action sees PSCustomObjects, the caller gets them back);
    # the action runs in its module, so the boundary mocks apply.
    param ($Function, $Data)
    # -DateKind String: Windows PowerShell 5.1's ConvertFrom-Json leaves an ISO date a string.
    $shipped = ConvertFrom-Json -InputObject (ConvertTo-Json -InputObject $Data -Depth 20 -Compress) -DateKind String
    $output = & $Function -Data $shipped
    @{
        status = 'ok'
        output = ConvertFrom-Json -InputObject (ConvertTo-Json -InputObject $output -Depth 20 -Compress) -DateKind String
        error = $null
        cleanup_error = $global:OfficeopsTestCleanupError
    }
}

# The lab host (a scenario onto the fake registry) and the readers of the fake registry.
. (Join-Path -Path $PSScriptRoot -ChildPath 'LabHost.ps1')
