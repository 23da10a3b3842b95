#!powershell

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._SessionTask
#AnsibleRequires -PowerShell ..module_utils._NativeCommand
#AnsibleRequires -PowerShell ..module_utils._ToolFile

# Thin I/O: the probe describes the tool file (exists, SHA-256, when it was built), the
# cache a downloaded, copied or unpacked tool goes to and, for a scenario that runs as the
# user, the target users; the apply fetches the tool into the cache (fetch_tool) and runs
# the command line the action plugin built (plugins/module_utils/_office/support_assistant.py),
# elevated here or not elevated in the user's session, returning its exit code and output
# for the controller to interpret. Output keys and op names are fixed by
# plugins/module_utils/_contract/wrappers.py.

$spec = @{
    options = @{
        source = @{ type = 'str'; required = $true }
        remote_src = @{ type = 'bool'; default = $true }
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
        # The whole download URL of a fetch_tool op (whose location omits the query, which
        # may be a signature): no_log keeps it out of the logged invocation and the result.
        _fetch_url = @{ type = 'str'; no_log = $true }
    }
    supports_check_mode = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$source = $module.Params.source
$session = $module.Params.session
# Fetched tools live in one Administrators-only folder per SHA-256 of what was fetched, so a
# rerun with the same checksum finds it and downloads nothing.
$ownRoot = Join-Path -Path $env:ProgramData -ChildPath 'officeops'
$cacheRoot = Join-Path -Path $ownRoot -ChildPath 'outlook_auth\GetHelpCmd'
$toolNames = @('GetHelpCmd.exe', 'SaRAcmd.exe')
# Microsoft's GetHelpCmd.zip is tens of MB; anything far larger is not the tool.
$maxDownloadBytes = 1GB
# A fetch cut off before its finally block (a WinRM or async timeout, a reboot) leaves its
# staging behind under a name no later run looks for; older than this it belongs to no fetch
# still running (the longest timeout is 4 hours), and is removed by the next fetch.
$staleStagingAge = New-TimeSpan -Days 1

Function Find-CachedTool {
    # The exe a cache folder holds: at its top, or one folder down (an archive with a folder).
    param (
        [Parameter(Mandatory)]
        [string]
        $Folder
    )

    $folders = @($Folder) + @([System.IO.Directory]::GetDirectories($Folder) | Sort-Object)
    foreach ($item in $folders) {
        foreach ($name in $toolNames) {
            $path = Join-Path -Path $item -ChildPath $name
            if ([System.IO.File]::Exists($path)) {
                return $path
            }
        }
    }
    $null
}

Function Get-FetchedToolFile {
    # A tool in the cache, with every folder up to ProgramData\officeops checked for writers.
    param (
        [Parameter(Mandatory)]
        [string]
        $Folder
    )

    $path = Find-CachedTool -Folder $Folder
    if ($null -eq $path) {
        return @{ exists = $false; sha256 = $null; created = $null; writable_by_others = @(); path = $null }
    }
    Get-OfficeopsToolFile -Path $path -CheckUpTo $ownRoot
}

Function Get-OfficeopsHttpsResponse {
    # The boundary the tests replace: send a GET for $Uri (redirects followed) and return the
    # response, whose ResponseUri says where the redirects ended.
    param ([Parameter(Mandatory)][System.Uri]$Uri, [Parameter(Mandatory)][int]$TimeoutMilliseconds)

    $request = [System.Net.HttpWebRequest][System.Net.WebRequest]::Create($Uri)
    $request.Method = 'GET'
    $request.AllowAutoRedirect = $true
    $request.MaximumAutomaticRedirections = 10
    $request.Timeout = $TimeoutMilliseconds
    $request.ReadWriteTimeout = $TimeoutMilliseconds
    $request.UserAgent = 'officeops.outlook_auth'
    $request.GetResponse()
}

Function Get-OfficeopsFileSha256 {
    # The boundary the tests replace: the SHA-256 of a file, as Get-FileHash spells it.
    param ([Parameter(Mandatory)][string]$Path)

    (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash
}

Function Copy-OfficeopsFile {
    # The boundary the tests replace: copy a file to a path that must not exist yet.
    param ([Parameter(Mandatory)][string]$Source, [Parameter(Mandatory)][string]$Destination)

    [System.IO.File]::Copy($Source, $Destination)
}

Function Expand-OfficeopsZipFile {
    # The boundary the tests replace: unpack a zip archive into a folder that does not exist
    # yet; .NET Framework 4.6.2 and later refuse entries that would land outside it.
    param ([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][string]$Destination)

    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::ExtractToDirectory($Path, $Destination)
}

Function Save-HttpsDownload {
    # GET an https URL into a new file, within the deadline, refusing a redirect off https.
    # HttpWebRequest rather than Invoke-WebRequest: Windows PowerShell 5.1's cmdlet has no
    # way to see where redirects ended and buffers its progress display.
    param (
        [Parameter(Mandatory)]
        [string]
        $Url,

        [Parameter(Mandatory)]
        [string]
        $Path,

        [Parameter(Mandatory)]
        [int]
        $TimeoutSeconds
    )

    $uri = New-Object -TypeName System.Uri -ArgumentList $Url
    if ($uri.Scheme -ne 'https') {
        throw "only https URLs are downloaded, got $($uri.Scheme)"
    }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $previous = [System.Net.ServicePointManager]::SecurityProtocol
    try {
        # .NET Framework under Windows PowerShell 5.1 may still offer TLS 1.0 only; ask for
        # TLS 1.2, which every supported Windows and Microsoft's download servers speak.
        [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType]::Tls12
        $response = Get-OfficeopsHttpsResponse -Uri $uri -TimeoutMilliseconds ([Math]::Min($TimeoutSeconds, 120) * 1000)
        try {
            if ($response.ResponseUri.Scheme -ne 'https') {
                throw "the server redirected to $($response.ResponseUri.Scheme)://$($response.ResponseUri.Host); only https is followed"
            }
            $in = $response.GetResponseStream()
            try {
                $out = New-Object -TypeName System.IO.FileStream -ArgumentList @($Path, [System.IO.FileMode]::CreateNew,
                    [System.IO.FileAccess]::Write, [System.IO.FileShare]::None)
                try {
                    $buffer = New-Object -TypeName byte[] -ArgumentList 81920
                    $total = [long]0
                    while (($read = $in.Read($buffer, 0, $buffer.Length)) -gt 0) {
                        # Counted before it is written: nothing past the cap reaches the disk.
                        $total += $read
                        if ($total -gt $maxDownloadBytes) {
                            throw "the download is larger than $($maxDownloadBytes / 1MB) MB; that is not the Get Help command line"
                        }
                        $out.Write($buffer, 0, $read)
                        if ([DateTime]::UtcNow -ge $deadline) {
                            throw "the download did not finish within $TimeoutSeconds seconds"
                        }
                    }
                }
                finally {
                    $out.Dispose()
                }
            }
            finally {
                $in.Dispose()
            }
        }
        finally {
            $response.Dispose()
        }
    }
    finally {
        [System.Net.ServicePointManager]::SecurityProtocol = $previous
    }
}

Function Get-FileMagic {
    # The first two bytes: 'PK' for a zip archive, 'MZ' for an executable.
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $bytes = New-Object -TypeName byte[] -ArgumentList 2
        $count = $stream.Read($bytes, 0, 2)
        if ($count -lt 2) { '' } else { [System.Text.Encoding]::ASCII.GetString($bytes) }
    }
    finally {
        $stream.Dispose()
    }
}

Function Invoke-FetchOp {
    # The 'fetch_tool' op: download (url), take the copy the controller put here
    # (controller) or read the archive on this machine (target) into a private staging
    # file, check its SHA-256, unpack it when it is a zip, and only then move it into the
    # cache folder named after that hash, so a half-done or wrong fetch is never found later.
    param (
        [Parameter(Mandatory)]
        [object]
        $Op
    )

    $outcome = @{ op = 'fetch_tool'; sid = ''; status = 'failed'; error = $null; exit_code = $null; output = $null
        sha256 = $null; tool = $null }
    $expected = ([string]$Op.sha256).ToLowerInvariant()
    if ($expected -cnotmatch '^[0-9a-f]{64}$') {
        # It names a folder under the cache: nothing but a hash may (no '..', no '\').
        $outcome.error = "expected the SHA-256 as 64 hex digits, got '$expected'"
        return $outcome
    }
    $folder = Join-Path -Path $cacheRoot -ChildPath $expected
    $token = [Guid]::NewGuid().ToString('N')
    $staging = Join-Path -Path $cacheRoot -ChildPath ".partial-$token"
    $download = Join-Path -Path $cacheRoot -ChildPath ".download-$token"
    try {
        New-OfficeopsAdminFolder -Root $env:ProgramData -Path $cacheRoot
        $staleBefore = [DateTime]::UtcNow - $staleStagingAge
        foreach ($stale in @(Get-ChildItem -LiteralPath $cacheRoot -Force | Where-Object {
                    ($_.Name -like '.partial-*' -or $_.Name -like '.download-*') -and $_.LastWriteTimeUtc -lt $staleBefore })) {
            try {
                Remove-Item -LiteralPath $stale.FullName -Recurse -Force
            }
            catch {
                $module.Warn("could not remove the leftover $($stale.FullName): $($_.Exception.Message)")
            }
        }
        switch -CaseSensitive ([string]$Op.kind) {
            'url' {
                if (-not $module.Params._fetch_url) {
                    throw 'the controller sent no download URL (_fetch_url) with the fetch_tool op'
                }
                Save-HttpsDownload -Url ([string]$module.Params._fetch_url) -Path $download -TimeoutSeconds ([int]$Op.timeout)
            }
            'controller' { Copy-OfficeopsFile -Source ([string]$Op.location) -Destination $download }
            'target' { Copy-OfficeopsFile -Source ([string]$Op.location) -Destination $download }
            default { throw "unknown fetch kind '$($Op.kind)'" }
        }
        $outcome.sha256 = ([string](Get-OfficeopsFileSha256 -Path $download)).ToLowerInvariant()
        if ($outcome.sha256 -ne $expected) {
            $outcome.error = "SHA-256 $($outcome.sha256), expected $expected"
            return $outcome
        }
        if (-not [System.IO.Directory]::Exists($folder)) {
            # The staging folder gets the Administrators-only ACL; what is unpacked below it
            # inherits it and moves into the cache with it.
            New-OfficeopsAdminFolder -Root $env:ProgramData -Path $staging
            $unpacked = Join-Path -Path $staging -ChildPath 'tool'
            $magic = Get-FileMagic -Path $download
            if ($magic -ceq 'PK') {
                Expand-OfficeopsZipFile -Path $download -Destination $unpacked
            }
            elseif ($magic -ceq 'MZ') {
                $name = [System.IO.Path]::GetFileName(([string]$Op.location).Split('?')[0])
                if ($name -notin $toolNames) {
                    $name = $toolNames[0]
                }
                $null = [System.IO.Directory]::CreateDirectory($unpacked)
                [System.IO.File]::Move($download, (Join-Path -Path $unpacked -ChildPath $name))
            }
            else {
                $outcome.error = 'it is neither a zip archive nor an executable'
                return $outcome
            }
            if ($null -eq (Find-CachedTool -Folder $unpacked)) {
                $outcome.error = "it holds neither $($toolNames -join ' nor ')"
                return $outcome
            }
            # Appears whole under its final name, so a half-done fetch is never found later.
            [System.IO.Directory]::Move($unpacked, $folder)
        }
        $outcome.tool = Get-FetchedToolFile -Folder $folder
        $outcome.status = 'fetched'
    }
    catch {
        $outcome.error = $_.Exception.Message
    }
    finally {
        # Never left behind: a partial download, a rejected file, an unfinished unpack.
        foreach ($leftover in @($download, $staging)) {
            if (Test-Path -LiteralPath $leftover) {
                try {
                    Remove-Item -LiteralPath $leftover -Recurse -Force
                }
                catch {
                    $module.Warn("could not remove $leftover`: $($_.Exception.Message)")
                }
            }
        }
    }
    $outcome
}

Function Get-SourceView {
    # The probe's view of where the tool comes from: the exe that would run and, for a
    # fetched source, its cache folder.
    $isUrl = $source -match '^https://'
    if (-not $isUrl -and $module.Params.remote_src -and -not $source.EndsWith('.zip', [System.StringComparison]::OrdinalIgnoreCase)) {
        return @{ tool = Get-OfficeopsToolFile -Path $source; cache = $null }
    }
    $sourceSha256 = $null
    if ($isUrl -or -not $module.Params.remote_src) {
        # The controller sends the expected hash of a URL or of its own file.
        if (-not $module.Params.checksum) {
            $module.FailJson('win_support_assistant: checksum is required to find a downloaded or copied tool')
        }
        $sha256 = ([string]$module.Params.checksum).ToLowerInvariant()
        if ($sha256 -cnotmatch '^[0-9a-f]{64}$') {
            # It names a folder under the cache: nothing but a hash may (no '..', no '\').
            $module.FailJson("win_support_assistant: checksum must be a SHA-256 as 64 hex digits, got '$sha256'")
        }
    }
    elseif ([System.IO.File]::Exists($source)) {
        $sha256 = ([string](Get-OfficeopsFileSha256 -Path $source)).ToLowerInvariant()
        $sourceSha256 = $sha256
    }
    else {
        $missing = @{ exists = $false; sha256 = $null; created = $null; writable_by_others = @(); path = $null }
        return @{ tool = $missing; cache = @{ folder = $cacheRoot; ready = $false; source_sha256 = $null } }
    }
    $folder = Join-Path -Path $cacheRoot -ChildPath $sha256
    $ready = [System.IO.Directory]::Exists($folder)
    $tool = if ($ready) { Get-FetchedToolFile -Folder $folder } else {
        @{ exists = $false; sha256 = $null; created = $null; writable_by_others = @(); path = $null }
    }
    @{ tool = $tool; cache = @{ folder = $folder; ready = $ready; source_sha256 = $sourceSha256 } }
}

Function Invoke-ScenarioOp {
    # The 'run_scenario' op: elevated here, or as the user in their session.
    param (
        [Parameter(Mandatory)]
        [object]
        $Op
    )

    $outcome = @{ op = 'run_scenario'; sid = [string]$Op.sid; status = 'failed'; error = $null; exit_code = $null; output = $null
        sha256 = $null; tool = $null }
    $data = @{ file = [string]$Op.tool; arguments = [string]$Op.arguments; timeout_ms = [int]$Op.timeout * 1000
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
        $view = Get-SourceView
        $module.Result.probe = @{ tool = $view.tool; cache = $view.cache; users = $users; user_problem = $problem }
    }
    else {
        if ($module.CheckMode) {
            $module.FailJson('win_support_assistant: the apply phase was called in check mode; nothing was run')
        }
        foreach ($op in @($module.Params._ops)) {
            switch -CaseSensitive ($op.op) {
                'fetch_tool' { }
                'run_scenario' { }
                default { $module.FailJson("win_support_assistant: unknown op '$($op.op)'") }
            }
        }
        $results = [System.Collections.Generic.List[object]]@()
        foreach ($op in @($module.Params._ops)) {
            if (@($results | Where-Object { $_.status -eq 'failed' }).Count -gt 0) {
                # Nothing runs after a fetch that failed.
                break
            }
            if ($op.op -ceq 'fetch_tool') {
                $results.Add((Invoke-FetchOp -Op $op))
            }
            else {
                $results.Add((Invoke-ScenarioOp -Op $op))
            }
        }
        $module.Result.results = @($results)
        $module.Result.changed = @($results | Where-Object { $_.status -in @('ran', 'fetched') }).Count -gt 0
    }
}
catch {
    $module.FailJson("win_support_assistant failed: $($_.Exception.Message)", $_)
}

$module.ExitJson()
