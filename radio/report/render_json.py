"""The report as JSON: every figure, keys in English, times ISO 8601 with offset."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from radio.report.figures import Report
from radio.report.narrative import Narrative


def render_json(report: Report, story: Narrative | None = None) -> str:
    document = {"format": 1, "empty": report.empty, **plain(report),
                "narrative": plain(story) if story else None}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def plain(value: Any) -> Any:
    """Dataclasses, tuples, times, durations and zones → JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, ZoneInfo):
        return value.key
    return value
