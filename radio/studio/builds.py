"""Builds started from the Studio: one background thread per build, progress kept for polling."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from radio.config import Settings
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.pipeline.build import BuildResult, build_month


@dataclass
class BuildJob:
    month: str
    by: str
    started_at: datetime
    messages: list[str] = field(default_factory=list)
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str = ""
    result: BuildResult | None = None

    def snapshot(self) -> dict[str, object]:
        return {
            "month": self.month,
            "by": self.by,
            "messages": list(self.messages),
            "done": self.done,
            "total": self.total,
            "finished": self.finished,
            "error": self.error,
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
                raise RadioError(f"a build of {busy.month} is running; wait for it to finish")
            job = BuildJob(str(month), by, now)
            self._jobs[str(month)] = job
        thread = threading.Thread(
            target=self._run, args=(job, month, settings), daemon=True, name=f"studio-build-{month}"
        )
        thread.start()
        return job

    def _run(self, job: BuildJob, month: Month, settings: Settings) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            job.result = build_month(
                month, settings, say=job.messages.append, on_segment=progress, now=job.started_at
            )
        except RadioError as err:
            job.error = str(err)
        except Exception as err:  # noqa: BLE001 — shown on the page; the thread must not die silently
            job.error = f"{err.__class__.__name__}: {err}"
        finally:
            job.finished = True
            self._on_finish(job)

    def wait(self, month: str, timeout: float | None = None) -> None:
        """For tests and scripts: block until the month's build has finished."""
        for thread in threading.enumerate():
            if thread.name == f"studio-build-{month}":
                thread.join(timeout)
