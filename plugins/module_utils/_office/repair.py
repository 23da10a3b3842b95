# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Office Click-to-Run repair (flowchart step 6): what to run, decided on the controller.

Source (../shared/docs/domain-facts.md, "Office Click-to-Run"; community-consistent, not
a documented Microsoft interface): ``"%ProgramFiles%\\Common Files\\microsoft shared\\
ClickToRun\\OfficeClickToRun.exe" scenario=Repair platform=x64 culture=en-us
RepairType=QuickRepair|FullRepair forceappshutdown=True DisplayLevel=False``. Platform and
culture come from ``HKLM\\SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration``. A quick
repair is local; a full (online) repair downloads Office again, so it is opt-in. So is a
reinstall through the Office Deployment Tool (module_utils/_office/deployment.py).
"""

from __future__ import annotations

import re

from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.clicktorun import parse_version
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.deployment import (
    check_target_path, is_inline, plan_reinstall)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._validation import check_choice

REPAIR_TYPES = ("quick", "full", "reinstall")
ONCE_ACTION = "office_repair"
_CULTURE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.IGNORECASE)


class RepairOptions(object):
    def __init__(self, repair_type="quick", force_app_shutdown=False, timeout=3600, once=None,
                 odt_path=None, configuration=None, accept_office_removal=False):
        check_choice("repair_type", repair_type, REPAIR_TYPES)
        if not isinstance(timeout, int) or isinstance(timeout, bool) or not 60 <= timeout <= 14400:
            raise ValueError("timeout: expected 60 to 14400 seconds, got %r" % (timeout,))
        if repair_type == "reinstall":
            if odt_path is None or configuration is None:
                raise ValueError("%s: required with repair_type=reinstall (the Office Deployment Tool's setup.exe "
                                 "and its configuration XML)" % ("odt_path" if odt_path is None else "configuration"))
            check_target_path("odt_path", odt_path, ".exe")
            if not is_inline(configuration):
                check_target_path("configuration", configuration, ".xml", echo=False)
        else:
            for name, value in (("odt_path", odt_path), ("configuration", configuration)):
                if value is not None:
                    raise ValueError("%s: only used with repair_type=reinstall, got repair_type=%s" % (name, repair_type))
            if accept_office_removal:
                raise ValueError("accept_office_removal: only used with repair_type=reinstall")
        self.repair_type = repair_type
        self.force = force_app_shutdown
        self.timeout = timeout
        self.once = once
        self.odt_path = odt_path
        self.configuration = configuration
        self.accept_office_removal = accept_office_removal


def plan(options, probe):
    """``{"run": arguments or None, "note", "failure", "before"}`` for the machine.

    ``probe``: ``click_to_run`` (raw Configuration values or None), ``tool`` (the path of
    OfficeClickToRun.exe or None), ``office_running`` (process names), ``once`` (markers).
    """
    c2r = probe["click_to_run"]
    result = {"run": None, "note": None, "failure": None, "warnings": [],
              "before": {"version": (c2r or {}).get("version_to_report")}}
    # A reinstall can also put Office back where none is left (after a scrub).
    if c2r is None and options.repair_type != "reinstall":
        result["note"] = "Click-to-Run Office not found; nothing to repair (MSI Office is repaired from Programs and Features)"
        return result
    done = [when for name, when in (probe.get("once") or {}).items() if options.once and name.lower() == options.once.lower()]
    if done:
        result["note"] = "Office already repaired for %s at %s" % (options.once, done[0])
        return result
    running = sorted(set(probe.get("office_running") or []))
    if options.repair_type == "reinstall":
        if running and not options.force:
            result["failure"] = _running_failure(running)
            return result
        reinstall = plan_reinstall(options, probe)
        result.update(failure=reinstall["failure"], run=reinstall["run"])
        result["warnings"].extend(reinstall["warnings"])
        return result
    if probe["tool"] is None:
        result["failure"] = "OfficeClickToRun.exe was not found under Common Files\\microsoft shared\\ClickToRun"
        return result
    platform = (c2r.get("platform") or "").lower()
    if platform not in ("x86", "x64"):
        result["failure"] = "the Click-to-Run platform %r is neither x86 nor x64; not guessing" % c2r.get("platform")
        return result
    culture = (c2r.get("client_culture") or "").lower()
    if not _CULTURE.match(culture):
        result["failure"] = "the Click-to-Run culture %r is not a culture name; not guessing" % c2r.get("client_culture")
        return result
    if running and not options.force:
        result["failure"] = _running_failure(running)
        return result
    if options.repair_type == "full":
        result["warnings"].append("a full repair downloads and reinstalls Office; it can take an hour and needs the "
                                  "Office CDN to be reachable")
    result["run"] = "scenario=Repair platform=%s culture=%s RepairType=%s forceappshutdown=%s DisplayLevel=False" % (
        platform, culture, "QuickRepair" if options.repair_type == "quick" else "FullRepair",
        "True" if options.force else "False")
    if parse_version(c2r.get("version_to_report")) is None:
        result["warnings"].append("the installed version %r could not be read" % c2r.get("version_to_report"))
    return result


def _running_failure(running):
    return ("Office is running (%s); close it first or set force_app_shutdown=true, which closes it "
            "without asking (unsaved work is lost)" % ", ".join(running))
