"""The journal of airings and the sync on a bad day, in process: a state file cut by a power cut,
a half-written audio file, and a line dripping at 1 byte/s with an emergency behind it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from radio.protocol.manifest import ManifestAudio
from radio.station.client import TOO_SLOW, StationClient
from radio.station.config import StationConfig
from radio.station.journal import Journal, Stage
from radio.station.player import Player
from radio.station.sync import StationStore, client_for, sync
from tests.station.helpers import (
    FakeClock,
    FaultServer,
    Tree,
    audio_bytes,
    emergency,
    local,
    programme,
)
from tests.station.proxy import FaultProxy

SLOT = "2024-05-02T05:30:00"
KEY = "2024-05@2024-05-02T05:30:00+07:00"


@pytest.fixture
def held(tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
         clock: FakeClock) -> ManifestAudio:
    audio = tree.audio(audio_bytes(5000))
    tree.manifest(1, [programme("2024-05", audio, [SLOT])])
    assert sync(config, session, clock).complete
    return audio


def _played_once_then_restarted(config: StationConfig, session: StationClient, clock: FakeClock,
                                server: FaultServer, damage: str) -> Player:
    store = StationStore(config.storage_dir)
    manifest = store.load(config.public_key).manifest
    clock.now = local(SLOT)
    [report] = Player(config, store, clock).play_due(manifest)
    assert report.event == "played"
    store.reports.upload(session, config.reports_url, config.report_token)
    journal = store.root / "airings.jsonl"
    data = journal.read_bytes()
    if damage == "half":
        journal.write_bytes(data[:len(data) // 2])  # the file cut in half
    else:
        journal.write_bytes(data[:-len(data.splitlines()[-1]) // 2 - 1])  # its last line torn
    clock.advance(hours=1)  # the agent comes back after the airing's grace time
    player = Player(config, StationStore(config.storage_dir), clock)
    player.sweep(manifest, running_since=clock.now)
    store.reports.upload(session, config.reports_url, config.report_token)
    return player


@pytest.mark.parametrize("damage", ["half", "last-line"])
def test_a_journal_cut_by_a_power_cut_never_counts_a_played_airing_twice(
        held: ManifestAudio, config: StationConfig, session: StationClient, clock: FakeClock,
        server: FaultServer, damage: str) -> None:
    player = _played_once_then_restarted(config, session, clock, server, damage)
    rows = [row for row in server.reports() if row.item_id == "2024-05"]
    # One airing, one report id: whatever the journal lost, the centre counts it once, as played.
    assert [row.event for row in rows] == ["played"]
    assert all(row.event != "missed" for row in server.reports())
    assert KEY in player.done()  # and it never plays again
    if damage == "last-line":  # a torn append loses only that line: nothing was sent again
        assert StationStore(config.storage_dir).reports.pending() == []


def test_the_journal_skips_a_torn_line_and_keeps_the_rest(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.record("a", Stage.STARTED, local(SLOT))
    journal.record("a", Stage.ENDED, local(SLOT), b'{"x": 1}')
    journal.record("b", Stage.STARTED, local(SLOT))
    path = tmp_path / "airings.jsonl"
    path.write_bytes(path.read_bytes()[:-10])
    airings = Journal(tmp_path).airings()
    assert airings["a"].stage == Stage.ENDED and airings["a"].report == b'{"x": 1}'
    assert "b" not in airings


def test_a_half_written_audio_file_is_fetched_again_at_the_next_sync(
        held: ManifestAudio, config: StationConfig, session: StationClient, clock: FakeClock,
        server: FaultServer) -> None:
    store = StationStore(config.storage_dir)
    path = store.audio_path(held.sha256)
    path.write_bytes(path.read_bytes()[:2000])  # what a power cut mid-write leaves
    result = sync(config, session, clock, store)
    assert result.downloaded == (held.sha256,) and result.complete
    assert store.verified(held.sha256)


def test_a_one_byte_a_second_drip_is_given_up_at_once_and_the_emergency_goes_first(
        tree: Tree, server: FaultServer, config: StationConfig, clock: FakeClock) -> None:
    big = tree.audio(audio_bytes(40_000, seed=2))
    alert = tree.audio(audio_bytes(1500, seed=3))
    tree.manifest(1, [programme("2024-05", big, [SLOT]),
                      emergency("emergency-9", alert, ("2024-05-01T07:00:00", "2024-05-01T12:00:00"))])
    with FaultProxy(("127.0.0.1", server.httpd.server_address[1])) as proxy:
        proxy.drip_after, proxy.drip_s = 3000, 1.0  # every answer: 3000 bytes, then 1 byte/s
        slow = replace(config, centre_url=proxy.url, min_rate_bytes_s=1000, rate_window_s=2)
        result = sync(slow, client_for(slow), clock)
        hits = [hit.path for hit in server.audio_hits()]
        assert hits[0] == f"/audio/{alert.sha256}.mp3"  # the emergency first
        assert hits.count(f"/audio/{big.sha256}.mp3") == 1  # given up at once, not retried
        assert result.missing == (big.sha256,) and alert.sha256 in result.downloaded
        assert any(TOO_SLOW in problem for problem in result.problems)
        store = StationStore(config.storage_dir)
        part = store.part_path(big.sha256)
        assert 2000 <= part.stat().st_size < 40_000  # kept (3000 bytes less the headers): resumed
        [report] = Player(config, store, clock).play_due(result.playable)
        assert report.item_id == "emergency-9" and report.event == "played"
        proxy.drip_after = None
        again = sync(slow, client_for(slow), clock)
    assert again.complete and again.downloaded == (big.sha256,)
    assert server.audio_hits()[-1].headers.get("Range", "").startswith("bytes=")


def test_a_long_running_journal_is_compacted_to_one_line_per_airing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from radio.station import journal as module

    monkeypatch.setattr(module, "_COMPACT_LINES", 50)
    journal = Journal(tmp_path)
    for n in range(10):
        key = f"item@{n}"
        journal.record(key, Stage.STARTED, local(SLOT))
        for _ in range(4):
            journal.record(key, Stage.PROGRESS, local(SLOT))
        journal.record(key, Stage.REPORTED, local(SLOT))
    lines = (tmp_path / "airings.jsonl").read_bytes().splitlines()
    assert len(lines) <= 50
    assert Journal(tmp_path).finished() == {f"item@{n}" for n in range(10)}
