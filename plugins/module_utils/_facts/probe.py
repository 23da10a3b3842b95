# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the facts probe reads, decided on the controller and sent to the wrapper."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._broker.reset import ACCOUNT_FOLDERS
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import identity
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.install import VERSIONS
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.outlook_profile import (
    ACCOUNT_SECTION, OURS_KEY, outlook_key, profiles_key)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import MARKER_KEY
from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace.accounts import JOIN_INFO_KEY

# The endpoints Outlook's sign-in needs (Microsoft 365 URLs and IP address ranges, "Microsoft
# 365 Common and Office Online" and "Exchange Online" categories, plus Entra registration).
SIGN_IN_ENDPOINTS = (
    "login.microsoftonline.com",
    "login.microsoft.com",
    "login.windows.net",
    "aadcdn.msauth.net",
    "enterpriseregistration.windows.net",
    "officeclient.microsoft.com",
    "outlook.office365.com",
    "autodiscover-s.outlook.com",
)


def keys_to_read(versions=VERSIONS):
    """Registry keys read in each user's hive."""
    read = [{"path": path, "depth": 16} for path in identity.keys_to_read(versions)]
    for version in versions:
        read.append({"path": outlook_key(version), "depth": 0})
        read.append({"path": profiles_key(version), "depth": 1, "each": ACCOUNT_SECTION, "each_depth": 1})
    read.append({"path": OURS_KEY, "depth": 0})
    read.append({"path": JOIN_INFO_KEY, "depth": 1})
    read.append({"path": MARKER_KEY, "depth": 1})
    return read


def folders_to_list():
    """Profile folders listed: the token broker's account stores."""
    return [{"path": folder, "recurse": False} for folder in ACCOUNT_FOLDERS]
