"""Builds started from the Studio: one background thread per build, progress kept for polling."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from radio.config import Settings
from radio.core.errors import RadioError
from radio.core.i18n import N_, Text
from radio.core.month import Month
from radio.core.progress import Event, SegmentSpoken
from radio.pipeline.build import BuildResult, build_month


@dataclass
class BuildJob:
    month: str
    by: str
    started_at: datetime
    events: list[Event] = field(default_factory=list)  # the build's progress, but each segment
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str = ""                # English, for the audit log
    failure: Text | None = None    # the same, for the page in the reader's language
    result: BuildResult | None = None

    def emit(self, event: Event) -> None:
        """The build's reporter: segments move the bar, every other event is a line of the log."""
        if isinstance(event, SegmentSpoken):
            self.done, self.total = event.done, event.total
        else:
            self.events.append(event)

    def snapshot(self, language: str) -> dict[str, object]:
        """For the page and its polling: every line in `language`, whatever the engine printed."""
        return {
            "month": self.month,
            "by": self.by,
            "messages": [event.text().in_language(language) for event in list(self.events)],
            "done": self.done,
            "total": self.total,
            "finished": self.finished,
            "error": self.failure.in_language(language) if self.failure else "",
        }


class BuildRunner:
    """At most one build at a time in this process: the speech cache and CPU are shared."""

    def __init__(self, on_finish: Callable[[BuildJob], None]) -> None:
        self._jobs: dict[str, BuildJob] = {}
        self._lock = threading.Lock()
        self._on_finish = on_finish

    def job(self, month: str) -> BuildJob | None:
        return self._jobs.get(month)

    def running(self) -> BuildJob | None:
        return next((j for j in self._jobs.values() if not j.finished), None)

    def start(self, month: Month, settings: Settings, by: str, now: datetime) -> BuildJob:
        with self._lock:
            busy = self.running()
            if busy is not None:
                raise RadioError(N_("a build of {month} is running; wait for it to finish"), month=busy.month)
            job = BuildJob(str(month), by, now)
            self._jobs[str(month)] = job
        thread = threading.Thread(
            target=self._run, args=(job, month, settings), daemon=True, name=f"studio-build-{month}"
        )
        thread.start()
        return job

    def _run(self, job: BuildJob, month: Month, settings: Settings) -> None:
        try:
            job.result = build_month(month, settings, report=job, now=job.started_at)
        except RadioError as err:
            job.error, job.failure = str(err), err.text
        except Exception as err:  # noqa: BLE001 — shown on the page; the thread must not die silently
            job.error = f"{err.__class__.__name__}: {err}"
            job.failure = Text.of(N_("The build stopped on an unexpected error (detail: {detail})"),
                                  detail=job.error)
        finally:
            job.finished = True
            self._on_finish(job)

    def wait(self, month: str, timeout: float | None = None) -> None:
        """For tests and scripts: block until the month's build has finished."""
        for thread in threading.enumerate():
            if thread.name == f"studio-build-{month}":
                thread.join(timeout)
