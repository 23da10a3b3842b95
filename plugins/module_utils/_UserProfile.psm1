# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Which Windows user a module acts on: the machine's profiles with their logon sessions, the
# profiles the validated 'user' option selects, and how that user's logon session can be
# reached. Only I/O lives here; the option is validated on the controller
# (plugins/module_utils/_users/target.py, _users/session.py) and the lab twin is
# plugins/plugin_utils/_lab/users.py (profiles, resolve).

#AnsibleRequires -CSharpUtil ansible_collections.officeops.outlook_auth.plugins.module_utils._UserContext
#AnsibleRequires -PowerShell ..module_utils._RegistryTree

Set-StrictMode -Version 2.0

$script:ProfileListKey = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
# Same rule as profile_skip_reason in _users/target.py: local / domain (S-1-5-21) and
# Microsoft Entra (S-1-12-1) accounts are users; everything else in ProfileList is not.
$script:UserSidPattern = '^S-1-(5-21|12-1)(-\d{1,10}){4,5}$'

Function ConvertTo-OfficeopsSid {
    <#
    .SYNOPSIS
    The SID string of an account name (DOMAIN\name, .\name or a UPN), or $null.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Account
    )

    # The boundary the Pester suites replace for name -> SID (NTAccount.Translate).
    $name = if ($Account.StartsWith('.\')) { "$env:COMPUTERNAME\$($Account.Substring(2))" } else { $Account }
    try {
        ([System.Security.Principal.NTAccount]$name).Translate([System.Security.Principal.SecurityIdentifier]).Value
    }
    catch {
        # IdentityNotMappedException, or a SystemException when the domain cannot be reached
        # (off VPN): either way the account does not resolve here.
        $null
    }
}

Function ConvertTo-OfficeopsAccountName {
    # The boundary the Pester suites replace: the account name of a SID, or $null.
    param (
        [Parameter(Mandatory)]
        [string]
        $Sid
    )

    try {
        ([System.Security.Principal.SecurityIdentifier]$Sid).Translate([System.Security.Principal.NTAccount]).Value
    }
    catch {
        # Deleted accounts and <SID>.bak entries have no name.
        $null
    }
}

Function Get-OfficeopsProcessIdentity {
    # The boundary the Pester suites replace: @{ sid; network_logon } of this process's token.
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    try {
        @{
            sid = $identity.User.Value
            network_logon = $identity.Groups -contains [System.Security.Principal.SecurityIdentifier]'S-1-5-2'
        }
    }
    finally {
        $identity.Dispose()
    }
}

Function Get-OfficeopsLogonSession {
    # The boundary the Pester suites replace: the terminal sessions with a user (WTS).
    [Officeops.UserSessions]::List()
}

Function Get-OfficeopsConsoleSessionId {
    # The boundary the Pester suites replace: the console session id, -1 when none.
    [Officeops.UserSessions]::ConsoleSessionId()
}

Function Get-OfficeopsUserProfile {
    <#
    .SYNOPSIS
    Every ProfileList entry with its account name, hive state and logon session.
    #>
    $consoleSession = Get-OfficeopsConsoleSessionId
    # SID -> sessions (a user may have several); by SID so renamed accounts still match.
    $sessionsBySid = @{}
    foreach ($session in @(Get-OfficeopsLogonSession)) {
        $sessionSid = ConvertTo-OfficeopsSid -Account ('{0}\{1}' -f $session.Domain, $session.UserName)
        if (-not $sessionSid) {
            continue
        }
        if (-not $sessionsBySid.ContainsKey($sessionSid)) {
            $sessionsBySid[$sessionSid] = [System.Collections.Generic.List[object]]@()
        }
        $sessionsBySid[$sessionSid].Add($session)
    }

    $hklm = Open-OfficeopsRegistryBase -Hive LocalMachine
    try {
        $profileList = $hklm.OpenSubKey($script:ProfileListKey, $false)
        if ($null -eq $profileList) {
            return
        }
        try {
            foreach ($sid in $profileList.GetSubKeyNames()) {
                $entry = $profileList.OpenSubKey($sid, $false)
                if ($null -eq $entry) {
                    continue
                }
                try {
                    $profilePath = [string]$entry.GetValue('ProfileImagePath', '')
                }
                finally {
                    $entry.Dispose()
                }
                # Deleted accounts and <SID>.bak entries have no name; keep the entry.
                $name = ConvertTo-OfficeopsAccountName -Sid $sid
                try {
                    $loaded = Open-OfficeopsRegistrySubKey -Hive Users -Path $sid
                    $hiveLoaded = $null -ne $loaded
                    if ($hiveLoaded) {
                        $loaded.Dispose()
                    }
                }
                catch [System.Security.SecurityException], [System.UnauthorizedAccessException] {
                    # OpenSubKey throws on ERROR_ACCESS_DENIED: as a standard user (become),
                    # HKEY_USERS\S-1-5-18/19/20 and other users' hives refuse read. The key
                    # exists, so the hive is loaded; one such entry must not fail the listing.
                    $hiveLoaded = $true
                }
                $sessions = @()
                if ($sessionsBySid.ContainsKey($sid)) {
                    $sessions = @($sessionsBySid[$sid])
                }
                # Prefer the console session, then an active one (WTSActive = 0).
                $session = @($sessions | Sort-Object -Property @{ Expression = { $_.SessionId -ne $consoleSession } },
                    @{ Expression = { $_.State -ne 0 } }) | Select-Object -First 1
                @{
                    sid = $sid
                    name = $name
                    profile_path = [Environment]::ExpandEnvironmentVariables($profilePath)
                    hive_loaded = $hiveLoaded
                    logged_on = $null -ne $session
                    session_id = if ($null -ne $session) { [int]$session.SessionId } else { $null }
                    console = ($null -ne $session) -and ($session.SessionId -eq $consoleSession)
                }
            }
        }
        finally {
            $profileList.Dispose()
        }
    }
    finally {
        $hklm.Dispose()
    }
}

Function Test-OfficeopsRealProfile {
    <#
    .SYNOPSIS
    Whether a profile belongs to a real user (see profile_skip_reason in _users/target.py).
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile
    )

    if ($UserProfile.sid -notmatch $script:UserSidPattern) {
        return $false
    }
    $path = ([string]$UserProfile.profile_path).TrimEnd('\').ToLowerInvariant()
    if (-not $path) {
        return $false
    }
    -not ($path.EndsWith('\default') -or $path.EndsWith('\default user') -or $path.Contains('\systemprofile'))
}

Function Resolve-OfficeopsTargetUser {
    <#
    .SYNOPSIS
    The profiles the validated 'user' option names: interactive, all, a SID, an account or
    a UPN. Returns @{ profiles = @(...); problem = $null or why none was selected }.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $User,

        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [object[]]
        $UserProfile
    )

    $real = @($UserProfile | Where-Object { Test-OfficeopsRealProfile -UserProfile $_ })
    $selected = @()
    $problem = $null
    if ($User -eq 'all') {
        $selected = $real
        if ($selected.Count -eq 0) {
            $problem = 'no real user profile on this machine'
        }
    }
    elseif ($User -eq 'interactive') {
        $selected = @($real | Where-Object { $_.console })
        if ($selected.Count -eq 0) {
            $problem = 'no user is logged on at the console'
        }
    }
    else {
        if ($User -like 'S-1-*') {
            $selected = @($real | Where-Object { $_.sid -eq $User })
        }
        else {
            # The profile's own name first (no directory lookup needed), then a lookup, which
            # also resolves UPNs and .\name.
            $selected = @($real | Where-Object { $_.name -and $_.name -eq $User })
            if ($selected.Count -eq 0) {
                $sid = ConvertTo-OfficeopsSid -Account $User
                if ($sid) {
                    $selected = @($real | Where-Object { $_.sid -eq $sid })
                }
            }
        }
        if ($selected.Count -eq 0) {
            $problem = "no user profile on this machine matches user=$User"
        }
    }
    @{ profiles = $selected; problem = $problem }
}

Function Get-OfficeopsSessionAccess {
    <#
    .SYNOPSIS
    How to reach state only the user's own logon session can reach: 'direct' (this process
    already runs as the user, through become), 'interactive_task', 'not_logged_on' or
    'become_mismatch'. The same decision as plan_session in _users/session.py, which the
    controller uses to explain it.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $Session
    )

    $identity = Get-OfficeopsProcessIdentity
    # A network logon (WinRM without become: NETWORK, S-1-5-2, in the token) has no
    # credential set even for its own account, so it never counts as the user's session.
    $runningAs = if ($identity.network_logon) { $null } else { $identity.sid }
    if ($runningAs -and $runningAs -eq $UserProfile.sid -and $Session -ne 'interactive_task') {
        return 'direct'
    }
    if ($Session -eq 'become') {
        return 'become_mismatch'
    }
    if ($UserProfile.logged_on) {
        return 'interactive_task'
    }
    'not_logged_on'
}

Export-ModuleMember -Function ConvertTo-OfficeopsSid, Get-OfficeopsUserProfile, Test-OfficeopsRealProfile, Resolve-OfficeopsTargetUser,
Get-OfficeopsSessionAccess
