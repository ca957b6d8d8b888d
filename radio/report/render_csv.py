"""The report as one CSV table in long form: one figure per row, ready for a spreadsheet pivot.

Columns: section, month, station_id, station_name, topic_id, metric, value. Sections: totals,
episode, month_status (built | missing | left), topic_month, topic, station_month, station,
month_total, and unit (a period with a month built per unit; station_id and station_name then hold
the unit's key and name). Booleans are 'true'/'false', times ISO 8601 with offset, empty cells mean "not this key".
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from typing import Any

from radio.report.figures import Report
from radio.report.narrative import Narrative
from radio.report.render_json import plain

COLUMNS = ("section", "month", "station_id", "station_name", "topic_id", "metric", "value")


def render_csv(report: Report, story: Narrative | None = None) -> str:
    """`story` is accepted for a uniform renderer signature; prose has no place in a CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_rows(report))
    return buffer.getvalue()


def _rows(report: Report) -> Iterator[tuple[Any, ...]]:
    names = {s.station_id: s.name for s in report.stations}
    yield from _figures("totals", report.totals, ())
    for episode in report.episodes:
        yield from _figures("episode", episode, ("month", "title"), month=episode.month)
    for month in report.months:
        status = "missing" if month in report.missing_months else "left" if month in report.months_left else "built"
        yield ("month_status", month, "", "", "", "status", status)
    for topic in report.topics:
        for month, minutes in zip(report.months, topic.minutes, strict=True):
            yield ("topic_month", month, "", "", topic.topic_id, "minutes", _value(minutes))
        yield ("topic", "", "", "", topic.topic_id, "total_minutes", _value(topic.total_minutes))
        yield ("topic", "", "", "", topic.topic_id, "covered", _value(topic.covered))
    for cell in report.cells:
        # `seconds` is the unrounded `minutes`, kept for summing: one figure, one row.
        yield from _figures("station_month", cell, ("station_id", "month", "seconds"), month=cell.month,
                            station=cell.station_id, name=names[cell.station_id])
    for station in report.stations:
        yield from _figures("station", station, ("station_id", "name"), station=station.station_id,
                            name=station.name)
    for total in report.month_totals:
        yield from _figures("month_total", total, ("month",), month=total.month)
    for unit in report.units:
        yield from _figures("unit", unit, ("unit", "name"), station=unit.unit, name=unit.name)


def _figures(section: str, figures: Any, keys: tuple[str, ...], month: str = "", station: str = "",
             name: str = "") -> Iterator[tuple[Any, ...]]:
    for field in dataclasses.fields(figures):
        if field.name not in keys:
            yield (section, month, station, name, "", field.name, _value(getattr(figures, field.name)))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(plain(value))
