# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files and folders under a user's profile, keyed by profile-relative Windows paths."""

from __future__ import annotations

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.faults import is_locked


class FileLockedError(Exception):
    """ERROR_SHARING_VIOLATION: another process has the file open."""


def _norm(path):
    return path.replace("/", "\\").strip("\\")


def children(user, folder):
    """Entries directly or indirectly under ``folder`` (not the folder itself), sorted."""
    prefix = _norm(folder).casefold() + "\\"
    return sorted(path for path in user.get("files", {}) if path.casefold().startswith(prefix))


def exists(user, path):
    folded = _norm(path).casefold()
    return any(stored.casefold() == folded for stored in user.get("files", {}))


def move_tree(state, user, source, destination):
    """Move a file or folder with its contents, all or nothing (a locked entry moves none).

    Returns the number of entries moved.
    """
    source, destination = _norm(source), _norm(destination)
    files = user.setdefault("files", {})
    moving = [path for path in files if path.casefold() == source.casefold()] + children(user, source)
    for path in moving:
        if is_locked(state, path):
            raise FileLockedError("The process cannot access the file because it is being used by another process: %s" % path)
    for path in moving:
        files[destination + path[len(source):]] = files.pop(path)
    return len(moving)
