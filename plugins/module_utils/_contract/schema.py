# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small structural validator for the wrapper contracts and the lab state files.

Controller hosts should not need jsonschema just to talk to a wrapper, so the schemas
here are plain dicts:

- ``{"type": "str"}`` with type one of str, int, bool, float, dict, list, any;
- ``"nullable": True`` admits None;
- ``"choices": [...]`` restricts a scalar;
- dicts: ``"keys": {name: schema}``, ``"required": [names]`` (default: all keys),
  ``"extra": schema`` for free-form keys (default: no other key allowed);
- lists: ``"items": schema``;
- ``{"type": "custom", "check": fn}``: ``fn(value, path)`` returns the error list, for
  recursive shapes such as registry trees.

Errors name the JSON path of the offending value (``$.users[1].sid``).
"""

from __future__ import annotations

_TYPES = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "dict": (dict,),
    "list": (list,),
}


def _type_ok(value, type_name):
    if type_name == "any":
        return True
    if type_name in ("int", "float") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[type_name])


def validate(value, schema, path="$"):
    """Return a list of error strings; empty when ``value`` matches ``schema``."""
    if schema["type"] == "custom":
        return schema["check"](value, path)
    if value is None:
        if schema.get("nullable") or schema.get("type") == "any":
            return []
        return ["%s: expected %s, got null" % (path, schema["type"])]
    type_name = schema["type"]
    if not _type_ok(value, type_name):
        return ["%s: expected %s, got %s" % (path, type_name, type(value).__name__)]
    if "choices" in schema and value not in schema["choices"]:
        return ["%s: expected one of %s, got %r" % (path, ", ".join(map(str, schema["choices"])), value)]
    errors = []
    if type_name == "dict":
        keys = schema.get("keys", {})
        required = schema.get("required", list(keys))
        for name in required:
            if name not in value:
                errors.append("%s: missing required key '%s'" % (path, name))
        extra = schema.get("extra")
        for name, item in value.items():
            child = "%s.%s" % (path, name)
            if name in keys:
                errors.extend(validate(item, keys[name], child))
            elif extra is not None:
                errors.extend(validate(item, extra, child))
            else:
                errors.append("%s: unexpected key (allowed: %s)" % (child, ", ".join(sorted(keys)) or "none"))
    elif type_name == "list" and "items" in schema:
        for index, item in enumerate(value):
            errors.extend(validate(item, schema["items"], "%s[%d]" % (path, index)))
    return errors


def key_names(schema):
    """Every dict key a schema names, at any depth: what a wrapper must be able to emit."""
    names = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        for name, child in node.get("keys", {}).items():
            names.add(name)
            stack.append(child)
        for nested in ("items", "extra"):
            if isinstance(node.get(nested), dict):
                stack.append(node[nested])
    return names
