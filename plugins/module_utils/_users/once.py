# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Once markers: a one-shot remediation (reset a cache, recreate a profile) records an
incident id in the user's hive, so a rerun with the same id does not reset again what the
user has rebuilt since.

Markers live under ``HKCU\\Software\\officeops\\outlook_auth\\once\\<action>``: one REG_SZ
value per incident id, holding the UTC time it ran.
"""

from __future__ import annotations

import re

MARKER_KEY = r"Software\officeops\outlook_auth\once"
# fullmatch, not match with "$": "$" also matches before a final line break.
_ONCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


_ACTION = re.compile(r"[a-z][a-z0-9_]{0,39}")


def marker_path(action):
    """The key of an action's markers; action names are fixed by the modules, and
    Assert-OfficeopsActionName enforces the same rule on Windows."""
    if not _ACTION.fullmatch(action):
        raise ValueError("invalid action name %r" % (action,))
    return MARKER_KEY + "\\" + action


def check_once_id(value):
    """None (no marker) or a valid id; ValueError naming the option otherwise."""
    if value is None:
        return None
    if not isinstance(value, str) or not _ONCE_ID.fullmatch(value):
        raise ValueError("once: %r is not a valid incident id; use 1 to 128 letters, digits, '.', '_', ':' or '-', "
                         "starting with a letter or digit (for example INC0012345)" % (value,))
    return value


def already_done(markers, once_id):
    """When the action already ran for ``once_id`` (``markers``: id -> time read from the
    hive), the time it ran; else None. Ids compare without case, as registry names do."""
    if once_id is None:
        return None
    for name, when in (markers or {}).items():
        if name.casefold() == once_id.casefold():
            return when
    return None
