"""What plays when (injected clock, no sleeps) and what the play command and reports see."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

import pytest

from radio.protocol.manifest import Manifest, ManifestAudio, ManifestItem, decode_manifest
from radio.station.client import StationClient
from radio.station.config import StationConfig
from radio.station.player import Player, cues, due, upcoming
from radio.station.sync import StationStore, sync
from tests.station.helpers import FakeClock, FaultServer, Tree, audio_bytes, emergency, local, programme

GRACE = timedelta(seconds=120)


def manifest_of(tree: Tree, items: list[ManifestItem]) -> Manifest:
    return decode_manifest(tree.manifest(1, items))


def test_airing_is_due_from_its_time_until_the_grace_ends(tree: Tree) -> None:
    manifest = manifest_of(tree, [programme("2024-05", tree.audio(b"x" * 10),
                                            ["2024-05-02T05:30:00", "2024-05-02T17:00:00"])])
    all_cues = cues(manifest)
    held = lambda sha: True  # noqa: E731
    assert due(all_cues, local("2024-05-02T05:29:59"), GRACE, set(), held) == []
    [cue] = due(all_cues, local("2024-05-02T05:31:00"), GRACE, set(), held)
    assert cue.key == "2024-05@2024-05-02T05:30:00+07:00"
    assert due(all_cues, local("2024-05-02T05:32:01"), GRACE, set(), held) == []
    assert due(all_cues, local("2024-05-02T05:31:00"), GRACE, {cue.key}, held) == []
    assert [c.at for c in upcoming(all_cues, local("2024-05-02T06:00:00"))] == [local("2024-05-02T17:00:00")]


def test_emergency_is_due_once_verified_and_before_others(tree: Tree) -> None:
    alert = tree.audio(b"alert")
    manifest = manifest_of(tree, [
        programme("2024-05", tree.audio(b"prog"), ["2024-05-02T05:30:00"]),
        emergency("emergency-1", alert, ("2024-05-02T05:00:00", "2024-05-03T00:00:00"))])
    now = local("2024-05-02T05:30:30")
    assert [c.key for c in due(cues(manifest), now, GRACE, set(), lambda sha: sha != alert.sha256)] \
        == ["2024-05@2024-05-02T05:30:00+07:00"]  # the alert is not verified yet: not due
    assert [c.key for c in due(cues(manifest), now, GRACE, set(), lambda sha: True)] \
        == ["emergency-1", "2024-05@2024-05-02T05:30:00+07:00"]
    assert due(cues(manifest), local("2024-05-03T00:00:00"), GRACE, set(), lambda sha: True) == []


def test_airings_outside_the_validity_window_are_dropped(tree: Tree) -> None:
    manifest = manifest_of(tree, [programme("2024-05", tree.audio(b"x"),
                                            ["2024-04-30T05:30:00", "2024-05-02T05:30:00"])])
    assert [c.at for c in cues(manifest)] == [local("2024-05-02T05:30:00")]


class Recorder:
    def __init__(self, status: int = 0) -> None:
        self.status = status
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str], timeout: float) -> int:
        self.calls.append(list(argv))
        return self.status


@pytest.fixture
def synced(tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
           clock: FakeClock) -> ManifestAudio:
    audio = tree.audio(audio_bytes(5000))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    assert sync(config, session, clock).complete
    return audio


def test_player_runs_the_command_once_and_queues_a_played_report(
        synced: ManifestAudio, config: StationConfig, clock: FakeClock) -> None:
    config = replace(config, play_command=("mpg123", "-q", "{file}"))
    store = StationStore(config.storage_dir)
    manifest = store.load(config.public_key).manifest
    runner = Recorder()
    player = Player(config, store, clock, runner)
    clock.now = local("2024-05-02T05:30:01")
    [report] = player.play_due(manifest)
    assert runner.calls == [["mpg123", "-q", str(store.audio_path(synced.sha256))]]
    assert report.event == "played" and report.item_id == "2024-05"
    assert report.sha256 == synced.sha256 and report.manifest_sequence == 1
    assert "requested 2024-05-02T05:30:00+07:00" in report.detail
    clock.advance(seconds=30)
    assert Player(config, store, clock, runner).play_due(manifest) == []  # restart: no replay
    assert len(runner.calls) == 1
    events = [json.loads(p.read_text())["event"] for p in store.reports.pending()]
    assert sorted(events) == ["played", "synced"]


def test_default_is_log_only_and_failures_are_reported(
        synced: ManifestAudio, config: StationConfig, clock: FakeClock) -> None:
    store = StationStore(config.storage_dir)
    manifest = store.load(config.public_key).manifest
    clock.now = local("2024-05-02T05:30:00")
    [report] = Player(config, store, clock, Recorder()).play_due(manifest)
    assert report.event == "played" and report.detail.count("log only") == 1

    loud = replace(config, play_command=("player", "{file}"))
    (store.root / "airings.jsonl").unlink()  # forget the play: the same airing again
    [failed] = Player(loud, store, clock, Recorder(status=3)).play_due(manifest)
    assert failed.event == "missed" and failed.reason == "player failed" and "status 3" in failed.detail


def test_damaged_or_missing_audio_is_never_played(
        synced: ManifestAudio, config: StationConfig, clock: FakeClock) -> None:
    config = replace(config, play_command=("player", "{file}"))
    store = StationStore(config.storage_dir)
    manifest = store.load(config.public_key).manifest
    path = store.audio_path(synced.sha256)
    path.write_bytes(b"damaged on disk")
    runner = Recorder()
    clock.now = local("2024-05-02T05:30:00")
    [report] = Player(config, store, clock, runner).play_due(manifest)
    assert report.event == "missed" and report.reason == "failed verification"
    assert "no longer matches" in report.detail
    assert runner.calls == [] and not path.exists()
