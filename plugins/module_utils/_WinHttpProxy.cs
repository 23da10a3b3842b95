// Copyright: (c) 2026, officeops maintainers
// GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

// The machine's WinHTTP default proxy (what `netsh winhttp show proxy` prints), read through
// the documented API rather than netsh, whose output is localised.
// Source: Microsoft Learn, WinHttpGetDefaultProxyConfiguration and WINHTTP_PROXY_INFO: the
// caller frees lpszProxy and lpszProxyBypass with GlobalFree.

using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

//TypeAccelerator -Name Officeops.WinHttpProxy -TypeName WinHttpProxy

namespace ansible_collections.officeops.outlook_auth.plugins.module_utils._WinHttpProxy
{
    public sealed class WinHttpProxySetting
    {
        // WINHTTP_ACCESS_TYPE_DEFAULT_PROXY (0), _NO_PROXY (1), _NAMED_PROXY (3).
        public int AccessType;
        public string Proxy;
        public string Bypass;
    }

    public static class WinHttpProxy
    {
        [StructLayout(LayoutKind.Sequential)]
        private struct WINHTTP_PROXY_INFO
        {
            public uint dwAccessType;
            public IntPtr lpszProxy;
            public IntPtr lpszProxyBypass;
        }

        [DllImport("winhttp.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool WinHttpGetDefaultProxyConfiguration(ref WINHTTP_PROXY_INFO pProxyInfo);

        [DllImport("kernel32.dll")]
        private static extern IntPtr GlobalFree(IntPtr hMem);

        public static WinHttpProxySetting GetDefault()
        {
            WINHTTP_PROXY_INFO info = new WINHTTP_PROXY_INFO();
            if (!WinHttpGetDefaultProxyConfiguration(ref info))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }
            try
            {
                WinHttpProxySetting setting = new WinHttpProxySetting();
                setting.AccessType = (int)info.dwAccessType;
                setting.Proxy = info.lpszProxy == IntPtr.Zero ? null : Marshal.PtrToStringUni(info.lpszProxy);
                setting.Bypass = info.lpszProxyBypass == IntPtr.Zero ? null : Marshal.PtrToStringUni(info.lpszProxyBypass);
                return setting;
            }
            finally
            {
                if (info.lpszProxy != IntPtr.Zero)
                {
                    GlobalFree(info.lpszProxy);
                }
                if (info.lpszProxyBypass != IntPtr.Zero)
                {
                    GlobalFree(info.lpszProxyBypass);
                }
            }
        }
    }
}
