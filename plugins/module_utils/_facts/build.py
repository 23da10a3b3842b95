# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The documented ``outlook_auth`` fact from the facts wrapper's raw probe.

Only metadata leaves the host: credential target names and types (never a secret: the
wrapper never reads one), registry values of the identity keys, file names and times.
"""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.module_utils._broker.reset import ACCOUNT_FOLDERS
from ansible_collections.officeops.outlook_auth.plugins.module_utils._credentials.match import PurgePolicy
from ansible_collections.officeops.outlook_auth.plugins.module_utils._facts.events import normalise as normalise_events
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office import identity
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.clicktorun import normalise_click_to_run
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.install import VERSIONS, installed_versions
from ansible_collections.officeops.outlook_auth.plugins.module_utils._office.outlook_profile import (
    OURS_KEY, outlook_key, profile_accounts, profiles_key)
from ansible_collections.officeops.outlook_auth.plugins.module_utils._registry.values import value_data, value_map
from ansible_collections.officeops.outlook_auth.plugins.module_utils._users.once import MARKER_KEY
from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace.accounts import JOIN_INFO_KEY, registrations
from ansible_collections.officeops.outlook_auth.plugins.module_utils._workplace.dsregcmd import summarise

# WINHTTP_PROXY_INFO.dwAccessType (winhttp.h).
PROXY_ACCESS_TYPES = {0: "default", 1: "direct", 3: "named", 4: "automatic"}
_IDENTITY_VALUES = ("EnableADAL", "Version") + identity.WAM_VALUES
# win_office_identity's defaults, except Autodiscover, which is not a sign-in failure by itself.
_IDENTITY_DEFAULTS = identity.IdentityOptions(always_use_msoauth_for_autodiscover=False)


def address_domain(address):
    """The lower-case domain of an e-mail address, or None."""
    if not isinstance(address, str) or "@" not in address:
        return None
    return address.rsplit("@", 1)[1].strip().lower() or None


def _identities(tree):
    found = []
    for key_id, key in sorted((((tree or {}).get("keys") or {}).get("Identities") or {}).get("keys", {}).items()):
        found.append({"id": key_id, "email": value_data(key, "EmailAddress"), "provider": value_data(key, "ProviderId")})
    return found


def _identity_state(keys, versions):
    state = {}
    for version in versions:
        tree = keys.get(identity.identity_key(version))
        policy = keys.get(identity.policy_key(version))
        state[version] = {
            "values": dict((name, value_data(tree, name)) for name in _IDENTITY_VALUES),
            "policy": dict((name, value_data(policy, name)) for name in _IDENTITY_VALUES if value_data(policy, name) is not None),
            "identities": _identities(tree),
        }
    return state


def _profiles(keys, versions):
    ours = set(name.lower() for name in value_map(keys.get(OURS_KEY)))
    found = {}
    for version in versions:
        outlook = keys.get(outlook_key(version))
        root = keys.get(profiles_key(version))
        if outlook is None and root is None:
            continue
        profiles = []
        for name in sorted(((root or {}).get("keys") or {}), key=str.lower):
            accounts = []
            for account in sorted(profile_accounts(keys, version, name).values(), key=lambda tree: str(value_map(tree))):
                account_name = value_data(account, "Account Name")
                if account_name:
                    accounts.append(account_name)
            profiles.append({"name": name, "accounts": accounts, "created_by_collection": name.lower() in ours})
        found[version] = {"default": value_data(outlook, "DefaultProfile"), "profiles": profiles}
    return found


def _once(keys):
    markers = {}
    for action, tree in (((keys.get(MARKER_KEY) or {}).get("keys")) or {}).items():
        markers[action] = value_map(tree)
    return markers


def _credentials(vault, policy):
    reachable = vault["access"] in ("direct", "interactive_task") and vault["error_code"] == 0 and vault["credentials"] is not None
    # cleanup_error: the session task's folder could not be removed (it names the folder left).
    entry = {"access": vault["access"], "reachable": reachable, "error": vault["error"], "count": None, "entries": [],
             "cleanup_error": vault.get("cleanup_error")}
    if not reachable:
        if not vault["error"] and vault["access"] not in ("direct", "interactive_task"):
            entry["error"] = "the vault answers only in the user's logon session (%s)" % vault["access"]
        return entry
    entry["count"] = len(vault["credentials"])
    for credential in vault["credentials"]:
        office, _reason = policy.decide(credential)
        entry["entries"].append({"target": credential["target"], "type": credential["type"],
                                 "user_name": credential["user_name"], "last_written": credential["last_written"],
                                 "office": office})
    return entry


def _broker(files):
    in_stores = [f for f in files if any(f["path"].lower().startswith(folder.lower() + "\\") for folder in ACCOUNT_FOLDERS)]
    return {"account_files": len(in_stores),
            "last_write": max((f["last_write"] for f in in_stores if f["last_write"]), default=None)}


def _user(raw, machine, versions, policy):
    keys = raw.get("keys") or {}
    user = dict((key, raw[key]) for key in ("sid", "name", "profile_path", "hive_loaded", "logged_on", "session_id", "console"))
    user.update(error=raw["error"], hive=raw["hive"])
    if raw["error"]:
        user.update(identity={}, always_use_msoauth_for_autodiscover=None, outlook_profiles={}, work_school=[], once={},
                    broker=None, credentials=_credentials(raw["vault"], policy), wam=raw["wam"], mailboxes=[],
                    modern_auth_changes=[])
        return user
    user.update(
        identity=_identity_state(keys, versions),
        always_use_msoauth_for_autodiscover=value_data(keys.get(identity.EXCHANGE_KEY), "AlwaysUseMSOAuthForAutoDiscover"),
        outlook_profiles=_profiles(keys, versions),
        work_school=registrations(keys.get(JOIN_INFO_KEY)),
        once=_once(keys),
        broker=_broker(raw.get("files") or []),
        credentials=_credentials(raw["vault"], policy),
        wam=raw["wam"],
    )
    # The addresses Outlook uses: the accounts of the default profile, else of any profile.
    mailboxes = []
    for profiles in user["outlook_profiles"].values():
        default = profiles["default"]
        chosen = [p for p in profiles["profiles"] if default and p["name"].lower() == default.lower() and p["accounts"]]
        for profile in chosen or profiles["profiles"]:
            mailboxes.extend(a for a in profile["accounts"] if "@" in a)
    user["mailboxes"] = sorted(set(a.lower() for a in mailboxes))
    # What win_office_identity would change with its defaults: the same policy decides.
    plan = identity.plan_user(_IDENTITY_DEFAULTS, machine, {"sid": raw["sid"], "keys": keys, "once": {}}, "")
    user["modern_auth_changes"] = [{"op": op["op"], "path": op["path"], "name": op.get("name")} for op in plan["ops"]]
    return user


def build_facts(probe):
    """The ``outlook_auth`` fact."""
    click_to_run = normalise_click_to_run(probe["click_to_run"])
    versions = installed_versions(probe["machine_office"])
    policy = PurgePolicy()
    events, event_errors = normalise_events(probe["event_logs"])
    proxy = dict(probe["winhttp_proxy"])
    proxy["type"] = PROXY_ACCESS_TYPES.get(proxy["access_type"], "unknown" if proxy["error"] is None else "unreadable")
    users = [_user(raw, probe["machine_office"], versions, policy) for raw in probe["users"]]
    mailbox_domains = sorted(set(filter(None, (address_domain(a) for u in users for a in u["mailboxes"]))))
    return {
        "windows": probe["windows"],
        "office": {
            "installed": bool(versions),
            "versions": versions,
            "msi": dict((v, bool(probe["machine_office"]["install_roots"].get(v))) for v in VERSIONS),
            "click_to_run": click_to_run,
        },
        "outlook": {"running": bool(probe["outlook_processes"]), "processes": probe["outlook_processes"]},
        "device": dict(summarise(probe["dsregcmd_status"]), exit_code=probe["dsregcmd_exit_code"]),
        "network": {
            "proxy": proxy,
            "endpoints": probe["endpoints"],
            "unreachable": [e["host"] for e in probe["endpoints"] if not (e["tcp"] and e["tls"])],
        },
        "events": events,
        "event_errors": event_errors,
        "users": users,
        "users_problem": probe["user_problem"],
        "mailbox_domains": mailbox_domains,
    }
