"""PowerShell syntax trees from tree-sitter-pwsh, and evaluation of literal hashtables.

Shared by the parse check and the spec-vs-docs check, so both read PowerShell the same way.
"""

from __future__ import annotations

import re

import tree_sitter
import tree_sitter_pwsh

_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_pwsh.language()))


class LiteralError(ValueError):
    """An expression that is not a plain literal (the spec must be readable statically)."""


def parse(source: bytes) -> tree_sitter.Tree:
    return _PARSER.parse(source)


def error_lines(tree: tree_sitter.Tree) -> list[int]:
    """1-based line numbers of ERROR or MISSING nodes, for a readable report."""
    lines = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            lines.append(node.start_point[0] + 1)
        elif node.has_error:
            stack.extend(node.children)
    return sorted(set(lines))


def walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.named_children))


def _text(node) -> str:
    return node.text.decode("utf-8")


def _string_value(node) -> str:
    raw = _text(node)
    if raw.startswith("'") and raw.endswith("'"):
        return raw[1:-1].replace("''", "'")
    if raw.startswith('"') and raw.endswith('"'):
        inner = raw[1:-1]
        if "$" in inner or "`" in inner:
            raise LiteralError("line %d: expandable string %s is not a literal" % (node.start_point[0] + 1, raw))
        return inner
    raise LiteralError("line %d: unsupported string %s" % (node.start_point[0] + 1, raw))


def _unwrap(node):
    """Skip the grammar's single-child wrappers (pipeline, pipeline_chain, unary_expression)."""
    while node.type in ("pipeline", "pipeline_chain", "unary_expression", "statement_list", "assignment_value", "key_expression",
                        "parenthesized_expression") and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def literal(node):
    """Evaluate a literal PowerShell expression node to Python (dict, list, str, int, bool, None)."""
    node = _unwrap(node)
    kind = node.type
    if kind == "hash_literal_expression":
        result = {}
        body = node.named_children[0] if node.named_children else None
        for entry in body.named_children if body is not None else []:
            if entry.type != "hash_entry":
                continue
            key_node, value_node = entry.named_children[0], entry.named_children[-1]
            key = _unwrap(key_node)
            key_text = _string_value(key) if key.type == "string_literal" else _text(key)
            result[key_text] = literal(value_node)
        return result
    if kind == "string_literal":
        return _string_value(node)
    if kind == "integer_literal":
        return int(_text(node), 0)
    if kind == "variable":
        name = _text(node).lower()
        constants = {"$true": True, "$false": False, "$null": None}
        if name in constants:
            return constants[name]
        raise LiteralError("line %d: variable %s is not a literal" % (node.start_point[0] + 1, _text(node)))
    if kind == "expression_with_unary_operator" and _text(node).startswith("-"):
        return -literal(node.named_children[0])
    if kind == "array_expression":
        if not node.named_children:
            return []
        inner = literal(node.named_children[0])
        return inner if isinstance(inner, list) else [inner]
    if kind == "array_literal_expression":
        return [literal(child) for child in node.named_children]
    raise LiteralError("line %d: %s is not a literal (%s)" % (node.start_point[0] + 1, _text(node)[:60], kind))


def find_assignment(tree: tree_sitter.Tree, variable: str):
    """The value node of the first top-level ``$variable = ...`` assignment, or None."""
    wanted = variable.lower()
    for node in walk(tree.root_node):
        if node.type != "assignment_expression":
            continue
        target = _unwrap(node.named_children[0].named_children[0]) if node.named_children[0].named_children else None
        if target is not None and target.type == "variable" and _text(target).lower() == wanted:
            return node.named_children[-1]
    return None


def hash_keys(tree: tree_sitter.Tree) -> set[str]:
    """Every literal hashtable key in the file: the names a wrapper can emit."""
    keys = set()
    for node in walk(tree.root_node):
        if node.type == "hash_entry":
            key = _unwrap(node.named_children[0])
            keys.add(_string_value(key) if key.type == "string_literal" else _text(key))
    return keys


_SWITCH_LABEL = re.compile(r"^\s*'([A-Za-z0-9_]+)'\s*\{", re.MULTILINE)


def switch_labels(source: str) -> set[str]:
    """Quoted switch clause labels (``'op_name' {``): how a wrapper dispatches its ops."""
    return set(_SWITCH_LABEL.findall(source))
