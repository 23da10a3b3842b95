# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The Office Deployment Tool's configuration file, for win_office_repair's reinstall: read
# once with its SHA-256, returned with its product keys hidden, the keys put back into the
# copy setup.exe reads, and that copy written where only SYSTEM and Administrators can open
# it. plugins/module_utils/_office/deployment.py has the same rules for the controller and
# the lab twin.

Set-StrictMode -Version 2.0

# A configuration file's product keys never leave the host: the probe returns its text with
# each PIDKEY value replaced by 'officeops-hidden-pidkey-<n>' (n from 0, in document order),
# because connection plugins print a module's raw output at high verbosity (psrp, -vvvvv),
# and the apply puts the values of the same file (same SHA-256) back into the XML the
# controller checked.
# ASCII-only patterns (no (?i), whose matching follows the host's culture: Turkish I; no \d,
# which matches other scripts' digits; no \b, whose word characters differ from Python's).
# A quoted value stops at < or >, so an unmatched quote cannot swallow text up to the next
# attribute's quote.
$script:ProductKeyAttribute = '((?<![A-Za-z0-9_])[Pp][Ii][Dd][Kk][Ee][Yy][ \t\r\n]*=[ \t\r\n]*)(?:"([^"<>]*)"|''([^''<>]*)'')'
# Any PIDKEY the hiding left that is not an attribute holding a whole token (a comment, an
# element or property named PIDKEY, an encoded '='): then no text is returned at all. (The
# lookahead holds the blanks too: outside it, a shorter run of blanks would let it pass.)
# (The tokens themselves hold "pidkey": the second look-behind passes over them.)
$script:UnhiddenKey = '(?<!officeops-hidden-)(?<![A-Za-z0-9_])[Pp][Ii][Dd][Kk][Ee][Yy](?![ \t\r\n]*=[ \t\r\n]*"officeops-hidden-pidkey-[0-9]{1,9}")'
# A DTD could spell a PIDKEY attribute through an entity; no ODT configuration has one.
$script:Declaration = '<![Dd][Oo][Cc][Tt][Yy][Pp][Ee]|<![Ee][Nn][Tt][Ii][Tt][Yy]'
$script:HiddenKeyToken = 'officeops-hidden-pidkey-([0-9]{1,9})'
$script:NotHidden = 'it mentions PIDKEY other than as a quoted product key attribute, which this module cannot keep on the target; fix the file (<Product ... PIDKEY="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX">, no other PIDKEY)'

Function Read-OfficeopsOdtConfigurationFile {
    <#
    .SYNOPSIS
    The file's text (a byte order mark honoured, else UTF-8, as ReadAllText reads) and the
    SHA-256 of its bytes, from one read: @{ text; sha256 }. Throws for a file over 1 MB.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    # One open stream for the size check and the read: a link or a file growing between
    # a separate size check and the read could bypass the cap.
    $stream = New-Object -TypeName System.IO.FileStream -ArgumentList @($Path, [System.IO.FileMode]::Open,
        [System.IO.FileAccess]::Read, [System.IO.FileShare]::Read)
    try {
        if ($stream.Length -gt 1MB) {
            throw 'it is larger than 1 MB, which no ODT configuration is'
        }
        $bytes = New-Object -TypeName byte[] -ArgumentList ([int]$stream.Length)
        $read = 0
        while ($read -lt $bytes.Length) {
            $got = $stream.Read($bytes, $read, $bytes.Length - $read)
            if ($got -le 0) {
                throw 'it changed while it was read'
            }
            $read += $got
        }
    }
    finally {
        $stream.Dispose()
    }
    $hasher = [System.Security.Cryptography.SHA256]::Create()
    try {
        $sha256 = ([System.BitConverter]::ToString($hasher.ComputeHash($bytes)) -replace '-', '').ToLowerInvariant()
    }
    finally {
        $hasher.Dispose()
    }
    $reader = New-Object -TypeName System.IO.StreamReader -ArgumentList @(
        (New-Object -TypeName System.IO.MemoryStream -ArgumentList @(, $bytes)), [System.Text.Encoding]::UTF8, $true)
    try {
        $text = $reader.ReadToEnd()
    }
    finally {
        $reader.Dispose()
    }
    @{ text = $text; sha256 = $sha256 }
}

Function Hide-OfficeopsProductKey {
    <#
    .SYNOPSIS
    $Text with each PIDKEY value replaced by its token; throws (failing closed: the caller
    returns no text) when a key might be left.
    #>
    param (
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Text
    )

    if ($Text.Contains([string][char]0)) {
        throw 'it holds NUL characters (UTF-16 without a byte order mark?); save it as UTF-8'
    }
    if ($Text -cmatch $script:Declaration) {
        throw 'a DOCTYPE or ENTITY declaration is not allowed in an ODT configuration'
    }
    $builder = New-Object -TypeName System.Text.StringBuilder
    $last = 0
    $index = 0
    foreach ($match in [regex]::Matches($Text, $script:ProductKeyAttribute)) {
        $value = if ($match.Groups[2].Success) { $match.Groups[2].Value } else { $match.Groups[3].Value }
        # Anything but a product key may hold a swallowed key: fail closed.
        if ($value -cnotmatch '\A[A-Za-z0-9-]{0,64}\z') {
            throw $script:NotHidden
        }
        $null = $builder.Append($Text, $last, $match.Index - $last)
        $null = $builder.Append($match.Groups[1].Value).Append('"officeops-hidden-pidkey-').Append($index).Append('"')
        $index++
        $last = $match.Index + $match.Length
    }
    $null = $builder.Append($Text, $last, $Text.Length - $last)
    $hidden = $builder.ToString()
    if ($hidden -cmatch $script:UnhiddenKey) {
        throw $script:NotHidden
    }
    $hidden
}

Function Restore-OfficeopsProductKey {
    <#
    .SYNOPSIS
    $Xml with each token replaced by that PIDKEY value of $Original; throws when a token
    has no value or a value is not a product key.
    #>
    param (
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Xml,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Original
    )

    $values = @(foreach ($match in [regex]::Matches($Original, $script:ProductKeyAttribute)) {
            if ($match.Groups[2].Success) { $match.Groups[2].Value } else { $match.Groups[3].Value }
        })
    $builder = New-Object -TypeName System.Text.StringBuilder
    $last = 0
    foreach ($match in [regex]::Matches($Xml, $script:HiddenKeyToken)) {
        $index = [int]$match.Groups[1].Value
        if ($index -ge $values.Count) {
            throw "the configuration names product key $index, which the file does not have"
        }
        if ($values[$index] -cnotmatch '\A[A-Za-z0-9-]{1,64}\z') {
            throw "PIDKEY $index of the configuration file is not a product key"
        }
        $null = $builder.Append($Xml, $last, $match.Index - $last).Append($values[$index])
        $last = $match.Index + $match.Length
    }
    $null = $builder.Append($Xml, $last, $Xml.Length - $last)
    $builder.ToString()
}

Function New-OfficeopsAdminOnlyFile {
    # The boundary the tests replace: create $Path as a new file (FileMode CreateNew) with its
    # own protected ACL, SYSTEM and Administrators full control only, and return the stream.
    param (
        [Parameter(Mandatory)]
        [string]
        $Path
    )

    $security = New-Object -TypeName System.Security.AccessControl.FileSecurity
    $security.SetAccessRuleProtection($true, $false)
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        $security.AddAccessRule((New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
                    (New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $sid),
                    [System.Security.AccessControl.FileSystemRights]::FullControl,
                    [System.Security.AccessControl.AccessControlType]::Allow)))
    }
    # FileStream(String, FileMode, FileSystemRights, FileShare, Int32, FileOptions, FileSecurity), .NET Framework 2.0-4.8.
    New-Object -TypeName System.IO.FileStream -ArgumentList @($Path, [System.IO.FileMode]::CreateNew,
        [System.Security.AccessControl.FileSystemRights]::Write, [System.IO.FileShare]::None, 4096,
        [System.IO.FileOptions]::None, $security)
}

Function Write-OfficeopsOdtConfiguration {
    <#
    .SYNOPSIS
    Write the configuration (UTF-8, no byte order mark) as a new file with its own protected
    ACL, SYSTEM and Administrators only: it may hold a product key, and the work folder
    passes Users read on to its files. CreateFile applies a security descriptor only to a
    file it creates (Microsoft Learn, CreateFileW lpSecurityAttributes), hence the delete
    and CreateNew.
    #>
    param (
        [Parameter(Mandatory)]
        [string]
        $Path,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string]
        $Text
    )

    if ([System.IO.File]::Exists($Path)) {
        [System.IO.File]::Delete($Path)
    }
    $bytes = (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false).GetBytes($Text)
    $stream = New-OfficeopsAdminOnlyFile -Path $Path
    try {
        $stream.Write($bytes, 0, $bytes.Length)
    }
    finally {
        $stream.Dispose()
    }
}

Function Get-OfficeopsOdtConfigurationView {
    <#
    .SYNOPSIS
    The probe's view of the 'configuration' option: $null for XML given inline (or none),
    else @{ exists; content (product keys hidden, or $null); sha256; error } of that file.
    #>
    param (
        [AllowEmptyString()]
        [AllowNull()]
        [string]
        $Configuration
    )

    if (-not $Configuration -or $Configuration.TrimStart().StartsWith('<')) {
        return $null
    }
    $view = @{ exists = $false; content = $null; sha256 = $null; error = $null }
    if ([System.IO.File]::Exists($Configuration)) {
        $view.exists = $true
        try {
            $file = Read-OfficeopsOdtConfigurationFile -Path $Configuration
            $view.content = Hide-OfficeopsProductKey -Text $file.text
            $view.sha256 = $file.sha256
        }
        catch {
            $view.error = $_.Exception.GetBaseException().Message
        }
    }
    $view
}

Export-ModuleMember -Function Read-OfficeopsOdtConfigurationFile, Hide-OfficeopsProductKey, Restore-OfficeopsProductKey,
Write-OfficeopsOdtConfiguration, Get-OfficeopsOdtConfigurationView
