# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Microsoft 365 user-realm lookup for the controller-side module m365_user_realm:
names to domains (domains.py), HTTP with retries (transport.py), response parsing and
GoDaddy detection (parse.py)."""
