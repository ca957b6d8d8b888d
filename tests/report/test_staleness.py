"""What a reader of the report tripped on: never-synced stations, old years, emergencies, the charts."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from radio.core.month import Month
from radio.report.charts import _ink, duration_chart, station_label
from radio.report.data import EmergencyFact, ReportData, SyncFact
from radio.report.figures import Policy, build_report
from radio.report.tables import sections

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = UTC
POLICY = Policy(min_s=600, max_s=900, target_lufs=-16, tolerance_lu=1, true_peak_max_dbtp=-1, tz=TZ)
YEAR = tuple(Month(2024, m) for m in range(1, 13))


def year_data(
    as_of: datetime, syncs: tuple[SyncFact, ...] = (), emergencies: tuple[EmergencyFact, ...] = ()
) -> ReportData:
    return ReportData(YEAR, as_of, (), (), (), (), (), syncs, (), emergencies)


def test_a_station_that_never_synced_is_said_so_not_stale() -> None:
    report = build_report("2024", year_data(datetime(2024, 6, 1, tzinfo=UTC)), [("st-01", "Phổ An")], POLICY)
    station = report.stations[0]
    assert station.never_synced and not station.stale
    assert report.totals.stations_stale == 0 and report.totals.stations_never_synced == 1
    table = next(s for s in sections(report) if s.key == "stations")
    assert table.rows[0][-2:] == ("chưa đồng bộ lần nào", "")


def test_a_past_year_is_judged_at_its_end_not_at_today() -> None:
    late_december = SyncFact("st-01", 7, datetime(2024, 12, 29, 3, 0, tzinfo=UTC))
    in_2026 = build_report(
        "2024",
        year_data(datetime(2026, 12, 1, tzinfo=UTC), (late_december,)),
        [("st-01", "Phổ An"), ("st-02", "Phổ Phong")],
        POLICY,
    )
    assert not in_2026.stations[0].stale and in_2026.stations[0].days_since_sync < 3
    summer = SyncFact("st-02", 3, datetime(2024, 7, 1, tzinfo=UTC))
    report = build_report(
        "2024",
        year_data(datetime(2026, 12, 1, tzinfo=UTC), (late_december, summer)),
        [("st-01", "Phổ An"), ("st-02", "Phổ Phong")],
        POLICY,
    )
    assert [s.stale for s in report.stations] == [False, True]  # silent since July: still flagged


def test_emergencies_have_their_own_table() -> None:
    sent = EmergencyFact(
        "emergency-1",
        "Bão số 4",
        "emergency",
        datetime(2024, 9, 5, 1, 0, tzinfo=UTC),
        datetime(2024, 9, 6, 1, 0, tzinfo=UTC),
        16,
        12,
    )
    other_year = EmergencyFact(
        "emergency-2",
        "Cũ",
        "priority",
        datetime(2023, 9, 5, tzinfo=UTC),
        datetime(2023, 9, 6, tzinfo=UTC),
        3,
        0,
    )
    report = build_report(
        "2024",
        year_data(datetime(2024, 12, 31, tzinfo=UTC), emergencies=(sent, other_year)),
        [("st-01", "Phổ An")],
        POLICY,
    )
    table = next(s for s in sections(report) if s.key == "emergencies")
    assert table.rows == (("Bão số 4", "khẩn cấp", "08:00 05/09/2024", "08:00 06/09/2024", "16", "12"),)


def test_the_duration_legend_shows_both_bar_colours_and_labels_stay_readable() -> None:
    report = build_report("2024", year_data(datetime(2024, 12, 31, tzinfo=UTC)), [], POLICY)
    svg = duration_chart(report)
    fills = set(re.findall(r"fill: ?(#[0-9a-f]{6})", svg))
    assert {"#2e7d32", "#c62828"} <= fills  # legend swatches even when no bar has that colour
    assert _ink((0.0, 0.27, 0.11, 1.0)) == "white" and _ink((0.9, 0.96, 0.88, 1.0)) == "black"


def test_station_labels_keep_the_part_that_tells_them_apart() -> None:
    assert station_label("Đài truyền thanh phường Nguyễn Nghiêm") == "phường Nguyễn Nghiêm"
    assert station_label("Đài Truyền thanh thị xã Đức Phổ") == "thị xã Đức Phổ"
    assert station_label("Trạm phát thanh của một khu dân cư rất dài tên ở xa").endswith("…")
