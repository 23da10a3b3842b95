# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading values out of a registry tree as the wrappers return it
(``{"keys": {...}, "values": {name: {"type", "data"}}}``, or None for a missing key)."""

from __future__ import annotations


def value_data(tree, name):
    """The data of value ``name`` (names compare case-insensitively, as on Windows), or None."""
    for stored, value in ((tree or {}).get("values") or {}).items():
        if stored.lower() == name.lower():
            return value["data"]
    return None


def value_map(tree):
    """Every value of the key as name -> data."""
    return dict((name, value["data"]) for name, value in ((tree or {}).get("values") or {}).items())
