# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Option checks shared by the controller-side policies; each error names the option."""

from __future__ import annotations


def check_choice(option, value, choices):
    """``value`` unless it is not one of ``choices``: then a ValueError naming ``option``."""
    if value not in choices:
        raise ValueError("%s: expected one of %s, got %r" % (option, ", ".join(map(str, choices)), value))
    return value
