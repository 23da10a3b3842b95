# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse ``dsregcmd /status`` output into device and user join state.

Windows 10 1703 and later print boxed sections (``| Device State |``) of ``Name : Value``
lines; Windows 10 1607 printed the same lines without sections. Values may contain colons
(URLs, times), so a line splits at its first `` : ``. Lines that are neither are kept as
``unparsed`` rather than guessed at, so a new Windows build degrades into a warning, not a
wrong answer. Sources: Microsoft Learn, "Troubleshoot devices by using the dsregcmd command".
"""

from __future__ import annotations

import re

_SECTION = re.compile(r"^\|\s*(?P<name>[A-Za-z][A-Za-z0-9 ]*?)\s*\|$")
_BORDER = re.compile(r"^\+-+\+$")
_FIELD = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z0-9()/\- ]*?)\s*:(?:\s(?P<value>.*))?$")
FLAT_SECTION = "Status"


def _typed(value):
    # 1607 printed "KeySignTest: : MUST Run elevated to test.": a label with its own colon.
    text = (value or "").strip()
    if text.startswith(": "):
        text = text[2:].strip()
    if text.upper() == "YES":
        return True
    if text.upper() == "NO":
        return False
    return text or None


def parse(text):
    """``{"sections": {section: {key: value}}, "unparsed": [lines]}``.

    YES / NO become booleans and empty values None; a key seen twice in a section keeps
    its first value (the Diagnostic Data section repeats some names per attempt).
    """
    if not isinstance(text, str):
        raise ValueError("dsregcmd output: expected text, got %s" % type(text).__name__)
    sections, unparsed = {}, []
    current = None
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip() or _BORDER.match(line.strip()):
            continue
        section = _SECTION.match(line.strip())
        if section:
            current = sections.setdefault(section.group("name"), {})
            continue
        field = _FIELD.match(line)
        if field:
            target = current if current is not None else sections.setdefault(FLAT_SECTION, {})
            target.setdefault(field.group("key").strip(), _typed(field.group("value")))
            continue
        unparsed.append(line.strip())
    return {"sections": sections, "unparsed": unparsed}


def _lookup(sections, key):
    """A key's value from whichever section has it (1607 had none)."""
    for values in sections.values():
        if key in values:
            return values[key]
    return None


def summarise(text):
    """The join state the collection acts on, from ``dsregcmd /status`` text.

    ``device_join``: ``hybrid`` (Entra and domain joined), ``entra`` (Entra joined),
    ``domain`` (only domain joined), ``workgroup``, or ``unknown`` when the output has no
    device state at all. ``workplace_joined``: the user has an Entra registered (Access work
    or school) account; it is meaningful only when dsregcmd ran in the user's session.
    """
    parsed = parse(text)
    sections = parsed["sections"]
    azure = _lookup(sections, "AzureAdJoined")
    domain = _lookup(sections, "DomainJoined")
    if azure is None and domain is None:
        device_join = "unknown"
    elif azure and domain:
        device_join = "hybrid"
    elif azure:
        device_join = "entra"
    elif domain:
        device_join = "domain"
    else:
        device_join = "workgroup"
    return {
        "device_join": device_join,
        "enterprise_joined": _lookup(sections, "EnterpriseJoined"),
        "domain_name": _lookup(sections, "DomainName"),
        "tenant_id": _lookup(sections, "TenantId"),
        "tenant_name": _lookup(sections, "TenantName"),
        "device_id": _lookup(sections, "DeviceId"),
        "workplace_joined": _lookup(sections, "WorkplaceJoined"),
        "wam_default_set": _lookup(sections, "WamDefaultSet"),
        "azure_ad_prt": _lookup(sections, "AzureAdPrt"),
        "unparsed": parsed["unparsed"],
    }
