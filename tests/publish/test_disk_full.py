"""`radio publish` onto a full disk: one line naming the path and what to do, exit code FILES, the
live release untouched, nothing half-written left; with space again, the next publish works.

The publish folder is a small tmpfs (CI runs as root); skipped with a message where mounting is
refused.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from radio.cli import main
from radio.config import Settings
from radio.core.errors import ExitCode
from radio.core.month import Month
from radio.publish.approval import approve
from tests.publish.network import build_month, make_key, make_settings, schedule_month

TODAY = datetime.now(UTC)
MONTH = str(Month(TODAY.year, TODAY.month).next())  # the CLI reads the real clock: a coming month
NEXT = str(Month.parse(MONTH).next())


def _mount(where: Path, size: str) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                   check=True, capture_output=True, text=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """tmp_path/publish on a 1 MiB tmpfs, unmounted afterwards."""
    where = tmp_path / "publish"
    where.mkdir()
    if os.name == "nt" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux (CI runs as root)")
    try:
        _mount(where, "1m")
    except (OSError, subprocess.CalledProcessError) as err:
        pytest.skip(f"cannot mount a tmpfs here ({getattr(err, 'stderr', '') or err})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def publish(settings: Settings, month: str) -> Result:
    return CliRunner(mix_stderr=False).invoke(main, ["--config", str(settings.path), "publish", month])


def leftovers(publish_dir: Path) -> list[str]:
    return sorted(p.relative_to(publish_dir).as_posix() for p in publish_dir.rglob(".*")
                  if p.name != ".publish.lock")


def test_a_full_disk_is_one_line_and_keeps_the_live_release(
        small_disk: Path, db: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADIO_DB", db_url)
    settings = make_settings(small_disk.parent)
    make_key(settings)
    for month, size in ((MONTH, 200_000), (NEXT, 2_000_000)):  # the second does not fit in 1 MiB
        episode = build_month(db, settings, month, audio=os.urandom(size))
        schedule_month(db, settings, month)
        approve(db, month, episode.script_sha256, "Trần Thị B", TODAY)
    first = publish(settings, MONTH)
    assert first.exit_code == 0, first.stderr
    live = os.readlink(small_disk / "current")

    full = publish(settings, NEXT)
    assert full.exit_code == ExitCode.FILES, full.stderr
    line = full.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in full.stderr
    assert "the disk is full" in line and str(small_disk) in line, line
    assert os.readlink(small_disk / "current") == live  # stations keep being served release 1
    assert leftovers(small_disk) == []

    subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)
    done = publish(settings, NEXT)
    assert done.exit_code == 0, done.stderr
    assert "Release 2:" in done.stdout
    assert leftovers(small_disk) == []
