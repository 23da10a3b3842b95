# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Error codes in Windows event messages, and what they mean for Outlook's sign-in.

Sources (../shared/docs/domain-facts.md): the AAD/Operational log records token broker
failures as event 1098 with an ``Error: 0xCAA5....`` line; 0xCAA8xxxx / 0xCAA2xxxx codes are
network and proxy failures of the broker; 0x80090016 is NTE_BAD_KEYSET (the broker's key
container is missing or damaged); Office's alerts log shows the dialog text, e.g. "[1200]"
and "657rx".
"""

from __future__ import annotations

import re

_HRESULT = re.compile(r"\b0x[0-9A-Fa-f]{8}\b")
_OFFICE_CODES = re.compile(r"(\[\d{3,5}\]|\b\d{3}[a-z]{2}\b)", re.IGNORECASE)

NTE_BAD_KEYSET = "0x80090016"
BROKER_EVENT_IDS = (1098, 1097, 1104)


def error_codes(message):
    """Every distinct HRESULT-style code in a message, upper-cased after 0x, in order."""
    found = []
    for code in _HRESULT.findall(message or ""):
        normal = "0x" + code[2:].upper()
        if normal not in found:
            found.append(normal)
    return found


def office_codes(message):
    """Office dialog codes such as 657rx or [1200]."""
    found = []
    for code in _OFFICE_CODES.findall(message or ""):
        if code.lower() not in [f.lower() for f in found]:
            found.append(code)
    return found


def is_network_code(code):
    """0xCAA8xxxx (network / proxy) and 0xCAA2xxxx (connection) broker errors."""
    return code.upper().startswith(("0XCAA8", "0XCAA2"))


def normalise(event_logs):
    """Events of every log, newest first, each with its error codes; and the logs that could
    not be read, with why."""
    events, errors = [], []
    for log in event_logs:
        if log.get("error"):
            errors.append({"log": log["log"], "error": log["error"]})
        for event in log.get("events", []):
            message = event.get("message") or ""
            events.append({
                "log": event["log"], "id": event["id"], "time": event["time"], "level": event["level"],
                "error_codes": error_codes(message), "office_codes": office_codes(message), "message": message,
            })
    events.sort(key=lambda item: item["time"], reverse=True)
    return events, errors
