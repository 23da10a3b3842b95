# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument specs of the shared options, as the doc fragments in
plugins/doc_fragments/target_user.py document them (tests/unit/tools checks both)."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.session import SESSION_CHOICES

TARGET_USER_SPEC = {"user": {"type": "str", "default": "interactive"}}
ONCE_SPEC = {"once": {"type": "str"}}
SESSION_SPEC = {
    "session": {"type": "str", "choices": list(SESSION_CHOICES), "default": "auto"},
    "session_timeout": {"type": "int", "default": 120},
}


def check_session_timeout(value):
    """ValueError naming the option unless 1 <= value <= 3600."""
    if not 1 <= value <= 3600:
        raise ValueError("session_timeout: expected 1 to 3600 seconds, got %d" % value)
    return value
