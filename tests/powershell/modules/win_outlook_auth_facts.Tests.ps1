# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# win_outlook_auth_facts.ps1 end to end through Ansible.Basic. The host is the lab scenario
# tests/lab/scenarios/godaddy_657rx.json (its HKLM, Maria's hive, her events, her Windows
# build); the registry reads run for real against the in-memory registry, and every other
# Windows call is a mocked boundary: the utilities' exported functions (profiles, vault, WAM,
# native commands, elevation) and the module's own (Get-Officeops* / New-Officeops* in the
# .ps1: OS build, %SystemRoot%, processes, Get-WinEvent, the WinHTTP proxy, TCP and TLS).
# Expected values are written here by hand or copied from the scenario file.

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"

    Function New-FakeProcess {
        # A System.Diagnostics.Process as Get-Process returns it; -IncludeUserName adds UserName.
        param ([int]$Id, [int]$SessionId, [string]$UserName, [switch]$WithUserName)

        $process = [pscustomobject]@{ Id = $Id; SessionId = $SessionId; Disposed = $false }
        if ($WithUserName) {
            $process | Add-Member -MemberType NoteProperty -Name UserName -Value $(if ($UserName) { $UserName } else { $null })
        }
        $process | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.Disposed = $true }
        $process
    }

    Function New-FakeEventRecord {
        # An EventLogRecord: Id, Level (byte?), TimeCreated (DateTime?), FormatDescription(), Dispose().
        param ($Id, $Level, $Time, $Message, [switch]$DescriptionFails)

        $record = [pscustomobject]@{
            Id = $Id
            Level = $Level
            TimeCreated = if ($null -ne $Time) { [datetime]::SpecifyKind([datetime]::Parse($Time, [Globalization.CultureInfo]::InvariantCulture), 'Utc') } else { $null }
            Description = $Message
            Fails = [bool]$DescriptionFails
            Disposed = $false
        }
        $record | Add-Member -MemberType ScriptMethod -Name FormatDescription -Value {
            if ($this.Fails) {
                throw [System.InvalidOperationException]::new('The message resource is present but the message was not found in the message table.')
            }
            $this.Description
        }
        $record | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.Disposed = $true }
        $record
    }

    Function New-GetWinEventError {
        # The ErrorRecord Get-WinEvent -ErrorAction Stop raises.
        param ([string]$Id, [string]$Message)

        [System.Management.Automation.ErrorRecord]::new([System.Exception]::new($Message),
            "$Id,Microsoft.PowerShell.Commands.GetWinEventCommand", [System.Management.Automation.ErrorCategory]::ObjectNotFound, $null)
    }

    # The network a fake TcpClient / SslStream sees: host -> @{ tcp = ok|timeout|refused; tls = ok|untrusted }.
    Function New-FakeTcpClient {
        $client = [pscustomobject]@{ Closed = $false; HostName = $null }
        $client | Add-Member -MemberType ScriptMethod -Name BeginConnect -Value {
            param($hostName, $port, $callback, $state)
            $this.HostName = $hostName
            $global:FactsNet.log.Add("connect $hostName`:$port")
            $waitHandle = [pscustomobject]@{ Connects = $global:FactsNet.hosts[$hostName].tcp -ne 'timeout' }
            $waitHandle | Add-Member -MemberType ScriptMethod -Name WaitOne -Value {
                param($milliseconds)
                $global:FactsNet.log.Add("wait $milliseconds")
                $this.Connects
            }
            [pscustomobject]@{ AsyncWaitHandle = $waitHandle }
        }
        $client | Add-Member -MemberType ScriptMethod -Name EndConnect -Value {
            param($pending)
            $global:FactsNet.log.Add("end-connect $($this.HostName)")
            if ($global:FactsNet.hosts[$this.HostName].tcp -eq 'refused') {
                throw [System.IO.IOException]::new('No connection could be made because the target machine actively refused it 203.0.113.7:443')
            }
        }
        $client | Add-Member -MemberType ScriptMethod -Name GetStream -Value { [pscustomobject]@{ NetworkStreamOf = $this.HostName } }
        $client | Add-Member -MemberType ScriptMethod -Name Close -Value {
            $this.Closed = $true
            $global:FactsNet.log.Add("close $($this.HostName)")
        }
        $client
    }

    Function New-FakeSslStream {
        param ($InnerStream)

        $stream = [pscustomobject]@{ Inner = $InnerStream; ReadTimeout = -1; WriteTimeout = -1 }
        $stream | Add-Member -MemberType ScriptMethod -Name AuthenticateAsClient -Value {
            param($targetHost, $certificates, $protocols, $checkRevocation)
            $global:FactsNet.log.Add(('tls {0} read={1} write={2} protocols={3} revocation={4} certificates={5}' -f $targetHost,
                    $this.ReadTimeout, $this.WriteTimeout, $protocols, $checkRevocation, ($null -eq $certificates)))
            if ($global:FactsNet.hosts[$targetHost].tls -eq 'untrusted') {
                # As SslStream reports it: the reason is the innermost exception.
                throw [System.Security.Authentication.AuthenticationException]::new('Authentication failed, see inner exception.',
                    [System.ComponentModel.Win32Exception]::new(-2146893019, 'The certificate chain was issued by an authority that is not trusted.'))
            }
        }
        $stream | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $global:FactsNet.log.Add("dispose-tls $($this.Inner.NetworkStreamOf)") }
        $stream
    }

    Import-OfficeopsUtil -Name _RegistryTree, _UserProfile, _SessionTask, _NativeCommand, _OfficeInstall, _UserState, _WamAccount, _CredentialVault
    # The module's own boundary functions, defined globally so that Pester can mock them
    # before the module script defines them (the mock's alias wins over the script's function).
    $null = Register-OfficeopsBoundaryStub -Path win_outlook_auth_facts -Name Get-OfficeopsOsBuild, Get-OfficeopsSystemPath,
    Get-OfficeopsOutlookProcessList, Get-OfficeopsWinEvent, Get-OfficeopsWinHttpDefaultProxy, New-OfficeopsTcpClient, New-OfficeopsSslStream

    $script:savedComputerName = $env:COMPUTERNAME
    $env:COMPUTERNAME = 'BLOOMFIELD-PC'

    # The lab scenario the host is built from.
    $script:scenario = ConvertFrom-Json -AsHashtable -InputObject ([System.IO.File]::ReadAllText(
            (Join-Path -Path $script:OfficeopsRoot -ChildPath 'tests/lab/scenarios/godaddy_657rx.json')))
    $script:maria = $script:scenario.users[0]
    $script:mariaSid = 'S-1-5-21-3623811015-3361044348-30300820-1013'
    $script:jonSid = 'S-1-5-21-3623811015-3361044348-30300820-1014'
    $script:mariaProfile = @{ sid = $mariaSid; name = 'BLOOMFIELD-PC\maria'; profile_path = 'C:\Users\maria'; hive_loaded = $true
        logged_on = $true; session_id = 1; console = $true
    }
    $script:jonProfile = @{ sid = $jonSid; name = 'BLOOMFIELD-PC\jon'; profile_path = 'C:\Users\jon'; hive_loaded = $false
        logged_on = $false; session_id = $null; console = $false
    }
    $script:systemProfile = @{ sid = 'S-1-5-18'; name = 'NT AUTHORITY\SYSTEM'; profile_path = 'C:\WINDOWS\system32\config\systemprofile'
        hive_loaded = $true; logged_on = $false; session_id = $null; console = $false
    }
    $script:read = @(
        @{ path = 'Software\Microsoft\Office\16.0\Common\Identity'; depth = 16 }
        @{ path = 'Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo'; depth = 1 }
    )

    # dsregcmd /status of this workgroup PC with Maria's Northwind work account: the sample
    # the controller's parser is tested on (tests/unit/.../_workplace/samples), with the CRLF
    # line ends dsregcmd.exe writes.
    $script:wpjStatus = [System.IO.File]::ReadAllText((Join-Path -Path $script:OfficeopsRoot -ChildPath 'tests/unit/plugins/module_utils/_workplace/samples/win11_workgroup_wpj_user_session.txt')).Replace("`n", "`r`n")
}

AfterAll {
    $env:COMPUTERNAME = $script:savedComputerName
    Unregister-OfficeopsBoundaryStub
    Remove-Variable -Name FactsNet, FactsProcesses, FactsEvents, FactsHklm, FactsUsers -Scope Global -ErrorAction SilentlyContinue
}

Describe 'win_outlook_auth_facts' {
    BeforeEach {
        # HKLM: the scenario's Office keys and the Windows version values of its build.
        $global:FactsHklm = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE -Tree @{
            'SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ UBR = 4460; DisplayVersion = '23H2'; ReleaseId = '2009'
                EditionID = 'Professional'; ProductName = 'Windows 10 Pro'
            }
        }
        Add-OfficeopsFakeTree -Key $global:FactsHklm -Path '' -Tree $scenario.hklm
        # HKU: Maria's hive is loaded (she is logged on); Jon's is not.
        $global:FactsUsers = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{
            "$mariaSid\Software\officeops\outlook_auth\once\facts" = @{ 'INC0012345' = '2026-11-19T10:00:00Z' }
            "$mariaSid\Software\officeops\outlook_auth\once\work_school" = @{ 'INC0099999' = '2026-11-18T10:00:00Z' }
        }
        Add-OfficeopsFakeTree -Key $global:FactsUsers -Path $mariaSid -Tree $maria.hive
        Use-OfficeopsFakeRegistry -Users $global:FactsUsers -LocalMachine $global:FactsHklm

        $global:FactsProcesses = @(
            New-FakeProcess -Id 6120 -SessionId 1 -UserName 'BLOOMFIELD-PC\maria' -WithUserName
        )
        $global:FactsEvents = @{
            'Microsoft-Windows-AAD/Operational' = @(
                New-FakeEventRecord -Id 1098 -Level ([byte]2) -Time '2026-11-20T08:17:11' -Message 'Error: 0xCAA5001C Token broker operation failed.'
                New-FakeEventRecord -Id 1098 -Level ([byte]2) -Time '2026-11-20T08:05:11' -Message 'Error: 0xCAA5001C Token broker operation failed. Logged at AadTokenBrokerPlugin.cpp.'
            )
            'OAlerts' = @(New-FakeEventRecord -Id 300 -Level ([byte]4) -Time '2026-11-20T08:05:40' -Message 'Something went wrong. [1200] 657rx')
        }
        $global:FactsNet = @{ hosts = @{}; log = [System.Collections.Generic.List[string]]@() }
        foreach ($endpointName in $scenario.network.endpoints.Keys) {
            $global:FactsNet.hosts[$endpointName] = @{ tcp = 'ok'; tls = 'ok' }
        }

        Mock Get-OfficeopsOsBuild { 22631 }
        Mock Get-OfficeopsSystemPath { "C:\Windows\$ChildPath" }
        Mock Get-OfficeopsUserProfile { $mariaProfile; $jonProfile; $systemProfile }
        Mock Test-OfficeopsElevatedAdministrator { $true }
        Mock Get-OfficeopsOutlookProcessList { $global:FactsProcesses }
        Mock Invoke-OfficeopsNativeCommand { @{ exit_code = 0; output = $wpjStatus } }
        Mock Get-OfficeopsWinEvent { $global:FactsEvents[$FilterHashtable.LogName] }
        Mock Get-OfficeopsWinHttpDefaultProxy { [pscustomobject]@{ AccessType = 1; Proxy = $null; Bypass = $null } }
        Mock New-OfficeopsTcpClient { New-FakeTcpClient }
        Mock New-OfficeopsSslStream { New-FakeSslStream -InnerStream $InnerStream }
        Mock Get-OfficeopsCredentialState {
            # The utility's whole entry; the module keeps only the vault fields.
            @{ sid = $UserProfile.sid; name = $UserProfile.name; profile_path = $UserProfile.profile_path; hive_loaded = $UserProfile.hive_loaded
                logged_on = $UserProfile.logged_on; session_id = $UserProfile.session_id; console = $UserProfile.console
                access = if ($UserProfile.logged_on) { 'interactive_task' } else { 'not_logged_on' }
                credentials = if ($UserProfile.logged_on) {
                    , @(@{ target = 'MicrosoftOffice16_Data:ADAL:4c1d9e7a-0b6f-4e53-8d2a-9f1e7c3b5a60'; type = 'generic'
                            user_name = 'maria@bloomfield-florist.com'; persist = 'local_machine'; last_written = '2026-11-20T08:00:00Z'
                        })
                }
                else { $null }
                error_code = 0; error = $null; cleanup_error = $null
            }
        }
        Mock Get-OfficeopsWamState {
            if ($UserProfile.logged_on) {
                @{ access = 'interactive_task'; error = $null; cleanup_error = $null; accounts = @(
                        @{ id = 'wam-1'; provider = 'https://login.microsoft.com'; user_name = 'maria.lopez@northwind-traders.com'
                            tenant_id = '9188040d-6c67-4c5b-b112-36a304b66dad'; signed_out = $false
                        }
                    )
                }
            }
            else {
                @{ access = 'not_logged_on'; error = $null; cleanup_error = $null; accounts = @() }
            }
        }
    }

    AfterEach {
        # Every key the module (and the utilities it called) opened was closed.
        $global:FactsHklm.OpenHandleCount() | Should -Be 0
        $global:FactsUsers.OpenHandleCount() | Should -Be 0
    }

    Context 'probe of the godaddy_657rx host' {
        It 'returns every machine fact, Maria''s state and the contract''s shape' {
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{
                user = 'interactive'; session = 'auto'; session_timeout = 90; event_days = 3; max_events = 20
                endpoints = @('login.microsoftonline.com', 'outlook.office365.com'); endpoint_timeout = 4; _read = $read; _folders = @()
            }

            $run.rc | Should -Be 0
            $run.result.changed | Should -BeFalse
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
            $probe = $run.result.probe
            ConvertTo-OfficeopsCanonicalJson $probe.click_to_run | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    version_to_report = '16.0.17928.20156'; platform = 'x64'; update_channel = $null
                    cdn_base_url = 'http://officecdn.microsoft.com/pr/492350f6-3a01-4f97-b9c0-c7c6ddf67d60'
                    product_release_ids = 'O365BusinessRetail'; client_culture = 'en-us'
                })
            ConvertTo-OfficeopsCanonicalJson $probe.machine_office | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    click_to_run_version = '16.0.17928.20156'; install_roots = @{ '15.0' = $false; '16.0' = $true }
                })
            ConvertTo-OfficeopsCanonicalJson $probe.windows | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    build = 22631; ubr = 4460; version = '23H2'; edition = 'Professional'; product_name = 'Windows 10 Pro'
                    computer_name = 'BLOOMFIELD-PC'
                })
            ConvertTo-OfficeopsCanonicalJson $probe.outlook_processes | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ pid = 6120; session_id = 1; user_name = 'BLOOMFIELD-PC\maria' }))
            $probe.dsregcmd_status | Should -BeExactly $wpjStatus
            $probe.dsregcmd_exit_code | Should -Be 0
            # The scenario's events, newest first as Get-WinEvent returns them.
            ConvertTo-OfficeopsCanonicalJson $probe.event_logs | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ log = 'Microsoft-Windows-AAD/Operational'; error = $null; events = @(
                            @{ log = 'Microsoft-Windows-AAD/Operational'; id = 1098; time = '2026-11-20T08:17:11Z'; level = 'Error'
                                message = 'Error: 0xCAA5001C Token broker operation failed.'
                            }
                            @{ log = 'Microsoft-Windows-AAD/Operational'; id = 1098; time = '2026-11-20T08:05:11Z'; level = 'Error'
                                message = 'Error: 0xCAA5001C Token broker operation failed. Logged at AadTokenBrokerPlugin.cpp.'
                            })
                    }
                    @{ log = 'OAlerts'; error = $null; events = @(
                            @{ log = 'OAlerts'; id = 300; time = '2026-11-20T08:05:40Z'; level = 'Information'; message = 'Something went wrong. [1200] 657rx' })
                    }))
            ConvertTo-OfficeopsCanonicalJson $probe.winhttp_proxy | Should -Be (ConvertTo-OfficeopsCanonicalJson @{ access_type = 1; proxy = $null; bypass = $null; error = $null })
            ConvertTo-OfficeopsCanonicalJson $probe.endpoints | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ host = 'login.microsoftonline.com'; tcp = $true; tls = $true; error = $null }
                    @{ host = 'outlook.office365.com'; tcp = $true; tls = $true; error = $null }))
            $probe.user_problem | Should -BeNullOrEmpty

            $probe.users.Count | Should -Be 1
            $user = $probe.users[0]
            foreach ($name in 'sid', 'name', 'profile_path', 'hive_loaded', 'logged_on', 'session_id', 'console') {
                $user[$name] | Should -Be $mariaProfile[$name]
            }
            $user.error | Should -BeNullOrEmpty
            $user.hive | Should -Be 'loaded'
            $user.files.Count | Should -Be 0
            # Only this module's once markers ('facts'), not work_school's.
            ConvertTo-OfficeopsCanonicalJson $user.once | Should -Be (ConvertTo-OfficeopsCanonicalJson @{ INC0012345 = '2026-11-19T10:00:00Z' })
            $identities = $user.keys['Software\Microsoft\Office\16.0\Common\Identity'].keys.Identities.keys
            @($identities.Keys | Sort-Object) | Should -Be @('4c1d9e7a-0b6f-4e53-8d2a-9f1e7c3b5a60_ADAL', 'd2b7f3e1-6a4c-4f89-b0e5-1c8a7d9e2f34_ADAL')
            $identities['d2b7f3e1-6a4c-4f89-b0e5-1c8a7d9e2f34_ADAL'].values.EmailAddress.data | Should -Be 'maria.lopez@northwind-traders.com'
            $joinInfo = $user.keys['Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo'].keys
            $joinInfo['6E1F3A9C2B7D4E8F0A1B2C3D4E5F60718293A4B5'].values.TenantId.data | Should -Be '9188040d-6c67-4c5b-b112-36a304b66dad'
            ConvertTo-OfficeopsCanonicalJson $user.vault | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    access = 'interactive_task'; error_code = 0; error = $null; cleanup_error = $null
                    credentials = @(@{ target = 'MicrosoftOffice16_Data:ADAL:4c1d9e7a-0b6f-4e53-8d2a-9f1e7c3b5a60'; type = 'generic'
                            user_name = 'maria@bloomfield-florist.com'; persist = 'local_machine'; last_written = '2026-11-20T08:00:00Z'
                        })
                })
            $user.wam.accounts[0].user_name | Should -Be 'maria.lopez@northwind-traders.com'

            # What was asked of the boundaries.
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 1 -Exactly -ParameterFilter {
                $Data.file -eq 'C:\Windows\System32\dsregcmd.exe' -and $Data.arguments -eq '/status' -and $Data.timeout_ms -eq 60000
            }
            Should -Invoke Get-OfficeopsCredentialState -Times 1 -Exactly -ParameterFilter {
                $UserProfile.sid -eq $mariaSid -and $Session -eq 'auto' -and $TimeoutSeconds -eq 90
            }
            Should -Invoke Get-OfficeopsWamState -Times 1 -Exactly -ParameterFilter {
                $UserProfile.sid -eq $mariaSid -and $Session -eq 'auto' -and $TimeoutSeconds -eq 90
            }
            Should -Invoke Get-OfficeopsWinEvent -Times 1 -Exactly -ParameterFilter {
                $FilterHashtable.LogName -eq 'Microsoft-Windows-AAD/Operational' -and $MaxEvents -eq 20 -and $FilterHashtable.Count -eq 2 -and
                [Math]::Abs(($FilterHashtable.StartTime - (Get-Date).AddDays(-3)).TotalMinutes) -lt 5
            }
            Should -Invoke Get-OfficeopsWinEvent -Times 1 -Exactly -ParameterFilter {
                $FilterHashtable.LogName -eq 'OAlerts' -and $MaxEvents -eq 20 -and $FilterHashtable.Count -eq 2 -and
                [Math]::Abs(($FilterHashtable.StartTime - (Get-Date).AddDays(-3)).TotalMinutes) -lt 5
            }
            @($global:FactsNet.log | Where-Object { $_ -like 'wait *' }) | Should -Be @('wait 4000', 'wait 4000')
            foreach ($record in $global:FactsEvents.Values | ForEach-Object { $_ }) {
                $record.Disposed | Should -BeTrue
            }
            $global:FactsProcesses[0].Disposed | Should -BeTrue
        }

        It 'returns the same facts in check mode and with -Diff, and writes nothing' {
            $before = @((Get-OfficeopsFakeRegistryText $global:FactsHklm), (Get-OfficeopsFakeRegistryText $global:FactsUsers))
            $params = @{ user = 'interactive'; endpoints = @('login.microsoftonline.com'); _read = $read }
            $plain = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params $params
            $check = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params $params -CheckMode
            $diff = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params $params -Diff

            foreach ($run in $check, $diff) {
                $run.rc | Should -Be 0
                $run.result.changed | Should -BeFalse
                $run.result.ContainsKey('diff') | Should -BeFalse
                Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
            }
            ConvertTo-OfficeopsCanonicalJson $check.result.probe | Should -Be (ConvertTo-OfficeopsCanonicalJson $plain.result.probe)
            ConvertTo-OfficeopsCanonicalJson $diff.result.probe | Should -Be (ConvertTo-OfficeopsCanonicalJson $plain.result.probe)
            @((Get-OfficeopsFakeRegistryText $global:FactsHklm), (Get-OfficeopsFakeRegistryText $global:FactsUsers)) | Should -Be $before
        }
    }

    Context 'dsregcmd /status' {
        # The text is returned as dsregcmd printed it (CRLF, padding, empty values); the
        # controller parses it (plugins/module_utils/_workplace/dsregcmd.py).
        It 'returns the <name> output verbatim with exit code <code>' -ForEach @(
            @{
                name = 'Microsoft Learn hybrid-joined sample'
                code = 0
                # Assembled from the "Sample device state / device details / user state / SSO
                # state output" blocks of learn.microsoft.com/entra/identity/devices/
                # troubleshoot-device-dsregcmd (MicrosoftDocs/entra-docs, 2025-06-27).
                text = @(
                    '+----------------------------------------------------------------------+'
                    '| Device State                                                         |'
                    '+----------------------------------------------------------------------+'
                    '             AzureAdJoined : YES'
                    '          EnterpriseJoined : NO'
                    '              DomainJoined : YES'
                    '                DomainName : HYBRIDADFS'
                    '+----------------------------------------------------------------------+'
                    ''
                    '+----------------------------------------------------------------------+'
                    '| Device Details                                                       |'
                    '+----------------------------------------------------------------------+'
                    ''
                    '                  DeviceId : 00aa00aa-bb11-cc22-dd33-44ee44ee44ee'
                    '                Thumbprint : AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00'
                    ' DeviceCertificateValidity : [ 2019-01-11 21:02:50.000 UTC -- 2029-01-11 21:32:50.000 UTC ]'
                    '            KeyContainerId : 00aa00aa-bb11-cc22-dd33-44ee44ee44ee'
                    '               KeyProvider : Microsoft Software Key Storage Provider'
                    '              TpmProtected : NO'
                    '          DeviceAuthStatus : SUCCESS'
                    '+----------------------------------------------------------------------+'
                    ''
                    '+----------------------------------------------------------------------+'
                    '| User State                                                           |'
                    '+----------------------------------------------------------------------+'
                    ''
                    '                    NgcSet : YES'
                    '                  NgcKeyId : {aaaaaaaa-0b0b-1c1c-2d2d-333333333333}'
                    '                  CanReset : DestructiveAndNonDestructive'
                    '           WorkplaceJoined : NO'
                    '             WamDefaultSet : YES'
                    '       WamDefaultAuthority : organizations'
                    '              WamDefaultId : https://login.microsoft.com'
                    '            WamDefaultGUID : { B16898C6-A148-4967-9171-64D755DA8520 } (AzureAd)'
                    ''
                    '+----------------------------------------------------------------------+'
                    '| SSO State                                                            |'
                    '+----------------------------------------------------------------------+'
                    ''
                    '                AzureAdPrt : NO'
                    '       AzureAdPrtAuthority : https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee'
                    '     AcquirePrtDiagnostics : PRESENT'
                    '      Previous Prt Attempt : 2020-07-18 20:10:33.789 UTC'
                    '            Attempt Status : 0xc000006d'
                    '             User Identity : john@contoso.com'
                    '           Credential Type : Password'
                    '            Correlation ID : aaaa0000-bb11-2222-33cc-444444dddddd'
                    '              Endpoint URI : https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/oauth2/token/'
                    '               HTTP Method : POST'
                    '                HTTP Error : 0x0'
                    '               HTTP status : 400'
                    '         Server Error Code : invalid_grant'
                    '  Server Error Description : AADSTS50126: Error validating credentials due to invalid username or password.'
                    '             EnterprisePrt : YES'
                    '   EnterprisePrtUpdateTime : 2019-01-24 19:15:33.000 UTC'
                    '   EnterprisePrtExpiryTime : 2019-02-07 19:15:33.000 UTC'
                    '    EnterprisePrtAuthority : https://fs.hybridadfs.nttest.microsoft.com:443/adfs'
                    '                 OnPremTgt : YES'
                    '                  CloudTgt : YES'
                    '         KerbTopLevelNames : .windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433,.azure.net:3342'
                    ''
                    '+----------------------------------------------------------------------+'
                    ''
                ) -join "`r`n"
            }
            @{
                name = 'Windows 10 1607 flat layout'
                code = 0
                # tests/unit/plugins/module_utils/_workplace/samples/win10_1607_flat.txt (no
                # boxed sections before Windows 10 1703), as dsregcmd prints it with CRLF.
                text = [System.IO.File]::ReadAllText("$PSScriptRoot/../../unit/plugins/module_utils/_workplace/samples/win10_1607_flat.txt").Replace("`n", "`r`n")
            }
            @{
                name = 'failed query'
                code = 1
                text = "Failed to query device registration state. Error: 0x80070005`r`n"
            }
        ) {
            Mock Invoke-OfficeopsNativeCommand { @{ exit_code = $code; output = $text } }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 0
            $run.result.probe.dsregcmd_status | Should -BeExactly $text
            $run.result.probe.dsregcmd_exit_code | Should -Be $code
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'reports, not fails, when dsregcmd cannot run' {
            Mock Invoke-OfficeopsNativeCommand { throw 'The system cannot find the file specified' }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 0
            $run.result.probe.dsregcmd_exit_code | Should -Be -1
            $run.result.probe.dsregcmd_status | Should -BeExactly 'dsregcmd /status could not run: The system cannot find the file specified'
            $run.result.probe.users.Count | Should -Be 1
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }
    }

    Context 'Outlook processes' {
        It 'lists owners only on an elevated connection' {
            $global:FactsProcesses = @(
                New-FakeProcess -Id 6120 -SessionId 1 -UserName 'BLOOMFIELD-PC\maria' -WithUserName
                New-FakeProcess -Id 7001 -SessionId 2 -UserName '' -WithUserName
            )
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            ConvertTo-OfficeopsCanonicalJson $run.result.probe.outlook_processes | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ pid = 6120; session_id = 1; user_name = 'BLOOMFIELD-PC\maria' }
                    @{ pid = 7001; session_id = 2; user_name = $null }))
            $run.result.ContainsKey('warnings') | Should -BeFalse
            Should -Invoke Get-OfficeopsOutlookProcessList -Times 1 -Exactly -ParameterFilter { $IncludeUserName }
            $global:FactsProcesses | ForEach-Object { $_.Disposed | Should -BeTrue }
        }

        It 'warns and lists processes without owners when not elevated' {
            Mock Test-OfficeopsElevatedAdministrator { $false }
            # Without -IncludeUserName, Get-Process objects have no UserName at all.
            $global:FactsProcesses = @(New-FakeProcess -Id 6120 -SessionId 1)
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 0
            ConvertTo-OfficeopsCanonicalJson $run.result.probe.outlook_processes | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ pid = 6120; session_id = 1; user_name = $null }))
            $run.result.warnings | Should -Be @('The connection is not elevated: Outlook processes are listed without their owners.')
            Should -Invoke Get-OfficeopsOutlookProcessList -Times 1 -Exactly -ParameterFilter { -not $IncludeUserName }
            $global:FactsProcesses[0].Disposed | Should -BeTrue
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'returns an empty list when Outlook is not running' {
            $global:FactsProcesses = @()
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.result.probe.outlook_processes.GetType().Name | Should -Be 'Object[]'
            $run.result.probe.outlook_processes.Count | Should -Be 0
        }
    }

    Context 'Windows version' {
        It 'reads <name>' -ForEach @(
            @{ name = 'Windows 10 1909 (ReleaseId, no DisplayVersion)'
                values = @{ UBR = 2965; ReleaseId = '1909'; EditionID = 'Enterprise'; ProductName = 'Windows 10 Enterprise' }
                expected = @{ build = 18363; ubr = 2965; version = '1909'; edition = 'Enterprise'; product_name = 'Windows 10 Enterprise'; computer_name = 'BLOOMFIELD-PC' }
            }
            @{ name = 'a UBR that is not a DWORD and a multi-string edition'
                values = @{ UBR = '2965'; DisplayVersion = '22H2'; EditionID = [string[]]@('Professional', 'N') }
                expected = @{ build = 18363; ubr = $null; version = '22H2'; edition = 'Professional,N'; product_name = $null; computer_name = 'BLOOMFIELD-PC' }
            }
            @{ name = 'a machine without the CurrentVersion key'
                values = $null
                expected = @{ build = 18363; ubr = $null; version = $null; edition = $null; product_name = $null; computer_name = 'BLOOMFIELD-PC' }
            }
        ) {
            Mock Get-OfficeopsOsBuild { 18363 }
            $tree = @{ 'SOFTWARE\Microsoft\Office' = @{} }
            if ($null -ne $values) {
                $tree['SOFTWARE\Microsoft\Windows NT\CurrentVersion'] = $values
            }
            $global:FactsHklm = New-OfficeopsFakeRegistry -Name HKEY_LOCAL_MACHINE -Tree $tree
            Use-OfficeopsFakeRegistry -Users $global:FactsUsers -LocalMachine $global:FactsHklm
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 0
            ConvertTo-OfficeopsCanonicalJson $run.result.probe.windows | Should -Be (ConvertTo-OfficeopsCanonicalJson $expected)
            # No Office: both readers answer "none".
            $run.result.probe.click_to_run | Should -BeNullOrEmpty
            $run.result.probe.machine_office.click_to_run_version | Should -BeNullOrEmpty
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }
    }

    Context 'event logs' {
        It 'maps level <level> to <expected>' -ForEach @(
            @{ level = [byte]0; expected = 'Information' }
            @{ level = [byte]1; expected = 'Critical' }
            @{ level = [byte]2; expected = 'Error' }
            @{ level = [byte]3; expected = 'Warning' }
            @{ level = [byte]4; expected = 'Information' }
            @{ level = [byte]5; expected = 'Verbose' }
            @{ level = [byte]16; expected = 'Information' }
            @{ level = $null; expected = 'Information' }
        ) {
            $global:FactsEvents = @{ 'Microsoft-Windows-AAD/Operational' = @(New-FakeEventRecord -Id 1104 -Level $level -Time '2026-11-20T09:00:00' -Message 'm'); 'OAlerts' = @() }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.result.probe.event_logs[0].events[0].level | Should -BeExactly $expected
        }

        It 'keeps a record''s missing or unreadable description as null, cuts long ones and skips records without a time' {
            $long = 'x' * 1500
            $global:FactsEvents = @{
                'Microsoft-Windows-AAD/Operational' = @(
                    New-FakeEventRecord -Id 1 -Level ([byte]2) -Time '2026-11-20T09:00:03' -Message $null
                    New-FakeEventRecord -Id 2 -Level ([byte]2) -Time '2026-11-20T09:00:02' -Message 'ignored' -DescriptionFails
                    New-FakeEventRecord -Id 3 -Level ([byte]2) -Time $null -Message 'no time'
                    New-FakeEventRecord -Id 4 -Level ([byte]2) -Time '2026-11-20T09:00:01' -Message $long
                    New-FakeEventRecord -Id 5 -Level ([byte]2) -Time '2026-11-20T09:00:00' -Message ''
                )
                'OAlerts' = @()
            }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $events = $run.result.probe.event_logs[0].events
            @($events | ForEach-Object { $_.id }) | Should -Be @(1, 2, 4, 5)
            $events[0].message | Should -BeNullOrEmpty
            $events[0].ContainsKey('message') | Should -BeTrue
            $events[1].message | Should -BeNullOrEmpty
            $events[2].message | Should -BeExactly ('x' * 1000)
            $events[3].message | Should -BeExactly ''
            $run.result.probe.event_logs[0].error | Should -BeNullOrEmpty
            $global:FactsEvents['Microsoft-Windows-AAD/Operational'] | ForEach-Object { $_.Disposed | Should -BeTrue }
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'reports <name> as the log''s error: <shown>' -ForEach @(
            @{ name = 'no matching events'; id = 'NoMatchingEventsFound'; message = 'No events were found that match the specified selection criteria.'
                expected = $null; shown = 'none'
            }
            @{ name = 'a missing log'; id = 'NoMatchingLogsFound'; message = 'There is not an event log on the localhost computer that matches "OAlerts".'
                expected = 'There is not an event log on the localhost computer that matches "OAlerts".'; shown = 'its message'
            }
            @{ name = 'access denied'; id = 'LogInfoUnavailable'; message = 'Attempted to perform an unauthorized operation.'
                expected = 'Attempted to perform an unauthorized operation.'; shown = 'its message'
            }
        ) {
            $global:FactsWinEventError = New-GetWinEventError -Id $id -Message $message
            Mock Get-OfficeopsWinEvent { throw $global:FactsWinEventError } -ParameterFilter { $FilterHashtable.LogName -eq 'OAlerts' }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 0
            $oalerts = $run.result.probe.event_logs[1]
            ConvertTo-OfficeopsCanonicalJson $oalerts | Should -Be (ConvertTo-OfficeopsCanonicalJson @{ log = 'OAlerts'; error = $expected; events = @() })
            # The other log is read all the same.
            $run.result.probe.event_logs[0].events.Count | Should -Be 2
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'turns a record it cannot read into that log''s error and still disposes every record' {
            $bad = New-FakeEventRecord -Id 'not a number' -Level ([byte]2) -Time '2026-11-20T09:00:00' -Message 'm'
            $after = New-FakeEventRecord -Id 7 -Level ([byte]2) -Time '2026-11-20T08:00:00' -Message 'm'
            $global:FactsEvents['Microsoft-Windows-AAD/Operational'] = @($bad, $after)
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 0
            $aad = $run.result.probe.event_logs[0]
            $aad.events.Count | Should -Be 0
            $aad.error | Should -Match 'not a number'
            $bad.Disposed | Should -BeTrue
            $after.Disposed | Should -BeTrue
            $run.result.probe.event_logs[1].events.Count | Should -Be 1
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'reads no events for max_events=0 without asking Get-WinEvent' {
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive'; max_events = 0 }

            ConvertTo-OfficeopsCanonicalJson $run.result.probe.event_logs | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ log = 'Microsoft-Windows-AAD/Operational'; error = $null; events = @() }
                    @{ log = 'OAlerts'; error = $null; events = @() }))
            Should -Invoke Get-OfficeopsWinEvent -Times 0
        }

        It 'asks for 7 days and 50 events by default' {
            $null = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            Should -Invoke Get-OfficeopsWinEvent -Times 2 -Exactly -ParameterFilter {
                $MaxEvents -eq 50 -and [Math]::Abs(($FilterHashtable.StartTime - (Get-Date).AddDays(-7)).TotalMinutes) -lt 5
            }
        }
    }

    Context 'WinHTTP proxy' {
        It 'returns a named proxy' {
            Mock Get-OfficeopsWinHttpDefaultProxy { [pscustomobject]@{ AccessType = 3; Proxy = 'proxy.bloomfield.local:8080'; Bypass = '<local>' } }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            ConvertTo-OfficeopsCanonicalJson $run.result.probe.winhttp_proxy | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    access_type = 3; proxy = 'proxy.bloomfield.local:8080'; bypass = '<local>'; error = $null
                })
        }

        It 'reports a failed read as access_type -1 with the error' {
            Mock Get-OfficeopsWinHttpDefaultProxy { throw [System.ComponentModel.Win32Exception]::new(5, 'Access is denied.') }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 0
            ConvertTo-OfficeopsCanonicalJson $run.result.probe.winhttp_proxy | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    access_type = -1; proxy = $null; bypass = $null; error = 'Access is denied.'
                })
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }
    }

    Context 'sign-in endpoints' {
        It 'tests no endpoint when none is named' -ForEach @(
            @{ params = @{ user = 'interactive' } }
            @{ params = @{ user = 'interactive'; endpoints = @() } }
        ) {
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params $params

            $run.rc | Should -Be 0
            $run.result.probe.endpoints.GetType().Name | Should -Be 'Object[]'
            $run.result.probe.endpoints.Count | Should -Be 0
            Should -Invoke New-OfficeopsTcpClient -Times 0
        }

        It 'reports <hostName> as tcp=<tcp> tls=<tls>' -ForEach @(
            @{ hostName = 'login.microsoftonline.com'; behaviour = @{ tcp = 'ok'; tls = 'ok' }; tcp = $true; tls = $true; reason = $null
                log = @('connect login.microsoftonline.com:443', 'wait 2000', 'end-connect login.microsoftonline.com',
                    'tls login.microsoftonline.com read=2000 write=2000 protocols=Tls12 revocation=False certificates=True',
                    'dispose-tls login.microsoftonline.com', 'close login.microsoftonline.com')
            }
            @{ hostName = 'login.windows.net'; behaviour = @{ tcp = 'timeout'; tls = 'ok' }; tcp = $false; tls = $false
                reason = 'TCP 443: no connection within 2000 ms'
                log = @('connect login.windows.net:443', 'wait 2000', 'close login.windows.net')
            }
            @{ hostName = 'aadcdn.msauth.net'; behaviour = @{ tcp = 'refused'; tls = 'ok' }; tcp = $false; tls = $false
                reason = 'TCP 443: No connection could be made because the target machine actively refused it 203.0.113.7:443'
                log = @('connect aadcdn.msauth.net:443', 'wait 2000', 'end-connect aadcdn.msauth.net', 'close aadcdn.msauth.net')
            }
            @{ hostName = 'outlook.office365.com'; behaviour = @{ tcp = 'ok'; tls = 'untrusted' }; tcp = $true; tls = $false
                reason = 'TLS: The certificate chain was issued by an authority that is not trusted.'
                log = @('connect outlook.office365.com:443', 'wait 2000', 'end-connect outlook.office365.com',
                    'tls outlook.office365.com read=2000 write=2000 protocols=Tls12 revocation=False certificates=True',
                    'dispose-tls outlook.office365.com', 'close outlook.office365.com')
            }
        ) {
            $global:FactsNet.hosts[$hostName] = $behaviour
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive'; endpoints = @($hostName); endpoint_timeout = 2 }

            $run.rc | Should -Be 0
            ConvertTo-OfficeopsCanonicalJson $run.result.probe.endpoints | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ host = $hostName; tcp = $tcp; tls = $tls; error = $reason }))
            @($global:FactsNet.log) | Should -Be $log
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'tests each endpoint on its own: one failure does not stop the next' {
            $global:FactsNet.hosts['login.windows.net'] = @{ tcp = 'timeout'; tls = 'ok' }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive'
                endpoints = @('login.windows.net', 'login.microsoft.com')
            }

            @($run.result.probe.endpoints | ForEach-Object { '{0} {1} {2}' -f $_.host, $_.tcp, $_.tls }) |
                Should -Be @('login.windows.net False False', 'login.microsoft.com True True')
            Should -Invoke New-OfficeopsTcpClient -Times 2 -Exactly
        }
    }

    Context 'target users' {
        It 'reads every real profile for user=all; a hive that cannot be read is that user''s error' {
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'all'; _read = $read; session = 'interactive_task'; session_timeout = 30 }

            $run.rc | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
            # SYSTEM is not a user.
            @($run.result.probe.users | ForEach-Object { $_.sid }) | Should -Be @($mariaSid, $jonSid)
            $jon = $run.result.probe.users[1]
            $jon.error | Should -Not -BeNullOrEmpty
            $jon.keys.Count | Should -Be 0
            ConvertTo-OfficeopsCanonicalJson $jon.vault | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    access = 'not_logged_on'; error_code = 0; error = $null; credentials = $null; cleanup_error = $null
                })
            ConvertTo-OfficeopsCanonicalJson $jon.wam | Should -Be (ConvertTo-OfficeopsCanonicalJson @{ access = 'not_logged_on'; error = $null; cleanup_error = $null; accounts = @() })
            Should -Invoke Get-OfficeopsCredentialState -Times 2 -Exactly -ParameterFilter { $Session -eq 'interactive_task' -and $TimeoutSeconds -eq 30 }
            Should -Invoke Get-OfficeopsWamState -Times 2 -Exactly -ParameterFilter { $Session -eq 'interactive_task' -and $TimeoutSeconds -eq 30 }
        }

        It 'selects a user by SID' {
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = $jonSid }

            @($run.result.probe.users | ForEach-Object { $_.sid }) | Should -Be @($jonSid)
            $run.result.probe.user_problem | Should -BeNullOrEmpty
        }

        It 'returns no user and the problem when nobody is at the console' {
            Mock Get-OfficeopsUserProfile { $jonProfile; $systemProfile }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 0
            $run.result.probe.users.Count | Should -Be 0
            $run.result.probe.user_problem | Should -Be 'no user is logged on at the console'
            Should -Invoke Get-OfficeopsCredentialState -Times 0
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'lists the profile folders the controller names' {
            Mock Get-OfficeopsProfileFileList -ModuleName _UserState {
                @{ path = 'AppData\Local\Packages\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AC\TokenBroker\Accounts\a1.tbacct'; size = 2048
                    last_write = '2026-11-20T08:00:00Z'
                }
            }
            $folders = @(@{ path = 'AppData\Local\Packages\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AC\TokenBroker\Accounts'; recurse = $false })
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive'; _folders = $folders }

            ConvertTo-OfficeopsCanonicalJson $run.result.probe.users[0].files | Should -Be (ConvertTo-OfficeopsCanonicalJson @(
                    @{ path = 'AppData\Local\Packages\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AC\TokenBroker\Accounts\a1.tbacct'; size = 2048
                        last_write = '2026-11-20T08:00:00Z'
                    }))
            Should -Invoke Get-OfficeopsProfileFileList -ModuleName _UserState -Times 1 -Exactly -ParameterFilter {
                $Folder.Count -eq 1 -and $Folder[0].path -eq 'AppData\Local\Packages\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AC\TokenBroker\Accounts'
            }
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'keeps only the vault''s metadata fields, whatever else the vault reader returns' {
            Mock Get-OfficeopsCredentialState {
                @{ sid = $UserProfile.sid; access = 'direct'; credentials = @(); error_code = 1312; error = 'A specified logon session does not exist.'
                    cleanup_error = 'the session task folder could not be removed'; secret = 'hunter2'
                }
            }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            ConvertTo-OfficeopsCanonicalJson $run.result.probe.users[0].vault | Should -Be (ConvertTo-OfficeopsCanonicalJson @{
                    access = 'direct'; error_code = 1312; error = 'A specified logon session does not exist.'; credentials = @()
                    cleanup_error = 'the session task folder could not be removed'
                })
            (ConvertTo-Json -InputObject $run.result -Depth 32) | Should -Not -Match 'hunter2'
        }
    }

    Context 'failures and bad input' {
        It 'fails with the reason when the profiles cannot be listed' {
            Mock Get-OfficeopsUserProfile { throw 'Access to the registry key ProfileList is denied.' }
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive' }

            $run.rc | Should -Be 1
            $run.result.failed | Should -BeTrue
            $run.result.msg | Should -BeExactly 'Failed to read the Outlook sign-in facts: Access to the registry key ProfileList is denied.'
            $run.result.ContainsKey('probe') | Should -BeFalse
        }

        It 'makes a _read entry that is not a dict the user''s error, not the probe''s' {
            # _read has no sub-options, so Ansible.Basic passes any element through.
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params @{ user = 'interactive'; _read = @('Software\Microsoft') }

            $run.rc | Should -Be 0
            $run.result.probe.users[0].error | Should -Not -BeNullOrEmpty
            $run.result.probe.users[0].keys.Count | Should -Be 0
            Assert-OfficeopsContract -Wrapper win_outlook_auth_facts -Phase probe -Result $run.result
        }

        It 'refuses <name>' -ForEach @(
            @{ name = 'an unknown session'; params = @{ session = 'sometimes' }
                msg = 'value of session must be one of: auto, become, interactive_task. Got no match for: sometimes'
            }
            @{ name = 'a phase other than probe'; params = @{ _phase = 'apply' }
                msg = 'value of _phase must be one of: probe. Got no match for: apply'
            }
            @{ name = 'ops, which this read-only module has none of'; params = @{ _ops = @(@{ op = 'delete_key' }) }
                msg = 'Unsupported parameters for (win_outlook_auth_facts) module: _ops. Supported parameters include: *'
            }
            @{ name = 'event_days that is not a number'; params = @{ event_days = 'a week' }
                msg = 'argument for event_days is of type System.String and we were unable to convert to int:*'
            }
            @{ name = 'endpoint_timeout that is not a number'; params = @{ endpoint_timeout = 'soon' }
                msg = 'argument for endpoint_timeout is of type System.String and we were unable to convert to int:*'
            }
        ) {
            $run = Invoke-OfficeopsModule -Name win_outlook_auth_facts -Params $params

            $run.rc | Should -Be 1
            $run.result.failed | Should -BeTrue
            $run.result.msg | Should -BeLike $msg
            Should -Invoke Get-OfficeopsUserProfile -Times 0
            Should -Invoke Invoke-OfficeopsNativeCommand -Times 0
        }
    }
}
