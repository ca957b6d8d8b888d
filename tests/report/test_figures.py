"""Every figure in the JSON and CSV reports against what the recorded year holds (see expected.py)."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from sqlalchemy import Engine

from radio.report import make_report
from radio.report.narrative import narrative
from radio.report.render_csv import BOM, COLUMNS, METRICS, SECTIONS, WORDS, render_csv
from radio.report.render_json import render_json
from radio.store.db import transaction
from radio.store.tables import PlayReportRow
from tests.report import expected as x
from tests.report.conftest import AS_OF, POLICY, STATIONS, local


@pytest.fixture
def year_report(year_db: Engine):  # type: ignore[no-untyped-def]
    return make_report(year_db, "2024", STATIONS, POLICY, AS_OF)


def test_json_holds_every_recorded_figure(year_report) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(render_json(year_report, narrative(year_report, "Trung tâm", "Chuyên mục")))
    assert (doc["period"], doc["kind"], doc["months"], doc["empty"]) == ("2024", "year", x.MONTHS, False)
    assert doc["as_of"] == "2024-05-20T12:00:00+07:00"
    assert doc["policy"] == {"min_s": 600, "max_s": 900, "target_lufs": -16.0, "tolerance_lu": 1.0,
                             "true_peak_max_dbtp": -1.0, "stale_days": 7, "match_tolerance": 1800.0,
                             "tz": "Asia/Ho_Chi_Minh", "area": "địa bàn", "areas": []}
    assert doc["totals"] == x.TOTALS

    assert {e["month"]: tuple(e[f] for f in x.EPISODE_FIELDS) for e in doc["episodes"]} == x.EPISODES
    assert [e["title"] for e in doc["episodes"]] == [f"Chuyên mục CCHC {m}" for m in x.EPISODES]
    assert doc["missing_months"] == [m for m, s in x.MONTH_STATUS.items() if s == "missing"]
    assert doc["months_left"] == [m for m, s in x.MONTH_STATUS.items() if s == "left"]

    assert [t["topic_id"] for t in doc["topics"]] == list(range(1, 12))
    for topic in doc["topics"]:
        tid = topic["topic_id"]
        assert topic["minutes"] == [x.topic_minutes(tid, m) for m in x.MONTHS]
        assert topic["total_minutes"] == x.TOPIC_TOTALS.get(tid, 0.0)
        assert topic["months"] == sorted(x.TOPIC_MINUTES.get(tid, {}))
        assert topic["title"].startswith(f"Nội dung {tid} ")
    assert doc["uncovered_topics"] == [2, 4, 7, 8, 9]

    assert [s["station_id"] for s in doc["stations"]] == x.STATION_ORDER
    assert {s["station_id"]: tuple(s[f] for f in x.STATION_FIELDS) for s in doc["stations"]} == x.STATIONS
    assert [(c["station_id"], c["month"]) for c in doc["cells"]] == \
        [(s, m) for s in x.STATION_ORDER for m in x.MONTHS]
    for c in doc["cells"]:
        assert {f: c[f] for f in x.CELL_FIELDS} == x.cell(c["station_id"], c["month"]), c
    assert [t["month"] for t in doc["month_totals"]] == x.MONTHS
    for t in doc["month_totals"]:
        assert {f: t[f] for f in x.MONTH_FIELDS} == x.month_total(t["month"]), t
    assert doc["narrative"]["paragraphs"] and doc["narrative"]["not_done"]


def test_csv_holds_every_recorded_figure_and_nothing_else(year_report) -> None:  # type: ignore[no-untyped-def]
    out = render_csv(year_report)
    assert out.startswith(BOM), "Excel reads Vietnamese right only after a UTF-8 byte-order mark"
    rows = list(csv.reader(io.StringIO(out[len(BOM):])))
    assert tuple(rows[0]) == COLUMNS == ("Phần", "Tháng", "Mã đài", "Tên đài", "Mã nội dung", "Chỉ số", "Giá trị")
    got = {tuple(r[:5]) + (r[5],): r[6] for r in rows[1:]}
    assert len(got) == len(rows) - 1, "one row per figure"

    def text(value: object) -> str:
        if isinstance(value, str) and value[:2] == "20" and "T" in value:  # a local time
            return f"{value[11:16]} {value[8:10]}/{value[5:7]}/{value[:4]}"
        if isinstance(value, str):
            return WORDS.get(value, value)
        return "có" if value is True else "không" if value is False else "" if value is None else str(value)

    want: dict[tuple[str, ...], str] = {}
    for metric, value in x.TOTALS.items():
        want["totals", "", "", "", "", metric] = text(value)
    for month, values in x.EPISODES.items():
        for field, value in zip(x.EPISODE_FIELDS, values, strict=True):
            want["episode", month, "", "", "", field] = text(value)
    for month, status in x.MONTH_STATUS.items():
        want["month_status", month, "", "", "", "status"] = text(status)
    for topic in range(1, 12):
        for month in x.MONTHS:
            want["topic_month", month, "", "", str(topic), "minutes"] = text(x.topic_minutes(topic, month))
        want["topic", "", "", "", str(topic), "total_minutes"] = text(x.TOPIC_TOTALS.get(topic, 0.0))
        want["topic", "", "", "", str(topic), "covered"] = text(topic in x.TOPIC_TOTALS)
    for station in x.STATION_ORDER:
        name = x.STATIONS[station][0]
        for month in x.MONTHS:
            for field, value in x.cell(station, month).items():
                want["station_month", month, station, name, "", field] = text(value)
        for field, value in zip(x.STATION_FIELDS[1:], x.STATIONS[station][1:], strict=True):
            want["station", "", station, name, "", field] = text(value)
    for month in x.MONTHS:
        for field, value in x.month_total(month).items():
            want["month_total", month, "", "", "", field] = text(value)
    assert got == {(SECTIONS[k[0]], *k[1:5], METRICS[k[5]]): v for k, v in want.items()}
    assert not {v for v in got.values() if v in ("true", "false", "ok", "built", "missing", "left")}


def test_a_month_report_covers_that_month_only(year_db: Engine) -> None:
    report = make_report(year_db, "2024-05", STATIONS, POLICY, AS_OF)
    assert (report.kind, report.months) == ("month", ("2024-05",))
    assert [(c.station_id, c.aired, c.on_time, c.missed, c.upcoming) for c in report.cells] == [
        ("st-00", 4, 3, 0, 1), ("st-01", 1, 0, 1, 1), ("st-02", 0, 0, 1, 1), ("st-03", 0, 0, 1, 1)]
    assert (report.totals.programmes, report.totals.topics_covered, report.uncovered_topics[:3]) == \
        (1, 2, (1, 2, 4))
    assert report.missing_months == () and report.months_left == ()


def test_reports_after_as_of_are_counted_once_that_time_has_come(year_db: Engine) -> None:
    later = AS_OF.replace(day=31)
    report = make_report(year_db, "2024-05", STATIONS, POLICY, later)
    st03 = next(c for c in report.cells if c.station_id == "st-03")
    # st-03 synced release 4 on 25 May and played the 23 May airing.
    assert (st03.pulled, st03.aired, st03.on_time, st03.missed, st03.upcoming) == (True, 1, 1, 1, 0)
    assert (report.totals.aired, report.totals.missed, report.totals.upcoming) == (6, 6, 0)


def test_a_sync_of_a_release_without_the_month_does_not_pull_it_in_either_report(year_db: Engine) -> None:
    # st-03 syncs release 3 (February and April only) again on 10 May, after release 4 listed May.
    with transaction(year_db) as s:
        s.add(PlayReportRow(report_id=str(uuid.uuid4()), station_id="st-03", event="synced", item_id=None,
                         sha256=None, manifest_sequence=3, at=local("2024-05", 10, 8),
                         received_at=local("2024-05", 10, 8), detail=""))
    for period in ("2024", "2024-05"):
        report = make_report(year_db, period, STATIONS, POLICY, AS_OF)
        cell = next(c for c in report.cells if (c.station_id, c.month) == ("st-03", "2024-05"))
        assert not cell.pulled, period
