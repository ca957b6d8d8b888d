"""The APScheduler plan: explicit ids, time zone, grace times; plays driven by an injected clock."""

from __future__ import annotations

from dataclasses import replace

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from radio.station.client import StationClient
from radio.station.config import StationConfig
from radio.station.daemon import PLAY_NOW_JOB, SYNC_JOB, StationDaemon
from tests.station.helpers import TZ, FakeClock, FaultServer, Tree, audio_bytes, emergency, local, programme


def make_daemon(config: StationConfig, session: StationClient, clock: FakeClock,
                played: list[list[str]]) -> StationDaemon:
    config = replace(config, play_command=("player", "{file}"))
    # Not started: jobs stay pending, so the plan is inspected without threads or sleeps.
    scheduler = BackgroundScheduler(timezone=config.timezone)
    return StationDaemon(config, session, clock, scheduler,
                         runner=lambda argv, timeout: played.append(list(argv)) or 0)


def test_schedule_sets_ids_time_zone_and_grace_times(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(4000))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-01T17:00:00", "2024-05-02T05:30:00",
                                                   "2024-05-20T05:30:00"])])
    daemon = make_daemon(config, session, clock, [])
    daemon.schedule()
    [sync_job] = daemon.scheduler.get_jobs()
    assert sync_job.id == SYNC_JOB and isinstance(sync_job.trigger, IntervalTrigger)
    assert sync_job.misfire_grace_time == config.sync_interval_s and sync_job.coalesce
    assert str(daemon.scheduler.timezone) == "Asia/Ho_Chi_Minh"

    daemon.sync_once()
    jobs = {job.id: job for job in daemon.scheduler.get_jobs()}
    # Two days ahead are planned; the 20th is planned by a later sync.
    assert set(jobs) == {SYNC_JOB, "play:2024-05@2024-05-01T17:00:00+07:00",
                         "play:2024-05@2024-05-02T05:30:00+07:00"}
    play = jobs["play:2024-05@2024-05-02T05:30:00+07:00"]
    assert isinstance(play.trigger, DateTrigger)
    assert play.trigger.run_date == local("2024-05-02T05:30:00").astimezone(TZ)
    assert play.misfire_grace_time == config.play_grace_s

    tree.manifest(2, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    daemon.sync_once()
    assert {job.id for job in daemon.scheduler.get_jobs()} == {
        SYNC_JOB, "play:2024-05@2024-05-02T05:30:00+07:00"}  # the dropped airing is unplanned


def test_emergency_is_planned_at_once_and_reports_reach_the_centre(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    alert = tree.audio(audio_bytes(3000, seed=9))
    tree.manifest(1, [emergency("emergency-7", alert, ("2024-05-01T07:00:00", "2024-05-01T12:00:00"))])
    played: list[list[str]] = []
    daemon = make_daemon(config, session, clock, played)
    daemon.sync_once()
    now_job = daemon.scheduler.get_job(PLAY_NOW_JOB)
    assert now_job is not None and now_job.trigger.run_date == clock.now

    daemon.play_due()  # what the scheduler runs for that job
    assert played == [["player", str(daemon.store.audio_path(alert.sha256))]]
    daemon.play_due()
    assert len(played) == 1  # once only
    events = sorted(report.event for report in server.reports())
    assert events == ["played", "synced"]
    assert daemon.store.reports.pending() == []


def test_airing_plays_at_its_time_from_the_last_good_manifest_while_the_centre_is_down(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(4000))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    played: list[list[str]] = []
    daemon = make_daemon(config, session, clock, played)
    daemon.sync_once()
    server.down = True
    clock.now = local("2024-05-02T05:00:00")
    assert daemon.sync_once().outcome == "unreachable"
    daemon.play_due()
    assert played == []  # not yet
    clock.now = local("2024-05-02T05:30:02")
    daemon.play_due()
    assert len(played) == 1
    assert len(daemon.store.reports.pending()) == 1  # the play report waits for the centre
    server.down = False
    daemon.sync_once()
    assert daemon.store.reports.pending() == []
    assert [r.event for r in server.reports()].count("played") == 1
