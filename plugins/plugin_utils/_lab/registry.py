# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registry semantics for the lab: a key is ``{"keys": {...}, "values": {...}}``.

Windows compares key and value names case-insensitively but keeps the case they were
created with; the helpers here do the same, so a twin that writes ``enableadal`` updates an
existing ``EnableADAL`` instead of adding a second value.
"""

from __future__ import annotations

import re

VALUE_TYPES = ("REG_SZ", "REG_EXPAND_SZ", "REG_DWORD", "REG_QWORD", "REG_MULTI_SZ", "REG_BINARY")
_HEX = re.compile(r"^(?:[0-9a-fA-F]{2})*$")


def _child(mapping, name):
    """The (stored name, item) under ``name`` compared without case, or (None, None)."""
    folded = name.casefold()
    for stored, item in mapping.items():
        if stored.casefold() == folded:
            return stored, item
    return None, None


def split_path(path):
    return [part for part in path.replace("/", "\\").split("\\") if part]


def find_key(tree, path):
    node = tree
    for part in split_path(path):
        node = _child(node.get("keys", {}), part)[1]
        if node is None:
            return None
    return node


def get_value(tree, path, name):
    """``{"type": ..., "data": ...}`` of a value, or None when the key or value is missing."""
    key = find_key(tree, path)
    if key is None:
        return None
    return _child(key.get("values", {}), name)[1]


def value_data(tree, path, name):
    value = get_value(tree, path, name)
    return None if value is None else value["data"]


def check_value(value, path):
    """Errors in one registry value: its type must be known and its data must fit it."""
    if not isinstance(value, dict) or set(value) != {"type", "data"}:
        return ["%s: a registry value is {\"type\": ..., \"data\": ...}" % path]
    kind, data = value["type"], value["data"]
    if kind not in VALUE_TYPES:
        return ["%s.type: expected one of %s, got %r" % (path, ", ".join(VALUE_TYPES), kind)]
    ok = {
        "REG_SZ": lambda d: isinstance(d, str),
        "REG_EXPAND_SZ": lambda d: isinstance(d, str),
        "REG_DWORD": lambda d: isinstance(d, int) and not isinstance(d, bool) and 0 <= d < 2 ** 32,
        "REG_QWORD": lambda d: isinstance(d, int) and not isinstance(d, bool) and 0 <= d < 2 ** 64,
        "REG_MULTI_SZ": lambda d: isinstance(d, list) and all(isinstance(s, str) for s in d),
        "REG_BINARY": lambda d: isinstance(d, str) and bool(_HEX.match(d)),
    }[kind]
    if not ok(data):
        return ["%s.data: %r does not fit %s" % (path, data, kind)]
    return []


def check_key(key, path):
    """Errors in a key tree, recursively; used as the lab schema's check for hives."""
    if not isinstance(key, dict):
        return ["%s: a registry key is an object with 'keys' and 'values'" % path]
    errors = ["%s.%s: unexpected key (allowed: keys, values)" % (path, name) for name in key if name not in ("keys", "values")]
    for section in ("keys", "values"):
        if not isinstance(key.get(section, {}), dict):
            errors.append("%s.%s: expected an object" % (path, section))
    if errors:
        return errors
    for sections, checker in (("values", check_value), ("keys", check_key)):
        seen = {}
        for name, item in key.get(sections, {}).items():
            if name.casefold() in seen:
                errors.append("%s.%s.%s: duplicates '%s' (names are case-insensitive)" % (path, sections, name, seen[name.casefold()]))
            seen[name.casefold()] = name
            errors.extend(checker(item, "%s.%s.%s" % (path, sections, name)))
    return errors


def ensure_key(tree, path):
    """The key at ``path``, created with its parents when missing (like RegCreateKeyEx)."""
    node = tree
    for part in split_path(path):
        keys = node.setdefault("keys", {})
        child = _child(keys, part)[1]
        if child is None:
            child = keys[part] = {}
        node = child
    return node


def set_value(tree, path, name, kind, data):
    """Create or overwrite a value, keeping the stored name's case; True when it changed."""
    problems = check_value({"type": kind, "data": data}, name)
    if problems:
        raise ValueError(problems[0])
    values = ensure_key(tree, path).setdefault("values", {})
    stored, current = _child(values, name)
    new = {"type": kind, "data": data}
    if current == new:
        return False
    values[stored or name] = new
    return True


def delete_value(tree, path, name):
    """Remove a value; True when it existed (a missing key or value is not an error)."""
    key = find_key(tree, path)
    if key is None:
        return False
    stored = _child(key.get("values", {}), name)[0]
    if stored is None:
        return False
    del key["values"][stored]
    return True


def delete_key(tree, path):
    """Remove a key and everything under it; True when it existed."""
    parts = split_path(path)
    if not parts:
        raise ValueError("refusing to delete the root of a hive")
    parent = find_key(tree, "\\".join(parts[:-1]))
    if parent is None:
        return False
    stored = _child(parent.get("keys", {}), parts[-1])[0]
    if stored is None:
        return False
    del parent["keys"][stored]
    return True


def subkey_names(tree, path):
    key = find_key(tree, path)
    return sorted(key.get("keys", {})) if key else []


def read_tree(tree, depth=16):
    """A deep copy as Read-OfficeopsRegistryTree returns it: every key has both ``keys`` and
    ``values`` (subkeys only ``depth`` levels down), or None for a missing key."""
    if tree is None:
        return None
    keys = {}
    if depth > 0:
        keys = dict((name, read_tree(child, depth - 1)) for name, child in tree.get("keys", {}).items())
    return {"keys": keys, "values": dict((name, dict(value)) for name, value in tree.get("values", {}).items())}
