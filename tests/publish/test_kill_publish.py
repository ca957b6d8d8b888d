"""A real `radio publish` killed (SIGKILL) at each step; `current` always names a release the
database knows, and the next publish reconciles what the killed one left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from radio.config import Settings
from radio.core.month import Month
from radio.protocol.minisign import load_secret_key
from radio.publish.approval import approve
from radio.publish.pointer import host_pointer
from radio.publish.publisher import publish as publish_release
from radio.publish.tree import current_root
from radio.store.db import transaction
from radio.store.publications import publications
from tests.pipeline.test_kill_build import MOMENTS, kill_after, radio_command
from tests.publish.network import build_month, make_key, make_settings, schedule_month

TODAY = datetime.now(UTC)
MONTH = str(Month(TODAY.year, TODAY.month).next())  # the CLI reads the real clock: a coming month
KILLED = -signal.SIGKILL if os.name != "nt" else 137


def publish(settings: Settings, db_url: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    command, env = radio_command(settings.path, "publish", MONTH, kill_at=kill_at, RADIO_DB=db_url)
    return subprocess.run(command, cwd=settings.root, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)


def in_process(settings: Settings, db: Engine) -> None:
    key = load_secret_key(settings.network.secret_key)
    publish_release(db, settings, key, datetime.now(UTC), Month.parse(MONTH))


def sequences(db: Engine) -> list[int]:
    with transaction(db) as session:
        return [row.sequence for row in publications(session)]


def live(settings: Settings) -> int | None:
    release = host_pointer().read(settings.network.publish_dir)
    return int(release) if release else None


def assert_consistent(settings: Settings, db: Engine) -> None:
    """`current` is a committed release whose manifests carry its number; no temporary files."""
    publish_dir = settings.network.publish_dir
    number = live(settings)
    assert number in sequences(db)
    manifest = json.loads((current_root(publish_dir) / "stations/st-01/manifest.json").read_bytes())
    assert manifest["sequence"] == number
    stray = [p.relative_to(publish_dir).as_posix() for p in publish_dir.rglob(".*")
             if p.name != ".publish.lock"]
    assert stray == []


@pytest.fixture
def published(tmp_path: Path, db: Engine, db_url: str) -> Settings:
    """A month built, scheduled, approved and published once (release 1)."""
    settings = make_settings(tmp_path)
    make_key(settings)
    episode = build_month(db, settings, MONTH)
    schedule_month(db, settings, MONTH)
    approve(db, MONTH, episode.script_sha256, "Trần Thị B", TODAY)
    in_process(settings, db)  # only the run killed and the one after need their own processes
    assert live(settings) == 1
    return settings


# step → (the release a killed run leaves live, the notice of the next run, the next release)
STEPS = {
    "publish:claimed": (1, None, 2),
    "publish:written": (1, "releases/.building-2", 2),
    "publish:journaled": (1, "release 2: removed an interrupted publish that had not committed", 2),
    "publish:renamed": (1, "release 2: removed an interrupted publish that had not committed", 2),
    "publish:committed": (1, "release 2: an interrupted publish had committed it", 3),
    "publish:swapped": (2, "release 2: an interrupted publish had committed it", 3),
}


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_a_publish_killed_at_any_step_is_reconciled_by_the_next(
        published: Settings, db: Engine, db_url: str, step: str) -> None:
    live_after_kill, notice, next_release = STEPS[step]
    killed = publish(published, db_url, kill_at=step)
    assert killed.returncode == KILLED, killed.stderr
    assert live(published) == live_after_kill
    assert live_after_kill in sequences(db)  # never a release the database does not know

    again = publish(published, db_url)
    assert again.returncode == 0, again.stderr
    if notice:
        assert notice in again.stderr
    assert f"Release {next_release}:" in again.stdout
    assert live(published) == next_release
    assert_consistent(published, db)

    in_process(published, db)  # and nothing is left to block the publishes after it
    assert live(published) == next_release + 1
    assert_consistent(published, db)


@pytest.mark.slow
def test_a_publish_killed_at_many_moments_always_serves_a_committed_release(
        published: Settings, db: Engine, db_url: str) -> None:
    """SIGKILL at moments spread over whole publishes, one after another: after every kill
    `current` names a release the database committed, with its own manifests; the next publish
    reconciles whatever was left and leaves no temporary file."""
    command, env = radio_command(published.path, "publish", MONTH, RADIO_DB=db_url)
    started = time.monotonic()
    assert publish(published, db_url).returncode == 0
    seconds = time.monotonic() - started
    for moment in MOMENTS:
        code = kill_after(command, env, published.root, seconds * moment)
        assert code in (0, KILLED), f"the publish killed at {moment:.0%} failed by itself ({code})"
        number = live(published)
        assert number in sequences(db)
        manifest = json.loads((current_root(published.network.publish_dir)
                               / "stations/st-01/manifest.json").read_bytes())
        assert manifest["sequence"] == number
    again = publish(published, db_url)
    assert again.returncode == 0, again.stderr
    assert_consistent(published, db)


@pytest.mark.slow
def test_a_committed_release_whose_files_changed_is_not_made_live(
        published: Settings, db: Engine, db_url: str) -> None:
    assert publish(published, db_url, kill_at="publish:committed").returncode == KILLED
    release = published.network.publish_dir / "releases" / "2"
    (release / "stations/st-01/manifest.json").write_bytes(b"{}")
    again = publish(published, db_url)
    assert again.returncode == 0, again.stderr
    assert "release 2 committed but 1 of its files are missing or changed" in again.stderr
    assert live(published) == 3
    assert_consistent(published, db)
