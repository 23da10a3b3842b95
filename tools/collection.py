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
