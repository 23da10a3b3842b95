# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalise the Office Click-to-Run configuration read from
HKLM\\SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration.

The wrapper returns the raw registry strings; every interpretation lives here so it can be
tested without Windows.
"""

from __future__ import annotations

import re

# Update channel ids as they appear at the end of CDNBaseUrl / UpdateChannel
# (Microsoft Learn, "Change the Microsoft 365 Apps update channel for devices in your
# organization", and the Office Deployment Tool channel list).
CHANNEL_NAMES = {
    "492350f6-3a01-4f97-b9c0-c7c6ddf67d60": "Current",
    "64256afe-f5d9-4f86-8936-8840a6a4f5be": "CurrentPreview",
    "5440fd1f-7ecb-4221-8110-145efaa6372f": "BetaChannel",
    "55336b82-a18d-4dd6-b5f6-9e5095c314a6": "MonthlyEnterprise",
    "7ffbc6bf-bc32-4f92-8982-f9dd17fd3114": "SemiAnnual",
    "b8f9b850-328d-4355-9145-c59439a0c4cf": "SemiAnnualPreview",
    "f2e724c1-748f-4b47-8fb8-8e0d210e9208": "PerpetualVL2019",
    "5030841d-c919-4594-8d2d-84ae4f96e58e": "PerpetualVL2021",
    "7983bac0-e531-40cf-be00-fd24fe66619c": "PerpetualVL2024",
}

_GUID = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", re.IGNORECASE)
_VERSION = re.compile(r"^\s*(\d+)\.(\d+)\.(\d+)\.(\d+)\s*$")


def parse_version(text):
    """Return major/minor/build/revision of an Office version string, or None.

    Click-to-Run reports four numeric parts (``16.0.17928.20156``); anything else is not a
    version we can compare and is reported as unparsed rather than guessed at.
    """
    if not isinstance(text, str):
        return None
    match = _VERSION.match(text)
    if not match:
        return None
    major, minor, build, revision = (int(part) for part in match.groups())
    return {"major": major, "minor": minor, "build": build, "revision": revision}


def channel_id(text):
    """Extract the channel GUID from a channel URL or bare GUID, lower-cased, or None."""
    if not isinstance(text, str):
        return None
    matches = _GUID.findall(text)
    # A CDN URL ends with the channel id; take the last GUID in case a host name holds one.
    return matches[-1].lower() if matches else None


def resolve_channel(update_channel, cdn_base_url):
    """Which channel this installation follows, and where that was read from.

    UpdateChannel is written by policy or the Office Deployment Tool and wins over
    CDNBaseUrl, which records the channel Office was installed from.
    """
    for source, value in (("UpdateChannel", update_channel), ("CDNBaseUrl", cdn_base_url)):
        guid = channel_id(value)
        if guid:
            return {"id": guid, "name": CHANNEL_NAMES.get(guid, "Unknown"), "source": source}
    return {"id": None, "name": "Unknown", "source": None}


def split_list(text):
    """Split a comma-separated registry string (ProductReleaseIds) into clean items."""
    if not isinstance(text, str):
        return []
    return [item.strip() for item in text.split(",") if item.strip()]


def normalise_click_to_run(raw):
    """Turn the wrapper's raw Click-to-Run values into the documented facts shape.

    ``raw`` is None when the Configuration key does not exist (no Click-to-Run Office).
    """
    if raw is None:
        return {"installed": False}
    version_text = raw.get("version_to_report")
    platform = raw.get("platform")
    return {
        "installed": True,
        "version": version_text,
        "version_info": parse_version(version_text),
        "platform": platform.lower() if isinstance(platform, str) and platform else None,
        "channel": resolve_channel(raw.get("update_channel"), raw.get("cdn_base_url")),
        "product_release_ids": split_list(raw.get("product_release_ids")),
        "culture": raw.get("client_culture") or None,
    }
