"""`radio station pull` killed (SIGKILL) at many moments — after N bytes on the wire and at the
steps where a power cut hurts most — leaves a store whose last good set is playable and where no
half-downloaded file was ever adopted; the next pull finishes the job."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from radio.station.config import StationConfig
from radio.station.sync import StationStore, client_for, playable, sync
from tests.station.helpers import FakeClock, FaultServer, Tree, audio_bytes, local, programme, station_config
from tests.station.killer import STEPS
from tests.station.proxy import FaultProxy

SIZE = 150_000
SLOTS = ["2099-05-02T05:30:00", "2099-05-09T05:30:00"]
VALID = ("2099-05-01T00:00:00", "2099-06-01T00:00:00")
REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def station_toml(folder: Path, centre: str, tree: Tree, token: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "station.toml"
    path.write_text(f'[station]\nid = "st-03"\ncentre = "{centre}"\n'
                    f'public_key = "{tree.key.public_key.base64}"\ntoken = "{token}"\n'
                    'storage = "data"\ntimeout_s = 5\n', encoding="utf-8")
    return path


def held_ok(store: StationStore, config: StationConfig) -> set[str]:
    """Check the store after a kill; answer the sha256s held."""
    held = set()
    for path in store.audio_dir.glob("*.mp3"):
        sha256 = path.name.removesuffix(".mp3")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256, f"half file adopted: {path}"
        held.add(sha256)
    holding = store.holding(config.public_key)
    assert holding.last is not None, "the last good manifest was lost"
    assert holding.last.manifest.sha256s <= held, "the last good set is not whole"
    plan = playable(holding, store.holds)
    assert plan is not None and all(store.holds(item.audio.sha256) for item in plan.items), \
        "something due would not be playable"
    return held


@pytest.fixture
def republished(tmp_path: Path, tree: Tree, server: FaultServer) -> tuple[StationConfig, str]:
    """A station holding release 1, and release 2 (a rebuilt month) waiting at the centre."""
    first = tree.audio(audio_bytes(SIZE, seed=1))
    tree.manifest(1, [programme("2099-05", first, SLOTS, valid=VALID)])
    config = station_config(tmp_path / "station" / "data", server.url, tree, report_token=server.token)
    assert sync(config, client_for(config), FakeClock(tree_now())).complete
    rebuilt = tree.audio(audio_bytes(SIZE, seed=2))
    tree.manifest(2, [programme("2099-05", rebuilt, SLOTS, valid=VALID)])
    return config, rebuilt.sha256


def tree_now() -> datetime:
    return local("2099-05-01T08:00:00")


def pull(toml: Path, step: str = "none") -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.station.killer", step,
                             "station", "pull", "--station-config", str(toml)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_and_check(config: StationConfig, rebuilt: str) -> None:
    store = StationStore(config.storage_dir)
    held_ok(store, config)
    healed = sync(config, client_for(config), FakeClock(tree_now()))
    assert healed.complete and healed.held_sequence == 2, healed.problems
    assert held_ok(store, config) == {rebuilt}
    assert not list(store.audio_dir.glob("*.part"))


@pytest.mark.parametrize("cut", [60, 500, 1200, 1800, 4000, 40_000, 120_000, 149_500])
def test_pull_killed_after_n_bytes_leaves_a_playable_store(
        tmp_path: Path, tree: Tree, server: FaultServer, republished: tuple[StationConfig, str],
        cut: int) -> None:
    config, rebuilt = republished
    with FaultProxy(("127.0.0.1", server.httpd.server_address[1])) as proxy:
        toml = station_toml(config.storage_dir.parent, proxy.url, tree, server.token)
        child: list[subprocess.Popen[str]] = []
        proxy.at_byte = (cut, lambda: os.kill(child[0].pid, signal.SIGKILL))
        child.append(pull(toml))
        child[0].communicate(timeout=120)
    assert child[0].returncode == -signal.SIGKILL, f"the pull ended before byte {cut}"
    finish_and_check(config, rebuilt)


@pytest.mark.parametrize("step", STEPS)
def test_pull_killed_at_each_step_leaves_a_playable_store(
        tmp_path: Path, tree: Tree, server: FaultServer, republished: tuple[StationConfig, str],
        step: str) -> None:
    config, rebuilt = republished
    toml = station_toml(config.storage_dir.parent, server.url, tree, server.token)
    if step == "mid-prune":  # get to the prune: the new file is already downloaded
        assert sync(config, client_for(config), FakeClock(tree_now())).behind is False
        tree.manifest(3, [programme("2099-05", tree.audio(audio_bytes(SIZE, seed=3)), SLOTS,
                                    valid=VALID)])
        rebuilt = hashlib.sha256(audio_bytes(SIZE, seed=3)).hexdigest()
    child = pull(toml, step)
    child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL, f"{step} was never reached"
    store = StationStore(config.storage_dir)
    held_ok(store, config)
    if step == "mid-prune":
        healed = sync(config, client_for(config), FakeClock(tree_now()))
        assert healed.complete and held_ok(store, config) == {rebuilt}
        return
    finish_and_check(config, rebuilt)
