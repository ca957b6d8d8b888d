"""Engines found unreachable, remembered for a while across runs.

An office that is offline would otherwise wait out Google's retries at every rebuild; within the
hold time `auto` goes straight to the fallback, and says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from radio.core.atomic import write_text_atomic

HOLD = timedelta(minutes=15)
Clock = Callable[[], datetime]


class Outages:
    def __init__(self, path: Path, clock: Clock = lambda: datetime.now(UTC),
                 hold: timedelta = HOLD) -> None:
        self.path = path
        self._clock = clock
        self._hold = hold

    def current(self) -> dict[str, str]:
        """Engine → why it is being skipped, for outages younger than the hold time."""
        now = self._clock()
        skipped = {}
        for engine, (since_text, why) in self._load().items():
            since = datetime.fromisoformat(since_text)
            if now - since < self._hold:
                until = (since + self._hold).astimezone().strftime("%H:%M")
                skipped[engine] = (f"{why} (found unreachable at {since.astimezone():%H:%M}; "
                                   f"not asked again before {until}, or use --engine {engine})")
        return skipped

    def record(self, engine: str, why: str) -> None:
        entries = self._load()
        entries[engine] = (self._clock().isoformat(), why)
        self._save(entries)

    def _load(self) -> dict[str, tuple[str, str]]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {engine: (entry["since"], entry["why"]) for engine, entry in raw.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}  # absent or damaged: nothing remembered, engines are simply tried

    def _save(self, entries: dict[str, tuple[str, str]]) -> None:
        write_text_atomic(self.path, json.dumps(
            {engine: {"since": since, "why": why} for engine, (since, why) in entries.items()},
            indent=2))
