"""`radio publish` → `radio serve` → `radio station pull`, all real commands in their own processes.

Nothing here stands in for the centre or the station: the commands are the installed `radio`
script, the station talks HTTP to the real server, and what each side holds is read back with the
protocol's own decoders.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
import requests
from sqlalchemy import Engine, select

from radio.core import ffmpeg
from radio.core.month import Month
from radio.protocol.kinds import ReportEvent
from radio.protocol.manifest import decode_manifest
from radio.protocol.minisign import PublicKey, verify
from radio.station.config import load_station_config
from radio.station.player import Player, cues, upcoming
from radio.station.sync import StationStore
from radio.store.db import transaction
from radio.store.tables import PlayReportRow
from tests.publish.network import build_month, make_settings

RADIO = shutil.which("radio", path=str(Path(sys.executable).parent)) or "radio"  # bin/ or Scripts/
STATION = "st-01"
COMMAND_TIMEOUT_S = 120


def radio(project: Path, env: dict[str, str], *args: str) -> str:
    """Run one `radio` command in the project folder; its stdout, or the failure with its stderr."""
    done = subprocess.run([RADIO, *args], cwd=project, env=env, capture_output=True, text=True,
                          timeout=COMMAND_TIMEOUT_S, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"radio {' '.join(args)} exited {done.returncode}:\n{done.stderr}"
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def env(db: Engine, db_url: str) -> dict[str, str]:
    """The commands' environment: the same (emptied) database as `db`."""
    return {**os.environ, "RADIO_DB": db_url}


@contextmanager
def _serve(project: Path, env: dict[str, str]) -> Iterator[str]:
    """`radio serve` on a free port of 127.0.0.1, stopped on leaving; yields its URL."""
    port = free_port()
    server = subprocess.Popen([RADIO, "serve", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=project, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + COMMAND_TIMEOUT_S  # a wait for start-up, not a timing check
        while True:
            try:
                requests.get(url, timeout=5)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"radio serve did not start: {server.communicate()[1]}")
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.communicate(timeout=COMMAND_TIMEOUT_S)


def small_mp3(path: Path) -> bytes:
    """Two seconds of tone, a real MP3 made by the bundled ffmpeg."""
    ffmpeg.run(["-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-ac", "1", "-ar", "44100",
                "-b:a", "64k", "-y", str(path)], what="test MP3")
    return path.read_bytes()


@pytest.mark.slow
def test_a_published_month_reaches_a_station_and_its_reports_reach_the_centre(
        tmp_path: Path, db: Engine, env: dict[str, str]) -> None:
    settings = make_settings(tmp_path)
    # Next month: its whole validity window is ahead whatever today is, so publish accepts it.
    month = str(Month.parse(datetime.now(settings.network.timezone).strftime("%Y-%m")).next())
    radio(tmp_path, env, "keygen")
    episode = build_month(db, settings, month, audio=small_mp3(tmp_path / "tone.mp3"))
    radio(tmp_path, env, "approve", month, "--by", "Nguyễn Văn A")
    radio(tmp_path, env, "schedule", month)
    assert "Release 1: 3 signed manifests" in radio(tmp_path, env, "publish", month)
    token = radio(tmp_path, env, "token", STATION).strip().splitlines()[-1]

    with _serve(tmp_path, env) as url:
        station_toml = tmp_path / "station" / "station.toml"
        station_toml.parent.mkdir()
        shutil.copy(settings.network.public_key, station_toml.parent / "minisign.pub")
        station_toml.write_text(f'[station]\nid = "{STATION}"\ncentre = "{url}"\n'
                                f'public_key = "minisign.pub"\ntoken = "{token}"\n'
                                'storage = "data"\noutput_device = "log"\n', encoding="utf-8")
        pulled = radio(tmp_path, env, "station", "pull", "--station-config", str(station_toml))
        assert f"Station {STATION}: updated" in pulled
        assert "Manifest sequence 1: 1 item(s), 1 file(s) downloaded and verified, 0 still missing" in pulled
        assert "Reports: 1 sent" in pulled

        # The station holds the verified audio and the signed manifest, read back by the protocol.
        config = load_station_config(station_toml)
        store = StationStore(config.storage_dir)
        audio = store.audio_path(episode.sha256)
        assert hashlib.sha256(audio.read_bytes()).hexdigest() == episode.sha256
        last = store.load(PublicKey.parse(settings.network.public_key.read_text()))
        assert last is not None
        assert verify(last.raw, last.signature, config.public_key).endswith("sequence:1")
        manifest = decode_manifest(last.raw)
        assert manifest == last.manifest and manifest.station == STATION
        [item] = manifest.items
        assert (item.id, item.audio.sha256, item.audio.size) == (month, episode.sha256, audio.stat().st_size)

        # The station, its clock run ahead to the first airing (next month), plays it (log only);
        # the next pull delivers the report and the centre, by its own clock, refuses it: a
        # report dated in the future is not stored (the station sets it aside, never resends it).
        first = upcoming(cues(manifest), datetime.now(config.timezone))[0]
        [played] = Player(config, store, lambda: first.at).play_due(manifest)
        assert played.event == ReportEvent.PLAYED
        assert "Reports: 0 sent" in radio(tmp_path, env, "station", "pull", "--station-config",
                                          str(station_toml))
        [aside] = store.reports.rejected_dir.iterdir()
        assert played.report_id in aside.name and store.reports.pending() == []

    with transaction(db) as session:
        rows = session.scalars(select(PlayReportRow).order_by(PlayReportRow.id)).all()
    assert [(r.station_id, r.event, r.manifest_sequence) for r in rows] == [(STATION, "synced", 1)]
