"""The station agent as a real process on a bad day (issue 22): two agents on one storage, SIGKILL
mid-airing with a restart inside and after the airing's grace time, the wall clock stepped back
and forward (libfaketime), and a storage that turns read-only. Airings are short real MP3s played
to the null device, in real time."""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from tests.station.agent import (
    FAKETIME_LIB,
    airing_key,
    journal_lines,
    naive,
    output_of,
    real_audio,
    soon,
    start_agent,
    station_toml,
    stop,
    until,
)
from tests.station.helpers import FaultServer, Tree, emergency, programme

pytestmark = pytest.mark.skipif(os.name != "posix", reason="real processes, signals and mounts: POSIX")


def _window(hours: float = 3) -> tuple[str, str]:
    return naive(soon(-hours * 3600)), naive(soon(hours * 3600))


def _month() -> str:
    return f"{soon(0):%Y-%m}"


def _played(server: FaultServer, item_id: str) -> list[object]:
    return [row for row in server.reports() if row.item_id == item_id and row.event != "synced"]


def test_a_second_agent_on_the_same_storage_exits_naming_the_first(
        tmp_path: Path, tree: Tree, server: FaultServer) -> None:
    storage = tmp_path / "data"
    settings = station_toml(tmp_path / "tram", server.url, tree, server.token, storage)
    first = start_agent(settings)
    try:
        until(lambda: (storage / "agent.lock").is_file()
              and (storage / "agent.lock").read_text().strip() == str(first.pid), 30, "the first lock")
        second = start_agent(settings)
        second.wait(timeout=60)
        out = output_of(second)
        assert second.returncode != 0
        assert f"tiến trình {first.pid}" in out and "đang chạy" in out, out
        assert "Traceback" not in out
        assert first.poll() is None  # the first goes on
    finally:
        stop(first)
    # Its lock goes with the process: a new agent starts at once.
    third = start_agent(settings)
    try:
        until(lambda: (storage / "agent.lock").read_text().strip() == str(third.pid), 30, "the lock")
    finally:
        stop(third)


@pytest.mark.slow
@pytest.mark.parametrize("late", [False, True], ids=["restart-inside-grace", "restart-after-grace"])
def test_an_airing_cut_by_sigkill_is_replayed_or_reported_with_what_aired(
        tmp_path: Path, tree: Tree, server: FaultServer, late: bool) -> None:
    """The issue's 10 s into a 40 s airing, restarted 5 s or 140 s later, scaled down: a 6 s airing
    killed 3 s in, restarted at once (inside its 12 s grace) or after the grace."""
    audio = real_audio(tree, tmp_path, 6.0)
    slot = soon(8)
    month = _month()
    tree.manifest(1, [programme(month, audio, [naive(slot)], valid=_window())])
    storage = tmp_path / "data"
    settings = station_toml(tmp_path / "tram", server.url, tree, server.token, storage)
    key = airing_key(month, slot)
    agent = start_agent(settings)
    try:
        until(lambda: any(e["stage"] == "started" for e in journal_lines(storage, key)), 30,
              "the airing to start")
        until(lambda: any(e["stage"] == "progress" for e in journal_lines(storage, key)), 10,
              "a heartbeat on air")
    finally:
        stop(agent, signal.SIGKILL)
    assert not _played(server, month)
    if late:
        until(lambda: soon(0) > slot + timedelta(seconds=13), 30, "the grace time to pass")
    agent = start_agent(settings)
    try:
        until(lambda: _played(server, month), 40, "the airing's report at the centre")
    finally:
        out = stop(agent)
    [report] = _played(server, month)
    starts = [e for e in journal_lines(storage, key) if e["stage"] == "started"]
    if late:
        assert report.event == "interrupted" and report.outcome == "interrupted", out
        assert 2 <= (report.played_s or 0) < 6 and "cut when the station agent stopped" in report.detail
        assert len(starts) == 1  # not played again
    else:
        assert report.event == "played" and report.outcome == "complete", out
        assert report.played_s == pytest.approx(6.0, abs=0.5)
        assert "played again from the start" in report.detail
        assert len(starts) == 2
    assert journal_lines(storage, key)[-1]["stage"] == "reported"


@pytest.mark.slow
@pytest.mark.skipif(not FAKETIME_LIB.is_file(), reason="libfaketime is not installed (apt-get install faketime)")
def test_a_wall_clock_stepped_back_then_forward_still_syncs_and_plays_emergencies(
        tmp_path: Path, tree: Tree, server: FaultServer) -> None:
    """libfaketime steps the wall clock of the agent's process (FAKETIME_TIMESTAMP_FILE, read on
    every call); FAKETIME_DONT_FAKE_MONOTONIC keeps its monotonic clock real, as on a real PC."""
    month = _month()
    routine = real_audio(tree, tmp_path, 1.0)
    tree.manifest(1, [programme(month, routine, [naive(soon(3 * 3600))], valid=_window(4))])
    spec = tmp_path / "faketime"
    spec.write_text("+0\n")
    storage = tmp_path / "data"
    settings = station_toml(tmp_path / "tram", server.url, tree, server.token, storage,
                            sync_interval_s=3600)  # only a clock jump can bring the next sync
    agent = start_agent(settings, env={"LD_PRELOAD": str(FAKETIME_LIB),
                                       "FAKETIME_TIMESTAMP_FILE": str(spec), "FAKETIME_NO_CACHE": "1",
                                       "FAKETIME_DONT_FAKE_MONOTONIC": "1"})
    try:
        until(lambda: (storage / "last-good.json").is_file(), 30, "the first sync")
        # Back an hour, then forward an hour (to the right time again: a station clock an hour
        # ahead would have its reports refused by the centre as dated in the future).
        for step, (name, freq) in zip(["-1h", "+0"], [("emergency-back", 660), ("emergency-fwd", 880)],
                                      strict=True):
            alert = real_audio(tree, tmp_path, 1.0, freq)
            items = [programme(month, routine, [naive(soon(3 * 3600))], valid=_window(4)),
                     emergency(name, alert, _window(3))]
            tree.manifest(2 if step == "-1h" else 3, items)
            spec.write_text(step + "\n")
            until(lambda name=name: any(r.event == "played" for r in _played(server, name)), 40,
                  f"{name} played after the clock stepped {step}")
    finally:
        out = stop(agent)
    assert "the wall clock jumped -3600 s" in out and "the wall clock jumped +3600 s" in out
    assert [r.item_id for r in server.reports() if r.event == "played"] == ["emergency-back",
                                                                            "emergency-fwd"]


def _mount_tmpfs(folder: Path) -> bool:
    folder.mkdir(parents=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    return done.returncode == 0


def _remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


@pytest.mark.slow
def test_storage_turned_read_only_still_plays_each_airing_once_and_says_so(
        tmp_path: Path, tree: Tree, server: FaultServer) -> None:
    storage = tmp_path / "data"
    if not _mount_tmpfs(storage):
        pytest.skip("a read-only storage needs root to mount a tmpfs")
    try:
        audio = real_audio(tree, tmp_path, 1.0)
        first, second = soon(8), soon(12)
        month = _month()
        tree.manifest(1, [programme(month, audio, [naive(first), naive(second)], valid=_window())])
        settings = station_toml(tmp_path / "tram", server.url, tree, server.token, storage)
        agent = start_agent(settings)
        try:
            until(lambda: (storage / "last-good.json").is_file(), 30, "the first sync")
            _remount(storage, "ro")
            until(lambda: soon(0) > second + timedelta(seconds=3), 30, "both airings")
            assert not _played(server, month)  # nothing could be queued on a read-only disk...
            # ...and the centre is told: the status after a sync names the disk that refused.
            until(lambda: any(b"cannot write" in body and b"airings.jsonl" in body
                              for body in server.statuses), 45, "a status naming the read-only disk")
            _remount(storage, "rw")
            until(lambda: len(_played(server, month)) == 2, 30, "both reports once writable")
        finally:
            out = stop(agent)
    finally:
        subprocess.run(["umount", "-l", str(storage)], check=False)
    reports = _played(server, month)
    assert sorted(r.event for r in reports) == ["played", "played"], out
    assert out.count("cannot write") >= 1 and "writable again" in out
    played_lines = [line for line in out.splitlines() if "played " in line and "INFO" in line]
    assert len(played_lines) == 2, out  # each airing went out once, from what was held
