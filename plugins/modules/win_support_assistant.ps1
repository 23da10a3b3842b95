#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserContext

# Thin I/O: the probe describes the tool file (exists, SHA-256, when it was built) and, for a
# scenario that runs as the user, the target users; the apply runs the command line the
# action plugin built (plugins/module_utils/_office/support_assistant.py), elevated here or
# not elevated in the user's session, and returns its exit code and output for the
# controller to interpret. Output keys and op names are fixed by
# plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        source = @{ type = 'str'; required = $true }
        scenario = @{
            type = 'str'
            choices = @('ExpertExperienceAdminTask', 'ResetOfficeActivation', 'OfficeActivationScenario', 'OfficeScrubScenario')
            default = 'ExpertExperienceAdminTask'
        }
        checksum = @{ type = 'str' }
        accept_office_removal = @{ type = 'bool'; default = $false }
        timeout = @{ type = 'int'; default = 1800 }
        user = @{ type = 'str'; default = 'interactive' }
        session = @{ type = 'str'; choices = @('auto', 'become', 'interactive_task'); default = 'auto' }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{ type = 'list'; elements = 'dict'; default = @() }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$source = $module.Params.source
$session = $module.Params.session

Function Get-OtherWriter {
    # SIDs other than SYSTEM, Administrators and TrustedInstaller that may write the path:
    # whoever can write the tool's folder could plant a DLL an elevated scenario loads.
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    # CREATOR OWNER and CREATOR GROUP entries only describe what children inherit; they
    # grant nobody access to the path itself.
    $trusted = @('S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
        'S-1-3-0', 'S-1-3-1')
    $writeRights = [System.Security.AccessControl.FileSystemRights]'WriteData, AppendData, WriteExtendedAttributes, WriteAttributes, Delete, ChangePermissions, TakeOwnership'
    # GENERIC_ALL (0x10000000) and GENERIC_WRITE (0x40000000) can appear unmapped in an ACE.
    $writeMask = [int]$writeRights -bor 0x50000000
    $acl = Get-Acl -LiteralPath $Path
    # The owner can rewrite the ACL whatever its entries say.
    $owner = $acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
    if ($owner -notin $trusted) {
        $owner
    }
    foreach ($rule in $acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {
        if ($rule.AccessControlType -eq 'Allow' -and ([int]$rule.FileSystemRights -band $writeMask) -and
            $rule.IdentityReference.Value -notin $trusted) {
            $rule.IdentityReference.Value
        }
    }
}

Function Get-ToolFile {
    # The tool as the controller needs to judge it; never runs it.
    $tool = @{ exists = $false; sha256 = $null; created = $null; writable_by_others = @() }
    if ([System.IO.File]::Exists($source)) {
        $tool.exists = $true
        $tool.sha256 = (Get-FileHash -LiteralPath $source -Algorithm SHA256).Hash.ToLowerInvariant()
        # Microsoft counts a build's 90 days from the exe's creation date.
        $tool.created = [System.IO.File]::GetCreationTimeUtc($source).ToString('yyyy-MM-ddTHH:mm:ssZ',
            [System.Globalization.CultureInfo]::InvariantCulture)
        $tool.writable_by_others = @(@(Get-OtherWriter -Path $source) + @(Get-OtherWriter -Path (Split-Path -Path $source -Parent)) |
                Sort-Object -Unique)
    }
    $tool
}

Function Invoke-ScenarioOp {
    # The 'run_scenario' op: elevated here, or as the user in their session.
    param (
        [Parameter(Mandatory)]
        [object]
        $Op
    )

    $outcome = @{ op = 'run_scenario'; sid = [string]$Op.sid; status = 'failed'; error = $null; exit_code = $null; output = $null }
    $data = @{ file = $source; arguments = [string]$Op.arguments; timeout_ms = [int]$Op.timeout * 1000
        ensure_directory = if ($Op.log_folder) { [string]$Op.log_folder } else { $null } }
    try {
        if ($Op.as_user) {
            $userProfile = @(Get-OfficeopsUserProfile | Where-Object { $_.sid -eq $Op.sid }) | Select-Object -First 1
            if ($null -eq $userProfile) {
                $outcome.error = "no profile with SID $($Op.sid) on this machine"
                return $outcome
            }
            $access = Get-OfficeopsSessionAccess -UserProfile $userProfile -Session $session
            if ($access -notin @('direct', 'interactive_task')) {
                $outcome.error = "the user's session cannot be reached now ($access)"
                return $outcome
            }
            # Not elevated: the scenario refuses an elevated run; the session task has the
            # user's own limited token.
            if ($userProfile.logged_on -and (Test-OfficeopsElevatedAdministrator)) {
                $access = 'interactive_task'
            }
            elseif ($access -eq 'direct' -and (Test-OfficeopsElevatedAdministrator)) {
                $outcome.error = 'the Outlook scan must not run elevated, and this become logon is elevated; run it while the user is logged on'
                return $outcome
            }
            $answer = Invoke-OfficeopsAsUser -UserProfile $userProfile -Access $access -Data $data -TimeoutSeconds ([int]$Op.timeout + 30) `
                -Function (Get-Command -Name Invoke-OfficeopsNativeCommand -CommandType Function)
            if ($answer.status -ne 'ok') {
                $outcome.error = "$($answer.status): $($answer.error)"
                return $outcome
            }
            $run = $answer.output
        }
        else {
            $run = Invoke-OfficeopsNativeCommand -Data $data
        }
        $outcome.exit_code = [int]$run.exit_code
        $text = [string]$run.output
        # The last part only: enough to explain a result, never a whole log.
        $outcome.output = if ($text.Length -gt 4000) { $text.Substring($text.Length - 4000) } else { $text }
        $outcome.status = 'ran'
    }
    catch {
        $outcome.error = $_.Exception.Message
    }
    $outcome
}

try {
    if ($module.Params._phase -eq 'probe') {
        $users = @()
        $problem = $null
        if ($module.Params.scenario -eq 'ExpertExperienceAdminTask') {
            $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
            $users = @($targets.profiles)
            $problem = $targets.problem
        }
        $module.Result.probe = @{ tool = Get-ToolFile; users = $users; user_problem = $problem }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_support_assistant: the apply phase was called in check mode; nothing was run')
        }
        foreach ($op in @($module.Params._ops)) {
            switch -CaseSensitive ($op.op) {
                'run_scenario' { }
                default { $module.FailJson("win_support_assistant: unknown op '$($op.op)'") }
            }
        }
        $module.Result.results = @(foreach ($op in @($module.Params._ops)) { Invoke-ScenarioOp -Op $op })
        $module.Result.changed = @($module.Result.results | Where-Object { $_.status -eq 'ran' }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_support_assistant failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
