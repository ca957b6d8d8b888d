"""A station set up with `radio station init`, syncing from the real `radio serve`, playing a real MP3
to the null device at its slot, telling the centre its status and what it really played."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from click.testing import CliRunner
from sqlalchemy import Engine, select

from radio.cli import main
from radio.lifecycle.stations import fleet
from radio.protocol.manifest import ManifestAudio
from radio.report import make_report
from radio.report.figures import Policy
from radio.server.http import make_server
from radio.server.reports import issue_token
from radio.station.config import load_station_config
from radio.station.daemon import StationDaemon
from radio.station.output import decoded_seconds
from radio.station.sync import client_for
from radio.store.db import transaction
from radio.store.publications import claim_release
from radio.store.tables import AiringRow, PlayReportRow
from tests.station.helpers import STATION, TZ, FakeClock, Tree, programme
from tests.station.test_output import sine_mp3


@pytest.fixture
def centre(tmp_path: Path, db: Engine) -> Iterator[tuple[str, Tree]]:
    """`radio serve`'s server over publish/current → releases/1, on a free loopback port."""
    tree = Tree(tmp_path / "publish" / "releases" / "1")
    tree.root.mkdir(parents=True)
    (tmp_path / "publish" / "current").symlink_to("releases/1")
    server = make_server("127.0.0.1", 0, tmp_path / "publish", db, lambda: datetime.now(TZ))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tree
    server.shutdown()
    server.server_close()


def test_a_station_set_up_by_init_plays_at_its_slot_and_the_centre_learns_how_it_is(
        tmp_path: Path, db: Engine, centre: tuple[str, Tree]) -> None:
    url, tree = centre
    now = datetime.now(TZ).replace(microsecond=0)
    month = f"{now:%Y-%m}"
    slot = now + timedelta(minutes=5)
    mp3 = sine_mp3(tmp_path / "programme.mp3", 1.0)
    stored = tree.audio(mp3.read_bytes())
    audio = ManifestAudio.stored(stored.sha256, stored.size, decoded_seconds(mp3))
    valid = ((now - timedelta(hours=1)).isoformat(), (now + timedelta(days=2)).isoformat())
    item = programme(month, audio, [slot.isoformat()], valid=valid)
    tree.manifest(1, [item])
    with transaction(db) as session:  # what `radio schedule` and `radio publish` recorded
        claim_release(session, now, [month])
        session.add(AiringRow(month=month, item_id=month, station_id=STATION, starts_at=slot,
                              duration_s=audio.duration_s, priority="normal"))
    token = issue_token(db, STATION, now)

    # The operator sets the station up with what the centre handed over; init syncs once.
    settings = tmp_path / "tram" / "station.toml"
    done = CliRunner().invoke(main, ["--lang", "vi", "station", "init", "--centre", url, "--id", STATION,
                                     "--public-key", tree.key.public_key.base64, "--token", token,
                                     "--device", "null", "--station-config", str(settings)])
    assert done.exit_code == 0, done.output
    assert "Đang giữ: đã cập nhật: bản 1, đủ mọi tệp" in done.output
    with transaction(db) as session:
        [health] = fleet(session, datetime.now(TZ), [STATION])
    assert health.online and health.held_sequence == 1 and not health.behind
    assert health.next_airing == slot and not health.missing_next
    assert health.clock_offset_s is not None and not health.clock_off  # the same machine's clock

    # The agent at the slot: it plays the programme through the null device, in real time.
    config = load_station_config(settings)
    clock = FakeClock(slot + timedelta(seconds=3))
    daemon = StationDaemon(config, client_for(config), clock, BackgroundScheduler(timezone=TZ))
    daemon.play_due()
    daemon.upload_reports()
    with transaction(db) as session:
        played = session.scalars(select(PlayReportRow).where(PlayReportRow.event == "played")).one()
    assert played.station_id == STATION and played.item_id == month and played.outcome == "complete"
    assert played.played_s == pytest.approx(audio.duration_s, abs=0.02)

    # The report's broadcast minutes are what went out.
    policy = Policy(min_s=0.5, max_s=900, target_lufs=-16.0, tolerance_lu=1.0, true_peak_max_dbtp=-1.0,
                    tz=TZ)
    report = make_report(db, month, [(STATION, "Trạm 3")], policy, slot + timedelta(hours=1))
    [cell] = [c for c in report.cells if c.station_id == STATION]
    assert cell.aired == 1 and cell.seconds == pytest.approx(audio.duration_s, abs=0.02)

    # `radio station status`, offline, in Vietnamese and local time.
    shown = CliRunner().invoke(main, ["--lang", "vi", "station", "status", "--station-config", str(settings)])
    assert shown.exit_code == 0, shown.output
    assert f"Trạm {STATION}" in shown.output and "Đồng hồ máy: lệch" in shown.output
    assert f"{slot:%d/%m/%Y %H:%M}" in shown.output and "Ổ đĩa còn trống" in shown.output
