"""Reports of a month built per unit: airings and minutes per unit, beside the usual totals."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from sqlalchemy import Engine, select

from radio.cli import main
from radio.report import make_report, renderer
from radio.report.figures import Policy, UnitFigure
from radio.report.render_text import render_text
from radio.report.render_xlsx import render_xlsx
from radio.store.db import transaction
from radio.store.tables import AiringRow, PlayReportRow
from tests.publish.network import build_month
from tests.publish.units import JANUARY, NOW, published, unit_settings

POLICY_ARGS = dict(min_s=600, max_s=900, target_lufs=-16.0, tolerance_lu=1.0, true_peak_max_dbtp=-1.0)


def _played(engine: Engine, station: str, at_airing: int, seconds: float | None) -> None:
    """`station` played its `at_airing`-th airing of 2027-01 on time, for `seconds`."""
    with transaction(engine) as session:
        airings = session.scalars(select(AiringRow).where(AiringRow.station_id == station)
                                  .order_by(AiringRow.starts_at)).all()
        at = airings[at_airing].starts_at
        session.add(PlayReportRow(report_id=str(uuid.uuid4()), station_id=station, event="played",
                                  item_id="2027-01", at=at, received_at=at, played_s=seconds))


def test_airings_and_minutes_are_counted_per_unit(tmp_path: Path, db: Engine) -> None:
    settings, _, _ = published(tmp_path, db)
    _played(db, "st-14", 0, 750.0)
    _played(db, "st-15", 0, None)     # a station too old to measure: credited its unit's length
    _played(db, "st-12", 0, 900.0)    # more than Khánh Cường's 760 s programme: capped at it
    policy = Policy(**POLICY_ARGS, tz=settings.network.timezone)  # type: ignore[arg-type]
    stations = [(s.id, s.name) for s in settings.network.stations]
    as_of = JANUARY.end(settings.network.timezone) + timedelta(days=1)
    report = make_report(db, "2027-01", stations, policy, as_of)
    assert report.units == (
        UnitFigure("sa-huynh", "phường Sa Huỳnh", stations=2, scheduled=8, aired=2, on_time=2, missed=6,
                   upcoming=0, minutes=25.0),
        UnitFigure("khanh-cuong", "xã Khánh Cường", stations=2, scheduled=8, aired=1, on_time=1, missed=7,
                   upcoming=0, minutes=12.67))
    # The totals stay what they were: the sum over the units.
    assert report.totals.scheduled == 16 and report.totals.aired == 3
    assert report.totals.broadcast_minutes == 37.67
    text = render_text(report)
    assert "Theo đơn vị (chương trình riêng của từng xã, phường)" in text
    assert any(line.startswith("phường Sa Huỳnh") and line.split()[-1] == "25" for line in text.splitlines())
    csv_rows = renderer("csv")(report, None).splitlines()
    assert "Đơn vị (chương trình riêng),,sa-huynh,phường Sa Huỳnh,,Số phút,25.0" in csv_rows
    assert "Đơn vị (chương trình riêng),,khanh-cuong,xã Khánh Cường,,Lượt đã phát,1" in csv_rows
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    units = [row for row in book["Theo đơn vị"].iter_rows(values_only=True) if row and row[0]]
    assert any(row[0] == "phường Sa Huỳnh" for row in units), units
    english = render_text(report, language="en")
    assert "By unit (each commune's or ward's own programme)" in english


def test_the_report_command_prints_the_unit_table(tmp_path: Path, db: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    published(tmp_path, db)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(main, ["--config", str(tmp_path / "schedule.toml"), "report", "2027-01",
                                     "--format", "csv"], env={"RADIO_DB": db.url.render_as_string(hide_password=False)})
    assert done.exit_code == 0, done.output
    assert "Đơn vị (chương trình riêng),,sa-huynh,phường Sa Huỳnh,,Lượt phát theo lịch,8" in done.output


def test_a_one_programme_month_has_no_unit_table(tmp_path: Path, db: Engine) -> None:
    settings = unit_settings(tmp_path)
    build_month(db, settings, "2027-01")
    from radio.broadcast.schedule import schedule_month

    schedule_month(db, settings, JANUARY, NOW)
    policy = Policy(**POLICY_ARGS, tz=settings.network.timezone)  # type: ignore[arg-type]
    report = make_report(db, "2027-01", [(s.id, s.name) for s in settings.network.stations], policy, NOW)
    assert report.units == () and report.totals.scheduled == 16
    assert "Theo đơn vị" not in render_text(report)
    assert not any(row.startswith("unit,") for row in renderer("csv")(report, None).splitlines())
