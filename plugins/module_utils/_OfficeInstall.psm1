# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# What the machine says about installed Office, read by every wrapper that acts per Office
# version; which versions count is decided on the controller
# (installed_versions in plugins/module_utils/_office/identity.py).

Set-StrictMode -Version 2.0

Function Get-OfficeopsMachineOffice {
    <#
    .SYNOPSIS
    What the machine says about installed Office: the Click-to-Run version and which MSI /
    Click-to-Run install roots exist (both registry views).
    #>
    $result = @{ click_to_run_version = $null; install_roots = @{ '15.0' = $false; '16.0' = $false } }
    $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine,
        [Microsoft.Win32.RegistryView]::Registry64)
    try {
        $c2r = $hklm.OpenSubKey('SOFTWARE\Microsoft\Office\ClickToRun\Configuration', $false)
        if ($null -ne $c2r) {
            try {
                $version = $c2r.GetValue('VersionToReport', $null)
                if ($version -is [string]) {
                    $result.click_to_run_version = $version
                }
            }
            finally {
                $c2r.Dispose()
            }
        }
        foreach ($version in @('15.0', '16.0')) {
            foreach ($prefix in @('SOFTWARE', 'SOFTWARE\WOW6432Node')) {
                $root = $hklm.OpenSubKey("$prefix\Microsoft\Office\$version\Outlook\InstallRoot", $false)
                if ($null -ne $root) {
                    $root.Dispose()
                    $result.install_roots[$version] = $true
                }
            }
        }
    }
    finally {
        $hklm.Dispose()
    }
    $result
}

Export-ModuleMember -Function Get-OfficeopsMachineOffice
