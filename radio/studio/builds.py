"""Builds started from the Studio: one background thread per build, progress kept for polling.

When the Studio shuts down it stops its builds and waits for their threads: a build is stopped at
its next progress event (a stage or a spoken segment), before anything is committed, so the last
good episode stays, and no thread outlives the database it writes to.
"""

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
    changed: list[str] = field(default_factory=list)  # segments spoken afresh: playable at once
    stop: threading.Event = field(default_factory=threading.Event)

    def emit(self, event: Event) -> None:
        """The build's reporter: segments move the bar, every other event is a line of the log.
        Once the Studio is stopping, the build stops here (nothing is committed yet)."""
        if self.stop.is_set():
            raise RadioError(N_("The Studio stopped; the build was stopped with it and the last good "
                                "episode is untouched"))
        if isinstance(event, SegmentSpoken):
            self.done, self.total = event.done, event.total
            if event.segment_id and not event.cached:
                self.changed.append(event.segment_id)
        else:
            self.events.append(event)

    def snapshot(self, language: str) -> dict[str, object]:
        """For the page and its polling: every line in `language`, whatever the engine printed."""
        return {
            "month": self.month,
            "by": self.by,
            "messages": [event.text().in_language(language) for event in list(self.events)]
            + self._notes(language),
            "done": self.done,
            "total": self.total,
            "finished": self.finished,
            "error": self.failure.in_language(language) if self.failure else "",
            "changed": list(self.changed),
        }


    def _notes(self, language: str) -> list[str]:
        """The summary's notes, as `radio build` prints them: e.g. that the robot voice spoke
        because no natural voice is installed."""
        notes = self.result.fallbacks if self.result else ()
        return [note.in_language(language) if isinstance(note, Text) else note for note in notes]


class BuildRunner:
    """At most one build at a time in this process: the speech cache and CPU are shared."""

    def __init__(self, on_finish: Callable[[BuildJob], None]) -> None:
        self._jobs: dict[str, BuildJob] = {}
        self._threads: dict[str, threading.Thread] = {}
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
        self._threads[str(month)] = thread
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
        thread = self._threads.get(month)
        if thread is not None:
            thread.join(timeout)

    def stop(self, timeout: float | None = 60.0) -> None:
        """Stop every running build at its next progress event and wait for its thread (at most
        `timeout` seconds each: an encoding under way finishes first)."""
        with self._lock:
            for job in self._jobs.values():
                job.stop.set()
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(timeout)
