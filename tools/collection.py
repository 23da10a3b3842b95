"""Make this checkout importable as ansible_collections.officeops.outlook_auth."""

from __future__ import annotations

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def ensure_importable(root: pathlib.Path = ROOT) -> pathlib.Path:
    """Link <root>/.collections/ansible_collections/officeops/outlook_auth to root and put
    .collections on sys.path; returns the .collections directory."""
    base = root / ".collections"
    link = base / "ansible_collections" / "officeops" / "outlook_auth"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(os.path.relpath(root, link.parent), link)
    if str(base) not in sys.path:
        sys.path.insert(0, str(base))
    return base


COLLECTION_PREFIX = "ansible_collections.officeops.outlook_auth."


def resolve_util(name: str, here: pathlib.Path, root: pathlib.Path, suffix: str) -> pathlib.Path:
    """The file an ``#AnsibleRequires -CSharpUtil / -PowerShell NAME`` in ``here`` names.

    Ansible.* comes from ansible-core; ``ansible_collections.officeops.outlook_auth.X`` and
    relative names (one dot: the requiring file's package, each further dot one package up,
    as in ``..module_utils._X`` from plugins/modules) from this collection.
    """
    if name.startswith("Ansible."):
        import ansible.module_utils

        folder = "csharp" if suffix == ".cs" else "powershell"
        return pathlib.Path(ansible.module_utils.__file__).parent / folder / (name + suffix)
    if name.startswith("."):
        depth = len(name) - len(name.lstrip("."))
        base = here.parent
        for _level in range(depth - 1):
            base = base.parent
        return base.joinpath(*name.lstrip(".").split(".")).with_suffix(suffix)
    if name.startswith(COLLECTION_PREFIX):
        return root.joinpath(*name[len(COLLECTION_PREFIX):].split(".")).with_suffix(suffix)
    raise ValueError("%s: cannot resolve %s" % (here, name))
