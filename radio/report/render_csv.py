"""The report as one CSV table in long form: one figure per row, ready for a spreadsheet pivot.

Written for the office's spreadsheet: a UTF-8 byte-order mark first (without it Excel reads the
Vietnamese as Windows-1252 and garbles it), Vietnamese headers, section and indicator names, and
Vietnamese values ("có"/"không", "trong khung", times dd/mm/yyyy HH:MM). Numbers keep a decimal
point so that every spreadsheet reads them as numbers; months stay 2024-05 so they sort. Machines
read the JSON report (English keys), not this.

Columns: Phần, Tháng, Mã đài, Tên đài, Mã nội dung, Chỉ số, Giá trị. Sections: see SECTIONS (with the units'
rows when a month was built per unit: Mã đài and Tên đài then hold the unit's key and name).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from radio.report import wording as w
from radio.report.figures import Report
from radio.report.narrative import Narrative
from radio.report.render_json import plain

BOM = "\ufeff"
COLUMNS = ("Phần", "Tháng", "Mã đài", "Tên đài", "Mã nội dung", "Chỉ số", "Giá trị")
SECTIONS = {
    "totals": "Tổng hợp",
    "episode": "Chương trình",
    "month_status": "Tình trạng tháng",
    "topic_month": "Nội dung theo tháng",
    "topic": "Nội dung",
    "station_month": "Đài theo tháng",
    "station": "Đài",
    "month_total": "Toàn địa bàn theo tháng",
    "unit": "Đơn vị (chương trình riêng)",
}
METRICS = {
    "programmes": "Số chương trình đã sản xuất",
    "programme_minutes": "Tổng thời lượng chương trình (phút)",
    "programmes_in_window": "Số chương trình đạt khung thời lượng",
    "stations": "Số đài",
    "stations_aired": "Số đài đã phát",
    "stations_stale": "Số đài quá hạn đồng bộ",
    "stations_never_synced": "Số đài chưa đồng bộ lần nào",
    "scheduled": "Lượt phát theo lịch",
    "aired": "Lượt đã phát",
    "on_time": "Lượt phát đúng giờ",
    "missed": "Lượt bị lỡ",
    "upcoming": "Lượt sắp phát",
    "broadcast_minutes": "Tổng thời lượng phát sóng (phút)",
    "topics_covered": "Số nhóm nội dung đã đề cập",
    "topics_total": "Tổng số nhóm nội dung",
    "duration_s": "Thời lượng (giây)",
    "predicted_s": "Thời lượng dự kiến (giây)",
    "predicted_error_s": "Chênh lệch so với dự kiến (giây)",
    "window": "So với khung thời lượng",
    "loudness_lufs": "Độ to (LUFS)",
    "loudness_delta_lu": "Lệch độ to (LU)",
    "loudness_ok": "Độ to đạt",
    "true_peak_dbtp": "Đỉnh (dBTP)",
    "true_peak_ok": "Đỉnh đạt",
    "status": "Tình trạng",
    "minutes": "Số phút",
    "total_minutes": "Tổng số phút",
    "covered": "Đã đề cập",
    "pulled": "Đã nhận tệp chương trình",
    "months_pulled": "Số tháng đã nhận tệp",
    "last_synced": "Đồng bộ lần cuối",
    "days_since_sync": "Số ngày từ lần đồng bộ cuối",
    "stale": "Quá hạn đồng bộ",
    "never_synced": "Chưa đồng bộ lần nào",
    "programme": "Có chương trình",
    "stations_pulled": "Số đài đã nhận tệp",
}
WORDS = {"ok": "trong khung", "short": "ngắn", "long": "dài",
         "built": "đã sản xuất", "missing": "chưa sản xuất", "left": "chưa đến hạn"}


def render_csv(report: Report, story: Narrative | None = None) -> str:
    """`story` is accepted for a uniform renderer signature; prose has no place in a CSV."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")  # Excel's own line ending
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
        yield _row("month_status", month, "", "", "", "status", status)
    for topic in report.topics:
        for month, minutes in zip(report.months, topic.minutes, strict=True):
            yield _row("topic_month", month, "", "", topic.topic_id, "minutes", minutes)
        yield _row("topic", "", "", "", topic.topic_id, "total_minutes", topic.total_minutes)
        yield _row("topic", "", "", "", topic.topic_id, "covered", topic.covered)
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
            yield _row(section, month, station, name, "", field.name, getattr(figures, field.name))


def _row(section: str, month: str, station: str, name: str, topic: object, metric: str,
         value: Any) -> tuple[Any, ...]:
    return (SECTIONS[section], month, station, name, topic, METRICS[metric], _value(value))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if value is None:
        return ""
    if isinstance(value, datetime):
        return w.moment(value)
    if isinstance(value, str):
        return WORDS.get(value, value)
    return str(plain(value))
