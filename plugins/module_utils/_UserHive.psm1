# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# A user's registry hive while Ansible is logged on as an administrator: the loaded
# HKEY_USERS\<SID>, or NTUSER.DAT loaded under a private key and always unloaded. The lab
# twin is user_hive in plugins/plugin_utils/_lab/users.py.

#AnsibleRequires -CSharpUtil ansible_collections.officeops.outlook_auth.plugins.module_utils._UserContext
#AnsibleRequires -PowerShell ..module_utils._RegistryTree

Set-StrictMode -Version 2.0

Function Invoke-OfficeopsHiveLoad {
    # The boundary the Pester suites replace: RegLoadKey of a hive file as HKEY_USERS\<KeyName>.
    param (
        [Parameter(Mandatory)]
        [string]
        $KeyName,

        [Parameter(Mandatory)]
        [string]
        $Path
    )

    [Officeops.UserHive]::Load($KeyName, $Path)
}

Function Invoke-OfficeopsHiveUnload {
    # The boundary the Pester suites replace: RegUnLoadKey of HKEY_USERS\<KeyName> (5 attempts); the Win32 code.
    param (
        [Parameter(Mandatory)]
        [string]
        $KeyName
    )

    [Officeops.UserHive]::Unload($KeyName, 5)
}

Function Test-OfficeopsHiveFile {
    # The boundary the Pester suites replace: whether the hive file (NTUSER.DAT) exists.
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    Test-Path -LiteralPath $Path -PathType Leaf
}

Function New-OfficeopsHiveMutex {
    # The boundary the Pester suites replace: the machine-wide mutex of one user's hive.
    param (
        [Parameter(Mandatory)]
        [string]
        $Sid
    )

    New-Object -TypeName System.Threading.Mutex -ArgumentList $false, "Global\officeops_hive_$Sid"
}

Function Dismount-OfficeopsUserHive {
    <#
    .SYNOPSIS
    Unload a hive this layer loaded; $null on success, else why it failed. Never throws.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $KeyName
    )

    try {
        $present = Open-OfficeopsRegistrySubKey -Hive Users -Path $KeyName
        if ($null -eq $present) {
            return $null  # already unloaded (by a concurrent run, or never loaded)
        }
        $present.Dispose()
        $code = Invoke-OfficeopsHiveUnload -KeyName $KeyName
    }
    catch {
        return "unloading failed: $($_.Exception.Message)"
    }
    if ($code -eq 0) {
        return $null
    }
    'RegUnLoadKey returned {0}: {1}' -f $code, (New-Object -TypeName System.ComponentModel.Win32Exception -ArgumentList $code).Message
}

Function Invoke-OfficeopsWithUserHive {
    <#
    .SYNOPSIS
    Run a script block with a writable RegistryKey at the root of the user's HKCU.

    .DESCRIPTION
    Uses HKEY_USERS\<SID> when the user's hive is loaded; otherwise loads NTUSER.DAT under
    the private key HKEY_USERS\officeops_<SID> and always unloads it, even when the script
    block fails. A hive left loaded would give the user a temporary profile at the next
    logon, so a failed unload is an error that names the key and the manual command.
    Returns @{ output = <script block output>; hive = 'loaded' | 'mounted' }.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [scriptblock]
        $ScriptBlock
    )

    $mountName = "officeops_$($UserProfile.sid)"
    $manualUnload = 'reg.exe unload "HKU\{0}"' -f $mountName
    # One run at a time per user: a second run would take a live private mount for a stale one.
    $mutex = New-OfficeopsHiveMutex -Sid $UserProfile.sid
    try {
        try {
            if (-not $mutex.WaitOne([TimeSpan]::FromMinutes(5))) {
                throw "another officeops run has held the registry hive of $($UserProfile.name) for 5 minutes"
            }
        }
        catch [System.Threading.AbandonedMutexException] {
            $null = $_  # a run died holding it; the stale check below cleans up after it
        }
        Invoke-OfficeopsUserHiveLocked -UserProfile $UserProfile -ScriptBlock $ScriptBlock -MountName $mountName -ManualUnload $manualUnload
    }
    finally {
        try {
            $mutex.ReleaseMutex()
        }
        catch [System.ApplicationException] {
            $null = $_  # not owned: WaitOne timed out
        }
        $mutex.Dispose()
    }
}

Function Invoke-OfficeopsUserHiveLocked {
    # The body of Invoke-OfficeopsWithUserHive, run while holding the user's hive mutex.
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [scriptblock]
        $ScriptBlock,

        [Parameter(Mandatory)]
        [string]
        $MountName,

        [Parameter(Mandatory)]
        [string]
        $ManualUnload
    )

    $mountName = $MountName
    $manualUnload = $ManualUnload
    # A run that died between load and unload leaves the private key behind; clear it first,
    # or RegLoadKey fails and the user keeps a loaded hive.
    $stale = Open-OfficeopsRegistrySubKey -Hive Users -Path $mountName
    if ($null -ne $stale) {
        $stale.Dispose()
        $staleError = Dismount-OfficeopsUserHive -KeyName $mountName
        if ($staleError) {
            throw ("HKEY_USERS\{0} is still loaded from an earlier run and cannot be unloaded ({1}); unload it by " +
                "hand: {2}") -f $mountName, $staleError, $manualUnload
        }
    }

    # Checked now, not when the profiles were listed: users log on and off meanwhile.
    $loaded = Open-OfficeopsRegistrySubKey -Hive Users -Path $UserProfile.sid
    $hiveState = 'loaded'
    if ($null -ne $loaded) {
        $loaded.Dispose()
        $mountName = $null
    }
    else {
        # Not Join-Path: it fails with "Cannot find drive" for a drive PowerShell does not know.
        $hiveFile = '{0}\NTUSER.DAT' -f ([string]$UserProfile.profile_path).TrimEnd('\')
        if (-not (Test-OfficeopsHiveFile -Path $hiveFile)) {
            throw "The registry hive of $($UserProfile.name) ($($UserProfile.sid)) was not found at $hiveFile"
        }
        $null = Invoke-OfficeopsHiveLoad -KeyName $mountName -Path $hiveFile
        $hiveState = 'mounted'
    }

    $root = $null
    $output = $null
    $scriptError = $null
    $unloadError = $null
    try {
        $keyName = if ($mountName) { $mountName } else { $UserProfile.sid }
        $root = Open-OfficeopsRegistrySubKey -Hive Users -Path $keyName -Writable
        if ($null -eq $root) {
            throw "HKEY_USERS\$keyName could not be opened"
        }
        $output = & $ScriptBlock $root
    }
    catch {
        $scriptError = $_
    }
    finally {
        if ($null -ne $root) {
            $root.Dispose()
        }
        # A key handed back by the script block would keep the hive busy at unload time.
        foreach ($item in @($output)) {
            # (a RegistryKey, or the Pester suites' in-memory key: both have OpenSubKey)
            if ($item -is [System.IDisposable] -and $null -ne $item.PSObject.Methods['OpenSubKey']) {
                $item.Dispose()
                $output = $null
                if (-not $scriptError) {
                    $scriptError = 'the script block returned a registry key; it must return plain data'
                }
            }
        }
        if ($mountName) {
            $unloadError = Dismount-OfficeopsUserHive -KeyName $mountName
        }
    }

    if ($unloadError) {
        $message = ("The registry hive of {0} is still loaded at HKEY_USERS\{1} ({2}). Unload it before the user " +
            "logs on, or Windows gives them a temporary profile: {3}") -f $UserProfile.name, $mountName, $unloadError, $manualUnload
        if ($scriptError) {
            $message += " The operation itself had failed first: $scriptError"
        }
        throw $message
    }
    if ($scriptError) {
        throw $scriptError
    }
    @{ output = $output; hive = $hiveState }
}

Export-ModuleMember -Function Dismount-OfficeopsUserHive, Invoke-OfficeopsWithUserHive
