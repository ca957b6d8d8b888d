"""What to play when, and playing it: airings of the last good manifest, emergencies at once.

Only audio the sync verified and stored is ever handed to the play command, and it is hashed
again just before playing, so a file damaged on disk is refused rather than broadcast.
"""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from radio.core.hashing import file_sha256
from radio.protocol.kinds import ItemKind, ReportEvent
from radio.protocol.manifest import Manifest, ManifestItem
from radio.protocol.report import PlayReportMessage, new_report
from radio.station.config import StationConfig
from radio.station.reports import write_atomic
from radio.station.sync import Clock, StationStore

log = logging.getLogger("radio.station.player")

Runner = Callable[[Sequence[str], float], int]  # argv, timeout in seconds → exit status

_PLAYED_KEPT = timedelta(days=62)  # longer than any validity window, so nothing replays
_COMMAND_MARGIN_S = 120.0  # a player may take a while to start or drain its buffer


@dataclass(frozen=True)
class Cue:
    """One thing to play: an airing of an item, or an emergency item as a whole."""

    key: str  # unique per play: "<item>@<airing time>", or the emergency item's id
    item: ManifestItem
    at: datetime  # the airing time; for an emergency, when it becomes valid

    @property
    def immediate(self) -> bool:
        return self.item.kind == ItemKind.EMERGENCY


def cues(manifest: Manifest) -> list[Cue]:
    """Every play the manifest asks for; airings outside their item's validity are dropped."""
    result = []
    for item in manifest.items:
        if item.kind == ItemKind.EMERGENCY:
            result.append(Cue(item.id, item, item.valid_from))
            continue
        for at in item.airings:
            if item.valid_from <= at < item.valid_to:
                result.append(Cue(f"{item.id}@{at.isoformat()}", item, at))
            else:
                log.warning("item %s: airing %s is outside its validity window; ignored", item.id, at)
    return result


def due(all_cues: Iterable[Cue], now: datetime, grace: timedelta, done: set[str],
        holds: Callable[[str], bool]) -> list[Cue]:
    """Cues to play at `now`, most urgent first.

    An airing is due from its time until `grace` later (a late start beats none, a very late one
    confuses listeners); an emergency is due throughout its validity once its audio is verified.
    """
    chosen = []
    for cue in all_cues:
        if cue.key in done:
            continue
        if cue.immediate:
            if cue.item.valid_from <= now < cue.item.valid_to and holds(cue.item.audio.sha256):
                chosen.append(cue)
        elif cue.at <= now <= cue.at + grace:
            chosen.append(cue)
    return sorted(chosen, key=lambda cue: (-cue.item.urgency, cue.at))


def upcoming(all_cues: Iterable[Cue], now: datetime) -> list[Cue]:
    """Airings still ahead, in time order: what the daemon schedules."""
    return sorted((cue for cue in all_cues if not cue.immediate and cue.at > now),
                  key=lambda cue: cue.at)


class PlayLog:
    """played.json: keys of cues already played or failed, so a restart never plays one twice."""

    def __init__(self, store: StationStore) -> None:
        self.path = store.root / "played.json"

    def load(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            log.error("%s is damaged; starting a new play log", self.path)
            return {}
        return data if isinstance(data, dict) else {}

    def add(self, key: str, at: datetime) -> None:
        entries = self.load()
        entries[key] = at.isoformat(timespec="seconds")
        oldest = at - _PLAYED_KEPT
        kept = {k: v for k, v in entries.items() if _parse(v) is None or _parse(v) >= oldest}
        write_atomic(self.path, json.dumps(kept, ensure_ascii=False, indent=1).encode("utf-8"))


def _parse(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def run_command(argv: Sequence[str], timeout: float) -> int:
    return subprocess.run(list(argv), timeout=timeout, stdin=subprocess.DEVNULL, check=False).returncode


class Player:
    """Plays due cues with the configured command and queues one report per cue."""

    def __init__(self, config: StationConfig, store: StationStore, clock: Clock,
                 runner: Runner = run_command) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.runner = runner
        self.log = PlayLog(store)

    def play_due(self, manifest: Manifest | None) -> list[PlayReportMessage]:
        """Play whatever is due now (most urgent first); answer the reports queued."""
        if manifest is None:
            return []
        grace = timedelta(seconds=self.config.play_grace_s)
        done = set(self.log.load())
        reports = []
        for cue in due(cues(manifest), self.clock(), grace, done, self.store.holds):
            report = self._play(cue, manifest.sequence)
            self.log.add(cue.key, report.at)
            self.store.reports.put(report)
            reports.append(report)
        return reports

    def _play(self, cue: Cue, sequence: int) -> PlayReportMessage:
        item = cue.item
        started = self.clock()
        detail = f"requested {cue.at.isoformat(timespec='seconds')}" if not cue.immediate else "emergency"

        def report(event: ReportEvent, what: str) -> PlayReportMessage:
            (log.info if event == ReportEvent.PLAYED else log.error)("%s %s: %s", event, cue.key, what)
            return new_report(self.config.station_id, event, started, item_id=item.id,
                              sha256=item.audio.sha256, sequence=sequence, detail=f"{detail}; {what}")

        path = self.store.audio_path(item.audio.sha256)
        if not path.is_file():
            return report(ReportEvent.FAILED, "audio not held: not downloaded or not verified yet")
        if file_sha256(path) != item.audio.sha256:
            path.unlink()
            return report(ReportEvent.FAILED, "stored audio no longer matches its sha256; deleted, "
                                    "it is downloaded again at the next sync")
        if not self.config.play_command:
            return report(ReportEvent.PLAYED, f"log only (no play_command): would play {path.name} "
                                    f"'{item.title}'")
        argv = [part.replace("{file}", str(path)) for part in self.config.play_command]
        try:
            status = self.runner(argv, item.audio.duration_s + _COMMAND_MARGIN_S)
        except (OSError, subprocess.SubprocessError) as err:
            return report(ReportEvent.FAILED, f"play command {argv[0]!r} could not run: {err}")
        if status != 0:
            return report(ReportEvent.FAILED, f"play command exited with status {status}")
        return report(ReportEvent.PLAYED, f"played {path.name} '{item.title}'")
