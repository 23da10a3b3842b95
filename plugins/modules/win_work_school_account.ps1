#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._UserHive
#AnsibleRequires -PowerShell ..module_utils._SessionTask
#AnsibleRequires -PowerShell ..module_utils._NativeCommand
#AnsibleRequires -PowerShell ..module_utils._UserState
#AnsibleRequires -PowerShell ..module_utils._WamAccount
#AnsibleRequires -PowerShell ..module_utils._RegistryTree

# Thin I/O: the probe returns the raw `dsregcmd /status` text (parsed on the controller,
# plugins/module_utils/_workplace/dsregcmd.py), the BlockAADWorkplaceJoin policy value, and
# per target user the JoinInfo keys the action plugin names (_read) and, when asked (_wam),
# their Office WAM accounts; the apply runs the ops it sends. Which accounts to disconnect is
# decided on the controller (plugins/module_utils/_workplace/accounts.py). Output keys and op
# names are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        state = @{ type = 'str'; choices = @('query', 'absent'); default = 'query' }
        match = @{ type = 'dict' }
        wpj_cleanup_path = @{ type = 'str' }
        block_workplace_join = @{ type = 'bool' }
        leave_device = @{ type = 'bool'; default = $false }
        cleanup_all = @{ type = 'bool'; default = $false }
        session = @{ type = 'str'; choices = @('auto', 'become', 'interactive_task'); default = 'auto' }
        session_timeout = @{ type = 'int'; default = 120 }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{ type = 'list'; elements = 'dict'; default = @() }
        _read = @{ type = 'list'; elements = 'dict'; default = @() }
        _wam = @{ type = 'bool'; default = $false }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$session = $module.Params.session
$timeout = $module.Params.session_timeout
$policyKey = 'SOFTWARE\Policies\Microsoft\Windows\WorkplaceJoin'
$policyValue = 'BlockAADWorkplaceJoin'

# The Windows calls of this module, each alone in a small function that the Pester suite
# (tests/powershell/modules/win_work_school_account.Tests.ps1) replaces; every decision stays
# outside them.

Function Get-OfficeopsOsBuild {
    # Boundary the tests replace: the build number of the running Windows.
    [int][Environment]::OSVersion.Version.Build
}

Function Get-OfficeopsSystemPath {
    # Boundary the tests replace: a path below the Windows folder (%SystemRoot%).
    param ([Parameter(Mandatory)][string]$ChildPath)

    Join-Path -Path $env:SystemRoot -ChildPath $ChildPath
}

Function Test-OfficeopsFileExist {
    # Boundary the tests replace: whether a file exists at a full path.
    param ([Parameter(Mandatory)][AllowEmptyString()][string]$Path)

    [System.IO.File]::Exists($Path)
}

$dsregcmd = Get-OfficeopsSystemPath -ChildPath 'System32\dsregcmd.exe'

Function Get-BlockPolicy {
    # The BlockAADWorkplaceJoin DWORD, or $null when not set.
    $hklm = Open-OfficeopsRegistryBase -Hive LocalMachine
    try {
        $key = $hklm.OpenSubKey($policyKey, $false)
        if ($null -eq $key) {
            return $null
        }
        try {
            $data = $key.GetValue($policyValue, $null)
            if ($data -is [int]) { [int]$data } else { $null }
        }
        finally {
            $key.Dispose()
        }
    }
    finally {
        $hklm.Dispose()
    }
}

Function Invoke-MachineOp {
    # The machine-wide ops: the block policy, and leaving the device join when asked.
    param (
        [Parameter(Mandatory)]
        [object]
        $Op
    )

    $outcome = @{ op = [string]$Op.op; sid = ''; path = ''; status = 'failed'; error = $null }
    try {
        $hklm = Open-OfficeopsRegistryBase -Hive LocalMachine
        try {
            switch -CaseSensitive ($Op.op) {
                'set_block_policy' {
                    $key = $hklm.CreateSubKey($policyKey)
                    try {
                        $key.SetValue($policyValue, 1, [Microsoft.Win32.RegistryValueKind]::DWord)
                    }
                    finally {
                        $key.Dispose()
                    }
                    $outcome.status = 'changed'
                }
                'remove_block_policy' {
                    $outcome.status = 'unchanged'
                    $key = $hklm.OpenSubKey($policyKey, $true)
                    if ($null -ne $key) {
                        try {
                            if ($null -ne $key.GetValue($policyValue, $null)) {
                                $key.DeleteValue($policyValue, $false)
                                $outcome.status = 'changed'
                            }
                        }
                        finally {
                            $key.Dispose()
                        }
                    }
                }
                'leave_device' {
                    $run = Invoke-OfficeopsNativeCommand -Data @{ file = $dsregcmd; arguments = '/leave'; timeout_ms = 120000 }
                    if ($run.exit_code -eq 0) {
                        $outcome.status = 'changed'
                    }
                    else {
                        $outcome.error = "dsregcmd /leave exited with $($run.exit_code): $($run.output.Trim())"
                    }
                }
            }
        }
        finally {
            $hklm.Dispose()
        }
    }
    catch {
        # Also after remove_block_policy set 'unchanged' before its delete failed.
        $outcome.status = 'failed'
        $outcome.error = $_.Exception.Message
    }
    $outcome
}

Function Get-JoinInfoCount {
    # How many Workplace Join registrations the user has, read from their hive.
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile
    )

    $read = Invoke-OfficeopsWithUserHive -UserProfile $UserProfile -ScriptBlock {
        param($root)
        $tree = Read-OfficeopsRegistryTree -Root $root -Path 'Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo' -Depth 1
        if ($null -eq $tree) { 0 } else { $tree['keys'].Count }
    }
    [int]$read.output
}

Function Invoke-WpjCleanupOp {
    # The 'wpj_cleanup' op for one user: WPJCleanUp in their interactive session, not
    # elevated (as Microsoft's guidance runs it), then checked against the registry: its exit
    # codes are not documented.
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [object]
        $Op
    )

    $outcome = @{ op = 'wpj_cleanup'; sid = $UserProfile.sid; path = [string]$Op.path; status = 'failed'; error = $null; exit_code = $null }
    $access = Get-OfficeopsSessionAccess -UserProfile $UserProfile -Session $session
    if (-not $UserProfile.logged_on -or $access -notin @('direct', 'interactive_task')) {
        $outcome.error = "WPJCleanUp runs in the user's interactive session, which cannot be reached now ($access)"
        return $outcome
    }
    if (-not (Test-OfficeopsFileExist -Path ([string]$Op.path))) {
        $outcome.error = "WPJCleanUp was not found at $($Op.path)"
        return $outcome
    }
    try {
        $before = Get-JoinInfoCount -UserProfile $UserProfile
        # A .cmd runs through cmd.exe; with /s and the whole line quoted once more, a path with
        # spaces, & or ^ reaches cmd intact.
        $data = @{
            file = Get-OfficeopsSystemPath -ChildPath 'System32\cmd.exe'
            arguments = '/d /s /c ""{0}""' -f [string]$Op.path
            working_directory = Split-Path -Path ([string]$Op.path) -Parent
            timeout_ms = [Math]::Max(1000, ($timeout - 10) * 1000)
        }
        # In the user's interactive session, not elevated, whenever this process can set that
        # up; a become logon of a standard user runs it directly.
        $runAs = if (Test-OfficeopsElevatedAdministrator) { 'interactive_task' } else { $access }
        $answer = Invoke-OfficeopsAsUser -UserProfile $UserProfile -Access $runAs -Data $data -TimeoutSeconds $timeout `
            -Function (Get-Command -Name Invoke-OfficeopsNativeCommand -CommandType Function)
        if ($answer.status -ne 'ok') {
            $outcome.error = "$($answer.status): $($answer.error)"
            return $outcome
        }
        $outcome.exit_code = [int]$answer.output.exit_code
        $after = Get-JoinInfoCount -UserProfile $UserProfile
        if ($after -gt 0) {
            $outcome.error = "WPJCleanUp exited with $($outcome.exit_code) and $after registration(s) remain"
        }
        else {
            $outcome.status = if ($before -gt 0) { 'changed' } else { 'unchanged' }
        }
    }
    catch {
        $outcome.error = $_.Exception.Message
    }
    $outcome
}

try {
    if ($module.Params._phase -eq 'probe') {
        $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
        $read = @($module.Params._read)
        $status = Invoke-OfficeopsNativeCommand -Data @{ file = $dsregcmd; arguments = '/status'; timeout_ms = 60000 }
        $module.Result.probe = @{
            machine = @{
                dsregcmd_status = $status.output
                dsregcmd_exit_code = [int]$status.exit_code
                block_policy = Get-BlockPolicy
                build = [int](Get-OfficeopsOsBuild)
            }
            users = @(foreach ($userProfile in $targets.profiles) {
                    $state = Get-OfficeopsUserState -UserProfile $userProfile -Read $read -OnceAction 'work_school'
                    $wam = if ($module.Params._wam) { Get-OfficeopsWamState -UserProfile $userProfile -Session $session -TimeoutSeconds $timeout } else { $null }
                    $state + @{ wam = $wam }
                })
            user_problem = $targets.problem
        }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_work_school_account: the apply phase was called in check mode; nothing was changed')
        }
        # Every op is checked before any runs.
        foreach ($op in @($module.Params._ops)) {
            switch -CaseSensitive ($op.op) {
                'wam_sign_out' { }
                'wpj_cleanup' { }
                'set_block_policy' { }
                'remove_block_policy' { }
                'leave_device' { }
                default { $module.FailJson("win_work_school_account: unknown op '$($op.op)'") }
            }
        }
        $profiles = @(Get-OfficeopsUserProfile)
        $module.Result.results = @(foreach ($op in @($module.Params._ops)) {
                if ($op.op -in @('set_block_policy', 'remove_block_policy', 'leave_device')) {
                    Invoke-MachineOp -Op $op
                    continue
                }
                $userProfile = @($profiles | Where-Object { $_.sid -eq $op.sid }) | Select-Object -First 1
                if ($null -eq $userProfile) {
                    @{ op = [string]$op.op; sid = [string]$op.sid; path = ''; status = 'failed'; error = "no profile with SID $($op.sid) on this machine" }
                }
                elseif ($op.op -eq 'wam_sign_out') {
                    Invoke-OfficeopsWamSignOutOp -UserProfile $userProfile -Op $op -Session $session -TimeoutSeconds $timeout
                }
                else {
                    Invoke-WpjCleanupOp -UserProfile $userProfile -Op $op
                }
            })
        $module.Result.changed = @($module.Result.results | Where-Object { $_.status -eq 'changed' }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_work_school_account failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
