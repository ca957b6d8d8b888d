"""The live-release pointer: a symlink on POSIX, a CURRENT file on Windows — both run here.

Windows itself cannot be tested on this machine; the Windows scheme is plain files and os.replace,
so running it on Linux exercises everything but MoveFileEx itself.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import Engine

from radio.core.month import Month
from radio.publish import pointer
from radio.publish.approval import approve
from radio.publish.pointer import FilePointer, LivePointer, SymlinkPointer, host_pointer
from radio.publish.publisher import publish
from radio.publish.tree import current_root
from tests.publish.network import APRIL, build_month, live_server, make_key, make_settings, schedule_month

SCHEMES = {"posix": SymlinkPointer(), "windows": FilePointer()}


def test_each_platform_gets_its_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pointer, "PLATFORM", "win32")
    assert isinstance(host_pointer(), FilePointer)
    for platform in ("linux", "darwin", "freebsd14"):
        monkeypatch.setattr(pointer, "PLATFORM", platform)
        assert isinstance(host_pointer(), SymlinkPointer)


def releases(publish_dir: Path, *names: str) -> None:
    for name in names:
        (publish_dir / "releases" / name).mkdir(parents=True)
        (publish_dir / "releases" / name / "feed.xml").write_text(name)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pointing_and_reading(tmp_path: Path, scheme: str) -> None:
    live = SCHEMES[scheme]
    assert live.read(tmp_path) is None
    assert current_root(tmp_path, live) == tmp_path / "current"  # nothing published: nothing served
    releases(tmp_path, "1", "2")
    live.point(tmp_path, "1")
    live.point(tmp_path, "2")
    assert live.read(tmp_path) == "2"
    assert (current_root(tmp_path, live) / "feed.xml").read_text() == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CURRENT" if scheme == "windows" else "current",
                                                         "releases"]


@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_reader_never_sees_a_missing_release_during_swaps(tmp_path: Path, scheme: str) -> None:
    live: LivePointer = SCHEMES[scheme]
    releases(tmp_path, "1", "2")
    live.point(tmp_path, "1")
    done = threading.Event()
    seen: set[str] = set()

    def swap() -> None:
        for turn in range(300):
            live.point(tmp_path, str(turn % 2 + 1))
        done.set()

    writer = threading.Thread(target=swap)
    writer.start()
    while not done.is_set():
        seen.add((current_root(tmp_path, live) / "feed.xml").read_text())  # never a missing file
    writer.join()
    assert seen <= {"1", "2"}


def test_a_failed_symlink_leaves_the_live_release(tmp_path: Path) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError("A required privilege is not held by the client")

    releases(tmp_path, "1", "2")
    SymlinkPointer().point(tmp_path, "1")
    with pytest.raises(PermissionError):
        SymlinkPointer(symlink=refused).point(tmp_path, "2")
    assert SymlinkPointer().read(tmp_path) == "1"


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pointer, "PLATFORM", "win32")


@pytest.fixture
def base_url(tmp_path: Path, db: Engine, windows: None) -> Iterator[tuple[str, Callable[[], object]]]:
    settings = make_settings(tmp_path)
    key = make_key(settings)
    episode = build_month(db, settings, "2024-05")
    schedule_month(db, settings, "2024-05")
    approve(db, "2024-05", episode.script_sha256, "B", APRIL)
    publish(db, settings, key, APRIL, Month(2024, 5))
    with live_server(settings.network.publish_dir, db, lambda: APRIL) as base:
        yield base, lambda: publish(db, settings, key, APRIL + timedelta(hours=1), Month(2024, 5))


def test_radio_serve_follows_the_windows_pointer_file(tmp_path: Path,
                                                      base_url: tuple[str, Callable[[], object]]) -> None:
    base, republish = base_url
    publish_dir = tmp_path / "publish"
    assert (publish_dir / "CURRENT").read_text() == "releases/1\n"
    assert not (publish_dir / "current").exists()  # no symlink: no privilege needed
    manifest = requests.get(f"{base}/stations/st-01/manifest.json", timeout=5)
    assert manifest.status_code == 200 and json.loads(manifest.content)["sequence"] == 1
    republish()
    manifest = requests.get(f"{base}/stations/st-01/manifest.json", timeout=5)
    assert json.loads(manifest.content)["sequence"] == 2
