"""Sync under faults: the station never holds an unverified file and converges when faults stop."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from radio.protocol.minisign import SecretKey
from radio.station.client import StationClient
from radio.station.config import StationConfig
from radio.station.sync import StationStore, sync
from tests.station.helpers import FakeClock, FaultServer, Tree, audio_bytes, emergency, programme

SIZE = 200_000


def held_files(config: StationConfig) -> dict[str, Path]:
    """Every file the station treats as held, after checking each one's name is its sha256."""
    folder = config.storage_dir / "audio"
    held = {p.name.removesuffix(".mp3"): p for p in folder.glob("*.mp3")} if folder.is_dir() else {}
    for sha256, path in held.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256, f"unverified file held: {path}"
    return held


def publish_one(tree: Tree, sequence: int = 1, seed: int = 1) -> dict:
    audio = tree.audio(audio_bytes(SIZE, seed))
    tree.manifest(sequence, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    return audio


def test_first_sync_stores_verified_audio_then_nothing_changed_costs_one_request(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    first = sync(config, session, clock)
    assert first.outcome == "updated" and first.complete
    assert first.downloaded == (audio.sha256,)
    assert set(held_files(config)) == {audio.sha256}

    server.hits.clear()
    again = sync(config, session, clock)
    assert again.outcome == "unchanged" and again.complete
    assert [(hit.path, hit.status) for hit in server.hits] == [("/stations/st-03/manifest.json", 304)]
    assert again.bytes_received == 0 and again.requests == 1


def test_reset_mid_file_resumes_with_range_and_sends_little_again(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    path = f"/audio/{audio.sha256}.mp3"
    server.faults[path] = ["reset:0.9"]
    result = sync(config, session, clock)
    assert result.complete and result.downloaded == (audio.sha256,)
    hits = server.audio_hits()
    assert len(hits) == 2
    assert "Range" not in hits[0].headers
    # An RST drops what the client had not read yet, so it resumes from what it really received.
    resumed_from = int(hits[1].headers["Range"].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_from <= hits[0].body_bytes and hits[1].status == 206
    assert resumed_from + hits[1].body_bytes == SIZE  # what had arrived was not sent again
    assert not list((config.storage_dir / "audio").glob("*.part"))


def test_truncated_body_is_kept_as_part_and_resumed_at_the_next_sync(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    path = f"/audio/{audio.sha256}.mp3"
    server.always[path] = "truncate:0.5"
    result = sync(config, session, clock)
    assert not result.complete and result.missing == (audio.sha256,)
    assert held_files(config) == {}
    part = StationStore(config.storage_dir).part_path(audio.sha256)
    assert 0 < part.stat().st_size < SIZE
    assert any("will resume" in problem for problem in result.problems)

    del server.always[path]
    server.hits.clear()
    healed = sync(config, session, clock)
    assert healed.complete and set(held_files(config)) == {audio.sha256}
    assert server.audio_hits()[0].headers["Range"].startswith("bytes=")


def test_corrupted_bytes_are_never_stored_and_refetched_until_they_verify(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    path = f"/audio/{audio.sha256}.mp3"
    server.always[path] = "corrupt"
    result = sync(config, session, clock)
    assert result.missing == (audio.sha256,)
    assert held_files(config) == {}
    assert any("sha256" in problem and "does not match" in problem for problem in result.problems)
    assert not StationStore(config.storage_dir).part_path(audio.sha256).exists()

    del server.always[path]
    assert sync(config, session, clock).complete
    assert set(held_files(config)) == {audio.sha256}


def test_corruption_in_the_first_part_of_a_resumed_file_is_caught(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    store = StationStore(config.storage_dir)
    part = store.part_path(audio.sha256)
    part.parent.mkdir(parents=True)
    part.write_bytes(b"\0" * (SIZE // 2))  # a damaged partial download left by an earlier run
    result = sync(config, session, clock)
    assert result.complete and set(held_files(config)) == {audio.sha256}
    ranges = [hit.headers.get("Range") for hit in server.audio_hits()]
    assert ranges == [f"bytes={SIZE // 2}-", None]  # resumed, refused by hash, fetched whole


def test_a_body_longer_than_the_manifest_says_is_refused(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    server.always[f"/audio/{audio.sha256}.mp3"] = "long"
    result = sync(config, session, clock)
    assert result.missing == (audio.sha256,) and held_files(config) == {}
    assert any("longer than" in problem for problem in result.problems)


def test_server_errors_keep_the_last_good_manifest_and_files(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    assert sync(config, session, clock).complete
    server.faults["/stations/st-03/manifest.json"] = ["500"]
    failing = sync(config, session, clock)
    assert failing.outcome == "unreachable"
    assert failing.manifest is not None and failing.manifest.sequence == 1 and failing.complete
    assert set(held_files(config)) == {audio.sha256}
    assert any("HTTP 500" in problem for problem in failing.problems)


def test_unreachable_centre_with_a_missing_file_waits_and_then_converges(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    server.always[f"/audio/{audio.sha256}.mp3"] = "500"
    assert sync(config, session, clock).missing == (audio.sha256,)
    server.down = True
    down = sync(config, session, clock)
    assert down.outcome == "unreachable" and down.manifest is not None
    assert down.missing == (audio.sha256,) and held_files(config) == {}
    server.down = False
    del server.always[f"/audio/{audio.sha256}.mp3"]
    assert sync(config, session, clock).complete


def test_no_server_at_all_is_unreachable_not_an_error(
        tmp_path: Path, tree: Tree, session: StationClient, clock: FakeClock) -> None:
    from tests.station.helpers import station_config
    config = station_config(tmp_path / "station", "http://127.0.0.1:9/", tree, timeout_s=2.0)
    result = sync(config, session, clock)
    assert result.outcome == "unreachable" and result.manifest is None
    assert "unreachable" in result.problems[0]


def test_bad_signature_is_refused_and_nothing_is_downloaded(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(SIZE))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])],
                  signing_key=SecretKey.generate())  # someone else's key
    result = sync(config, session, clock)
    assert result.outcome == "refused" and result.manifest is None
    assert "not by the pinned key" in result.problems[0]
    assert server.audio_hits() == [] and held_files(config) == {}
    assert not (config.storage_dir / "last-good.json").exists()

    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    assert sync(config, session, clock).complete


def test_altered_manifest_is_refused(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    publish_one(tree)
    path = tree.manifest_path()
    path.write_bytes(path.read_bytes().replace(b"05:30", b"04:30"))
    result = sync(config, session, clock)
    assert result.outcome == "refused" and result.manifest is None
    assert "does not match the content" in result.problems[0]


def test_older_or_same_numbered_different_manifest_is_refused(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    new_audio = publish_one(tree, sequence=5, seed=5)
    assert sync(config, session, clock).manifest.sequence == 5

    old_audio = tree.audio(audio_bytes(SIZE, seed=4))
    tree.manifest(4, [programme("2024-05", old_audio, ["2024-05-02T05:30:00"])])
    older = sync(config, session, clock)
    assert older.outcome == "refused" and "older" in older.problems[0]
    assert older.manifest.sequence == 5 and set(held_files(config)) == {new_audio.sha256}

    tree.manifest(5, [programme("2024-05", old_audio, ["2024-05-03T05:30:00"])])
    same = sync(config, session, clock)
    assert same.outcome == "refused" and "content differs" in same.problems[0]
    assert same.manifest.items[0].audio.sha256 == new_audio.sha256


def test_manifest_for_another_station_or_with_a_lying_signed_sequence_is_refused(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(SIZE))
    other = tree.manifest(9, [programme("2024-05", audio, [])], station="st-07")
    (tree.root / "stations" / "st-03").mkdir(parents=True)
    for name in ("manifest.json", "manifest.json.minisig"):
        (tree.root / "stations" / "st-03" / name).write_bytes(
            (tree.root / "stations" / "st-07" / name).read_bytes())
    assert other
    result = sync(config, session, clock)
    assert result.outcome == "refused" and "st-07" in result.problems[0]

    tree.manifest(3, [programme("2024-05", audio, [])], signed_sequence=30)
    lying = sync(config, session, clock)
    assert lying.outcome == "refused" and "signed comment says sequence 30" in lying.problems[0]


def test_new_manifest_prunes_files_no_item_needs(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    may = publish_one(tree, sequence=1, seed=1)
    assert sync(config, session, clock).complete
    june = tree.audio(audio_bytes(SIZE, seed=2))
    alert = tree.audio(audio_bytes(1000, seed=3))
    tree.manifest(2, [programme("2024-06", june, ["2024-06-02T05:30:00"],
                                valid=("2024-06-01T00:00:00", "2024-07-01T00:00:00")),
                      emergency("emergency-1", alert, ("2024-05-01T00:00:00", "2024-05-02T00:00:00"))])
    result = sync(config, session, clock)
    assert result.outcome == "updated" and result.complete and result.pruned == 1
    assert set(held_files(config)) == {june.sha256, alert.sha256}
    assert may.sha256 not in held_files(config)


def test_a_tampered_stored_manifest_is_not_trusted_after_restart(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    publish_one(tree)
    assert sync(config, session, clock).complete
    state_path = config.storage_dir / "last-good.json"
    state = json.loads(state_path.read_text())
    state["manifest"] = state["manifest"].replace("05:30", "04:30")
    state_path.write_text(json.dumps(state))
    store = StationStore(config.storage_dir)
    assert store.load(config.public_key) is None
    server.down = True
    assert sync(config, session, clock).manifest is None  # nothing to schedule from


def test_synced_report_is_queued_once_per_complete_sequence(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = publish_one(tree)
    server.faults[f"/audio/{audio.sha256}.mp3"] = ["500"]
    store = StationStore(config.storage_dir)
    sync(config, session, clock)
    assert store.reports.pending() == []  # not complete: nothing to report yet
    sync(config, session, clock)
    sync(config, session, clock)
    pending = store.reports.pending()
    assert len(pending) == 1
    report = json.loads(pending[0].read_text())
    assert report["event"] == "synced" and report["manifest_sequence"] == 1
    assert report["station"] == "st-03" and report["at"] == "2024-05-01T08:00:00+07:00"
