"""Scale of one centre serving a province: 1,000 stations (run: ./scripts/bench-sync, or this file).

1. publish: 1,000 per-station manifests built, signed and written as one durable release.
2. sync: 1,000 stations, each with its own manifest, syncing from nginx on 127.0.0.1 (Debian's
   nginx-light; skipped with a message when absent): requests, bytes on the wire (nginx's own
   $bytes_sent) and nginx's CPU time per station per unchanged sync.
3. status: `radio serve`'s status endpoint (a child process, so its CPU is its own) taking 1,000
   stations' statuses for 4 rounds as fast as 8 clients send them (15-minute rounds compressed),
   then the fleet view over them.
4. report: `radio report 2024`'s work (read, figures, text and HTML) on a database of 1,000 stations
   × 12 months of airings and play reports.

Everything is on loopback and in a temporary folder, bounded in count and time. Figures are from
this one run on this machine.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert

from radio.protocol import minisign
from radio.protocol.kinds import ItemKind, Priority
from radio.protocol.manifest import (
    SIGNATURE_SUFFIX,
    ManifestAudio,
    ManifestItem,
    encode_manifest,
    manifest_path,
    trusted_comment,
)
from radio.protocol.status import STATUS_PATH, StationStatusMessage, encode_status
from radio.publish.tree import go_live, store_audio, write_release
from radio.store.db import open_engine, transaction
from radio.store.tables import (
    AiringRow,
    EpisodeRow,
    EpisodeSegmentRow,
    PlayReportRow,
    PublicationRow,
    StationTokenRow,
    TopicRow,
)

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
N = 1000
AUDIO_SIZE = 200_000  # the unchanged sync never touches audio; a small file keeps set-up quick
STATUS_ROUNDS = 4
CLIENTS = 8
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def stations(n: int = N) -> list[str]:
    return [f"st-{i:04d}" for i in range(1, n + 1)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


@contextmanager
def timed() -> Iterator[list[float]]:
    box: list[float] = []
    start = time.perf_counter()
    yield box
    box.append(time.perf_counter() - start)


# 1. Publish -------------------------------------------------------------------------------------

def signed_tree(root: Path, key: minisign.SecretKey, now: datetime, names: list[str], size: int,
                duration_s: float, slots: Callable[[int, datetime], tuple[datetime, ...]],
                ) -> tuple[ManifestAudio, float, float]:
    """One May 2024 programme of `size` random bytes for every station, live as release 1 in
    root/publish; answers the audio and the seconds spent signing and writing."""
    source = root / "programme.mp3"
    data = random.Random(5).randbytes(size)
    source.write_bytes(data)
    audio = ManifestAudio.stored(hashlib.sha256(data).hexdigest(), len(data), duration_s)
    publish_dir = root / "publish"
    stored = store_audio(publish_dir, source, audio.sha256)
    start = datetime(2024, 5, 1, tzinfo=TZ)
    with timed() as signing:
        files: dict[str, bytes] = {}
        for number, station in enumerate(names):
            item = ManifestItem("2024-05", ItemKind.PROGRAMME, "Chuyên mục CCHC tháng 5/2024",
                                Priority.NORMAL, audio, start, datetime(2024, 6, 1, tzinfo=TZ),
                                slots(number, start))
            raw = encode_manifest(station, 1, now, [item])
            files[manifest_path(station)] = raw
            files[manifest_path(station) + SIGNATURE_SUFFIX] = minisign.sign(
                raw, key, trusted_comment(1, now)).encode()
    with timed() as writing:
        write_release(publish_dir, 1, files, {audio.name: stored})
        go_live(publish_dir, 1)
    return audio, signing[0], writing[0]


def publish(root: Path, key: minisign.SecretKey, now: datetime) -> tuple[Path, ManifestAudio]:
    audio, signing, writing = signed_tree(
        root, key, now, stations(), AUDIO_SIZE, 756.0,
        lambda number, start: tuple(start + timedelta(days=7 * week, hours=6 + number % 12)
                                    for week in range(4)))
    print(f"publish for {N} stations: {signing + writing:.2f} s (goal ≤ 10 s): {signing:.2f} s to build "
          f"and sign {N} manifests, {writing:.2f} s to write and fsync {2 * N + 1} files as one release")
    return root / "publish", audio


# 2. Sync from nginx -----------------------------------------------------------------------------

def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


@contextmanager
def nginx(publish_dir: Path, folder: Path, api_port: int) -> Iterator[tuple[str, Path, int]]:
    """nginx serving publish/current on a free loopback port, api/ proxied to `radio serve`."""
    binary = nginx_binary()
    assert binary is not None
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = folder / "access.log"
    conf = folder / "nginx.conf"
    conf.write_text(textwrap.dedent(f"""\
        worker_processes 1;
        daemon off;
        master_process on;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log warn;
        events {{ worker_connections 4096; }}
        http {{
            access_log off;
            log_format bytes '$request_method $status $bytes_sent $request_length';
            client_body_temp_path {folder}/body;
            proxy_temp_path {folder}/proxy;
            types {{ application/json json; audio/mpeg mp3; text/plain minisig; }}
            server {{
                listen 127.0.0.1:{port};
                access_log {log} bytes;
                root {publish_dir}/current;
                location /api/ {{ proxy_pass http://127.0.0.1:{api_port}; proxy_http_version 1.1; }}
            }}
        }}
        """), encoding="utf-8")
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(folder)], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                first = f"http://127.0.0.1:{port}/{manifest_path('st-0001')}"
                urllib.request.urlopen(first, timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/", log, worker_pid(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)


def worker_pid(master: int) -> int:
    for _ in range(50):
        children = Path(f"/proc/{master}/task/{master}/children")
        if children.exists() and children.read_text().split():
            return int(children.read_text().split()[0])
        time.sleep(0.05)
    return master


def access_totals(log: Path, since: int) -> tuple[int, int, int, dict[str, int]]:
    """(requests, bytes sent, bytes received, count by status) of access-log lines after `since`."""
    with log.open("rb") as handle:
        handle.seek(since)
        lines = handle.read().decode().splitlines()
    by_status: dict[str, int] = {}
    sent = received = 0
    for line in lines:
        method, status, size, asked = line.split()
        by_status[f"{method} {status}"] = by_status.get(f"{method} {status}", 0) + 1
        sent += int(size)
        received += int(asked)
    return len(lines), sent, received, by_status


# 3. `radio serve` in a child process -------------------------------------------------------------

_SERVE = """
import sys, threading
from datetime import datetime, UTC
from radio.server.http import make_server
from radio.store.db import open_engine
engine = open_engine(sys.argv[1])
from pathlib import Path
server = make_server("127.0.0.1", 0, Path(sys.argv[2]), engine, lambda: datetime.now(UTC))
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@contextmanager
def radio_serve(db_url: str, publish_dir: Path) -> Iterator[tuple[int, int]]:
    child = subprocess.Popen([sys.executable, "-c", _SERVE, db_url, str(publish_dir)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        yield port, child.pid
    finally:
        child.terminate()
        child.wait(timeout=10)


def issue_tokens(engine: Engine, now: datetime) -> dict[str, str]:
    tokens = {station: uuid.uuid4().hex for station in stations()}
    with transaction(engine) as session:
        session.execute(insert(StationTokenRow), [
            {"station_id": s, "token_sha256": hashlib.sha256(t.encode()).hexdigest(), "created_at": now}
            for s, t in tokens.items()])
    return tokens


def post(url: str, token: str, body: bytes) -> tuple[int, float]:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
        return answer.status, time.perf_counter() - start


def status_load(url: str, tokens: dict[str, str], pid: int) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    bodies = {s: encode_status(StationStatusMessage(
        station=s, agent_version="0.1.0", clock=now, clock_offset_s=0.3, held_sequence=1,
        newest_sequence=1, items=1, items_held=1, items_verified=1, next_airing=now + timedelta(hours=3),
        next_airing_held=True, free_disk_bytes=40 * 10**9)) for s in tokens}
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    cpu_before = cpu_seconds(pid)
    with timed() as wall, ThreadPoolExecutor(CLIENTS) as pool:
        for _ in range(STATUS_ROUNDS):
            for status, seconds in pool.map(lambda s: post(url, tokens[s], bodies[s]), tokens):
                latencies.append(seconds)
                statuses[status] = statuses.get(status, 0) + 1
    cpu = cpu_seconds(pid) - cpu_before
    sent = N * STATUS_ROUNDS
    latencies.sort()
    print(f"status endpoint: {sent} statuses ({N} stations × {STATUS_ROUNDS} rounds, {CLIENTS} at once) "
          f"in {wall[0]:.1f} s = {sent / wall[0]:.0f}/s; answers {statuses}; latency p50 "
          f"{1000 * statistics.median(latencies):.1f} ms, "
          f"p99 {1000 * latencies[int(0.99 * len(latencies))]:.1f} ms; "
          f"radio serve CPU {1000 * cpu / sent:.2f} ms per status. Real load at one per station per "
          f"15 min: {N / 900:.1f}/s ({100 * (N / 900) / (sent / wall[0]):.1f}% of what was sustained)")


def fleet_view(engine: Engine) -> None:
    from radio.lifecycle.stations import fleet

    with timed() as wall, transaction(engine) as session:
        rows = fleet(session, datetime.now(UTC), stations())
    print(f"fleet view (radio stations / the Studio) over {len(rows)} stations: {1000 * wall[0]:.0f} ms; "
          f"{sum(r.online for r in rows)} online")


# 4. The year report on 1,000 stations ------------------------------------------------------------

def fill_year(engine: Engine) -> int:
    """12 built months, 4 airings per station and month, a `played` report for each and monthly syncs."""
    rows = 0
    with transaction(engine) as session:
        session.add_all(TopicRow(id=i, title=f"Nội dung {i}") for i in range(1, 12))
        for month in range(1, 13):
            key = f"2024-{month:02d}"
            episode = EpisodeRow(month=key, title=f"Chuyên mục CCHC {key}", duration_s=756.0,
                                 predicted_s=750.0, loudness_lufs=-16.0, true_peak_dbtp=-1.5,
                                 sha256="0" * 64, script_sha256="1" * 64, mp3_path=f"{key}.mp3",
                                 built_at=datetime(2024, month, 1, tzinfo=TZ))
            for position, topic in enumerate((month % 11 + 1, (month + 5) % 11 + 1)):
                episode.segments.append(EpisodeSegmentRow(
                    position=position, key=f"{position:02d}-topic", kind="topic", topic_id=topic,
                    title="topic", engine="espeak", start_s=position * 378.0, duration_s=378.0,
                    predicted_s=375.0))
            session.add(episode)
            session.add(PublicationRow(sequence=month, published_at=datetime(2024, month, 1, tzinfo=TZ),
                                       items=[key]))
    now = datetime(2025, 1, 5, tzinfo=TZ)
    for month in range(1, 13):
        key = f"2024-{month:02d}"
        airings, reports = [], []
        for number, station in enumerate(stations()):
            reports.append(dict(report_id=str(uuid.uuid4()), station_id=station, event="synced",
                                item_id=None, sha256=None, manifest_sequence=month,
                                at=datetime(2024, month, 1, 8, tzinfo=TZ), received_at=now, detail=""))
            for week in range(4):
                at = datetime(2024, month, 2 + 7 * week, 6 + number % 12, tzinfo=TZ)
                airings.append(dict(month=key, item_id=key, station_id=station, starts_at=at,
                                    duration_s=756.0, priority="normal"))
                reports.append(dict(report_id=str(uuid.uuid4()), station_id=station, event="played",
                                    item_id=key, sha256="0" * 64, manifest_sequence=month,
                                    at=at + timedelta(seconds=3), received_at=now, detail="",
                                    played_s=756.0, ended_at=at + timedelta(seconds=759),
                                    outcome="complete"))
        with transaction(engine) as session:
            session.execute(insert(AiringRow), airings)
            session.execute(insert(PlayReportRow), reports)
        rows += len(airings) + len(reports)
    return rows


def year_report(engine: Engine) -> None:
    from radio.config import load_settings
    from radio.report import make_report, render, render_workbook
    from radio.report.figures import Policy

    settings = load_settings(ROOT / "schedule.toml")
    policy = Policy(min_s=600, max_s=900, target_lufs=-16.0, tolerance_lu=1.0, true_peak_max_dbtp=-1.0,
                    tz=TZ)
    names = [(s, f"Trạm {s}") for s in stations()]
    as_of = datetime(2025, 1, 5, tzinfo=TZ)
    with timed() as figures_time:
        report = make_report(engine, "2024", names, policy, as_of)
    with timed() as text_time:
        text = render(report, "text", settings.program)
    with timed() as html_time:
        html = render(report, "html", settings.program)
    with timed() as csv_time:
        csv = render(report, "csv", settings.program)
    with timed() as xlsx_time:
        xlsx = render_workbook(report, settings.program)
    total = figures_time[0] + text_time[0]
    print(f"radio report 2024 on {N} stations × 12 months: {total:.2f} s for the text report (goal ≤ 3 s): "
          f"{figures_time[0]:.2f} s read + figures, {text_time[0]:.2f} s text ({len(text) // 1024} KiB); "
          f"HTML with charts {html_time[0]:.2f} s more ({len(html) // 1024} KiB); "
          f"{report.totals.aired} airings, {report.totals.broadcast_minutes:.0f} broadcast minutes")
    print(f"  the office's files: CSV {csv_time[0]:.2f} s ({len(csv.encode()) // 1024} KiB), Excel workbook "
          f"{xlsx_time[0]:.2f} s ({len(xlsx) // 1024} KiB)")


# -------------------------------------------------------------------------------------------------

def sync_all(configs: list, sync_one: Callable) -> list:  # type: ignore[type-arg]
    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(sync_one, configs))


def main(sync_one: Callable | None = None, config_for: Callable | None = None) -> int:  # type: ignore[type-arg]
    """The scale figures; `sync_one(config)` and `config_for(station, root, url, key, token)` come
    from bench_sync (the station side, whose client it owns)."""
    now = datetime(2024, 4, 28, 10, 0, tzinfo=TZ)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        root = Path(folder)
        root.chmod(0o755)  # nginx's worker runs as another user and must read the tree
        key = minisign.SecretKey.generate()
        publish_dir, audio = publish(root, key, now)
        db_url = f"sqlite:///{root / 'radio.db'}"
        engine = open_engine(db_url)
        tokens = issue_tokens(engine, datetime.now(UTC))
        with radio_serve(db_url, publish_dir) as (api_port, serve_pid):
            status_load(f"http://127.0.0.1:{api_port}/{STATUS_PATH}", tokens, serve_pid)
            fleet_view(engine)
            if nginx_binary() is None:
                print("sync from nginx: skipped (nginx not installed: apt-get install nginx-light)")
            elif sync_one is None or config_for is None:
                print("sync from nginx: run through scripts/bench-sync")
            else:
                (root / "nginx").mkdir()
                with nginx(publish_dir, root / "nginx", api_port) as (url, log, worker):
                    configs = [config_for(s, root, url, key, tokens[s]) for s in stations()]
                    stored = publish_dir / "store" / f"{audio.sha256}.mp3"
                    for config in configs:  # the audio is held already: a hard link each
                        (config.storage_dir / "audio").mkdir(parents=True)
                        os.link(stored, config.storage_dir / "audio" / f"{audio.sha256}.mp3")
                    first = sync_all(configs, sync_one)
                    assert all(r.complete for r in first), [r.problems for r in first if not r.complete][:3]
                    offset = log.stat().st_size
                    cpu_before, serve_before = cpu_seconds(worker), cpu_seconds(serve_pid)
                    with timed() as wall:
                        results = sync_all(configs, sync_one)
                    cpu = cpu_seconds(worker) - cpu_before
                    serve_cpu = cpu_seconds(serve_pid) - serve_before
                    requests, sent, received, by_status = access_totals(log, offset)
                    outcomes = sorted({r.outcome for r in results})
                    print(f"unchanged sync of {N} stations from nginx ({CLIENTS} at once), each a "
                          f"conditional GET of its manifest and its status POST (proxied to radio serve): "
                          f"{requests / N:.2f} requests, {sent / N:.0f} bytes sent and {received / N:.0f} "
                          f"received per station "
                          f"(answers {by_status}, outcomes {outcomes}); centre CPU per station per sync: "
                          f"nginx {1000 * cpu / N:.3f} ms + radio serve {1000 * serve_cpu / N:.2f} ms; "
                          f"{wall[0]:.1f} s for all ({N / wall[0]:.0f} stations/s)")
        with timed() as filling:
            rows = fill_year(engine)
        print(f"report database: {rows} rows (airings and play reports) written in {filling[0]:.1f} s")
        year_report(engine)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
