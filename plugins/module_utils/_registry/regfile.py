# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registry trees to and from ``.reg`` files (Registry Editor version 5.00).

A backup taken before a destructive reset is a ``.reg`` file the user (or a help-desk
technician) can double-click to restore. The tree format is the one the wrappers return and
the lab stores: ``{"keys": {name: tree}, "values": {name: {"type": T, "data": D}}}``.
Data forms: REG_SZ / REG_EXPAND_SZ strings, REG_DWORD / REG_QWORD unsigned ints,
REG_MULTI_SZ lists of strings, REG_BINARY hex strings. The empty value name is the key's
default value (``@``).
"""

from __future__ import annotations

import hashlib
import re
import struct

HEADER = "Windows Registry Editor Version 5.00"
# regedit's own export encoding; a file written this way imports on any Windows.
ENCODING = "utf-16"

_HEX_TYPES = {"REG_EXPAND_SZ": "hex(2)", "REG_MULTI_SZ": "hex(7)", "REG_QWORD": "hex(b)", "REG_BINARY": "hex"}
_TYPES_BY_HEX = dict((tag, kind) for kind, tag in _HEX_TYPES.items())
_TYPES_BY_HEX["hex(1)"] = "REG_SZ"


class RegFileError(ValueError):
    """A .reg text this module cannot read; the message names the line."""


def _quote(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def _hex(data):
    return ",".join("%02x" % byte for byte in data)


def _value_line(name, value):
    label = "@" if name == "" else _quote(name)
    kind, data = value["type"], value["data"]
    if kind == "REG_SZ" and any(char in data for char in "\r\n\0"):
        # A quoted string cannot span lines; regedit reads REG_SZ as hex(1) too.
        return "%s=hex(1):%s" % (label, _hex((data + "\0").encode("utf-16-le")))
    if kind == "REG_SZ":
        return "%s=%s" % (label, _quote(data))
    if kind == "REG_DWORD":
        return "%s=dword:%08x" % (label, data)
    if kind == "REG_QWORD":
        raw = struct.pack("<Q", data)
    elif kind == "REG_EXPAND_SZ":
        raw = (data + "\0").encode("utf-16-le")
    elif kind == "REG_MULTI_SZ":
        raw = "".join(item + "\0" for item in data).encode("utf-16-le") + b"\0\0"
    elif kind == "REG_BINARY":
        raw = bytes.fromhex(data)
    else:
        raise ValueError("cannot export a value of type %s" % kind)
    return "%s=%s:%s" % (label, _HEX_TYPES[kind], _hex(raw))


def _check_name(kind, name, where):
    if any(char in name for char in "\r\n\0") or (kind == "key" and "]" in name):
        raise RegFileError("%s name %r under %s cannot be written to a .reg file safely" % (kind, name, where))


def export(tree, root):
    """The .reg text of ``tree`` placed at ``root`` (e.g. ``HKEY_CURRENT_USER\\Software\\...``).

    Refuses (RegFileError) key or value names a .reg line cannot hold safely: line breaks
    or NUL anywhere, ``]`` in a key name; a crafted name could otherwise add a section of
    its own to the file a technician will import.
    """
    lines = [HEADER, ""]
    stack = [(root, tree)]
    while stack:
        path, node = stack.pop(0)
        lines.append("[%s]" % path)
        for name in sorted(node.get("values", {}), key=lambda n: (n != "", n.lower())):
            _check_name("value", name, path)
            lines.append(_value_line(name, node["values"][name]))
        for name in node.get("keys", {}):
            _check_name("key", name, path)
        lines.append("")
        children = [("%s\\%s" % (path, name), node["keys"][name]) for name in sorted(node.get("keys", {}), key=str.lower)]
        stack[0:0] = children
    return "\r\n".join(lines) + "\r\n"


def _unquote(text, line_number):
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"'):
        raise RegFileError("line %d: expected a quoted string, got %s" % (line_number, text))
    out, index, body = [], 0, text[1:-1]
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            out.append(body[index + 1])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


_VALUE = re.compile(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$')


def _parse_data(raw, line_number):
    if raw.startswith('"'):
        return {"type": "REG_SZ", "data": _unquote(raw, line_number)}
    if raw.startswith("dword:"):
        return {"type": "REG_DWORD", "data": int(raw[6:], 16)}
    tag, _sep, hexdata = raw.partition(":")
    if tag not in _TYPES_BY_HEX:
        raise RegFileError("line %d: unsupported value data %s" % (line_number, raw[:40]))
    data = bytes(int(part, 16) for part in hexdata.split(",") if part.strip()) if hexdata.strip() else b""
    kind = _TYPES_BY_HEX[tag]
    if tag == "hex(1)":
        return {"type": "REG_SZ", "data": data.decode("utf-16-le")[:-1] if data.endswith(b"\0\0") else data.decode("utf-16-le")}
    if kind == "REG_QWORD":
        return {"type": kind, "data": struct.unpack("<Q", data)[0]}
    if kind == "REG_EXPAND_SZ":
        return {"type": kind, "data": data.decode("utf-16-le").rstrip("\0")}
    if kind == "REG_MULTI_SZ":
        items = data.decode("utf-16-le").split("\0")
        while items and items[-1] == "":
            items.pop()
        return {"type": kind, "data": items}
    return {"type": kind, "data": data.hex()}


def parse(text):
    """``{key path: {"values": {...}}}`` for every key section of a .reg text, in order.

    Handles regedit's continuation lines (a trailing backslash) and comments; a value line
    outside a section, or data it cannot read, raises RegFileError naming the line.
    """
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != HEADER:
        raise RegFileError("line 1: not a Registry Editor 5.00 file")
    sections, current, pending, start = {}, None, "", 0
    for number, line in enumerate(lines[1:], start=2):
        if pending:
            line = pending + line.lstrip()
        else:
            start = number
        if line.endswith("\\") and not line.startswith("["):
            pending = line[:-1]
            continue
        pending = ""
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1], {"values": {}})
            continue
        match = _VALUE.match(stripped)
        if not match or current is None:
            raise RegFileError("line %d: expected a [key] or a \"name\"=data line, got %s" % (start, stripped[:60]))
        name = "" if match.group(1) == "@" else _unquote(match.group(1), start)
        current["values"][name] = _parse_data(match.group(2), start)
    return sections


def _escape(text):
    """Fields of a fingerprint line: backslash, TAB, CR, LF and NUL escaped, so no content
    can forge another line or field."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r")
            .replace("\n", "\\n").replace("\0", "\\0"))


def _data_text(value):
    kind, data = value["type"], value["data"]
    if kind in ("REG_DWORD", "REG_QWORD"):
        return str(data)
    if kind == "REG_MULTI_SZ":
        # The item count first: [] and [""] must differ.
        return "%d:%s" % (len(data), "\0".join(data))
    return data


def fingerprint(tree):
    """SHA-256 (hex) of a key tree's content, the same way Get-OfficeopsRegistryFingerprint
    (_RegistryTree.psm1) computes it on Windows, so a wrapper can refuse to delete a key that
    changed since the backup was made from it.

    One line per key (its path below the root, "" for the root) and per value
    (path TAB name TAB type TAB data; DWORD / QWORD in decimal, MULTI_SZ as its item count,
    ":" and the items joined with NUL, BINARY in lower-case hex), each field with backslash,
    TAB, CR, LF and NUL escaped as \\\\, \\t, \\r, \\n, \\0; sorted by their lower-cased text,
    joined with LF, UTF-8.
    """
    lines = []
    stack = [("", tree or {})]
    while stack:
        path, node = stack.pop()
        lines.append(_escape(path))
        for name, value in node.get("values", {}).items():
            lines.append("\t".join((_escape(path), _escape(name), value["type"], _escape(_data_text(value)))))
        for name, child in node.get("keys", {}).items():
            stack.append((name if not path else path + "\\" + name, child))
    lines.sort(key=lambda line: (line.lower(), line))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def backup_then_delete(sid, path, tree, backup):
    """The two ops that remove a key of a user's hive safely: write ``tree`` as a .reg file
    at the profile-relative ``backup``, then delete the key only if it still holds exactly
    ``tree`` (the wrapper compares fingerprints; else it refuses, and a rerun backs up
    afresh). Raises RegFileError when no safe backup can be written."""
    content = export(tree, "HKEY_CURRENT_USER\\" + path)
    return [{"op": "write_backup", "sid": sid, "path": backup, "content": content},
            {"op": "delete_key", "sid": sid, "path": path, "expect": fingerprint(tree)}]
