"""`radio station run`: periodic sync and plays at slot times on APScheduler 3.x.

One scheduler per station process (APScheduler 3 is unsafe with several schedulers on one store);
jobs live in memory because the plan is rebuilt from the held manifests after every sync.

Syncs are paced by the monotonic clock (a thread of our own, not a wall-time interval job): a wall
clock stepped back an hour by NTP or a dead CMOS battery must not stop syncing until the old time
comes round again. The same thread watches wall time against monotonic time; when the wall clock
jumps either way it syncs at once and plans again (airings are wall-clock times by nature).

Playing never waits for the network: a sync (which may run up to its deadlines) holds no lock the
player needs, and swaps in what to play only when it is done; reports are uploaded by whichever
thread gets there first, never by two at once. After each sync the station's status goes to the
centre (radio/station/telemetry.py). An emergency due while a normal programme plays interrupts it.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from radio.core.retry import Backoff
from radio.station.client import StationClient
from radio.station.config import StationConfig
from radio.station.output import SoundOutput
from radio.station.player import Player, Runner, cues, due, run_command, upcoming
from radio.station.sync import Clock, StationStore, SyncResult, playable, sync
from radio.station.telemetry import send_status

log = logging.getLogger("radio.station.daemon")

SYNC_JOB = "sync"
PLAY_NOW_JOB = "play-now"
UPLOAD_JOB = "upload-reports"
_PLAY_PREFIX = "play:"
_PLAN_AHEAD = timedelta(days=2)  # further airings are planned at later syncs
_WATCH_S = 1.0  # how often the sync thread looks at the clocks
_JUMP_S = 5.0  # a wall clock off its monotonic course by more than this has been stepped
_RETRY = Backoff(base_s=30.0, cap_s=900.0)  # after a failed sync: 15-30 s, 30-60 s, … at most 15 min


class StationDaemon:
    """Owns the station's state; the scheduler calls `sync_once` and `play_due` from its threads."""

    def __init__(self, config: StationConfig, client: StationClient, clock: Clock,
                 scheduler: BaseScheduler | None = None, runner: Runner = run_command,
                 output: SoundOutput | None = None) -> None:
        self.config = config
        self.client = client
        self.clock = clock
        self.store = StationStore(config.storage_dir)
        self.player = Player(config, self.store, clock, runner, output)
        self.scheduler = scheduler or BlockingScheduler(timezone=config.timezone)
        self.manifest = playable(self.store.holding(config.public_key), self.store.holds)
        self.running_since = clock()  # airings before this were missed because we were off
        self._play_lock = threading.Lock()  # two plays (or a play and a sweep) never interleave
        self._sync_lock = threading.Lock()  # one sync at a time
        self._upload_lock = threading.Lock()  # one upload at a time; never waited for
        self._upload_wanted = threading.Event()  # an upload was asked for since the last round
        self._stop = threading.Event()
        self._sync_now = threading.Event()

    def start(self) -> None:
        """Schedule everything and block (with the default BlockingScheduler) until stopped."""
        self.schedule()
        log.info("station %s: syncing every %d s from %s", self.config.station_id,
                 self.config.sync_interval_s, self.config.manifest_url)
        thread = threading.Thread(target=self.sync_loop, name="sync", daemon=True)
        thread.start()
        try:
            self.scheduler.start()
        finally:
            self._stop.set()

    def schedule(self) -> None:
        """The plays of the manifest already held (syncs run on `sync_loop`'s thread)."""
        self.plan()
        self.sweep()

    def sync_loop(self, rounds: int | None = None) -> None:
        """Sync now and every sync_interval_s of monotonic time; at once when wall time jumps.

        `rounds` bounds the number of syncs (tests); None runs until `stop`."""
        done = failures = 0
        offset = _wall_offset(self.clock)
        next_sync = time.monotonic()
        while not self._stop.is_set() and (rounds is None or done < rounds):
            if time.monotonic() >= next_sync or self._sync_now.is_set():
                self._sync_now.clear()
                offset = _wall_offset(self.clock)  # before: a step during the sync is seen after it
                ok = False
                try:
                    ok = self.sync_once().outcome != "unreachable"
                except Exception:
                    log.exception("sync failed; trying again at the next interval")
                done += 1
                failures = 0 if ok else failures + 1
                next_sync = time.monotonic() + self._next_sync_in(failures)
                continue
            self._stop.wait(_WATCH_S)
            if self.player.journal.problem:  # the disk refused writes: try them again
                self._catch_up()
            now_offset = _wall_offset(self.clock)
            if abs(now_offset - offset) > _JUMP_S:
                log.warning("the wall clock jumped %+.0f s: syncing and planning again now",
                            now_offset - offset)
                offset = now_offset
                self._sync_now.set()

    def _next_sync_in(self, failures: int) -> float:
        """The interval; sooner after a centre that did not answer (an emergency may be waiting),
        backing off (radio.core.retry) up to the interval itself."""
        interval = float(self.config.sync_interval_s)
        if not failures:
            return interval
        return min(interval, _RETRY.delay_s(failures - 1))

    def _catch_up(self) -> None:
        self.player.journal.retry()
        if self.player.journal.problem is None:
            log.info("storage writable again: queuing and sending the reports held in memory")
            self.sweep()
            self.upload_reports()

    def stop(self) -> None:
        self._stop.set()

    def sync_once(self) -> SyncResult:
        with self._sync_lock:  # the player's lock is not held: an airing due now plays now
            result = sync(self.config, self.client, self.clock, self.store)
        with self._play_lock:
            self.manifest = result.playable
        try:
            self.sweep()
            self.upload_reports()
            problems = result.problems
            if self.player.journal.problem:  # storage that stopped taking writes: tell the centre
                problems = (*problems, self.player.journal.problem)
            if result.outcome != "unreachable":  # a centre that did not answer is not asked again
                sent = send_status(self.config, self.client, self.store, self.clock, problems)
                if sent.problem:
                    log.warning("%s", sent.problem)
        finally:
            self.plan()  # whatever failed above, the airings held are planned
        return result

    def play_due(self) -> None:
        self._interrupt_for_emergency()
        with self._play_lock:
            played = self.player.play_due(self.manifest)
        if played:  # sent from another thread: this one may be needed for the next play
            self.scheduler.add_job(self.upload_reports, id=UPLOAD_JOB, replace_existing=True,
                                   misfire_grace_time=None)

    def _interrupt_for_emergency(self) -> None:
        """An emergency held, valid and not yet played cuts a normal programme short."""
        manifest = self.manifest
        if manifest is None or self.player.playing is None:
            return
        grace = timedelta(seconds=self.config.play_grace_s)
        done = self.player.done()
        if any(cue.immediate for cue in due(cues(manifest), self.clock(), grace, done, self.store.holds)):
            self.player.interrupt()

    def sweep(self) -> None:
        """Queue a `missed` report for every airing that passed unplayed."""
        with self._play_lock:
            self.player.sweep(self.manifest, self.running_since)

    def upload_reports(self) -> None:
        """Send the queued reports. A call while another thread is sending asks that thread to
        look again when it is done: its list was read before this call's report was queued, and
        without that a played emergency's report waited for the next sync (an hour by default)."""
        self._upload_wanted.set()
        while self._upload_wanted.is_set():
            if not self._upload_lock.acquire(blocking=False):
                return  # the thread sending now sees the request after its round
            try:
                self._upload_wanted.clear()
                if self.store.reports.pending():
                    self.store.reports.upload(self.client, self.config.reports_url,
                                              self.config.report_token)
            finally:
                self._upload_lock.release()

    def plan(self) -> None:
        """Make the play jobs match the last good manifest: one per airing, and now whatever is
        due now (an emergency, an airing whose slot is inside its grace time, one cut mid-air)."""
        now = self.clock()
        wanted: dict[str, datetime] = {}
        if self.manifest is not None:
            all_cues = cues(self.manifest)
            for cue in upcoming(all_cues, now):
                if cue.at <= now + _PLAN_AHEAD:
                    wanted[_PLAY_PREFIX + cue.key] = cue.at
            grace = timedelta(seconds=self.config.play_grace_s)
            if due(all_cues, now, grace, self.player.done(), self.store.holds):
                wanted[PLAY_NOW_JOB] = now  # play_due skips ones already played
        for job in self.scheduler.get_jobs():
            if (job.id.startswith(_PLAY_PREFIX) or job.id == PLAY_NOW_JOB) and job.id not in wanted:
                job.remove()
        for job_id, at in wanted.items():
            self.scheduler.add_job(self.play_due, "date", id=job_id, replace_existing=True,
                                   run_date=at,
                                   # Matches the player's grace: later than this it will not play.
                                   misfire_grace_time=self.config.play_grace_s)


def _wall_offset(clock: Clock) -> float:
    """Wall time minus monotonic time: constant while nobody steps the wall clock."""
    return clock().timestamp() - time.monotonic()
