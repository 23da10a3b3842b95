# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Python twins of the PowerShell wrappers, one module per wrapper, same name.

A twin takes ``(state, args, check_mode, context)`` where ``args`` are the module arguments
the action plugin would send to the wrapper (``_phase`` and ``_ops`` included) and
``context["running_as_sid"]`` is the user the wrapper runs as (the become user, or None for
the administrator's network logon); it returns what the wrapper would return. It may change
``state`` only in the apply phase and never in check mode.
"""

from __future__ import annotations

import importlib


def twin_for(wrapper):
    try:
        module = importlib.import_module("%s.%s" % (__name__, wrapper))
    except ImportError:
        raise ValueError("the lab has no twin for wrapper '%s'" % wrapper)
    return module.run
