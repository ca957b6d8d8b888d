"""A full disk at the station: the .part of a download that cannot complete is removed, the
message says "disk full" with the free space needed, and the last good set stays playable.

Uses a real 2 MB tmpfs (CI runs as root); skipped, saying why, where mounting is not permitted.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from radio.station.config import StationConfig
from radio.station.status import PullExit, pull_exit, station_status
from radio.station.sync import StationStore, client_for, sync
from tests.station.helpers import TZ, FakeClock, FaultServer, Tree, audio_bytes, programme
from tests.station.proxy import FaultProxy

DISK = 2 * 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a full disk needs a tmpfs mount, which needs root (CI runs as root)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK}", "tmpfs", str(folder)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def parts(store: StationStore) -> list[Path]:
    return list(store.audio_dir.glob("*.part")) if store.audio_dir.is_dir() else []


def test_a_file_larger_than_the_free_space_is_not_started(
        small_disk: Path, tree: Tree, server: FaultServer, config: StationConfig,
        clock: FakeClock) -> None:
    config = replace(config, storage_dir=small_disk / "station")
    small = tree.audio(audio_bytes(300_000, seed=1))
    tree.manifest(1, [programme("2024-05", small, ["2024-05-02T05:30:00"])])
    assert sync(config, client_for(config), clock).complete
    big = tree.audio(audio_bytes(3 * 1024 * 1024, seed=2))
    tree.manifest(2, [programme("2024-05", big, ["2024-05-02T05:30:00"])])
    result = sync(config, client_for(config), clock)
    store = StationStore(config.storage_dir)
    assert result.behind and result.disk_problem and parts(store) == []
    [problem] = [p for p in result.problems if "disk full" in p]
    assert "needs 3.1 MB free in" in problem and "MB free; free that space" in problem
    assert store.holds(small.sha256)  # the last good set is still there and playable
    assert result.playable.items[0].audio.sha256 == small.sha256
    status = station_status(config.station_id, store, store.holding(config.public_key), clock(), TZ)
    assert pull_exit(result, status) == PullExit.DISK


def test_the_disk_filling_up_during_a_download_removes_its_part(
        small_disk: Path, tree: Tree, server: FaultServer, config: StationConfig,
        clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(1024 * 1024, seed=3))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    filler = small_disk / "filler"

    def fill_the_disk() -> None:  # another program takes every free byte mid-download
        with filler.open("wb") as out:
            try:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            except OSError:
                pass

    with FaultProxy(("127.0.0.1", server.httpd.server_address[1])) as proxy:
        proxy.at_byte = (20_000, fill_the_disk)
        config = replace(config, storage_dir=small_disk / "station", centre_url=proxy.url)
        result = sync(config, client_for(config), clock)
    store = StationStore(config.storage_dir)
    assert result.missing == (audio.sha256,) and result.disk_problem
    assert parts(store) == [] and not store.holds(audio.sha256)
    [problem] = [p for p in result.problems if "disk full" in p]
    assert f"{audio.sha256}.mp3 needs 1.0 MB free in" in problem and "was removed" in problem

    filler.unlink()
    config = replace(config, centre_url=server.url)
    assert sync(config, client_for(config), clock).complete
