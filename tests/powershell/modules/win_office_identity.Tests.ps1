# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

BeforeAll {
    . "$PSScriptRoot/../Harness.ps1"
}
Describe 'win_office_identity probe' {
    It 'probes a user through Ansible.Basic' {
        $users = New-OfficeopsFakeRegistry -Name HKEY_USERS -Tree @{ 'S-1-5-21-1-2-3-1001\Software\Microsoft\Office\16.0\Common\Identity' = @{ EnableADAL = 1 } }
        Import-OfficeopsUtil -Name _UserProfile, _UserState, _OfficeInstall
        Mock Get-OfficeopsUserProfile { @{ sid = 'S-1-5-21-1-2-3-1001'; name = 'CORP\maria'; profile_path = 'C:\Users\maria'; hive_loaded = $true; logged_on = $true; session_id = 1; console = $true } }
        Mock Get-OfficeopsMachineOffice { @{ click_to_run_version = '16.0.1'; install_roots = @{ '15.0' = $false; '16.0' = $true } } }
        Use-OfficeopsFakeRegistry -Users $users
        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'probe'; user = 'interactive'; _read = @(@{ path = 'Software\Microsoft\Office\16.0\Common\Identity'; depth = 4 }) } -CheckMode
        $run.rc | Should -Be 0
        $run.result.probe.users[0].error | Should -BeNullOrEmpty

        $run.result.probe.users[0].keys['Software\Microsoft\Office\16.0\Common\Identity'].values.EnableADAL.data | Should -Be 1
        Assert-OfficeopsContract -Wrapper win_office_identity -Phase probe -Result $run.result
    }
    It 'refuses apply in check mode' {
        Import-OfficeopsUtil -Name _UserProfile, _UserState, _OfficeInstall
        Mock Invoke-OfficeopsUserOpBatch { throw 'must not run' }
        $run = Invoke-OfficeopsModule -Name win_office_identity -Params @{ _phase = 'apply'; _ops = @(@{ op = 'set_value'; sid = 'S-1-5-21-1-2-3-1001' }) } -CheckMode
        $run.rc | Should -Be 1
        $run.result.msg | Should -Match 'check mode'
        Should -Invoke Invoke-OfficeopsUserOpBatch -Times 0
    }
}
