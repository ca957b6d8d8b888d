"""A station never loses what it can play: a newer manifest replaces the last good one only once
every file it needs is downloaded and verified; meanwhile the station is "behind" and plays the
still-valid version it holds."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from radio.protocol.kinds import MissReason
from radio.protocol.manifest import ManifestAudio
from radio.station.client import StationClient
from radio.station.config import StationConfig
from radio.station.player import Player
from radio.station.status import describe, station_status
from radio.station.sync import StationStore, sync
from tests.station.helpers import TZ, FakeClock, FaultServer, Tree, audio_bytes, emergency, local, programme

SIZE = 120_000
SLOTS = ["2024-05-02T05:30:00", "2024-05-09T05:30:00"]


@pytest.fixture
def held(tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
         clock: FakeClock) -> ManifestAudio:
    """Release 1 (May, aired at SLOTS) synced completely: the station's last good set."""
    audio = tree.audio(audio_bytes(SIZE, seed=1))
    tree.manifest(1, [programme("2024-05", audio, SLOTS)])
    assert sync(config, session, clock).complete
    return audio


def test_a_rebuilt_month_whose_download_is_cut_keeps_playing_the_verified_one(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock, held: ManifestAudio) -> None:
    old = held
    store = StationStore(config.storage_dir)

    rebuilt = tree.audio(audio_bytes(SIZE, seed=2))  # the month rebuilt and republished
    tree.manifest(2, [programme("2024-05", rebuilt, SLOTS)])
    server.always[f"/audio/{rebuilt.sha256}.mp3"] = "truncate:0.5"
    cut = sync(config, session, clock)
    assert cut.outcome == "updated" and cut.behind and not cut.complete
    assert cut.held_sequence == 1 and cut.manifest is not None and cut.manifest.sequence == 2
    assert cut.pruned == 0 and store.holds(old.sha256)  # not pruned before its replacement verified
    assert cut.missing == (rebuilt.sha256,)
    [item] = cut.playable.items
    assert item.id == "2024-05" and item.audio.sha256 == old.sha256  # the held version plays

    # The station reports itself behind, and says which version each airing will play.
    status = station_status(config.station_id, store, store.holding(config.public_key), clock(), TZ)
    assert status.behind and not status.ready
    text = "\n".join(describe(status, "en"))
    assert "BEHIND: playing from sequence 1; sequence 2 is verified" in text
    assert "02/05/2024 05:30" in text and "previous version" in text

    # At its slot the still-valid held item is played, and the report names the audio played.
    clock.now = local("2024-05-02T05:30:10")
    [report] = Player(config, store, clock).play_due(cut.playable)
    assert report.event == "played" and report.sha256 == old.sha256 and report.manifest_sequence == 2

    # A restart in between changes nothing: the candidate is kept on disk, verified again.
    again = sync(config, session, clock)
    assert again.behind and again.playable.items[0].audio.sha256 == old.sha256

    del server.always[f"/audio/{rebuilt.sha256}.mp3"]
    healed = sync(config, session, clock)
    assert healed.complete and not healed.behind and healed.held_sequence == 2
    assert healed.pruned == 1 and not store.holds(old.sha256) and store.holds(rebuilt.sha256)
    assert not store.candidate_path.exists()
    assert json.loads(store.state_path.read_text())["manifest"].count(rebuilt.sha256) == 2  # url, sha256


def test_while_behind_new_items_already_held_play_and_missing_ones_are_not_held(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock, held: ManifestAudio) -> None:
    may = held
    june = tree.audio(audio_bytes(SIZE, seed=3))
    alert = tree.audio(audio_bytes(2000, seed=4))
    tree.manifest(2, [programme("2024-05", may, SLOTS),
                      programme("2024-06", june, ["2024-06-02T05:30:00"],
                                valid=("2024-06-01T00:00:00", "2024-07-01T00:00:00")),
                      emergency("emergency-1", alert, ("2024-05-01T07:00:00", "2024-05-01T12:00:00"))])
    server.always[f"/audio/{june.sha256}.mp3"] = "500"
    behind = sync(config, session, clock)
    assert behind.behind and behind.missing == (june.sha256,)
    by_id = {item.id: item for item in behind.playable.items}
    assert by_id["emergency-1"].audio.sha256 == alert.sha256  # new and held: it plays at once
    assert by_id["2024-06"].audio.sha256 == june.sha256  # no older version: not held

    store = StationStore(config.storage_dir)
    [played] = Player(config, store, clock).play_due(behind.playable)
    assert played.item_id == "emergency-1" and played.event == "played"
    clock.now = local("2024-06-02T05:31:00")
    [missed] = Player(config, store, clock).play_due(behind.playable)
    assert missed.item_id == "2024-06" and missed.event == "missed"
    assert missed.reason == MissReason.NOT_HELD


def test_a_killed_promotion_is_finished_by_the_next_load(
        config: StationConfig, held: ManifestAudio) -> None:
    store = StationStore(config.storage_dir)
    # As if killed after last-good.json was replaced but before candidate.json was removed.
    last = store.load(config.public_key)
    assert last is not None
    store.save_candidate(replace(last))
    holding = store.holding(config.public_key)
    assert holding.candidate is None and not holding.behind
