"""Benchmark station sync against the real `radio serve` server (run: ./scripts/bench-sync).

Publishes a signed tree for 15 stations (one 8.6 MB programme, the size of 12 minutes at 96 kbps),
serves it with radio.server.http.make_server on 127.0.0.1, and puts a counting TCP proxy between
the stations and the server, so bytes are measured on the wire the commune's link would carry.
Measures (1) one sync of all 15 stations when nothing changed, (2) a download cut at 90% and
resumed, (3) the peak memory of a `radio station pull` process fed a 400 MB manifest by a hostile
server (with and without a Content-Length), (4) how long that process takes to give up on a server
sending one byte a second, against its deadline, and (5) `radio serve` answering real requests
while 2,000 idle connections are open; then (6) a province of 1,000 stations
(scripts/bench_scale.py: publish, syncs from nginx, the status endpoint, the year report).
Loopback only; figures are from this one run.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import bench_scale  # scripts/: the 1,000-station part
from sqlalchemy import Engine

from radio.protocol import minisign
from radio.protocol.manifest import (
    MAX_MANIFEST_BYTES,
    ManifestAudio,
)
from radio.server.http import make_server
from radio.station.client import deadline_for
from radio.station.config import StationConfig
from radio.station.sync import StationStore, SyncResult, client_for, sync
from radio.station.telemetry import send_status
from radio.store.db import open_engine

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STATIONS = [f"st-{n:02d}" for n in range(1, 16)]
AUDIO_SIZE = 8_640_000


class CountingProxy:
    """127.0.0.1 TCP relay counting bytes sent to the station; can cut a connection after N bytes."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.downstream_bytes = 0
        self.cut_after: int | None = None  # armed: the next connection is closed after this many
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/"

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            server = socket.create_connection(self.upstream)
            with self.lock:
                budget, self.cut_after = self.cut_after, None
            threading.Thread(target=self._pump, args=(client, server, False, None), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True, budget), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, count: bool, budget: int | None) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if budget is not None:
                    data = data[:budget]
                    budget -= len(data)
                target.sendall(data)
                if count:
                    with self.lock:
                        self.downstream_bytes += len(data)
                if budget == 0:
                    break
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def publish_tree(root: Path, key: minisign.SecretKey, now: datetime) -> ManifestAudio:
    audio, _, _ = bench_scale.signed_tree(
        root, key, now, STATIONS, AUDIO_SIZE, 720.0,
        lambda number, start: tuple(start + timedelta(days=day, hours=5, minutes=30 + number)
                                    for day in (1, 8, 15)))
    return audio


def config_for(station: str, root: Path, centre: str, key: minisign.SecretKey) -> StationConfig:
    return StationConfig(path=root / "station.toml", station_id=station, centre_url=centre,
                         public_key=key.public_key, report_token="unused",
                         storage_dir=root / "stations" / station, play_command=(), output_device="log",
                         lead_in_s=0.0, sync_interval_s=900, timeout_s=30.0, play_grace_s=120, timezone=TZ)


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # --help, nothing else
    raise_open_files_limit()
    with contextlib.redirect_stderr(io.StringIO()):  # the server's one line per request
        return run()


def run() -> int:
    now = datetime(2024, 4, 28, 10, 0, tzinfo=TZ)
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        root = Path(folder)
        key = minisign.SecretKey.generate()
        audio = publish_tree(root, key, now)
        engine: Engine = open_engine(f"sqlite:///{root / 'radio.db'}")
        server = make_server("127.0.0.1", 0, root / "publish", engine, lambda: now)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        proxy = CountingProxy(("127.0.0.1", server.server_address[1]))
        configs = [config_for(station, root, proxy.url, key) for station in STATIONS]
        clock = lambda: now  # noqa: E731

        for config in configs:
            assert sync(config, client_for(config), clock).complete, config.station_id
        print(f"setup: 15 stations synced from empty, {proxy.downstream_bytes / 1e6:.1f} MB on the wire")

        # 1. Nothing changed: one sync of every station.
        proxy.downstream_bytes = 0
        results = [sync(config, client_for(config), clock) for config in configs]
        sent = sum(r.requests for r in results)
        outcomes = {r.outcome for r in results}
        body = sum(r.bytes_received for r in results)
        print(f"unchanged sync of 15 stations: {sent} requests ({sent / 15:.2f} per "
              f"station, goal 1), {proxy.downstream_bytes} bytes on the wire "
              f"({proxy.downstream_bytes / 15:.0f} per station, headers only), {body} body bytes, "
              f"audio bytes 0 (goal 0): {'yes' if body == 0 else 'NO'}; outcomes {sorted(outcomes)}")

        # 2. A download interrupted at 90%, resumed within the same sync.
        config = configs[0]
        store = StationStore(config.storage_dir)
        store.audio_path(audio.sha256).unlink()
        proxy.downstream_bytes = 0
        proxy.cut_after = int(AUDIO_SIZE * 0.9)
        result = sync(config, client_for(config), clock)
        wire = proxy.downstream_bytes
        resent = wire - AUDIO_SIZE
        print(f"resume after a cut at 90%: {result.requests} requests, {wire} bytes on the wire for an "
              f"{AUDIO_SIZE}-byte file; sent again {resent} bytes = {100 * resent / AUDIO_SIZE:.2f}% "
              f"of the file (goal ≤ 15%); stored and verified: {result.complete}")

        # 3 and 4. A hostile or broken centre, against the real `radio station pull` in a child.
        baseline, _, _ = pull_in_child(root / "baseline", proxy.url, key, "--help")
        print(f"baseline: peak RSS of `radio station pull --help` {baseline / 1e6:.1f} MB (Python "
              "and the station's imports)")
        for declared in (True, False):
            with HostileServer(HUGE_MANIFEST, declare_length=declared) as hostile:
                peak, code, seconds = pull_in_child(root / "huge", hostile.url, key)
            print(f"400 MB manifest ({'with' if declared else 'without'} Content-Length): peak RSS of "
                  f"`radio station pull` {peak / 1e6:.1f} MB (goal ≤ 100 MB, bounded by the "
                  f"{MAX_MANIFEST_BYTES // 1024} KiB cap), {hostile.sent / 1e6:.1f} MB sent before "
                  f"the station hung up, exit {code}, {seconds:.1f} s")
        deadline = deadline_for(MAX_MANIFEST_BYTES, SLOW_TIMEOUT_S, SLOW_MIN_RATE)
        with HostileServer(4000, declare_length=True, drip_s=1.0) as dripping:  # a normal size
            peak, code, seconds = pull_in_child(root / "slow", dripping.url, key)
        print(f"1 byte/s server: `radio station pull` gave up after {seconds:.1f} s (its manifest "
              f"deadline {deadline:.0f} s = timeout_s {SLOW_TIMEOUT_S:.0f} + {MAX_MANIFEST_BYTES} B "
              f"/ {SLOW_MIN_RATE} B/s; goal ≤ deadline + 5 s: "
              f"{'yes' if seconds <= deadline + 5 else 'NO'}), exit {code}")

        # 5. Real requests while 2,000 idle connections are open.
        idle_connections(server, configs[0])
        server.shutdown()
        engine.dispose()

    # 6. A province: 1,000 stations (scripts/bench_scale.py), each sync as a station does it.
    def sync_and_tell(config: StationConfig) -> SyncResult:
        client, real = client_for(config), lambda: datetime.now(TZ)
        result = sync(config, client, clock)
        send_status(config, client, StationStore(config.storage_dir), real, result.problems)
        return result

    bench_scale.main(sync_and_tell, lambda station, root, centre, key, token: dataclasses.replace(
        config_for(station, root, centre, key), report_token=token))
    return 0


HUGE_MANIFEST = 400 * 1000 * 1000
SLOW_TIMEOUT_S = 5.0  # the station's per-read timeout in the slow-server case
SLOW_MIN_RATE = 65536  # and its minimum rate: a deadline of ~13 s for the manifest
IDLE = 2000
REAL_REQUESTS = 200


def raise_open_files_limit() -> None:
    """2,000 idle sockets and the server's side of them need more than the usual 1,024 files."""
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 3 * IDLE + 512
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY
                                                    else min(wanted, hard), hard))


class HostileServer:
    """Answers every GET with `size` bytes of JSON-looking filler, declared or close-delimited,
    all at once or one byte per `drip_s`; counts what it managed to send."""

    def __init__(self, size: int, declare_length: bool, drip_s: float | None = None) -> None:
        self.size, self.declare_length, self.drip_s = size, declare_length, drip_s
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.sent = 0
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/"

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            conn.recv(65536)
            length = f"Content-Length: {self.size}\r\n" if self.declare_length else ""
            conn.sendall(f"HTTP/1.1 200 OK\r\n{length}Connection: close\r\n\r\n".encode())
            block = b'{"items": [' + b" " * (1 << 20)
            left = self.size
            while left > 0 and not self._stop.is_set():
                if self.drip_s is not None:
                    conn.sendall(b" ")
                    left -= 1
                    self.sent += 1
                    self._stop.wait(self.drip_s)
                    continue
                piece = block[:left]
                conn.sendall(piece)
                left -= len(piece)
                self.sent += len(piece)


def pull_in_child(folder: Path, centre: str, key: minisign.SecretKey,
                  *extra: str) -> tuple[int, int, float]:
    """Run `radio station pull` in a child process: (peak RSS bytes, exit status, seconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / "station.toml"
    settings.write_text(f'[station]\nid = "st-01"\ncentre = "{centre}"\n'
                        f'public_key = "{key.public_key.base64}"\ntoken = "unused"\n'
                        f'storage = "data"\ntimeout_s = {SLOW_TIMEOUT_S:.0f}\n'
                        f"min_rate_bytes_s = {SLOW_MIN_RATE}\n", encoding="utf-8")
    radio = Path(sys.executable).with_name("radio")
    started = time.monotonic()
    child = subprocess.Popen([str(radio), "station", "pull", "--station-config", str(settings), *extra],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024, child.returncode, seconds  # Linux reports kilobytes


def idle_connections(server: Any, config: StationConfig) -> None:
    host, port = server.server_address[:2]
    idle = []
    for _ in range(IDLE):
        try:
            idle.append(socket.create_connection((host, port), timeout=10))
        except OSError as err:
            print(f"could open only {len(idle)} idle connections ({err})")
            break
    url = config.manifest_url.replace(config.centre_url, f"http://{host}:{port}/")
    answered = 0
    started = time.monotonic()
    client = client_for(config)
    for _ in range(REAL_REQUESTS):
        try:
            with client.request("GET", url, "manifest", 10.0) as answer:
                answered += answer.status == 200 and bool(answer.read_capped(MAX_MANIFEST_BYTES))
        except Exception:  # noqa: BLE001 - a failed request is what is counted
            pass
    seconds = time.monotonic() - started
    closed = sum(1 for sock in idle if _closed(sock))
    print(f"radio serve with {len(idle)} idle connections open: {answered}/{REAL_REQUESTS} real "
          f"requests answered = {100 * answered / REAL_REQUESTS:.0f}% (goal 100%) in {seconds:.1f} s; "
          f"the server closed {closed} idle connections to make room (cap "
          f"{server.max_connections}, idle timeout {server.idle_timeout_s:.0f} s)")
    for sock in idle:
        sock.close()


def _closed(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


if __name__ == "__main__":
    sys.exit(main())
