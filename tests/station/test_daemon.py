"""The APScheduler plan: explicit ids, time zone, grace times; plays driven by an injected clock."""

from __future__ import annotations

import threading
from dataclasses import replace

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger

from radio.protocol.manifest import ManifestAudio
from radio.station.client import StationClient
from radio.station.config import StationConfig
from radio.station.daemon import PLAY_NOW_JOB, UPLOAD_JOB, StationDaemon
from radio.station.sync import client_for
from tests.station.helpers import TZ, FakeClock, FaultServer, Tree, audio_bytes, emergency, local, programme
from tests.station.proxy import FaultProxy


def make_daemon(config: StationConfig, session: StationClient, clock: FakeClock,
                played: list[list[str]]) -> StationDaemon:
    config = replace(config, play_command=("player", "{file}"))
    # Not started: jobs stay pending, so the plan is inspected without threads or sleeps.
    scheduler = BackgroundScheduler(timezone=config.timezone)
    return StationDaemon(config, session, clock, scheduler,
                         runner=lambda argv, timeout: played.append(list(argv)) or 0)


EMERGENCY_VALID = ("2024-05-01T07:00:00", "2024-05-01T12:00:00")


def synced_with_emergency(tree: Tree, config: StationConfig, session: StationClient, clock: FakeClock
                          ) -> tuple[StationDaemon, ManifestAudio, list[list[str]]]:
    """A daemon that has synced a manifest holding one emergency, valid now; what it plays."""
    alert = tree.audio(audio_bytes(3000, seed=9))
    tree.manifest(1, [emergency("emergency-7", alert, EMERGENCY_VALID)])
    played: list[list[str]] = []
    daemon = make_daemon(config, session, clock, played)
    daemon.sync_once()
    return daemon, alert, played


def test_schedule_sets_ids_time_zone_and_grace_times(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(4000))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-01T17:00:00", "2024-05-02T05:30:00",
                                                   "2024-05-20T05:30:00"])])
    daemon = make_daemon(config, session, clock, [])
    daemon.schedule()
    # Syncs are paced on the monotonic clock by the daemon's own thread, not by a wall-time job.
    assert daemon.scheduler.get_jobs() == []
    assert str(daemon.scheduler.timezone) == "Asia/Ho_Chi_Minh"

    daemon.sync_once()
    jobs = {job.id: job for job in daemon.scheduler.get_jobs()}
    # Two days ahead are planned; the 20th is planned by a later sync.
    assert set(jobs) == {"play:2024-05@2024-05-01T17:00:00+07:00",
                         "play:2024-05@2024-05-02T05:30:00+07:00"}
    play = jobs["play:2024-05@2024-05-02T05:30:00+07:00"]
    assert isinstance(play.trigger, DateTrigger)
    assert play.trigger.run_date == local("2024-05-02T05:30:00").astimezone(TZ)
    assert play.misfire_grace_time == config.play_grace_s

    tree.manifest(2, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    daemon.sync_once()
    assert {job.id for job in daemon.scheduler.get_jobs()} == {
        "play:2024-05@2024-05-02T05:30:00+07:00"}  # the dropped airing is unplanned


def test_emergency_is_planned_at_once_and_reports_reach_the_centre(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    daemon, alert, played = synced_with_emergency(tree, config, session, clock)
    now_job = daemon.scheduler.get_job(PLAY_NOW_JOB)
    assert now_job is not None and now_job.trigger.run_date == clock.now

    daemon.play_due()  # what the scheduler runs for that job
    assert played == [["player", str(daemon.store.audio_path(alert.sha256))]]
    daemon.play_due()
    assert len(played) == 1  # once only
    assert daemon.scheduler.get_job(UPLOAD_JOB) is not None  # the reports go from another thread
    daemon.upload_reports()
    events = sorted(report.event for report in server.reports())
    assert events == ["played", "synced"]
    assert daemon.store.reports.pending() == []


def test_a_report_queued_while_another_thread_uploads_is_sent_in_that_upload(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    daemon, alert, played = synced_with_emergency(tree, config, session, clock)  # "synced" sent
    reports = daemon.store.reports
    real_upload = reports.upload
    rounds: list[int] = []

    def upload(*args: object) -> object:
        rounds.append(len(reports.pending()))
        sent = real_upload(*args)  # type: ignore[arg-type]
        if len(rounds) == 1:  # the emergency plays as the sync thread finishes sending
            daemon.play_due()
            daemon.upload_reports()  # the play's own upload finds the sender busy
        return sent

    tree.manifest(2, [emergency("emergency-7", alert, EMERGENCY_VALID)])  # a new one: a report to send
    reports.upload = upload  # type: ignore[method-assign]
    daemon.sync_once()
    assert len(played) == 1
    assert rounds == [1, 1]  # the busy sender looked again and sent the play's report
    assert [r.event for r in server.reports()].count("played") == 1
    assert reports.pending() == []


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


def test_an_airing_due_while_a_sync_is_stuck_plays_on_time(
        tree: Tree, server: FaultServer, config: StationConfig, clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(4000))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    played: list[list[str]] = []
    with FaultProxy(("127.0.0.1", server.httpd.server_address[1])) as proxy:
        config = replace(config, centre_url=proxy.url)
        daemon = make_daemon(config, client_for(config), clock, played)
        daemon.sync_once()
        proxy.gate = threading.Event()  # the centre's answers stop coming: the next sync hangs
        clock.now = local("2024-05-02T05:30:00")
        syncing = threading.Thread(target=daemon.sync_once, daemon=True)
        before = proxy.connections
        syncing.start()
        while proxy.connections == before:  # until the sync is inside its request (not a timing check)
            threading.Event().wait(0.01)
        daemon.play_due()  # what the scheduler's other thread runs at 05:30
        assert len(played) == 1 and syncing.is_alive()  # played while the sync still hangs
        proxy.gate.set()
        syncing.join(30)
    assert [r.event for r in server.reports()].count("played") == 1


def test_every_airing_that_cannot_play_is_reported_missed_with_its_reason(
        tree: Tree, server: FaultServer, config: StationConfig, clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(4000))
    missing = tree.audio(audio_bytes(5000, seed=2))
    tree.manifest(1, [programme("2024-05", audio, ["2024-04-30T05:30:00", "2024-05-01T09:00:00",
                                                   "2024-05-01T10:00:00", "2024-05-01T11:00:00"],
                                valid=("2024-04-01T00:00:00", "2024-06-01T00:00:00")),
                      programme("2024-05-extra", missing, ["2024-05-01T12:00:00"])])
    server.always[f"/audio/{missing.sha256}.mp3"] = "500"
    statuses = iter([3])
    played: list[list[str]] = []
    config = replace(config, play_command=("player", "{file}"))
    daemon = StationDaemon(config, client_for(config), clock, BackgroundScheduler(timezone=TZ),
                           runner=lambda argv, timeout: played.append(list(argv)) or next(statuses, 0))
    daemon.sync_once()  # at 08:00 on 1 May: the 30 April airing passed while the agent was off
    clock.now = local("2024-05-01T09:00:05")
    daemon.play_due()  # the player exits 3
    clock.now = local("2024-05-01T10:00:05")
    daemon.store.audio_path(audio.sha256).write_bytes(b"damaged")
    daemon.play_due()  # fails its hash
    clock.now = local("2024-05-01T12:00:05")
    daemon.play_due()  # 11:00 was missed while running (late); 12:00's audio was never held
    daemon.sweep()
    daemon.upload_reports()
    missed = {}
    for report in server.reports():
        if report.event == "missed":  # detail: "<reason>: requested <slot>; <what happened>"
            reason, rest = report.detail.split(": ", 1)
            missed[f"{report.item_id}@{rest.split(';')[0].removeprefix('requested ')}"] = reason
    assert missed == {
        "2024-05@2024-04-30T05:30:00+07:00": "station was off",
        "2024-05@2024-05-01T09:00:00+07:00": "player failed",
        "2024-05@2024-05-01T10:00:00+07:00": "failed verification",
        "2024-05@2024-05-01T11:00:00+07:00": "late",
        "2024-05-extra@2024-05-01T12:00:00+07:00": "not held",
    }
    daemon.sweep()
    daemon.upload_reports()
    assert sum(r.event == "missed" for r in server.reports()) == 5  # each reported once
