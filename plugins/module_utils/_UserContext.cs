// Copyright: (c) 2026, officeops maintainers
// GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

// Native calls of the per-user layer: loading and unloading a user's registry hive
// (_UserHive.psm1), and the terminal sessions with their users (_UserProfile.psm1).

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using PrivilegeEnabler = Ansible.Privilege.PrivilegeEnabler;

//AnsibleRequires -CSharpUtil Ansible.Privilege
//TypeAccelerator -Name Officeops.UserHive -TypeName UserHive
//TypeAccelerator -Name Officeops.UserSessions -TypeName UserSessions

namespace ansible_collections.officeops.outlook_auth.plugins.module_utils._UserContext
{
    internal static class NativeMethods
    {
        // HKEY_USERS is ((HKEY)(ULONG_PTR)((LONG)0x80000003)): sign-extended on 64-bit.
        public static readonly IntPtr HKEY_USERS = new IntPtr(unchecked((int)0x80000003));
        public static readonly IntPtr WTS_CURRENT_SERVER_HANDLE = IntPtr.Zero;

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegLoadKeyW")]
        public static extern int RegLoadKey(IntPtr hKey, string lpSubKey, string lpFile);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegUnLoadKeyW")]
        public static extern int RegUnLoadKey(IntPtr hKey, string lpSubKey);

        [DllImport("kernel32.dll")]
        public static extern uint WTSGetActiveConsoleSessionId();

        [DllImport("wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "WTSEnumerateSessionsW")]
        public static extern bool WTSEnumerateSessions(IntPtr hServer, int reserved, int version,
            out IntPtr ppSessionInfo, out int pCount);

        [DllImport("wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "WTSQuerySessionInformationW")]
        public static extern bool WTSQuerySessionInformation(IntPtr hServer, int sessionId, int wtsInfoClass,
            out IntPtr ppBuffer, out int pBytesReturned);

        [DllImport("wtsapi32.dll")]
        public static extern void WTSFreeMemory(IntPtr pMemory);
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    internal struct WTS_SESSION_INFO
    {
        public int SessionId;
        public IntPtr pWinStationName;
        public int State;
    }

    public class SessionUser
    {
        public int SessionId;
        public string UserName;
        public string Domain;
        // WTS_CONNECTSTATE_CLASS: 0 = WTSActive, 1 = WTSConnected, 4 = WTSDisconnected, ...
        public int State;
    }

    public static class UserHive
    {
        private static readonly string[] HivePrivileges = new string[] { "SeBackupPrivilege", "SeRestorePrivilege" };

        // RegLoadKey needs SeBackupPrivilege and SeRestorePrivilege enabled in the caller's
        // token (learn.microsoft.com/windows/win32/api/winreg/nf-winreg-regloadkeyw).
        public static void Load(string keyName, string hiveFile)
        {
            using (new PrivilegeEnabler(true, HivePrivileges))
            {
                int result = NativeMethods.RegLoadKey(NativeMethods.HKEY_USERS, keyName, hiveFile);
                if (result != 0)
                {
                    throw new Win32Exception(result, String.Format(
                        "RegLoadKey of {0} as HKEY_USERS\\{1} failed: {2}", hiveFile, keyName, new Win32Exception(result).Message));
                }
            }
        }

        // Returns the Win32 error code of the last attempt (0 on success). An unload fails with
        // ERROR_ACCESS_DENIED while any handle into the hive is open, and .NET RegistryKey
        // handles close only when disposed or finalised, so each retry collects first. Kept in
        // C# so a cancelled PowerShell pipeline cannot cut the loop short.
        public static int Unload(string keyName, int attempts)
        {
            int result = 0;
            using (new PrivilegeEnabler(true, HivePrivileges))
            {
                int tries = Math.Max(1, attempts);
                for (int attempt = 1; attempt <= tries; attempt++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    result = NativeMethods.RegUnLoadKey(NativeMethods.HKEY_USERS, keyName);
                    if (result == 0 || attempt == tries)
                    {
                        break;
                    }
                    System.Threading.Thread.Sleep(250 * attempt);
                }
            }
            return result;
        }
    }

    public static class UserSessions
    {
        private const int WTSUserName = 5;
        private const int WTSDomainName = 7;

        // -1 when no session is attached to the physical console (0xFFFFFFFF).
        public static int ConsoleSessionId()
        {
            uint id = NativeMethods.WTSGetActiveConsoleSessionId();
            return id == 0xFFFFFFFF ? -1 : (int)id;
        }

        public static SessionUser[] List()
        {
            IntPtr buffer;
            int count;
            if (!NativeMethods.WTSEnumerateSessions(NativeMethods.WTS_CURRENT_SERVER_HANDLE, 0, 1, out buffer, out count))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error(), "WTSEnumerateSessions failed");
            }
            List<SessionUser> sessions = new List<SessionUser>();
            try
            {
                int size = Marshal.SizeOf(typeof(WTS_SESSION_INFO));
                for (int i = 0; i < count; i++)
                {
                    WTS_SESSION_INFO info = (WTS_SESSION_INFO)Marshal.PtrToStructure(
                        new IntPtr(buffer.ToInt64() + (long)i * size), typeof(WTS_SESSION_INFO));
                    string user = QueryString(info.SessionId, WTSUserName);
                    if (String.IsNullOrEmpty(user))
                    {
                        continue;
                    }
                    SessionUser entry = new SessionUser();
                    entry.SessionId = info.SessionId;
                    entry.UserName = user;
                    entry.Domain = QueryString(info.SessionId, WTSDomainName);
                    entry.State = info.State;
                    sessions.Add(entry);
                }
            }
            finally
            {
                NativeMethods.WTSFreeMemory(buffer);
            }
            return sessions.ToArray();
        }

        private static string QueryString(int sessionId, int infoClass)
        {
            IntPtr buffer;
            int bytes;
            // A session that ends between enumeration and query simply has no user.
            if (!NativeMethods.WTSQuerySessionInformation(NativeMethods.WTS_CURRENT_SERVER_HANDLE, sessionId, infoClass,
                out buffer, out bytes))
            {
                return null;
            }
            try
            {
                return Marshal.PtrToStringUni(buffer);
            }
            finally
            {
                NativeMethods.WTSFreeMemory(buffer);
            }
        }
    }
}
