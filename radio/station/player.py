"""What to play when, and playing it: airings of the last good manifest, emergencies at once.

Only audio the sync verified and stored is ever played, and it is hashed again just before
playing, so a file damaged on disk is refused rather than broadcast. Playing is built in
(radio/station/output.py, through the sound card); `play_command` drives other hardware instead.
Every report says what really went out: start, end, measured seconds and how it ended. An
emergency interrupts a normal programme, which is reported `interrupted`.
"""

from __future__ import annotations

import json
import logging
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from radio.core.hashing import file_sha256
from radio.protocol.kinds import ItemKind, MissReason, ReportEvent
from radio.protocol.manifest import Manifest, ManifestItem
from radio.protocol.played import PlayedSpan, PlayOutcome
from radio.protocol.report import PlayReportMessage, new_report
from radio.station.config import StationConfig
from radio.station.output import SoundOutput
from radio.station.reports import write_atomic
from radio.station.sync import Clock, StationStore

log = logging.getLogger("radio.station.player")

Runner = Callable[[Sequence[str], float], int]  # argv, timeout in seconds → exit status

_PLAYED_KEPT = timedelta(days=62)  # longer than any validity window, so nothing replays
_SWEEP_BACK = timedelta(days=60)  # inside _PLAYED_KEPT: a swept airing is never reported twice
_COMMAND_MARGIN_S = 120.0  # a player may take a while to start or drain its buffer
LOG_ONLY = "log"  # output_device: nothing is played, airings are only logged (a dry run)


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
        kept = {k: v for k, v in entries.items() if (when := _parse(v)) is None or when >= oldest}
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
                 runner: Runner = run_command, output: SoundOutput | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.runner = runner
        self.output = output or SoundOutput(config.output_device, config.lead_in_s, clock)
        self.log = PlayLog(store)
        self.playing: Cue | None = None  # set while a cue is on air (read by other threads)

    def interrupt(self) -> bool:
        """Stop a normal programme on air (an emergency is due); False when there is none to stop.

        Built-in playback only: a `play_command` player runs to its end."""
        cue = self.playing
        if cue is None or cue.immediate or self.config.play_command:
            return False
        log.warning("interrupting %s for an emergency", cue.key)
        self.output.stop()
        return True

    def play_due(self, manifest: Manifest | None) -> list[PlayReportMessage]:
        """Play whatever is due now (most urgent first); answer the reports queued."""
        if manifest is None:
            return []
        grace = timedelta(seconds=self.config.play_grace_s)
        done = set(self.log.load())
        reports = []
        for cue in due(cues(manifest), self.clock(), grace, done, self.store.holds):
            reports.append(self._queue(cue, self._play(cue, manifest.sequence)))
        return reports

    def sweep(self, manifest: Manifest | None, running_since: datetime) -> list[PlayReportMessage]:
        """Report every airing whose time (and grace) passed unplayed as `missed`: "station was
        off" before `running_since`, "late" after it (the agent ran but could not start it)."""
        if manifest is None:
            return []
        now = self.clock()
        grace = timedelta(seconds=self.config.play_grace_s)
        done = set(self.log.load())
        reports = []
        for cue in cues(manifest):
            end = cue.item.valid_to if cue.immediate else cue.at + grace
            if cue.key in done or end >= now or end < now - _SWEEP_BACK:
                continue
            reason = MissReason.STATION_OFF if end < running_since else MissReason.LATE
            if cue.immediate and not self.store.holds(cue.item.audio.sha256):
                reason = MissReason.NOT_HELD
            what = ("the station agent was not running" if reason == MissReason.STATION_OFF
                    else "its audio was never held and verified while it was valid"
                    if reason == MissReason.NOT_HELD else "not started within the grace time")
            reports.append(self._queue(cue, self._report(cue, manifest.sequence, now, reason, what)))
        return reports

    def _queue(self, cue: Cue, report: PlayReportMessage) -> PlayReportMessage:
        self.log.add(cue.key, report.at)
        self.store.reports.put(report)
        return report

    def _report(self, cue: Cue, sequence: int, at: datetime, reason: MissReason | None,
                what: str, played: PlayedSpan | None = None) -> PlayReportMessage:
        item = cue.item
        detail = f"requested {cue.at.isoformat(timespec='seconds')}" if not cue.immediate else "emergency"
        event = ReportEvent.PLAYED if reason is None else ReportEvent.MISSED
        if reason is None and played is not None and played.outcome == PlayOutcome.INTERRUPTED:
            event = ReportEvent.INTERRUPTED
        (log.info if event == ReportEvent.PLAYED else log.error)("%s %s: %s%s", event, cue.key,
                                                                f"{reason}: " if reason else "", what)
        return new_report(self.config.station_id, event, at, item_id=item.id,
                          sha256=item.audio.sha256, sequence=sequence, detail=f"{detail}; {what}",
                          airing_at=None if cue.immediate else cue.at, reason=reason, played=played)

    def _play(self, cue: Cue, sequence: int) -> PlayReportMessage:
        item = cue.item
        started = self.clock()

        def report(reason: MissReason | None, what: str,
                   played: PlayedSpan | None = None) -> PlayReportMessage:
            return self._report(cue, sequence, started, reason, what, played)

        path = self.store.audio_path(item.audio.sha256)
        if not path.is_file():
            return report(MissReason.NOT_HELD, "audio not held: not downloaded or not verified yet")
        if file_sha256(path) != item.audio.sha256:
            path.unlink()
            return report(MissReason.FAILED_VERIFICATION, "stored audio no longer matches its "
                          "sha256; deleted, it is downloaded again at the next sync")
        limit = item.audio.duration_s + self.config.lead_in_s + _COMMAND_MARGIN_S
        if self.config.play_command:
            return self._run_command(cue, path, limit, report)
        if self.config.output_device == LOG_ONLY:
            span = PlayedSpan(started=started, ended=started, seconds=0.0, outcome=PlayOutcome.COMPLETE)
            return report(None, f"log only (output_device = \"log\"): would play {path.name} "
                          f"'{item.title}'", span)
        self.playing = cue
        try:
            span = self.output.play(path, limit)
        finally:
            self.playing = None
        heard = f"{span.seconds:.1f} s of {item.audio.duration_s:.1f} s"
        if span.outcome == PlayOutcome.FAILED:
            return report(MissReason.PLAYER_FAILED, f"sound output failed after {heard} "
                          f"({self.config.output_device or 'default output'})", span)
        if span.outcome == PlayOutcome.INTERRUPTED:
            return report(None, f"interrupted for an emergency after {heard}", span)
        return report(None, f"played {path.name} '{item.title}': {heard}", span)

    def _run_command(self, cue: Cue, path: Path, limit: float,
                     report: Callable[..., PlayReportMessage]) -> PlayReportMessage:
        """An external player: what went out is measured as the time it ran (at most the programme)."""
        argv = [part.replace("{file}", str(path)) for part in self.config.play_command]
        started, began = self.clock(), time.monotonic()

        def span(outcome: PlayOutcome) -> PlayedSpan:
            ran = time.monotonic() - began
            return PlayedSpan(started=started, ended=started + timedelta(seconds=ran),
                              seconds=round(min(ran, cue.item.audio.duration_s), 3), outcome=outcome)

        try:
            status = self.runner(argv, limit)
        except (OSError, subprocess.SubprocessError) as err:
            return report(MissReason.PLAYER_FAILED, f"play command {argv[0]!r} could not run: {err}",
                          span(PlayOutcome.FAILED))
        if status != 0:
            return report(MissReason.PLAYER_FAILED, f"play command exited with status {status}",
                          span(PlayOutcome.FAILED))
        return report(None, f"played {path.name} '{cue.item.title}'", span(PlayOutcome.COMPLETE))
