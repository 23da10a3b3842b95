# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bad-input matrix (issue 13): malformed values for every option of every module.

Cases are generated from each module's DOCUMENTATION (doc fragments merged, the same reading
tools/check_spec_docs.py does): wrong types, unknown choices, empty strings and values far
too long for what the option names. Hand-written cases add what the docs cannot say: paths
with ``..``, look-alike unicode, control characters, ranges and options that conflict.

A case is ``Case(module, option, name, args, names)``: ``args`` replace the module's
baseline arguments (valid on their own), ``names`` is the text the error must contain (the
option, as the module names it).
"""

from __future__ import annotations

import collections

from tools.check_spec_docs import documented_options

Case = collections.namedtuple("Case", "module option name args names")

# Valid arguments of each module, so a case's one bad value is the only thing wrong.
# fleet_report's dest is filled in by the test (a temporary folder).
BASELINES = {
    "win_outlook_auth_facts": {},
    "win_work_school_account": {},
    "win_office_identity": {},
    "win_credential_purge": {},
    "win_aad_broker_reset": {},
    "win_outlook_profile": {},
    "win_support_assistant": {"source": "C:\\Tools\\GetHelp\\GetHelpCmd.exe"},
    "win_office_repair": {},
    "outlook_auth_findings": {"facts": {"office": {}, "device": {}, "network": {}, "events": [], "users": []}},
    "fleet_report": {},
    "m365_user_realm": {"names": []},
}
# Controller-side modules: run on localhost, no lab host is contacted.
CONTROLLER_MODULES = ("outlook_auth_findings", "fleet_report", "m365_user_realm")

LONG = "x" * 5000
# Generated cases that are valid values for these options; the test checks they are accepted.
ACCEPTED = {
    # Free text shown as the report's heading: any length, any characters.
    ("fleet_report", "title", "very long"): "free text; a long title is still a title",
}


def _by_type(option, spec):
    """``[(case name, value)]`` of malformed values for an option of this type."""
    kind = spec.get("type", "str")
    choices = spec.get("choices")
    if kind == "bool":
        return [("wrong type (word)", "maybe"), ("wrong type (list)", [True]), ("empty string", "")]
    if kind == "int":
        return [("wrong type (word)", "ten"), ("empty string", ""), ("negative", -1), ("very large", 10 ** 12)]
    if kind == "dict":
        return [("wrong type (word)", "not a dict"), ("wrong type (list)", ["a", "b"])]
    if kind == "list":
        cases = [("wrong type (dict)", {"not": "a list"}), ("empty element", [""])]
        if choices:
            cases.append(("unknown choice", ["no-such-choice"]))
            cases.append(("look-alike unicode choice", [choices[0] + u"\u200b"]))
        return cases
    cases = [("empty string", "")]
    if choices:
        cases.append(("unknown choice", "no-such-choice"))
        # A zero-width space: prints like the valid choice, is not one.
        cases.append(("look-alike unicode choice", choices[0] + u"\u200b"))
    else:
        cases.append(("very long", LONG))
    return cases


def generated_cases(root, module):
    options = documented_options(root, root / "plugins" / "modules" / (module + ".py"))
    cases = [Case(module, "no_such_option", "unknown option", {"no_such_option": "x"}, "no_such_option")]
    for option in sorted(options):
        for name, value in _by_type(option, options[option]):
            cases.append(Case(module, option, name, {option: value}, option))
    return cases


def _user_cases(module):
    return [Case(module, "user", name, {"user": value}, "user") for name, value in (
        ("path with ..", ".\\.."),
        ("domain ..", "..\\maria"),
        ("control character", "BLOOMFIELD-PC\\ma\nria"),
        ("service SID", "S-1-5-18"),
        ("address without domain", "maria@"),
        ("unicode, no form", u"m\u00e4ria"),
        ("list given for a string", ["maria"]),
    )]


def _session_cases(module):
    return [Case(module, "session_timeout", name, {"session_timeout": value}, "session_timeout")
            for name, value in (("zero", 0), ("above range", 3601))]


def _once_cases(module):
    return [Case(module, "once", name, {"once": value}, "once") for name, value in (
        ("path with ..", "../INC1"),
        ("unicode digits", u"INC\u0661\u0662\u0663"),
        ("whitespace", "INC 1"),
    )]


def hand_written_cases():
    cases = []
    cases += _user_cases("win_outlook_auth_facts") + _session_cases("win_outlook_auth_facts")
    facts = "win_outlook_auth_facts"
    cases += [Case(facts, option, name, {option: value}, option) for option, name, value in (
        ("event_days", "zero", 0), ("event_days", "above range", 91),
        ("max_events", "above range", 1001),
        ("endpoint_timeout", "zero", 0), ("endpoint_timeout", "above range", 61),
        ("endpoints", "URL, not a host", ["https://login.microsoftonline.com/common"]),
        ("endpoints", "path with ..", ["../../etc/passwd"]),
        ("endpoints", "unicode host", [u"l\u00f6gin.microsoftonline.com"]),
        ("endpoints", "too many", ["h%d.example.com" % i for i in range(51)]),
    )]

    work = "win_work_school_account"
    cases += _user_cases(work) + _session_cases(work)
    cases += [Case(work, option, name, args, option) for option, name, args in (
        ("match", "state=absent without match", {"state": "absent"}),
        ("match", "empty", {"state": "absent", "match": {}}),
        ("match", "two kinds",
         {"state": "absent", "match": {"address": ["a@contoso.com"], "tenant_id": ["0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"]}}),
        ("match", "unknown kind", {"state": "absent", "match": {"upn": ["a@contoso.com"]}}),
        ("match", "address not a list", {"state": "absent", "match": {"address": "a@contoso.com"}}),
        ("match", "tenant not a GUID", {"state": "absent", "match": {"tenant_id": ["contoso"]}}),
        ("match", "empty list", {"state": "absent", "match": {"address": []}}),
        ("wpj_cleanup_path", "path with ..", {"wpj_cleanup_path": "C:\\Tools\\..\\..\\Windows\\System32\\cmd.exe"}),
        ("wpj_cleanup_path", "share path with ..", {"wpj_cleanup_path": "\\\\server\\share\\..\\WPJCleanUp.cmd"}),
        ("wpj_cleanup_path", "relative", {"wpj_cleanup_path": "Tools\\WPJCleanUp.cmd"}),
        ("wpj_cleanup_path", "environment variable", {"wpj_cleanup_path": "%TEMP%\\WPJCleanUp.cmd"}),
        ("wpj_cleanup_path", "forward slashes", {"wpj_cleanup_path": "C:/Tools/../WPJCleanUp.cmd"}),
    )]

    identity = "win_office_identity"
    cases += _user_cases(identity) + _once_cases(identity)
    cases.append(Case(identity, "reset_web_service_cache", "without reset_identity_cache",
                      {"reset_web_service_cache": True}, "reset_web_service_cache"))

    purge = "win_credential_purge"
    cases += _user_cases(purge) + _session_cases(purge)
    cases += [Case(purge, option, name, args, option) for option, name, args in (
        ("match", "matches everything", {"match": ["*"]}),
        ("match", "empty without address", {"match": []}),
        ("match", "longer than any target", {"match": ["x" * 1025]}),
        ("exclude", "matches everything", {"exclude": ["*?"]}),
        ("address", "no dot in domain", {"address": "maria@bloomfield-florist"}),
        ("address", "no local part", {"address": "@bloomfield-florist.com"}),
        ("address", "whitespace", {"address": "maria @bloomfield-florist.com"}),
        ("address", "two @", {"address": "maria@@bloomfield-florist.com"}),
        ("address", "longer than an address can be", {"address": "m" * 300 + "@bloomfield-florist.com"}),
        ("types", "empty list", {"types": []}),
        ("types", "not purgeable", {"types": ["domain_extended"]}),
    )]

    broker = "win_aad_broker_reset"
    cases += _user_cases(broker) + _session_cases(broker) + _once_cases(broker)
    cases += [Case(broker, option, name, args, option) for option, name, args in (
        ("restore", "with method=signout", {"restore": True}),
        ("keep_backups", "zero", {"keep_backups": 0}),
        ("keep_backups", "above range", {"keep_backups": 51}),
    )]

    profile = "win_outlook_profile"
    cases += _user_cases(profile) + _once_cases(profile)
    cases += [Case(profile, option, name, args, names) for option, name, args, names in (
        ("name", "state=absent without name", {"state": "absent"}, "name"),
        ("name", "backslash", {"name": "Outlook\\..\\Other"}, "name"),
        ("name", "control character", {"name": "Out\x07look"}, "name"),
        ("name", "whitespace only", {"name": "   "}, "name"),
        ("name", "65 characters", {"name": "P" * 65}, "name"),
        ("clear_offline_cache", "with state=absent", {"state": "absent", "name": "Old", "clear_offline_cache": True},
         "clear_offline_cache"),
        ("clear_autodiscover_cache", "with state=present", {"state": "present", "name": "New",
                                                            "clear_autodiscover_cache": True}, "clear_autodiscover_cache"),
    )]

    assistant = "win_support_assistant"
    cases += _user_cases(assistant)
    cases += [Case(assistant, option, name, args, option) for option, name, args in (
        ("user", "all with the Outlook scan", {"user": "all"}),
        ("source", "path with ..", {"source": "C:\\Tools\\..\\Users\\Public\\GetHelpCmd.exe"}),
        ("source", "relative", {"source": "GetHelpCmd.exe"}),
        ("source", "not the tool", {"source": "C:\\Tools\\GetHelpCmd.bat"}),
        ("source", "plain http", {"source": "http://aka.ms/GetHelpCmd.zip", "checksum": "a" * 64}),
        ("source", "other scheme", {"source": "ftp://example.com/GetHelpCmd.zip", "checksum": "a" * 64}),
        ("source", "controller path with .. to a non-tool", {"source": "../../../../../../../../etc/hostname",
                                                             "remote_src": False}),
        ("source", "controller file missing", {"source": "no/such/GetHelpCmd.zip", "remote_src": False}),
        ("remote_src", "false with a URL", {"source": "https://aka.ms/GetHelpCmd.zip", "checksum": "a" * 64,
                                            "remote_src": False}),
        ("checksum", "URL without checksum", {"source": "https://aka.ms/GetHelpCmd.zip"}),
        ("checksum", "not hex", {"checksum": "z" * 64}),
        ("checksum", "fullwidth digits", {"checksum": u"\uff11" * 64}),
        ("checksum", "too short", {"checksum": "a" * 63}),
        ("accept_office_removal", "scrub without it", {"scenario": "OfficeScrubScenario"}),
        ("timeout", "below range", {"timeout": 59}),
        ("timeout", "above range", {"timeout": 14401}),
    )]

    repair = "win_office_repair"
    cases += _once_cases(repair)
    reinstall = {"repair_type": "reinstall", "odt_path": "C:\\ODT\\setup.exe", "configuration": "C:\\ODT\\config.xml"}
    cases += [Case(repair, option, name, args, option) for option, name, args in (
        ("odt_path", "without repair_type=reinstall", {"odt_path": "C:\\ODT\\setup.exe"}),
        ("configuration", "without repair_type=reinstall", {"configuration": "C:\\ODT\\config.xml"}),
        ("accept_office_removal", "without repair_type=reinstall", {"accept_office_removal": True}),
        ("odt_path", "reinstall without it", {"repair_type": "reinstall", "configuration": "C:\\ODT\\config.xml"}),
        ("configuration", "reinstall without it", {"repair_type": "reinstall", "odt_path": "C:\\ODT\\setup.exe"}),
        ("odt_path", "path with ..", dict(reinstall, odt_path="C:\\ODT\\..\\Windows\\setup.exe")),
        ("odt_path", "not an .exe", dict(reinstall, odt_path="C:\\ODT\\setup.cmd")),
        ("odt_path", "relative", dict(reinstall, odt_path="ODT\\setup.exe")),
        ("configuration", "path with ..", dict(reinstall, configuration="C:\\ODT\\..\\..\\config.xml")),
        ("configuration", "not an .xml", dict(reinstall, configuration="C:\\ODT\\config.txt")),
        ("timeout", "below range", {"timeout": 59}),
        ("timeout", "above range", {"timeout": 14401}),
    )]

    findings = "outlook_auth_findings"
    cases += [Case(findings, option, name, args, option) for option, name, args in (
        ("facts", "empty", {"facts": {}}),
        ("facts", "another fact", {"facts": {"office": {}}}),
        ("realms", "entry not a dict", {"realms": {"contoso.com": "Federated"}}),
    )]

    report = "fleet_report"
    cases += [Case(report, option, name, args, option) for option, name, args in (
        ("formats", "empty list", {"formats": []}),
        ("hosts", "not in the inventory", {"hosts": ["no-such-host"]}),
        ("dest", "an existing file", {"dest": "/etc/hostname"}),
    )]

    realm = "m365_user_realm"
    cases += [Case(realm, option, name, args, option) for option, name, args in (
        ("names", "not an address or domain", {"names": ["not a domain"]}),
        ("names", "two @", {"names": ["a@@contoso.com"]}),
        ("names", "path with ..", {"names": ["../contoso.com"]}),
        ("base_url", "other scheme", {"base_url": "ftp://login.microsoftonline.com/getuserrealm.srf"}),
        ("base_url", "no host", {"base_url": "https:///getuserrealm.srf"}),
        ("timeout", "zero", {"timeout": 0}),
        ("timeout", "above range", {"timeout": 301}),
        ("retries", "above range", {"retries": 11}),
    )]
    return cases


def all_cases(root):
    """Every case, by module, in a stable order; ids unique per (module, option, name)."""
    by_module = collections.OrderedDict((module, []) for module in BASELINES)
    seen = set()
    for case in [c for module in BASELINES for c in generated_cases(root, module)] + hand_written_cases():
        key = (case.module, case.option, case.name)
        if key in seen:
            raise ValueError("duplicate bad-input case %r" % (key,))
        seen.add(key)
        by_module[case.module].append(case)
    return by_module
