#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._SessionTask
#AnsibleRequires -PowerShell ..module_utils._UserState
#AnsibleRequires -PowerShell ..module_utils._WamAccount

# Thin I/O: the probe lists the token files and backups the action plugin names (_folders)
# in each target user's profile and, when asked (_wam), the user's Office WAM accounts; the
# apply runs the ops it sends, per user in this order: WAM sign-out, file moves (stopping
# at the first failure), package registration, once marker. What to move, restore or prune
# is decided on the controller (plugins/module_utils/_broker/reset.py). Output keys and op
# names are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        method = @{ type = 'str'; choices = @('signout', 'token_cache', 'full'); default = 'signout' }
        restore = @{ type = 'bool'; default = $false }
        keep_backups = @{ type = 'int'; default = 3 }
        once = @{ type = 'str' }
        session = @{ type = 'str'; choices = @('auto', 'become', 'interactive_task'); default = 'auto' }
        session_timeout = @{ type = 'int'; default = 120 }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{ type = 'list'; elements = 'dict'; default = @() }
        _folders = @{ type = 'list'; elements = 'dict'; default = @() }
        _wam = @{ type = 'bool'; default = $false }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$onceAction = 'broker_reset'
$session = $module.Params.session
$timeout = $module.Params.session_timeout

Function Get-OfficeopsWindowsBuild {
    # The boundary the Pester suite replaces: the Windows build number.
    [Environment]::OSVersion.Version.Build
}

Function Register-BrokerPackage {
    # Microsoft's re-registration of the plugin for the calling user (domain-facts.md); runs
    # as the user, so it uses nothing but its input.
    param (
        [Parameter(Mandatory)]
        [object]
        $Data
    )

    $manifest = Join-Path $env:windir 'SystemApps\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\Appxmanifest.xml'
    Add-AppxPackage -Register $manifest -DisableDevelopmentMode -ForceApplicationShutdown -ErrorAction Stop
    'registered'
}

Function Invoke-RegisterOp {
    # The 'register_package' op for one user, in their interactive session when they have
    # one: from a become logon Add-AppxPackage can fail with 0x80073D19.
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile
    )

    $outcome = @{ op = 'register_package'; sid = $UserProfile.sid; path = ''; status = 'failed'; error = $null }
    $access = Get-OfficeopsSessionAccess -UserProfile $UserProfile -Session $session
    if ($access -notin @('direct', 'interactive_task')) {
        $outcome.error = "the user's session cannot be reached now ($access)"
        return $outcome
    }
    if ($UserProfile.logged_on -and (Test-OfficeopsElevatedAdministrator)) {
        $access = 'interactive_task'
    }
    try {
        $answer = Invoke-OfficeopsAsUser -UserProfile $UserProfile -Access $access -Data @{} -TimeoutSeconds $timeout `
            -Function (Get-Command -Name Register-BrokerPackage -CommandType Function)
        if ($answer.status -eq 'ok') {
            $outcome.status = 'changed'
        }
        else {
            $outcome.error = "$($answer.status): $($answer.error)"
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
        $folders = @($module.Params._folders)
        $module.Result.probe = @{
            machine = @{ build = [int](Get-OfficeopsWindowsBuild) }
            users = @(foreach ($userProfile in $targets.profiles) {
                    $state = Get-OfficeopsUserState -UserProfile $userProfile -Read @() -OnceAction $onceAction -Folder $folders
                    $wam = if ($module.Params._wam) { Get-OfficeopsWamState -UserProfile $userProfile -Session $session -TimeoutSeconds $timeout } else { $null }
                    $state + @{ wam = $wam }
                })
            user_problem = $targets.problem
        }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_aad_broker_reset: the apply phase was called in check mode; nothing was changed')
        }
        $bySid = [ordered]@{}
        foreach ($op in @($module.Params._ops)) {
            switch -CaseSensitive ($op.op) {
                'wam_sign_out' { }
                'stop_process' { }
                'move_file' { }
                'delete_file' { }
                'register_package' { }
                'set_once_marker' { }
                default { $module.FailJson("win_aad_broker_reset: unknown op '$($op.op)'") }
            }
            if (-not $bySid.Contains($op.sid)) {
                $bySid[$op.sid] = [System.Collections.Generic.List[object]]@()
            }
            $bySid[$op.sid].Add($op)
        }
        $profiles = @(Get-OfficeopsUserProfile)
        $module.Result.results = @(foreach ($sid in $bySid.Keys) {
                $userProfile = @($profiles | Where-Object { $_.sid -eq $sid }) | Select-Object -First 1
                $ops = @($bySid[$sid])
                if ($null -eq $userProfile) {
                    foreach ($op in $ops) {
                        # $op['path'], not $op.path: wam_sign_out and register_package ops have
                        # no path, and under strict mode a missing key read as a property throws.
                        @{ op = [string]$op.op; sid = $sid; path = [string]$op['path']; status = 'failed'; error = "no profile with SID $sid on this machine" }
                    }
                    continue
                }
                # Sign-out first, then the files, then registration, and the once marker only
                # when everything before it worked, so a failed run is finished by a rerun.
                $done = [System.Collections.Generic.List[object]]@()
                foreach ($op in @($ops | Where-Object { $_.op -eq 'wam_sign_out' })) {
                    $done.Add((Invoke-OfficeopsWamSignOutOp -UserProfile $userProfile -Op $op -Session $session -TimeoutSeconds $timeout))
                }
                $fileOps = @($ops | Where-Object { $_.op -in @('stop_process', 'move_file', 'delete_file') })
                if ($fileOps.Count -gt 0) {
                    foreach ($result in @(Invoke-OfficeopsUserOp -UserProfile $userProfile -Op $fileOps)) {
                        $done.Add($result)
                    }
                }
                foreach ($op in @($ops | Where-Object { $_.op -eq 'register_package' })) {
                    if (@($done | Where-Object { $_.status -ne 'changed' -and $_.status -ne 'unchanged' }).Count -eq 0) {
                        $done.Add((Invoke-RegisterOp -UserProfile $userProfile))
                    }
                    else {
                        $done.Add(@{ op = 'register_package'; sid = $sid; path = ''; status = 'not_run'; error = $null })
                    }
                }
                $markers = @($ops | Where-Object { $_.op -eq 'set_once_marker' })
                if ($markers.Count -gt 0) {
                    if (@($done | Where-Object { $_.status -ne 'changed' -and $_.status -ne 'unchanged' }).Count -eq 0) {
                        foreach ($result in @(Invoke-OfficeopsUserOp -UserProfile $userProfile -Op $markers)) {
                            $done.Add($result)
                        }
                    }
                    else {
                        $done.Add(@{ op = 'set_once_marker'; sid = $sid; path = ''; status = 'not_run'; error = $null })
                    }
                }
                $done
            })
        $module.Result.changed = @($module.Result.results | Where-Object { $_.status -eq 'changed' }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_aad_broker_reset failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
