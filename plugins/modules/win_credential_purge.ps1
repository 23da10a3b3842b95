#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._CredentialVault

# Thin I/O: list the metadata of each target user's credentials (probe) and delete the ones
# the action plugin names (apply). Which entries are Office sign-in state is decided on the
# controller (plugins/module_utils/_credentials/match.py); match, exclude, address and types
# are declared here only so the options are validated on both sides. Output keys and op
# names are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        match = @{ type = 'list'; elements = 'str' }
        exclude = @{ type = 'list'; elements = 'str'; default = @() }
        address = @{ type = 'str' }
        types = @{
            type = 'list'
            elements = 'str'
            choices = @('generic', 'domain_password', 'domain_certificate', 'domain_visible_password', 'generic_certificate')
            default = @('generic', 'domain_password')
        }
        session = @{ type = 'str'; choices = @('auto', 'become', 'interactive_task'); default = 'auto' }
        session_timeout = @{ type = 'int'; default = 120 }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{ type = 'list'; elements = 'dict'; default = @() }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$session = $module.Params.session
$timeout = $module.Params.session_timeout

Function Invoke-DeleteOp {
    <#
    .SYNOPSIS
    Apply the delete ops of one user; each op reports deleted, absent (already gone counts as
    done), skipped or failed.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Sid,

        [Parameter(Mandatory)]
        [object[]]
        $Op,

        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [object[]]
        $UserProfile
    )

    $userProfileEntry = @($UserProfile | Where-Object { $_.sid -eq $Sid }) | Select-Object -First 1
    # Set when the whole group shares one outcome: 'skipped' (vault out of reach) or 'failed'.
    $groupStatus = $null
    $reason = $null
    $answer = $null
    if ($null -eq $userProfileEntry) {
        $groupStatus = 'skipped'
        $reason = "no profile with SID $Sid on this machine"
    }
    else {
        $access = Get-OfficeopsSessionAccess -UserProfile $userProfileEntry -Session $session
        if ($access -notin @('direct', 'interactive_task')) {
            $groupStatus = 'skipped'
            $reason = "the vault cannot be reached now ($access)"
        }
        else {
            $items = @($Op | ForEach-Object { @{ target = $_.target; type = $_.type } })
            try {
                $answer = Invoke-OfficeopsVault -UserProfile $userProfileEntry -Access $access -Action delete -Items $items -TimeoutSeconds $timeout
                if ($answer.error_code -ne 0) {
                    $groupStatus = 'failed'
                    $reason = "$($answer.error) ($($answer.error_code))"
                }
            }
            catch {
                $groupStatus = 'failed'
                $reason = $_.Exception.Message
            }
        }
    }
    foreach ($item in $Op) {
        $status = $groupStatus
        $errorText = $reason
        if ($null -eq $groupStatus) {
            $code = @($answer.results | Where-Object { $_.target -eq $item.target -and $_.type -eq $item.type } |
                    ForEach-Object { $_.code }) | Select-Object -First 1
            if ($code -eq 0) {
                $status = 'deleted'
            }
            elseif ($code -eq 1168) {
                # ERROR_NOT_FOUND: already gone, which is what was wanted.
                $status = 'absent'
            }
            else {
                $status = 'failed'
                $errorText = if ($null -eq $code) { 'no answer for this credential' } else {
                    (New-Object -TypeName System.ComponentModel.Win32Exception -ArgumentList ([int]$code)).Message + " ($code)"
                }
            }
        }
        @{ op = 'delete_credential'; sid = $Sid; target = $item.target; type = $item.type; status = $status; error = $errorText }
    }
}

try {
    if ($module.Params._phase -eq 'probe') {
        $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
        $module.Result.probe = @{
            users = @(foreach ($userProfile in $targets.profiles) { Get-OfficeopsCredentialState -UserProfile $userProfile -Session $session -TimeoutSeconds $timeout })
            user_problem = $targets.problem
        }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_credential_purge: the apply phase was called in check mode; nothing was changed')
        }
        $bySid = [ordered]@{}
        foreach ($op in @($module.Params._ops)) {
            switch -CaseSensitive ($op.op) {
                'delete_credential' {
                    if (-not $bySid.Contains($op.sid)) {
                        $bySid[$op.sid] = [System.Collections.Generic.List[object]]@()
                    }
                    $bySid[$op.sid].Add($op)
                }
                default {
                    $module.FailJson("win_credential_purge: unknown op '$($op.op)'")
                }
            }
        }
        $profiles = @(Get-OfficeopsUserProfile)
        $module.Result.results = @(foreach ($sid in $bySid.Keys) {
                Invoke-DeleteOp -Sid $sid -Op @($bySid[$sid]) -UserProfile $profiles
            })
        $module.Result.changed = @($module.Result.results | Where-Object { $_.status -eq 'deleted' }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_credential_purge failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
