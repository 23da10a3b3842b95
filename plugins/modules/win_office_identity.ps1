#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserContext
#AnsibleRequires -PowerShell ..module_utils._RegistryTree
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
        _read = @{ type = 'list'; elements = 'str'; default = @() }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$onceAction = 'identity_reset'

Function Get-UserIdentityState {
    <#
    .SYNOPSIS
    One probed user: the profile and the requested keys of their hive, or why they could
    not be read.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [string[]]
        $Paths
    )

    $entry = @{
        sid = $UserProfile.sid
        name = $UserProfile.name
        profile_path = $UserProfile.profile_path
        hive_loaded = $UserProfile.hive_loaded
        logged_on = $UserProfile.logged_on
        session_id = $UserProfile.session_id
        console = $UserProfile.console
        keys = @{}
        once = @{}
        hive = $null
        error = $null
    }
    try {
        $read = Invoke-OfficeopsWithUserHive -UserProfile $UserProfile -ScriptBlock {
            param($root)
            $trees = @{}
            foreach ($path in $Paths) {
                $trees[$path] = Read-OfficeopsRegistryTree -Root $root -Path $path
            }
            @{ keys = $trees; once = Get-OfficeopsOnceMarker -HiveRoot $root -Action $onceAction }
        }
        $entry.keys = $read.output.keys
        $entry.once = $read.output.once
        $entry.hive = $read.hive
    }
    catch {
        $entry.error = $_.Exception.Message
    }
    $entry
}

Function Invoke-UserOp {
    <#
    .SYNOPSIS
    Apply one user's ops in order inside their hive; after a failure the rest are not run.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [object[]]
        $Op
    )

    $results = [System.Collections.Generic.List[object]]@()
    try {
        $null = Invoke-OfficeopsWithUserHive -UserProfile $UserProfile -ScriptBlock {
            param($root)
            foreach ($item in $Op) {
                $outcome = @{ op = $item.op; sid = $UserProfile.sid; path = [string]$item.path; status = 'not_run'; error = $null }
                $results.Add($outcome)
                if (@($results | Where-Object { $_.status -eq 'failed' }).Count -gt 0) {
                    continue
                }
                try {
                    $changed = switch ($item.op) {
                        'set_value' {
                            Set-OfficeopsRegistryValue -Root $root -Path $item.path -Name $item.name -Type $item.type -Data $item.data
                        }
                        'delete_value' {
                            Remove-OfficeopsRegistryValue -Root $root -Path $item.path -Name $item.name
                        }
                        'delete_key' {
                            Remove-OfficeopsRegistryKey -Root $root -Path $item.path
                        }
                        'write_backup' {
                            Write-Backup -UserProfile $UserProfile -RelativePath $item.path -Content $item.content
                        }
                        'set_once_marker' {
                            Set-OfficeopsOnceMarker -HiveRoot $root -Action $item.action -OnceId $item.once_id
                            $true
                        }
                        default {
                            throw "unknown op '$($item.op)'"
                        }
                    }
                    $outcome.status = if ($changed) { 'changed' } else { 'unchanged' }
                }
                catch {
                    $outcome.status = 'failed'
                    $outcome.error = $_.Exception.Message
                }
            }
        }
    }
    catch {
        # The hive could not be loaded, or not unloaded afterwards: a result of its own, so
        # the ops' own statuses stay true.
        $results.Add(@{ op = 'user_hive'; sid = $UserProfile.sid; path = ''; status = 'failed'; error = $_.Exception.Message })
    }
    $results
}

Function Write-Backup {
    <#
    .SYNOPSIS
    Write a .reg backup inside the user's profile (where the user's own ACL protects it),
    UTF-16 with a byte order mark as regedit writes; $true when written, $false when an
    identical file is already there.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $RelativePath,

        [Parameter(Mandatory)]
        [string]
        $Content
    )

    if ($RelativePath -match '(^|\\)\.\.?(\\|$)' -or $RelativePath -match '^[a-zA-Z]:|^\\' -or -not $RelativePath.EndsWith('.reg')) {
        throw "invalid backup path '$RelativePath'"
    }
    $fullPath = Join-Path -Path $UserProfile.profile_path -ChildPath $RelativePath
    if ([System.IO.File]::Exists($fullPath) -and [System.IO.File]::ReadAllText($fullPath) -ceq $Content) {
        return $false
    }
    $null = [System.IO.Directory]::CreateDirectory((Split-Path -Path $fullPath -Parent))
    $temp = "$fullPath.tmp"
    [System.IO.File]::WriteAllText($temp, $Content, [System.Text.Encoding]::Unicode)
    Move-Item -LiteralPath $temp -Destination $fullPath -Force
    $true
}

try {
    $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
    if ($module.Params._phase -eq 'probe') {
        $paths = [string[]]@($module.Params._read)
        $module.Result.probe = @{
            machine = Get-OfficeopsMachineOffice
            users = @(foreach ($userProfile in $targets.profiles) { Get-UserIdentityState -UserProfile $userProfile -Paths $paths })
            user_problem = $targets.problem
        }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_office_identity: the apply phase was called in check mode; nothing was changed')
        }
        $profiles = @(Get-OfficeopsUserProfile)
        $bySid = [ordered]@{}
        foreach ($op in @($module.Params._ops)) {
            if (-not $bySid.Contains($op.sid)) {
                $bySid[$op.sid] = [System.Collections.Generic.List[object]]@()
            }
            $bySid[$op.sid].Add($op)
        }
        $module.Result.results = @(foreach ($sid in $bySid.Keys) {
                $userProfile = @($profiles | Where-Object { $_.sid -eq $sid }) | Select-Object -First 1
                if ($null -eq $userProfile) {
                    foreach ($op in $bySid[$sid]) {
                        @{ op = $op.op; sid = $sid; path = [string]$op.path; status = 'failed'; error = "no profile with SID $sid on this machine" }
                    }
                    continue
                }
                Invoke-UserOp -UserProfile $userProfile -Op @($bySid[$sid])
            })
        $module.Result.changed = @($module.Result.results | Where-Object { $_.status -eq 'changed' }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_office_identity failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
