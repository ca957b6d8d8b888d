"""`radio station run`: periodic sync and plays at slot times on APScheduler 3.x.

One scheduler per station process (APScheduler 3 is unsafe with several schedulers on one store);
jobs live in memory because the plan is rebuilt from the last good manifest after every sync.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

import requests
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from radio.station.config import StationConfig
from radio.station.player import Player, Runner, cues, run_command, upcoming
from radio.station.sync import Clock, StationStore, SyncResult, sync

log = logging.getLogger("radio.station.daemon")

SYNC_JOB = "sync"
PLAY_NOW_JOB = "play-now"
_PLAY_PREFIX = "play:"
_PLAN_AHEAD = timedelta(days=2)  # further airings are planned at later syncs


class StationDaemon:
    """Owns the station's state; the scheduler calls `sync_once` and `play_due` from its threads."""

    def __init__(self, config: StationConfig, session: requests.Session, clock: Clock,
                 scheduler: BaseScheduler | None = None, runner: Runner = run_command) -> None:
        self.config = config
        self.session = session
        self.clock = clock
        self.store = StationStore(config.storage_dir)
        self.player = Player(config, self.store, clock, runner)
        self.scheduler = scheduler or BlockingScheduler(timezone=config.timezone)
        last = self.store.load(config.public_key)
        self.manifest = last.manifest if last else None
        self._lock = threading.Lock()  # a sync and a play, or two plays, never interleave

    def start(self) -> None:
        """Schedule everything and block (with the default BlockingScheduler) until stopped."""
        self.schedule()
        log.info("station %s: syncing every %d s from %s", self.config.station_id,
                 self.config.sync_interval_s, self.config.manifest_url)
        self.scheduler.start()

    def schedule(self) -> None:
        """The periodic sync (first run now) and the plays of the manifest already held."""
        self.scheduler.add_job(self.sync_once, "interval", id=SYNC_JOB, replace_existing=True,
                               seconds=self.config.sync_interval_s, next_run_time=self.clock(),
                               coalesce=True, max_instances=1,
                               # A sync missed while the PC slept is still worth running late.
                               misfire_grace_time=self.config.sync_interval_s)
        self.plan()

    def sync_once(self) -> SyncResult:
        with self._lock:
            result = sync(self.config, self.session, self.clock, self.store)
            self.manifest = result.manifest
        self.upload_reports()
        self.plan()
        return result

    def play_due(self) -> None:
        with self._lock:
            played = self.player.play_due(self.manifest)
        if played:
            self.upload_reports()

    def upload_reports(self) -> None:
        if self.store.reports.pending():
            self.store.reports.upload(self.session, self.config.reports_url,
                                      self.config.report_token, self.config.timeout_s)

    def plan(self) -> None:
        """Make the play jobs match the last good manifest: one per airing, and emergencies now."""
        now = self.clock()
        wanted: dict[str, datetime] = {}
        if self.manifest is not None:
            all_cues = cues(self.manifest)
            for cue in upcoming(all_cues, now):
                if cue.at <= now + _PLAN_AHEAD:
                    wanted[_PLAY_PREFIX + cue.key] = cue.at
            if any(cue.immediate and self.store.holds(cue.item.audio.sha256) for cue in all_cues):
                wanted[PLAY_NOW_JOB] = now  # play_due skips ones already played
        for job in self.scheduler.get_jobs():
            if (job.id.startswith(_PLAY_PREFIX) or job.id == PLAY_NOW_JOB) and job.id not in wanted:
                job.remove()
        for job_id, at in wanted.items():
            self.scheduler.add_job(self.play_due, "date", id=job_id, replace_existing=True,
                                   run_date=at,
                                   # Matches the player's grace: later than this it will not play.
                                   misfire_grace_time=self.config.play_grace_s)
