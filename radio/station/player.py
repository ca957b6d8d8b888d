"""What to play when, and playing it: airings of the last good manifest, emergencies at once.

Only audio the sync verified and stored is ever played, and it is hashed again just before
playing, so a file damaged on disk is refused rather than broadcast. Playing is built in
(radio/station/output.py, through the sound card); `play_command` drives other hardware instead.
Every report says what really went out: start, end, measured seconds and how it ended. An
emergency interrupts a normal programme, which is reported `interrupted`.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import msgspec

from radio.core.hashing import file_sha256
from radio.protocol.kinds import ItemKind, MissReason, ReportEvent
from radio.protocol.manifest import Manifest, ManifestItem
from radio.protocol.played import PlayedSpan, PlayOutcome
from radio.protocol.report import PlayReportMessage, airing_report_id, decode_report, encode_report, new_report
from radio.protocol.wire import WireError
from radio.station.config import StationConfig
from radio.station.journal import Journal, JournalledAiring, Stage
from radio.station.output import SoundOutput
from radio.station.store import Clock, StationStore

log = logging.getLogger("radio.station.player")

Runner = Callable[[Sequence[str], float], int]  # argv, timeout in seconds → exit status

_SWEEP_BACK = timedelta(days=60)  # inside the journal's 62 days: a swept airing is never reported twice
_HEARTBEAT_S = 2.0  # a journal line while on air: what went out is known to this much if cut
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
        self.journal = Journal(store.root)
        self.playing: Cue | None = None  # set while a cue is on air (read by other threads)

    def done(self) -> set[str]:
        """Keys of airings that went out (or were reported): never played again."""
        return self.journal.finished()

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
        reports = []
        for cue in due(cues(manifest), self.clock(), grace, self.done(), self.store.holds):
            if cue.key in self.done():  # played meanwhile by another thread's job
                continue
            reports.append(self._queue(cue, self._play(cue, manifest.sequence)))
        return reports

    def sweep(self, manifest: Manifest | None, running_since: datetime) -> list[PlayReportMessage]:
        """Queue what the journal owes, then report every airing whose time (and grace) passed:
        one cut mid-air with what aired, one never started as `missed` — "station was off" before
        `running_since`, "late" after it (the agent ran but could not start it)."""
        self._requeue()
        if manifest is None:
            return []
        now = self.clock()
        grace = timedelta(seconds=self.config.play_grace_s)
        airings = self.journal.airings()
        reports = []
        for cue in cues(manifest):
            end = cue.item.valid_to if cue.immediate else cue.at + grace
            airing = airings.get(cue.key)
            if (airing and airing.finished) or end >= now or end < now - _SWEEP_BACK:
                continue
            if airing is not None and airing.cut:
                reports.append(self._queue(cue, self._cut_report(cue, manifest.sequence, airing, now)))
                continue
            reason = MissReason.STATION_OFF if end < running_since else MissReason.LATE
            if cue.immediate and not self.store.holds(cue.item.audio.sha256):
                reason = MissReason.NOT_HELD
            what = ("the station agent was not running" if reason == MissReason.STATION_OFF
                    else "its audio was never held and verified while it was valid"
                    if reason == MissReason.NOT_HELD else "not started within the grace time")
            reports.append(self._queue(cue, self._report(cue, manifest.sequence, now, reason, what)))
        return reports

    def _cut_report(self, cue: Cue, sequence: int, airing: JournalledAiring, now: datetime) -> PlayReportMessage:
        """An airing cut mid-air (the agent was killed or the power went) and not replayed in time."""
        started = airing.started or airing.last_seen
        seconds = max(0.0, min((airing.last_seen - started).total_seconds(), cue.item.audio.duration_s))
        span = PlayedSpan(started=started, ended=airing.last_seen, seconds=round(seconds, 3),
                          outcome=PlayOutcome.INTERRUPTED)
        return self._report(cue, sequence, started, None,
                            f"cut when the station agent stopped: at least {seconds:.0f} s went out; "
                            "too late to play it again", span)

    def _requeue(self) -> None:
        """Reports the journal holds (ended) that are not in the queue yet: a crash between the two,
        or a disk that refused them."""
        for airing in self.journal.airings().values():
            if airing.stage != Stage.ENDED or airing.report is None:
                continue
            try:
                report = decode_report(airing.report)
            except WireError:
                continue
            self._put(airing.key, report)

    def _queue(self, cue: Cue, report: PlayReportMessage) -> PlayReportMessage:
        # The journal first: once `ended` is on disk the airing never plays again, and its
        # report (with its one id) is queued from there even if the next step fails.
        self.journal.record(cue.key, Stage.ENDED, report.at, encode_report(report))
        self._put(cue.key, report)
        return report

    def _put(self, key: str, report: PlayReportMessage) -> None:
        try:
            self.store.reports.put(report)
        except OSError as err:
            log.error("cannot queue the report of %s (%s); it is queued when the disk takes writes",
                      key, err.strerror)
            return
        self.journal.record(key, Stage.REPORTED, report.at)

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
                          airing_at=None if cue.immediate else cue.at, reason=reason, played=played,
                          report_id=airing_report_id(self.config.station_id, cue.key))

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
            path.unlink(missing_ok=True)
            return report(MissReason.FAILED_VERIFICATION, "stored audio no longer matches its "
                          "sha256; deleted, it is downloaded again at the next sync")
        limit = item.audio.duration_s + self.config.lead_in_s + _COMMAND_MARGIN_S
        replay = self.journal.airings().get(cue.key)
        again = " (played again from the start: the agent stopped mid-airing)" \
            if replay is not None and replay.cut else ""
        self.journal.record(cue.key, Stage.STARTED, started)  # fsynced before it goes on air
        with self._heartbeat(cue.key):
            if self.config.play_command:
                made = self._run_command(cue, path, limit, report)
                return msgspec.structs.replace(made, detail=made.detail + again)
            if self.config.output_device == LOG_ONLY:
                span = PlayedSpan(started=started, ended=started, seconds=0.0,
                                  outcome=PlayOutcome.COMPLETE)
                return report(None, f"log only (output_device = \"log\"): would play {path.name} "
                              f"'{item.title}'{again}", span)
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
        return report(None, f"played {path.name} '{item.title}': {heard}{again}", span)

    @contextmanager
    def _heartbeat(self, key: str) -> Iterator[None]:
        """A `progress` journal line every few seconds while `key` is on air."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(_HEARTBEAT_S):
                self.journal.record(key, Stage.PROGRESS, self.clock())

        thread = threading.Thread(target=beat, name=f"heartbeat {key}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

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
