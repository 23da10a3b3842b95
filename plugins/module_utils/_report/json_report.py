# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report as JSON for pipelines: the fleet model as it is, described by
docs/report-schema.json (JSON Schema draft 2020-12) and docs/report.md."""

from __future__ import annotations

import json

SCHEMA_ID = "urn:officeops:outlook_auth:report-schema:1"


def render_json(model):
    """The model as JSON text; ``$schema`` names the schema the document follows."""
    document = {"$schema": SCHEMA_ID}
    document.update(model)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
