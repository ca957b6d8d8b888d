"""The Studio's build threads: segments spoken afresh are offered at once, and shutting the
Studio down stops and joins its builds (no thread writes to a database already gone)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from radio.core.i18n import N_, Text
from radio.core.month import Month
from radio.core.progress import Compiling, SegmentSpoken
from radio.studio import builds
from radio.studio.builds import BuildJob, BuildRunner
from tests.studio.conftest import ROLES

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _endless(started: threading.Event):
    """A build that reports progress until it is stopped (as a real one does per segment)."""

    def build(month, settings, *, report, now):
        report.emit(Compiling())
        report.emit(SegmentSpoken(1, 3, "news-1", cached=False))
        report.emit(SegmentSpoken(2, 3, "intro", cached=True))
        started.set()
        while True:
            report.emit(SegmentSpoken(2, 3))
            threading.Event().wait(0.01)

    return build


def test_stop_ends_a_running_build_and_joins_its_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    started, finished = threading.Event(), []
    monkeypatch.setattr(builds, "build_month", _endless(started))
    runner = BuildRunner(finished.append)
    job = runner.start(Month.parse("2024-05"), None, "editor", NOW)  # type: ignore[arg-type]
    assert started.wait(10)
    assert job.snapshot("en")["changed"] == ["news-1"]  # the fresh one, not the cached one
    runner.stop(timeout=10)
    assert job.finished and finished == [job]
    assert "stopped" in job.error and job.result is None
    assert not any(t.name.startswith("studio-build-") for t in threading.enumerate())


def test_a_stopped_job_refuses_further_progress() -> None:
    job = BuildJob("2024-05", "editor", NOW)
    job.stop.set()
    with pytest.raises(Exception, match="stopped"):
        job.emit(Compiling())


def test_the_studio_joins_its_builds_on_shutdown(app, monkeypatch: pytest.MonkeyPatch,
                                                 workspace: Path) -> None:
    started = threading.Event()
    monkeypatch.setattr(builds, "build_month", _endless(started))
    with TestClient(app, follow_redirects=False):
        job = app.state.studio.builds.start(Month.parse("2024-05"), None, ROLES[0], NOW)
        assert started.wait(10)
    assert job.finished  # the client's exit ran the app's shutdown, which joined the thread
    assert not any(t.name.startswith("studio-build-") for t in threading.enumerate())


def test_the_summarys_notes_are_shown_with_the_log() -> None:
    from radio.pipeline.build import BuildResult

    job = BuildJob("2024-05", "editor", NOW)
    robot = Text.of(N_("the robot voice (espeak-ng) spoke because no natural voice is installed; "
                       "install one once: radio voices install vi_VN-vais1000-medium (or, "
                       "offline, radio voices import from a USB stick; see the README)"))
    job.result = BuildResult(None, Path("."), (robot,), 0)
    assert job.snapshot("vi")["messages"] == [robot.in_language("vi")]
    assert job.snapshot("en")["messages"][0].startswith("the robot voice (espeak-ng) spoke")
