#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._UserState
#AnsibleRequires -PowerShell ..module_utils._OfficeInstall

# Thin I/O: the probe reads the keys the action plugin names (_read) in each target user's
# hive, lists the Outlook data folders and the running Outlook processes; the apply runs
# the ops it sends, user by user, in order. Which profile to create, what to make default
# and what to move is decided on the controller (plugins/module_utils/_office/outlook_profile.py);
# the other options are declared here so they are validated on both sides. Output keys and
# op names are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        name = @{ type = 'str' }
        state = @{ type = 'str'; choices = @('default', 'present', 'absent'); default = 'default' }
        force = @{ type = 'bool'; default = $false }
        office_version = @{ type = 'str'; choices = @('auto', '15.0', '16.0'); default = 'auto' }
        zero_config_exchange = @{ type = 'bool'; default = $true }
        profile_selection = @{ type = 'str'; choices = @('always_use', 'prompt', 'unmanaged'); default = 'always_use' }
        clear_offline_cache = @{ type = 'bool'; default = $false }
        clear_autodiscover_cache = @{ type = 'bool'; default = $false }
        outlook_running = @{ type = 'str'; choices = @('fail', 'stop', 'defer'); default = 'fail' }
        once = @{ type = 'str' }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{ type = 'list'; elements = 'dict'; default = @() }
        _read = @{ type = 'list'; elements = 'dict'; default = @() }
        _folders = @{ type = 'list'; elements = 'dict'; default = @() }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$onceAction = 'profile_recreate'

Function Get-OfficeopsOutlookProcess {
    # The boundary the Pester suite replaces: the running OUTLOOK.EXE processes.
    Get-Process -Name 'OUTLOOK' -ErrorAction SilentlyContinue
}

Function Get-OutlookProcessSession {
    # Running Outlook processes with their session; owners are not needed (sessions map to users).
    foreach ($process in @(Get-OfficeopsOutlookProcess)) {
        try {
            @{ pid = [int]$process.Id; session_id = [int]$process.SessionId }
        }
        finally {
            $process.Dispose()
        }
    }
}

try {
    if ($module.Params._phase -eq 'probe') {
        $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
        $read = @($module.Params._read)
        $folders = @($module.Params._folders)
        $module.Result.probe = @{
            machine = Get-OfficeopsMachineOffice
            processes = @(Get-OutlookProcessSession)
            users = @(foreach ($userProfile in $targets.profiles) {
                    Get-OfficeopsUserState -UserProfile $userProfile -Read $read -OnceAction $onceAction -Folder $folders
                })
            user_problem = $targets.problem
        }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_outlook_profile: the apply phase was called in check mode; nothing was changed')
        }
        foreach ($op in @($module.Params._ops)) {
            # Only the ops this module's contract names; anything else is refused before any change.
            switch -CaseSensitive ($op.op) {
                'create_key' { }
                'set_value' { }
                'delete_key' { }
                'write_backup' { }
                'move_file' { }
                'stop_process' { }
                'set_once_marker' { }
                default { $module.FailJson("win_outlook_profile: unknown op '$($op.op)'") }
            }
        }
        $module.Result.results = @(Invoke-OfficeopsUserOpBatch -Op @($module.Params._ops))
        $module.Result.changed = @($module.Result.results | Where-Object { $_.status -eq 'changed' }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_outlook_profile failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
