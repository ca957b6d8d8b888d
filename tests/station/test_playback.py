"""Airings played through the built-in output (miniaudio's null device): measured, reported, interrupted."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import replace
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from radio.protocol.kinds import ReportEvent
from radio.protocol.manifest import ManifestAudio, decode_manifest
from radio.protocol.played import PlayOutcome
from radio.protocol.report import decode_report
from radio.station.config import StationConfig
from radio.station.daemon import StationDaemon
from radio.station.output import NULL_DEVICE, decoded_seconds
from radio.station.player import Player
from radio.station.sync import StationStore, client_for
from tests.station.helpers import FakeClock, Tree, emergency, programme
from tests.station.test_output import sine_mp3


def _held(tree: Tree, store: StationStore, mp3: Path) -> ManifestAudio:
    """Audio in the tree and already verified in the station's store."""
    data = mp3.read_bytes()
    audio = tree.audio(data)
    store.audio_path(audio.sha256).parent.mkdir(parents=True, exist_ok=True)
    store.audio_path(audio.sha256).write_bytes(data)
    return ManifestAudio.stored(audio.sha256, audio.size, decoded_seconds(mp3))


def _queued(store: StationStore) -> list:  # type: ignore[type-arg]
    return [decode_report(path.read_bytes()) for path in store.reports.pending()]


def test_an_airing_plays_through_the_null_device_and_reports_what_went_out(
        tmp_path: Path, tree: Tree, config: StationConfig, clock: FakeClock) -> None:
    config = replace(config, output_device=NULL_DEVICE)
    store = StationStore(config.storage_dir)
    audio = _held(tree, store, sine_mp3(tmp_path / "p.mp3", 0.8))
    manifest = decode_manifest(tree.manifest(1, [programme("2024-05", audio, ["2024-05-01T08:00:00"])]))
    [report] = Player(config, store, clock).play_due(manifest)
    assert report.event == ReportEvent.PLAYED and report.played is not None
    assert report.played.outcome == PlayOutcome.COMPLETE
    assert abs(report.played.seconds - audio.duration_s) < 0.02  # every frame, no more
    assert _queued(store)[0].played == report.played  # the queue holds the very report


def test_a_play_command_that_exits_at_once_is_credited_almost_nothing(
        tmp_path: Path, tree: Tree, config: StationConfig, clock: FakeClock) -> None:
    config = replace(config, play_command=("player", "{file}"))
    store = StationStore(config.storage_dir)
    audio = tree.audio(b"\xff\xfb" * 1000)
    store.audio_path(audio.sha256).parent.mkdir(parents=True, exist_ok=True)
    store.audio_path(audio.sha256).write_bytes(b"\xff\xfb" * 1000)
    manifest = decode_manifest(tree.manifest(1, [programme("2024-05", audio, ["2024-05-01T08:00:00"])]))
    [report] = Player(config, store, clock, runner=lambda argv, timeout: 0).play_due(manifest)
    assert report.event == ReportEvent.PLAYED and report.played is not None
    assert report.played.seconds < 1.0  # not the programme's 752 s


def test_an_emergency_interrupts_the_programme_on_air_which_is_reported_interrupted(
        tmp_path: Path, tree: Tree, config: StationConfig, clock: FakeClock) -> None:
    config = replace(config, output_device=NULL_DEVICE)
    store = StationStore(config.storage_dir)
    normal = _held(tree, store, sine_mp3(tmp_path / "long.mp3", 6.0))
    urgent_mp3 = sine_mp3(tmp_path / "urgent.mp3", 0.5)
    urgent = tree.audio(urgent_mp3.read_bytes())
    urgent = ManifestAudio.stored(urgent.sha256, urgent.size, 0.5)
    manifest = decode_manifest(tree.manifest(1, [
        programme("2024-05", normal, ["2024-05-01T08:00:00"]),
        emergency("emergency-1", urgent, ("2024-05-01T07:00:00", "2024-05-01T12:00:00"))]))
    daemon = StationDaemon(config, client_for(config), clock, BackgroundScheduler(timezone=config.timezone))
    daemon.manifest = manifest
    on_air = threading.Thread(target=daemon.play_due)  # the emergency is not held yet: the programme
    on_air.start()
    for _ in range(100):
        if daemon.player.playing is not None:
            break
        time.sleep(0.05)
    assert daemon.player.playing is not None and daemon.player.playing.key.startswith("2024-05@")
    time.sleep(0.5)
    # The next sync verified the emergency's audio: its play job interrupts the programme.
    store.audio_path(urgent.sha256).write_bytes(urgent_mp3.read_bytes())
    assert hashlib.sha256(urgent_mp3.read_bytes()).hexdigest() == urgent.sha256
    daemon.play_due()
    on_air.join(timeout=30)
    reports = {r.item_id: r for r in _queued(store)}
    cut = reports["2024-05"]
    assert cut.event == ReportEvent.INTERRUPTED and cut.played is not None
    assert cut.played.outcome == PlayOutcome.INTERRUPTED and 0.2 < cut.played.seconds < 5.0
    assert reports["emergency-1"].event == ReportEvent.PLAYED
    assert reports["emergency-1"].played.outcome == PlayOutcome.COMPLETE  # type: ignore[union-attr]
