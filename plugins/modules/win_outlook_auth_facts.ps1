#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -CSharpUtil ansible_collections.officeops.outlook_auth.plugins.module_utils._WinHttpProxy
#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._SessionTask
#AnsibleRequires -PowerShell ..module_utils._NativeCommand
#AnsibleRequires -PowerShell ..module_utils._OfficeInstall
#AnsibleRequires -PowerShell ..module_utils._RegistryTree
#AnsibleRequires -PowerShell ..module_utils._UserState
#AnsibleRequires -PowerShell ..module_utils._WamAccount
#AnsibleRequires -PowerShell ..module_utils._CredentialVault

# Thin I/O, read only: everything the audit needs in one round trip. Every interpretation
# (channel names, dsregcmd fields, event error codes, which credentials are Office's, what
# is a finding) happens on the controller; see plugins/action/win_outlook_auth_facts.py.
# Output keys are fixed by plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        session = @{ type = 'str'; choices = @('auto', 'become', 'interactive_task'); default = 'auto' }
        session_timeout = @{ type = 'int'; default = 120 }
        event_days = @{ type = 'int'; default = 7 }
        max_events = @{ type = 'int'; default = 50 }
        endpoints = @{ type = 'list'; elements = 'str' }
        endpoint_timeout = @{ type = 'int'; default = 5 }
        # Protocol options set by the action plugin; not documented for users.
        _phase = @{ type = 'str'; choices = @('probe'); default = 'probe' }
        _read = @{ type = 'list'; elements = 'dict'; default = @() }
        _folders = @{ type = 'list'; elements = 'dict'; default = @() }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$session = $module.Params.session
$timeout = $module.Params.session_timeout

# The logs whose recent events explain sign-in failures: the Entra (AAD) token broker and
# Office's own alerts (the dialogs users see, such as "[1200] 657rx").
$eventLogs = @('Microsoft-Windows-AAD/Operational', 'OAlerts')
# Event levels by number, not LevelDisplayName, which is localised.
$levelNames = @{ 0 = 'Information'; 1 = 'Critical'; 2 = 'Error'; 3 = 'Warning'; 4 = 'Information'; 5 = 'Verbose' }
$maxMessageLength = 1000

# The Windows calls of this module, each alone in a small function that the Pester suite
# (tests/powershell/modules/win_outlook_auth_facts.Tests.ps1) replaces; every decision stays
# outside them.

Function Get-OfficeopsOsBuild {
    # Boundary the tests replace: the build number of the running Windows.
    [int][Environment]::OSVersion.Version.Build
}

Function Get-OfficeopsSystemPath {
    # Boundary the tests replace: a path below the Windows folder (%SystemRoot%).
    param ([Parameter(Mandatory)][string]$ChildPath)

    Join-Path -Path $env:SystemRoot -ChildPath $ChildPath
}

Function Get-OfficeopsOutlookProcessList {
    # Boundary the tests replace: the running OUTLOOK.EXE processes (with their owners).
    param ([switch]$IncludeUserName)

    if ($IncludeUserName) {
        Get-Process -Name 'OUTLOOK' -IncludeUserName -ErrorAction SilentlyContinue
    }
    else {
        Get-Process -Name 'OUTLOOK' -ErrorAction SilentlyContinue
    }
}

Function Get-OfficeopsWinEvent {
    # Boundary the tests replace: Get-WinEvent, every error terminating.
    param (
        [Parameter(Mandatory)][hashtable]$FilterHashtable,
        [Parameter(Mandatory)][long]$MaxEvents
    )

    Get-WinEvent -FilterHashtable $FilterHashtable -MaxEvents $MaxEvents -ErrorAction Stop
}

Function Get-OfficeopsWinHttpDefaultProxy {
    # Boundary the tests replace: WinHttpGetDefaultProxyConfiguration (_WinHttpProxy.cs).
    [Officeops.WinHttpProxy]::GetDefault()
}

Function New-OfficeopsTcpClient {
    # Boundary the tests replace: a new, unconnected TcpClient.
    New-Object -TypeName System.Net.Sockets.TcpClient
}

Function New-OfficeopsSslStream {
    # Boundary the tests replace: an SslStream over a connected stream (default certificate check).
    param ([Parameter(Mandatory)][object]$InnerStream)

    New-Object -TypeName System.Net.Security.SslStream -ArgumentList @($InnerStream, $false)
}

Function Get-OutlookProcess {
    <#
    .SYNOPSIS
    Running OUTLOOK.EXE processes with their session and owner.
    #>
    # Get-Process -IncludeUserName throws a terminating error when the session is not
    # elevated (Windows PowerShell 5.1), so ask for owners only when we may.
    $elevated = Test-OfficeopsElevatedAdministrator
    if (-not $elevated) {
        $module.Warn('The connection is not elevated: Outlook processes are listed without their owners.')
    }
    $processes = @(Get-OfficeopsOutlookProcessList -IncludeUserName:$elevated)
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

Function Get-WindowsVersion {
    <#
    .SYNOPSIS
    The Windows build as Settings > About shows it, from HKLM\...\Windows NT\CurrentVersion.
    #>
    $windows = @{ build = [int](Get-OfficeopsOsBuild); ubr = $null; version = $null; edition = $null
        product_name = $null; computer_name = [string]$env:COMPUTERNAME }
    $hklm = Open-OfficeopsRegistryBase -Hive LocalMachine
    try {
        $key = $hklm.OpenSubKey('SOFTWARE\Microsoft\Windows NT\CurrentVersion', $false)
        if ($null -ne $key) {
            try {
                $ubr = $key.GetValue('UBR', $null)
                if ($ubr -is [int]) {
                    $windows.ubr = [int]$ubr
                }
                # DisplayVersion (20H2 and later) replaced ReleaseId (up to 2009).
                $windows.version = Get-OfficeopsRegistryString -Key $key -Name 'DisplayVersion'
                if ($null -eq $windows.version) {
                    $windows.version = Get-OfficeopsRegistryString -Key $key -Name 'ReleaseId'
                }
                $windows.edition = Get-OfficeopsRegistryString -Key $key -Name 'EditionID'
                $windows.product_name = Get-OfficeopsRegistryString -Key $key -Name 'ProductName'
            }
            finally {
                $key.Dispose()
            }
        }
    }
    finally {
        $hklm.Dispose()
    }
    $windows
}

Function Get-RecentEvent {
    <#
    .SYNOPSIS
    The newest events of one log from the last $Days days: @{ log; error; events }.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $LogName,

        [Parameter(Mandatory)]
        [int]
        $Days,

        [Parameter(Mandatory)]
        [int]
        $Max
    )

    $answer = @{ log = $LogName; error = $null; events = @() }
    # -MaxEvents is ValidateRange(1, Int64.MaxValue) (GetEventCommand.cs); the controller
    # accepts max_events = 0 and means "no events", as the lab twin answers.
    if ($Max -le 0) {
        return $answer
    }
    $filter = @{ LogName = $LogName; StartTime = (Get-Date).AddDays(-$Days) }
    try {
        $records = @(Get-OfficeopsWinEvent -FilterHashtable $filter -MaxEvents $Max)
    }
    catch {
        # Get-WinEvent reports "nothing matched" as an error (NoMatchingEventsFound); a log
        # that does not exist on this machine is NoMatchingLogsFound. Only the first is normal.
        if ($_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') {
            $answer.error = $_.Exception.Message
        }
        return $answer
    }
    # A record without a time is skipped; any other record that cannot be turned into an
    # event is this log's error, not the whole probe's (the probe is one hashtable literal).
    try {
        $answer.events = @(foreach ($record in $records) {
                if ($null -eq $record.TimeCreated) {
                    continue
                }
                $message = $null
                try {
                    # FormatDescription fails when the provider's message file is missing, and
                    # returns null when the event has no description: keep that null, which
                    # [string] would turn into ''.
                    $description = $record.FormatDescription()
                    if ($null -ne $description) {
                        $message = [string]$description
                    }
                }
                catch {
                    $message = $null
                }
                if ($null -ne $message -and $message.Length -gt $maxMessageLength) {
                    $message = $message.Substring(0, $maxMessageLength)
                }
                $level = if ($null -ne $record.Level -and $levelNames.ContainsKey([int]$record.Level)) { $levelNames[[int]$record.Level] } else { 'Information' }
                @{
                    log = $LogName
                    id = [int]$record.Id
                    time = $record.TimeCreated.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture)
                    level = $level
                    message = $message
                }
            })
    }
    catch {
        $answer.events = @()
        $answer.error = $_.Exception.Message
    }
    finally {
        # Every record, also those after a failure: each holds an event handle.
        foreach ($record in $records) {
            $record.Dispose()
        }
    }
    $answer
}

Function Get-ProxySetting {
    <#
    .SYNOPSIS
    The WinHTTP default proxy: @{ access_type; proxy; bypass; error }.
    #>
    try {
        $setting = Get-OfficeopsWinHttpDefaultProxy
        @{ access_type = [int]$setting.AccessType; proxy = $setting.Proxy; bypass = $setting.Bypass; error = $null }
    }
    catch {
        @{ access_type = -1; proxy = $null; bypass = $null; error = $_.Exception.Message }
    }
}

Function Test-SignInEndpoint {
    <#
    .SYNOPSIS
    Whether this machine reaches a host directly on TCP 443 and completes a TLS 1.2
    handshake with a certificate it trusts: @{ host; tcp; tls; error }.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $HostName,

        [Parameter(Mandatory)]
        [int]
        $TimeoutMs
    )

    $result = @{ host = $HostName; tcp = $false; tls = $false; error = $null }
    $client = New-OfficeopsTcpClient
    try {
        $pending = $client.BeginConnect($HostName, 443, $null, $null)
        if (-not $pending.AsyncWaitHandle.WaitOne($TimeoutMs)) {
            $result.error = "TCP 443: no connection within $TimeoutMs ms"
            return $result
        }
        $client.EndConnect($pending)
        $result.tcp = $true
        $stream = New-OfficeopsSslStream -InnerStream $client.GetStream()
        try {
            $stream.ReadTimeout = $TimeoutMs
            $stream.WriteTimeout = $TimeoutMs
            # TLS 1.2 named explicitly: Windows PowerShell's .NET may default to older
            # protocols, which Microsoft 365 refuses. No revocation check: it can hang offline.
            $stream.AuthenticateAsClient($HostName, $null, [System.Security.Authentication.SslProtocols]::Tls12, $false)
            $result.tls = $true
        }
        finally {
            $stream.Dispose()
        }
    }
    catch {
        $inner = $_.Exception
        while ($null -ne $inner.InnerException) {
            $inner = $inner.InnerException
        }
        $stage = if ($result.tcp) { 'TLS' } else { 'TCP 443' }
        $result.error = '{0}: {1}' -f $stage, $inner.Message
    }
    finally {
        $client.Close()
    }
    $result
}

Function Get-UserFact {
    <#
    .SYNOPSIS
    One target user: their registry keys and folders (Get-OfficeopsUserState), their vault's
    credential metadata and their Office WAM accounts, each with why it could not be read.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile
    )

    $state = Get-OfficeopsUserState -UserProfile $UserProfile -Read @($module.Params._read) -OnceAction 'facts' `
        -Folder @($module.Params._folders)
    $vault = Get-OfficeopsCredentialState -UserProfile $UserProfile -Session $session -TimeoutSeconds $timeout
    $wam = Get-OfficeopsWamState -UserProfile $UserProfile -Session $session -TimeoutSeconds $timeout
    $state + @{
        vault = @{
            access = $vault.access
            error_code = $vault.error_code
            error = $vault.error
            credentials = $vault.credentials
            cleanup_error = $vault.cleanup_error
        }
        wam = $wam
    }
}

try {
    $targets = Resolve-OfficeopsTargetUser -User $module.Params.user -UserProfile @(Get-OfficeopsUserProfile)
    $dsregcmd = Get-OfficeopsSystemPath -ChildPath 'System32\dsregcmd.exe'
    try {
        $status = Invoke-OfficeopsNativeCommand -Data @{ file = $dsregcmd; arguments = '/status'; timeout_ms = 60000 }
    }
    catch {
        # Reported, not fatal: the other facts still explain a lot.
        $status = @{ exit_code = -1; output = "dsregcmd /status could not run: $($_.Exception.Message)" }
    }
    $module.Result.probe = @{
        click_to_run = Get-OfficeopsClickToRunConfiguration
        machine_office = Get-OfficeopsMachineOffice
        windows = Get-WindowsVersion
        outlook_processes = @(Get-OutlookProcess)
        dsregcmd_status = [string]$status.output
        dsregcmd_exit_code = [int]$status.exit_code
        event_logs = @(foreach ($log in $eventLogs) { Get-RecentEvent -LogName $log -Days $module.Params.event_days -Max $module.Params.max_events })
        winhttp_proxy = Get-ProxySetting
        # Not @($module.Params.endpoints): an option left out is $null, and @($null) is one
        # $null item, which -HostName (Mandatory) refuses, failing the whole probe.
        endpoints = @(if ($null -ne $module.Params.endpoints) {
                foreach ($endpoint in $module.Params.endpoints) {
                    Test-SignInEndpoint -HostName $endpoint -TimeoutMs ($module.Params.endpoint_timeout * 1000)
                }
            })
        users = @(foreach ($userProfile in $targets.profiles) { Get-UserFact -UserProfile $userProfile })
        user_problem = $targets.problem
    }
}
catch {
    $module.FailJson("Failed to read the Outlook sign-in facts: $($_.Exception.Message)", $_)
}

$module.ExitJson()
