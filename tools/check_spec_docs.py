"""Check each Windows module's option spec against its documentation, and each wrapper
against its contract.

validate-modules (ansible-test sanity, with pwsh) compares each .ps1 spec with its docs too;
this also runs without pwsh, and checks what validate-modules cannot:

- the ``$spec`` of plugins/modules/NAME.ps1 (read statically with tree-sitter-pwsh) and the
  ``ARGUMENT_SPEC`` of plugins/action/NAME.py must both equal the options documented in
  plugins/modules/NAME.py (doc fragments merged): names, type, elements, choices, default,
  required, aliases, suboptions. Options starting with ``_`` are the action-to-wrapper
  protocol: they must be the known protocol options, documented (validate-modules wants
  every spec option in the docs; the doc fragment wrapper_protocol says they are internal)
  and absent from the action plugin's ARGUMENT_SPEC, so a task cannot set them;
- ``supports_check_mode`` must be declared;
- every wrapper that speaks the protocol has a contract and a lab twin, emits every output
  key its contract names, and dispatches every op its contract names.

Usage: python -m tools.check_spec_docs [--root DIR]
"""

from __future__ import annotations

import argparse
import ast
import importlib
import pathlib
import re
import sys

import yaml

from tools.collection import ensure_importable, resolve_util
from tools.pwsh_ast import LiteralError, find_assignment, hash_keys, literal, parse, switch_labels

PACKAGE = "ansible_collections.officeops.outlook_auth"
_REQUIRES_POWERSHELL = re.compile(r"^#\s*AnsibleRequires\s+-PowerShell\s+(\S+)", re.MULTILINE | re.IGNORECASE)


def emitted_keys(root: pathlib.Path, ps1: pathlib.Path) -> set[str]:
    """Hashtable keys a wrapper can emit: its own and those of the collection's PowerShell
    utilities it requires (transitively); ansible-core's utilities emit nothing of ours."""
    keys, seen, pending = set(), set(), [ps1]
    while pending:
        current = pending.pop()
        if current in seen or not current.is_file():
            continue
        seen.add(current)
        source = current.read_text(encoding="utf-8-sig")
        keys |= hash_keys(parse(source.encode("utf-8")))
        for name in _REQUIRES_POWERSHELL.findall(source):
            if not name.startswith("Ansible."):
                pending.append(resolve_util(name, current, root, ".psm1"))
    return keys


def python_constant(path: pathlib.Path, name: str):
    """The value of a top-level string constant assignment in a Python file, or None."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def fragment_options(root: pathlib.Path, reference: str) -> dict:
    """Options of a doc fragment named ``officeops.outlook_auth.NAME[.SECTION]``."""
    prefix = "officeops.outlook_auth."
    if not reference.startswith(prefix):
        raise ValueError("doc fragment %s is not from this collection; cannot read it offline" % reference)
    name, _, section = reference[len(prefix):].partition(".")
    tree = ast.parse((root / "plugins" / "doc_fragments" / (name + ".py")).read_text(encoding="utf-8"))
    wanted = (section or "DOCUMENTATION").upper()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == wanted for t in node.targets):
            return (yaml.safe_load(ast.literal_eval(node.value)) or {}).get("options", {})
    raise ValueError("doc fragment %s has no %s" % (reference, wanted))


def documented_options(root: pathlib.Path, doc_path: pathlib.Path) -> dict:
    text = python_constant(doc_path, "DOCUMENTATION")
    if text is None:
        raise ValueError("%s: no DOCUMENTATION" % doc_path)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError("%s: DOCUMENTATION is not valid YAML: %s" % (doc_path, str(exc).replace("\n", " ")))
    options = dict(doc.get("options") or {})
    fragments = doc.get("extends_documentation_fragment") or []
    for reference in [fragments] if isinstance(fragments, str) else fragments:
        for name, option in fragment_options(root, reference).items():
            options.setdefault(name, option)
    return options


def _normalise(options: dict, nested_key: str) -> dict:
    """One shape for spec and docs options, so they compare with ==."""
    result = {}
    for name, option in (options or {}).items():
        option = option or {}
        default = option.get("default")
        result[name] = {
            "type": option.get("type", "str"),
            "elements": option.get("elements"),
            "choices": sorted(map(str, option["choices"])) if option.get("choices") is not None else None,
            "default": default,
            "required": bool(option.get("required", False)),
            "aliases": sorted(option.get("aliases") or []),
            "suboptions": _normalise(option.get(nested_key), nested_key) if option.get(nested_key) else None,
        }
    return result


def compare(spec_options: dict, spec_nested: str, doc_options: dict, label: str) -> list[str]:
    spec = _normalise(spec_options, spec_nested)
    docs = _normalise(doc_options, "suboptions")
    problems = []
    for name in sorted(set(spec) | set(docs)):
        if name not in docs:
            problems.append("%s: option '%s' is in the spec but not documented" % (label, name))
        elif name not in spec:
            problems.append("%s: option '%s' is documented but not in the spec" % (label, name))
        else:
            for field in spec[name]:
                if spec[name][field] != docs[name][field]:
                    problems.append("%s: option '%s' %s differs: spec %r, docs %r"
                                    % (label, name, field, spec[name][field], docs[name][field]))
    return problems


def check_module(root: pathlib.Path, ps1: pathlib.Path, protocol: tuple) -> tuple[list[str], dict]:
    label = ps1.relative_to(root).as_posix()
    doc_path = ps1.with_suffix(".py")
    if not doc_path.exists():
        return ["%s: no %s with its DOCUMENTATION" % (label, doc_path.name)], {}
    tree = parse(ps1.read_bytes())
    node = find_assignment(tree, "$spec")
    if node is None:
        return ["%s: no literal $spec assignment found" % label], {}
    try:
        spec = literal(node)
    except LiteralError as exc:
        return ["%s: $spec must be a literal: %s" % (label, exc)], {}
    problems = []
    if spec.get("supports_check_mode") is not True:
        problems.append("%s: $spec does not declare supports_check_mode = $true" % label)
    options = spec.get("options") or {}
    wire = {name: option for name, option in options.items() if name.startswith("_")}
    for name in wire:
        if name not in protocol:
            problems.append("%s: option '%s' starts with '_' but is not a protocol option (%s)"
                            % (label, name, ", ".join(protocol)))
    try:
        docs = documented_options(root, doc_path)
    except ValueError as exc:
        return problems + [str(exc)], spec
    problems.extend(compare(options, "options", docs, label))
    docs = {name: option for name, option in docs.items() if not name.startswith("_")}
    action = root / "plugins" / "action" / ps1.with_suffix(".py").name
    if action.exists():
        module = importlib.import_module("%s.plugins.action.%s" % (PACKAGE, ps1.stem))
        if not hasattr(module, "ARGUMENT_SPEC"):
            problems.append("%s: no ARGUMENT_SPEC to validate the task's options" % action.relative_to(root))
        else:
            problems.extend(compare(module.ARGUMENT_SPEC, "options", docs, action.relative_to(root).as_posix()))
    return problems, spec


def check_contract(root: pathlib.Path, ps1: pathlib.Path, spec: dict, contracts: dict, key_names) -> list[str]:
    label = ps1.relative_to(root).as_posix()
    options = spec.get("options") or {}
    if "_phase" not in options:
        return []
    contract = contracts.get(ps1.stem)
    if contract is None:
        return ["%s: speaks the wrapper protocol but has no contract in _contract/wrappers.py" % label]
    problems = []
    twin = root / "plugins" / "plugin_utils" / "_lab" / "twins" / (ps1.stem + ".py")
    if not twin.exists():
        problems.append("%s: no lab twin at %s" % (label, twin.relative_to(root)))
    source = ps1.read_text(encoding="utf-8-sig")
    emitted = emitted_keys(root, ps1)
    for section in ("probe", "apply"):
        for name in sorted(key_names(contract.get(section) or {}) - emitted):
            problems.append("%s: never emits '%s', which its contract's %s output names" % (label, name, section))
    phases = sorted(options["_phase"].get("choices") or [])
    expected = ["apply", "probe"] if contract["ops"] else ["probe"]
    if phases != expected:
        problems.append("%s: _phase choices %s, the contract needs %s" % (label, phases, expected))
    if contract["ops"]:
        if "_ops" not in options:
            problems.append("%s: the contract names ops but the spec has no _ops option" % label)
        for op in sorted(set(contract["ops"]) - switch_labels(source)):
            problems.append("%s: does not dispatch op '%s' named by its contract" % (label, op))
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path.cwd())
    options = parser.parse_args(argv)
    root = options.root.resolve()
    ensure_importable(root)
    wrappers = importlib.import_module(PACKAGE + ".plugins.module_utils._contract.wrappers")
    schema = importlib.import_module(PACKAGE + ".plugins.module_utils._contract.schema")
    modules = sorted((root / "plugins" / "modules").glob("*.ps1"))
    problems = []
    seen = set()
    for ps1 in modules:
        found, spec = check_module(root, ps1, wrappers.PROTOCOL_OPTIONS)
        problems.extend(found)
        problems.extend(check_contract(root, ps1, spec, wrappers.CONTRACTS, schema.key_names))
        seen.add(ps1.stem)
    for name in sorted(set(wrappers.CONTRACTS) - seen):
        problems.append("contract '%s' has no plugins/modules/%s.ps1" % (name, name))
    for problem in problems:
        print(problem)
    print("spec-vs-docs: %d module(s), %d problem(s)" % (len(modules), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
