"""Make the checkout importable as ansible_collections.officeops.outlook_auth for the tests."""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.collection import ensure_importable  # noqa: E402

ensure_importable(ROOT)
