# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# Credential Manager I/O for win_credential_purge: list the metadata of a user's
# credentials and delete named ones. The vault answers only inside the user's own logon
# session, so the same code runs either in the module (become as the user) or in a one-shot
# task in the user's session (_SessionTask.psm1). Which entries to delete is decided on the
# controller (plugins/module_utils/_credentials/match.py); the secret is never read.

#AnsibleRequires -PowerShell ..module_utils._UserProfile
#AnsibleRequires -PowerShell ..module_utils._SessionTask

Set-StrictMode -Version 2.0

# Compiled by Add-Type wherever the vault code runs (the task's powershell.exe has none of
# the module's types). tools/check_csharp.py compiles this here-string with mcs too.
# csharp-source: CredentialVault
$script:CredentialVaultSource = @'
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Officeops.OutlookAuth.Vault
{
    public class CredentialInfo
    {
        public string Target;
        public string Type;
        public string UserName;
        public string Persist;
        public string LastWritten;
    }

    public static class CredentialVault
    {
        public const int ERROR_NOT_FOUND = 1168;
        public const int ERROR_NO_SUCH_LOGON_SESSION = 1312;

        private static readonly string[] TypeNames = new string[] {
            "unknown", "generic", "domain_password", "domain_certificate", "domain_visible_password",
            "generic_certificate", "domain_extended" };
        private static readonly string[] PersistNames = new string[] { "none", "session", "local_machine", "enterprise" };

        // CREDENTIALW (wincred.h). CredentialBlob is declared for the layout only and never read.
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        private struct CREDENTIAL
        {
            public int Flags;
            public int Type;
            public IntPtr TargetName;
            public IntPtr Comment;
            public System.Runtime.InteropServices.ComTypes.FILETIME LastWritten;
            public int CredentialBlobSize;
            public IntPtr CredentialBlob;
            public int Persist;
            public int AttributeCount;
            public IntPtr Attributes;
            public IntPtr TargetAlias;
            public IntPtr UserName;
        }

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "CredEnumerateW")]
        private static extern bool CredEnumerate(string filter, int flags, out int count, out IntPtr credentials);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "CredDeleteW")]
        private static extern bool CredDelete(string target, int type, int flags);

        [DllImport("advapi32.dll")]
        private static extern void CredFree(IntPtr buffer);

        private static string Name(string[] names, int value)
        {
            return value >= 0 && value < names.Length ? names[value] : value.ToString();
        }

        // Every credential of the calling user's logon session, metadata only. A NULL filter
        // without CRED_ENUMERATE_ALL_CREDENTIALS returns target names as stored, which is
        // what CredDelete needs (learn.microsoft.com/windows/win32/api/wincred/nf-wincred-credenumeratew).
        public static CredentialInfo[] List()
        {
            int count;
            IntPtr buffer;
            if (!CredEnumerate(null, 0, out count, out buffer))
            {
                int error = Marshal.GetLastWin32Error();
                if (error == ERROR_NOT_FOUND)
                {
                    return new CredentialInfo[0];
                }
                throw new Win32Exception(error);
            }
            List<CredentialInfo> result = new List<CredentialInfo>();
            try
            {
                for (int i = 0; i < count; i++)
                {
                    IntPtr item = Marshal.ReadIntPtr(buffer, i * IntPtr.Size);
                    CREDENTIAL credential = (CREDENTIAL)Marshal.PtrToStructure(item, typeof(CREDENTIAL));
                    long fileTime = ((long)(uint)credential.LastWritten.dwHighDateTime << 32) | (uint)credential.LastWritten.dwLowDateTime;
                    CredentialInfo info = new CredentialInfo();
                    info.Target = Marshal.PtrToStringUni(credential.TargetName);
                    info.Type = Name(TypeNames, credential.Type);
                    info.UserName = credential.UserName == IntPtr.Zero ? null : Marshal.PtrToStringUni(credential.UserName);
                    info.Persist = Name(PersistNames, credential.Persist);
                    // Invariant culture: the task runs with the user's culture, whose time
                    // separator or calendar would otherwise change the text.
                    try
                    {
                        info.LastWritten = DateTime.FromFileTimeUtc(fileTime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'",
                            CultureInfo.InvariantCulture);
                    }
                    catch (ArgumentOutOfRangeException)
                    {
                        info.LastWritten = "";
                    }
                    result.Add(info);
                }
            }
            finally
            {
                CredFree(buffer);
            }
            return result.ToArray();
        }

        public const int ERROR_INVALID_PARAMETER = 87;

        // 0 when deleted, ERROR_NOT_FOUND when already gone, else the Win32 error; never
        // throws, so one bad entry cannot hide the results of the others.
        public static int Delete(string target, string type)
        {
            int typeValue = Array.IndexOf(TypeNames, type);
            if (typeValue < 1)
            {
                return ERROR_INVALID_PARAMETER;
            }
            if (CredDelete(target, typeValue, 0))
            {
                return 0;
            }
            return Marshal.GetLastWin32Error();
        }
    }
}
'@

Function Invoke-OfficeopsVaultAction {
    <#
    .SYNOPSIS
    List or delete credentials of the calling user. Runs in the module or, unchanged, in the
    user's session task, so it uses nothing but its input.

    .DESCRIPTION
    $Data: @{ csharp = <source>; action = 'list' | 'delete'; items = @(@{ target; type }) }.
    Returns @{ error_code; error; credentials } for list and @{ error_code; error; results }
    for delete, where each result is @{ target; type; code } (0 deleted, 1168 already gone).
    #>
    param (
        [Parameter(Mandatory)]
        [object]
        $Data
    )

    # The vault's P/Invoke, one call per function. Defined in here, not in the module, so that
    # this function's text, shipped alone into the session task, still carries them; the tests
    # replace them with Mock -ModuleName _CredentialVault (an alias outranks a local function).
    Function Get-OfficeopsVaultCredential {
        # The boundary the tests replace: CredEnumerateW, metadata only.
        [Officeops.OutlookAuth.Vault.CredentialVault]::List()
    }
    Function Remove-OfficeopsVaultCredential {
        # The boundary the tests replace: CredDeleteW; 0 or the Win32 error code.
        param ([string]$Target, [string]$Type)
        [Officeops.OutlookAuth.Vault.CredentialVault]::Delete($Target, $Type)
    }

    if (-not ('Officeops.OutlookAuth.Vault.CredentialVault' -as [type])) {
        Add-Type -TypeDefinition $Data.csharp
    }
    try {
        if ($Data.action -eq 'list') {
            $credentials = @(foreach ($info in @(Get-OfficeopsVaultCredential)) {
                    @{
                        target = $info.Target
                        type = $info.Type
                        user_name = $info.UserName
                        persist = $info.Persist
                        last_written = $info.LastWritten
                    }
                })
            return @{ error_code = 0; error = $null; credentials = $credentials }
        }
        # Only a delete deletes: any other action is a caller's mistake, not a delete.
        if ($Data.action -ne 'delete') {
            throw "unknown vault action '$($Data.action)'"
        }
        $results = @(foreach ($item in @($Data.items)) {
                @{
                    target = [string]$item.target
                    type = [string]$item.type
                    code = Remove-OfficeopsVaultCredential -Target ([string]$item.target) -Type ([string]$item.type)
                }
            })
        @{ error_code = 0; error = $null; results = $results }
    }
    catch [System.ComponentModel.Win32Exception] {
        @{ error_code = $_.Exception.NativeErrorCode; error = $_.Exception.Message }
    }
}

Function Invoke-OfficeopsVault {
    <#
    .SYNOPSIS
    Run a vault action for one user the way the access plan says: 'direct' in this process
    (the task runs as that user through become) or 'interactive_task' in their session.
    Returns the action's answer, or @{ error_code = -1; error } when the session task failed;
    from a session task also cleanup_error (why its folder could not be removed, or $null).
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [ValidateSet('direct', 'interactive_task')]
        [string]
        $Access,

        [Parameter(Mandatory)]
        [ValidateSet('list', 'delete')]
        [string]
        $Action,

        [object[]]
        $Items = @(),

        [int]
        $TimeoutSeconds = 120
    )

    $data = @{ csharp = $script:CredentialVaultSource; action = $Action; items = @($Items) }
    if ($Access -eq 'direct') {
        return Invoke-OfficeopsVaultAction -Data $data
    }
    $answer = Invoke-OfficeopsAsUser -UserProfile $UserProfile -Access $Access -Data $data -TimeoutSeconds $TimeoutSeconds `
        -Function (Get-Command -Name Invoke-OfficeopsVaultAction -CommandType Function)
    if ($answer.status -ne 'ok') {
        return @{ error_code = -1; error = "$($answer.status): $($answer.error)"; cleanup_error = $answer.cleanup_error }
    }
    # ConvertFrom-Json in the runner gave PSCustomObjects; hand back plain hashtables. Strict
    # mode throws on a missing property, and a failed action has no credentials / results.
    $output = $answer.output
    $converted = @{ error_code = [int]$output.error_code; error = $output.error; cleanup_error = $answer.cleanup_error }
    $listed = $output.PSObject.Properties['credentials']
    $deleted = $output.PSObject.Properties['results']
    if ($Action -eq 'list') {
        $converted.credentials = @(foreach ($credential in @(if ($listed) { $listed.Value })) {
                if ($null -ne $credential) {
                    @{
                        target = [string]$credential.target
                        type = [string]$credential.type
                        user_name = if ($null -eq $credential.user_name) { $null } else { [string]$credential.user_name }
                        persist = [string]$credential.persist
                        last_written = [string]$credential.last_written
                    }
                }
            })
    }
    else {
        $converted.results = @(foreach ($result in @(if ($deleted) { $deleted.Value })) {
                if ($null -ne $result) {
                    @{ target = [string]$result.target; type = [string]$result.type; code = [int]$result.code }
                }
            })
    }
    $converted
}

Function Get-OfficeopsCredentialState {
    <#
    .SYNOPSIS
    One probed user: the profile, how the vault was reached (Get-OfficeopsSessionAccess),
    their credentials' metadata (never the secrets), and what went wrong, if anything.
    #>
    param (
        [Parameter(Mandatory)]
        [System.Collections.IDictionary]
        $UserProfile,

        [Parameter(Mandatory)]
        [string]
        $Session,

        [int]
        $TimeoutSeconds = 120
    )

    $entry = @{
        sid = $UserProfile.sid
        name = $UserProfile.name
        profile_path = $UserProfile.profile_path
        hive_loaded = $UserProfile.hive_loaded
        logged_on = $UserProfile.logged_on
        session_id = $UserProfile.session_id
        console = $UserProfile.console
        access = Get-OfficeopsSessionAccess -UserProfile $UserProfile -Session $Session
        credentials = $null
        error_code = 0
        error = $null
        cleanup_error = $null
    }
    if ($entry.access -notin @('direct', 'interactive_task')) {
        return $entry
    }
    try {
        $answer = Invoke-OfficeopsVault -UserProfile $UserProfile -Access $entry.access -Action list -TimeoutSeconds $TimeoutSeconds
    }
    catch {
        $entry.error_code = -1
        $entry.error = $_.Exception.Message
        return $entry
    }
    $entry.error_code = [int]$answer.error_code
    $entry.error = $answer.error
    if ($answer.ContainsKey('cleanup_error')) {
        $entry.cleanup_error = $answer.cleanup_error
    }
    if ($entry.error_code -eq 0) {
        $entry.credentials = @($answer.credentials)
    }
    $entry
}

Export-ModuleMember -Function Invoke-OfficeopsVaultAction, Invoke-OfficeopsVault, Get-OfficeopsCredentialState
