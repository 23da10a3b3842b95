#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._UserState
#AnsibleRequires -PowerShell ..module_utils._OfficeInstall

# Thin I/O: read the keys the action plugin names (_read) in each target user's hive, and
# apply the ops it sends, user by user, in order, stopping a user's ops at the first
# failure so a key is never deleted without its backup. What to set, remove or reset is
# decided on the controller (plugins/module_utils/_office/identity.py); the other options
# are declared here so they are validated on both sides. Output keys and op names are
# fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        office_version = @{ type = 'str'; choices = @('auto', '15.0', '16.0'); default = 'auto' }
        modern_auth = @{ type = 'bool'; default = $true }
        always_use_msoauth_for_autodiscover = @{ type = 'bool'; default = $true }
        wam = @{ type = 'str'; choices = @('enabled', 'disabled', 'unmanaged'); default = 'enabled' }
        reset_identity_cache = @{ type = 'bool'; default = $false }
        reset_web_service_cache = @{ type = 'bool'; default = $false }
        once = @{ type = 'str' }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{ type = 'list'; elements = 'dict'; default = @() }
        _read = @{ type = 'list'; elements = 'dict'; default = @() }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$onceAction = 'identity_reset'

try {
    if ($module.Params._phase -eq 'probe') {
        $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
        $read = @($module.Params._read)
        $module.Result.probe = @{
            machine = Get-OfficeopsMachineOffice
            users = @(foreach ($userProfile in $targets.profiles) {
                    Get-OfficeopsUserState -UserProfile $userProfile -Read $read -OnceAction $onceAction
                })
            user_problem = $targets.problem
        }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_office_identity: the apply phase was called in check mode; nothing was changed')
        }
        foreach ($op in @($module.Params._ops)) {
            # Only the ops this module's contract names: set_value, delete_value, delete_key,
            # write_backup and set_once_marker; anything else is refused before any change.
            switch -CaseSensitive ($op.op) {
                'set_value' { }
                'delete_value' { }
                'delete_key' { }
                'write_backup' { }
                'set_once_marker' { }
                default { $module.FailJson("win_office_identity: unknown op '$($op.op)'") }
            }
        }
        $module.Result.results = @(Invoke-OfficeopsUserOpBatch -Op @($module.Params._ops))
        $module.Result.changed = @($module.Result.results | Where-Object { $_.status -eq 'changed' }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_office_identity failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
