"""airings.jsonl: the journal of airings (due → started → progress… → ended → reported).

One JSON line per step, appended and fsynced before and after each play, so a restart knows what
went out: an airing started but never ended was cut (replayed if still within its window, else
reported with what aired); one ended but not reported has its report, word for word, in its
`ended` line. A line cut by a power cut is skipped, never the lines before it. Storage that stops
taking writes does not stop the station: the journal keeps going in memory (so nothing plays twice
in this run), says so in `problem`, and writes what it holds once the disk takes writes again.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

import msgspec

from radio.core.atomic import fsync_dir
from radio.protocol.wire import AwareTime, WireError, decode, encode
from radio.station.reports import write_atomic

log = logging.getLogger("radio.station.journal")

JOURNAL_NAME = "airings.jsonl"
LEGACY_PLAY_LOG = "played.json"  # keys only, from stations before the journal
_KEPT = timedelta(days=62)  # longer than any validity window, so nothing replays
_COMPACT_LINES = 4000  # rewrite the journal (one line per airing) when it grows past this


class Stage(StrEnum):
    """Where an airing is; later stages supersede earlier ones."""

    STARTED = "started"  # about to go on air (written and fsynced before the first sample)
    PROGRESS = "progress"  # still on air at `at` (a heartbeat: what aired if the power goes)
    ENDED = "ended"  # off air; `report` is the report to queue, as it will be sent
    REPORTED = "reported"  # its report is in the queue: nothing more to do


class Entry(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    key: str
    stage: Stage
    at: AwareTime
    report: str | None = None  # ENDED: the encoded report
    started: AwareTime | None = None  # in a compacted line: when the airing last started


@dataclass(frozen=True)
class JournalledAiring:
    """What the journal knows of one airing."""

    key: str
    stage: Stage
    started: datetime | None  # the last start
    last_seen: datetime  # the last line's time: on air at least until then
    report: bytes | None  # from the ENDED line

    @property
    def cut(self) -> bool:
        """Went on air and never came off it cleanly: the agent stopped mid-airing."""
        return self.stage in (Stage.STARTED, Stage.PROGRESS)

    @property
    def finished(self) -> bool:
        return self.stage in (Stage.ENDED, Stage.REPORTED)


class Journal:
    """Thread-safe; every write is appended, flushed and fsynced before `append` returns."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / JOURNAL_NAME
        self._lock = threading.Lock()
        self._airings: dict[str, JournalledAiring] | None = None
        self._unsaved: list[Entry] = []  # written while the disk refused
        self._lines = 0  # lines in the file: compacted when they pass _COMPACT_LINES
        self.problem: str | None = None  # why the journal is in memory only, for the status

    def airings(self) -> dict[str, JournalledAiring]:
        with self._lock:
            return dict(self._load())

    def finished(self) -> set[str]:
        """Keys that must never play again."""
        return {key for key, airing in self.airings().items() if airing.finished}

    def record(self, key: str, stage: Stage, at: datetime, report: bytes | None = None) -> None:
        entry = Entry(key=key, stage=stage, at=at, report=report.decode("utf-8") if report else None)
        with self._lock:
            airings = self._load()
            airings[key] = _apply(airings.get(key), entry)
            self._unsaved.append(entry)
            self._flush()

    def retry(self) -> None:
        """Write what the disk refused earlier, if it takes writes again."""
        with self._lock:
            if self._unsaved:
                self._flush()

    def _flush(self) -> None:
        try:
            new = not self.path.exists()
            with self.path.open("ab") as out:
                out.write(b"".join(encode(entry) + b"\n" for entry in self._unsaved))
                out.flush()
                os.fsync(out.fileno())
            if new:
                fsync_dir(self.root)
        except OSError as err:
            if self.problem is None:
                log.error("cannot write %s (%s): the journal is kept in memory until it can",
                          self.path, err.strerror)
            self.problem = f"cannot write {self.path}: {err.strerror}"
            return
        if self.problem is not None:
            log.warning("%s is writable again: %d journal line(s) written", self.path, len(self._unsaved))
        self.problem = None
        self._lines += len(self._unsaved)
        self._unsaved.clear()
        if self._lines > _COMPACT_LINES and self._airings is not None:  # a long-running agent
            self._compact(self._airings)

    def _load(self) -> dict[str, JournalledAiring]:
        if self._airings is None:
            self._airings = self._read()
        return self._airings

    def _read(self) -> dict[str, JournalledAiring]:
        airings = _legacy(self.root / LEGACY_PLAY_LOG)
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return airings
        except OSError as err:
            self.problem = f"cannot read {self.path}: {err.strerror}"
            log.error("%s", self.problem)
            return airings
        lines = data.split(b"\n")
        self._lines = len(lines)
        skipped = 0
        for line in lines:
            if not line.strip():
                continue
            try:
                entry = decode(line, Entry, str(self.path))
            except WireError:
                skipped += 1  # a line cut by a power cut: the ones before it still count
                continue
            airings[entry.key] = _apply(airings.get(entry.key), entry)
        if skipped:
            log.warning("%s: %d damaged line(s) skipped", self.path, skipped)
        if len(lines) > _COMPACT_LINES or skipped:
            self._compact(airings)
        return airings

    def _compact(self, airings: dict[str, JournalledAiring]) -> None:
        """One line per airing still worth remembering, written whole or not at all."""
        if not airings:
            return
        newest = max(airing.last_seen for airing in airings.values())
        kept = [a for a in airings.values() if a.last_seen >= newest - _KEPT]
        lines = [encode(_summary(airing)) + b"\n" for airing in kept]
        try:
            write_atomic(self.path, b"".join(lines))
        except OSError as err:
            log.warning("cannot compact %s: %s", self.path, err.strerror)
            return
        self._lines = len(lines)


def _apply(previous: JournalledAiring | None, entry: Entry) -> JournalledAiring:
    started = entry.at if entry.stage == Stage.STARTED else entry.started or (
        previous.started if previous else None)
    report = entry.report.encode("utf-8") if entry.report else previous.report if previous else None
    if previous is not None and previous.stage == Stage.REPORTED and entry.stage != Stage.STARTED:
        return previous  # a stray late line never reopens a reported airing
    return JournalledAiring(entry.key, entry.stage, started, entry.at, report)


def _summary(airing: JournalledAiring) -> Entry:
    return Entry(key=airing.key, stage=airing.stage, at=airing.last_seen, started=airing.started,
                 report=airing.report.decode("utf-8") if airing.report else None)


def _legacy(path: Path) -> dict[str, JournalledAiring]:
    """played.json of an older agent: every key in it was reported."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    airings = {}
    for key, when in (data.items() if isinstance(data, dict) else ()):
        try:
            at = datetime.fromisoformat(str(when))
        except ValueError:
            continue
        if at.tzinfo is not None:
            airings[str(key)] = JournalledAiring(str(key), Stage.REPORTED, None, at, None)
    return airings
