#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds only the documentation; the module is win_office_repair.ps1 and the
# policy is in plugins/action/win_office_repair.py and module_utils/_office/repair.py.

DOCUMENTATION = r"""
---
module: win_office_repair
short_description: Repair Click-to-Run Office (flowchart step 6)
version_added: 0.1.0
description:
  - Runs C(OfficeClickToRun.exe scenario=Repair platform=<x86|x64> culture=<culture>
    RepairType=QuickRepair|FullRepair forceappshutdown=<True|False> DisplayLevel=False), with
    the platform and culture read from C(HKLM\SOFTWARE\Microsoft\Office\ClickToRun\Configuration),
    waits for it within O(timeout) and reports the Office version before and after.
  - The command line is the one community scripts agree on; Microsoft does not document it
    as an interface. Whether C(OfficeClickToRun.exe) returns only when the repair has
    finished is not confirmed, so the module also waits while other Click-to-Run processes
    run a scenario, and refuses to start while one already does.
  - A quick repair works offline. O(repair_type=full) downloads and reinstalls Office (slow,
    needs the Office CDN) and is opt-in.
  - Office programs that run make the module fail with their names unless
    O(force_app_shutdown) closes them (unsaved work is lost).
  - MSI Office (2013 MSI) and machines without Click-to-Run Office are reported, not repaired.
  - B(O(repair_type=reinstall) may remove and reinstall Office.) It runs the Office Deployment
    Tool, C(setup.exe /configure <configuration>), from the operator's copy (O(odt_path)) with
    the operator's configuration XML (O(configuration)). The XML is checked on the controller
    - well-formed, no DTD, root C(<Configuration>), an C(<Add>) with at least one
    C(<Product ID=...>); a configuration that only removes Office (C(<Remove All="TRUE"/>)
    without C(<Add>)) needs O(accept_office_removal=true) - and exactly that text is written
    to C(%ProgramData%\officeops\outlook_auth\odt\configuration.xml) with an ACL that lets
    only SYSTEM and Administrators read or write it (it may hold a product key), never while an
    earlier setup.exe or Click-to-Run run is still working; it is deleted afterwards unless
    setup.exe is still running past O(timeout). The
    C(SourcePath) the XML names must be reachable by the account Ansible connects as (a
    network share usually is not, over WinRM, without credential delegation).
  - A reinstall also runs where no Click-to-Run Office is left (for example after the
    support assistant's scrub). setup.exe and its folder must be writable by SYSTEM,
    Administrators and TrustedInstaller only, as it runs as administrator.
extends_documentation_fragment:
  - officeops.outlook_auth.target_user.once
  - officeops.outlook_auth.wrapper_protocol.phase
options:
  _ops:
    description:
      - Internal, set by the action plugin; a task cannot set it.
      - The ops to apply, in order, as the contract in
        C(plugins/module_utils/_contract/wrappers.py) names them.
    type: list
    elements: dict
    default: []
    suboptions:
      op:
        description: The op's name.
        type: str
        required: true
      arguments:
        description: The Click-to-Run client's arguments.
        type: str
      timeout:
        description: Seconds to wait for the op.
        type: int
      setup:
        description: The Office Deployment Tool's C(setup.exe).
        type: str
      configuration_xml:
        description: The Office Deployment Tool configuration to write; may hold a product key, so it is never logged.
        type: str
      configuration_path:
        description: Where the configuration is written.
        type: str
      configuration_sha256:
        description: The SHA-256 the written configuration must have.
        type: str
      once_id:
        description: The incident id recorded after the op.
        type: str
  repair_type:
    description:
      - V(quick) repairs from the local installation; V(full) is the online repair;
        V(reinstall) runs the Office Deployment Tool with O(odt_path) and O(configuration),
        which may remove and reinstall Office.
    type: str
    choices: [quick, full, reinstall]
    default: quick
  force_app_shutdown:
    description:
      - Let the repair close running Office programs (C(forceappshutdown=True)). For
        O(repair_type=reinstall) the module sets C(<Property Name="FORCEAPPSHUTDOWN" Value="TRUE"/>)
        in the configuration it writes.
      - Without it, the module refuses to start while an Office program runs.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for the repair (60 to 14400), including any Click-to-Run work it hands
        off to. Past it the task fails, reporting a change, and the repair is left running, as
        one cut off halfway can leave Office broken.
    type: int
    default: 3600
  odt_path:
    description:
      - Absolute path of the Office Deployment Tool's C(setup.exe) on the target; required
        with O(repair_type=reinstall), refused otherwise.
    type: str
  configuration:
    description:
      - The ODT configuration for O(repair_type=reinstall) - either its XML text (anything
        starting with C(<)) or the absolute path of a C(.xml) file on the target, which the
        module reads and checks on the controller.
      - A file's product keys (C(PIDKEY) values) never leave the target. The controller
        checks the file with each key replaced by a placeholder, and the target puts the keys
        back into the copy setup.exe reads, only if the file is still the one that was read
        (same SHA-256; else the run fails and changes nothing). A file whose keys cannot be
        hidden with certainty is refused before its text leaves the target - one that mentions
        C(PIDKEY) other than as a quoted C(<Product PIDKEY="...">) attribute holding a key, or
        that has a DOCTYPE, or is UTF-16 without a byte order mark. XML given inline may hold a
        key too; it reaches the target in a C(no_log) field.
      - Microsoft documents the elements in "Configuration options for the Office Deployment
        Tool"; add C(<Display Level="None" AcceptEULA="TRUE"/>) or setup.exe may wait for a
        user until O(timeout) (the module warns).
    type: str
  accept_office_removal:
    description:
      - Required to run a configuration that removes Office without installing it
        (C(<Remove>) and no C(<Add>)); only with O(repair_type=reinstall).
    type: bool
    default: false
notes:
  - With O(once), the incident id is recorded under C(HKLM\SOFTWARE\officeops\outlook_auth\once\office_repair)
    after a repair that worked, and a rerun with the same id changes nothing.
attributes:
  check_mode:
    support: full
    description: Reports the command line that would run (for a reinstall, after checking the
      configuration); nothing runs and nothing is written.
  diff_mode:
    support: none
    description: The repair has no before/after text to show; the versions are returned.
  platform:
    support: full
    platforms: windows
    description: Windows 10 1809 or later, Windows 11, with Click-to-Run Office.
author:
  - officeops maintainers (@officeops)
"""

EXAMPLES = r"""
- name: Quick repair once for this incident
  officeops.outlook_auth.win_office_repair:
    once: INC0012345

- name: Online repair, closing Office
  officeops.outlook_auth.win_office_repair:
    repair_type: full
    force_app_shutdown: true
    timeout: 7200

- name: Reinstall Office with the Office Deployment Tool, once for this incident
  officeops.outlook_auth.win_office_repair:
    repair_type: reinstall
    odt_path: C:\Tools\ODT\setup.exe
    configuration: |
      <Configuration>
        <Remove All="TRUE"/>
        <Add OfficeClientEdition="64" Channel="Current">
          <Product ID="O365BusinessRetail"><Language ID="en-us"/></Product>
        </Add>
        <Display Level="None" AcceptEULA="TRUE"/>
      </Configuration>
    force_app_shutdown: true
    timeout: 7200
    once: INC0012345
"""

RETURN = r"""
command:
  description: The OfficeClickToRun.exe arguments that ran (or would run), or for a reinstall the setup.exe
    command line; null when nothing runs.
  returned: always
  type: str
  sample: scenario=Repair platform=x64 culture=en-us RepairType=QuickRepair forceappshutdown=False DisplayLevel=False
exit_code:
  description: The exit code of OfficeClickToRun.exe (of the ODT's setup.exe for a reinstall); null when it did not run.
  returned: always
  type: int
version_before:
  description: C(VersionToReport) before.
  returned: always
  type: str
version_after:
  description: C(VersionToReport) after (the same as before when nothing ran).
  returned: always
  type: str
msg:
  description: What happened.
  returned: always
  type: str
"""
