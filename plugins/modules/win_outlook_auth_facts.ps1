#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserContext
#AnsibleRequires -PowerShell ..module_utils._OfficeInstall

# Thin I/O: read raw state and return it. Every interpretation (channel names, version
# parsing) happens in the action plugin; see plugins/action/win_outlook_auth_facts.py.
# Output keys are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        # Protocol option set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe'); default = 'probe' }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)

Function Get-OutlookProcess {
    <#
    .SYNOPSIS
    Running OUTLOOK.EXE processes with their session and owner.
    #>
    # Get-Process -IncludeUserName throws a terminating error when the session is not
    # elevated (Windows PowerShell 5.1), so ask for owners only when we may.
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    try {
        $elevated = ([Security.Principal.WindowsPrincipal]$identity).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    finally {
        $identity.Dispose()
    }
    if (-not $elevated) {
        $module.Warn('The connection is not elevated: Outlook processes are listed without their owners.')
    }
    $processes = if ($elevated) {
        @(Get-Process -Name 'OUTLOOK' -IncludeUserName -ErrorAction SilentlyContinue)
    }
    else {
        @(Get-Process -Name 'OUTLOOK' -ErrorAction SilentlyContinue)
    }
    foreach ($process in $processes) {
        try {
            @{
                pid = [int]$process.Id
                session_id = [int]$process.SessionId
                user_name = if ($elevated -and $process.UserName) { [string]$process.UserName } else { $null }
            }
        }
        finally {
            $process.Dispose()
        }
    }
}

try {
    $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
    $module.Result.probe = @{
        click_to_run = Get-OfficeopsClickToRunConfiguration
        outlook_processes = @(Get-OutlookProcess)
        users = @($targets.profiles)
        user_problem = $targets.problem
    }
}
catch {
    $module.FailJson("Failed to read the Outlook sign-in facts: $($_.Exception.Message)", $_)
}

$module.ExitJson()
