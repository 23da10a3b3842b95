#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserContext
#AnsibleRequires -PowerShell ..module_utils._UserState
#AnsibleRequires -PowerShell ..module_utils._WamAccount

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
$dsregcmd = Join-Path -Path $env:SystemRoot -ChildPath 'System32\dsregcmd.exe'

Function Get-BlockPolicy {
    # The BlockAADWorkplaceJoin DWORD, or $null when not set.
    $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine,
        [Microsoft.Win32.RegistryView]::Registry64)
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
        $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine,
            [Microsoft.Win32.RegistryView]::Registry64)
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
                    $key = $hklm.OpenSubKey($policyKey, $true)
                    if ($null -ne $key) {
                        try {
                            $key.DeleteValue($policyValue, $false)
                        }
                        finally {
                            $key.Dispose()
                        }
                    }
                    $outcome.status = 'changed'
                }
                'leave_device' {
                    $output = & $dsregcmd /leave 2>&1 | Out-String
                    if ($LASTEXITCODE -eq 0) {
                        $outcome.status = 'changed'
                    }
                    else {
                        $outcome.error = "dsregcmd /leave exited with $($LASTEXITCODE): $($output.Trim())"
                    }
                }
            }
        }
        finally {
            $hklm.Dispose()
        }
    }
    catch {
        $outcome.error = $_.Exception.Message
    }
    $outcome
}

Function Invoke-WpjCleanupOp {
    # Microsoft's WPJCleanUp, from the operator's path, in the user's own context.
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
    if ($access -notin @('direct', 'interactive_task')) {
        $outcome.error = "the user's session cannot be reached now ($access)"
        return $outcome
    }
    if (-not [System.IO.File]::Exists([string]$Op.path)) {
        $outcome.error = "WPJCleanUp was not found at $($Op.path)"
        return $outcome
    }
    $code = @'
param($data)
$output = & cmd.exe /d /c "`"$($data.path)`"" 2>&1 | Out-String
@{ exit_code = $LASTEXITCODE; output = $output }
'@
    try {
        $answer = if ($access -eq 'direct') {
            @{ status = 'ok'; output = (& ([scriptblock]::Create($code)) @{ path = [string]$Op.path }) }
        }
        else {
            Invoke-OfficeopsInUserSession -UserProfile $UserProfile -Code $code -InputObject @{ path = [string]$Op.path } -TimeoutSeconds $timeout
        }
        if ($answer.status -ne 'ok') {
            $outcome.error = "$($answer.status): $($answer.error)"
            return $outcome
        }
        $outcome.exit_code = [int]$answer.output.exit_code
        if ($outcome.exit_code -eq 0) {
            $outcome.status = 'changed'
        }
        else {
            $outcome.error = "WPJCleanUp exited with $($outcome.exit_code)"
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
        $status = & $dsregcmd /status 2>&1 | Out-String
        $module.Result.probe = @{
            machine = @{ dsregcmd_status = $status; dsregcmd_exit_code = [int]$LASTEXITCODE; block_policy = Get-BlockPolicy }
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
        $profiles = @(Get-OfficeopsUserProfile)
        $module.Result.results = @(foreach ($op in @($module.Params._ops)) {
                switch -CaseSensitive ($op.op) {
                    'wam_sign_out' { }
                    'wpj_cleanup' { }
                    'set_block_policy' { }
                    'remove_block_policy' { }
                    'leave_device' { }
                    default { $module.FailJson("win_work_school_account: unknown op '$($op.op)'") }
                }
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
