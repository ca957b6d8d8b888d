"""Benchmark station sync against the real `radio serve` server (run: ./scripts/bench-sync).

Publishes a signed tree for 15 stations (one 8.6 MB programme, the size of 12 minutes at 96 kbps),
serves it with radio.server.http.make_server on 127.0.0.1, and puts a counting TCP proxy between
the stations and the server, so bytes are measured on the wire the commune's link would carry.
Measures (1) one sync of all 15 stations when nothing changed and (2) a download cut at 90% and
resumed. Figures are from this one run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import random
import socket
import sys
import tempfile
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
from sqlalchemy import Engine

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
from radio.publish.tree import store_audio, write_release
from radio.server.http import make_server
from radio.station.config import StationConfig
from radio.station.sync import StationStore, sync
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


class Counted(requests.Session):
    """A session counting the requests it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
        self.sent += 1
        return super().send(request, **kwargs)


def publish_tree(root: Path, key: minisign.SecretKey, now: datetime) -> ManifestAudio:
    source = root / "programme.mp3"
    data = random.Random(5).randbytes(AUDIO_SIZE)
    source.write_bytes(data)
    audio = ManifestAudio.stored(hashlib.sha256(data).hexdigest(), len(data), 720.0)
    publish_dir = root / "publish"
    stored = store_audio(publish_dir, source, audio.sha256)
    start = datetime(2024, 5, 1, tzinfo=TZ)
    files: dict[str, bytes] = {}
    for number, station in enumerate(STATIONS):
        airings = tuple(start + timedelta(days=day, hours=5, minutes=30 + number) for day in (1, 8, 15))
        item = ManifestItem(id="2024-05", kind=ItemKind.PROGRAMME, title="Chuyên mục CCHC tháng 5/2024",
                            priority=Priority.NORMAL, audio=audio, valid_from=start,
                            valid_to=datetime(2024, 6, 1, tzinfo=TZ), airings=airings)
        raw = encode_manifest(station, 1, now, [item])
        files[manifest_path(station)] = raw
        files[manifest_path(station) + SIGNATURE_SUFFIX] = minisign.sign(
            raw, key, trusted_comment(1, now)).encode()
    write_release(publish_dir, 1, files, {audio.name: stored})
    return audio


def config_for(station: str, root: Path, centre: str, key: minisign.SecretKey) -> StationConfig:
    return StationConfig(path=root / "station.toml", station_id=station, centre_url=centre,
                         public_key=key.public_key, report_token="unused",
                         storage_dir=root / "stations" / station, play_command=(),
                         sync_interval_s=900, timeout_s=30.0, play_grace_s=120, timezone=TZ)


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # --help, nothing else
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

        with Counted() as session:
            for config in configs:
                assert sync(config, session, clock).complete, config.station_id
        print(f"setup: 15 stations synced from empty, {proxy.downstream_bytes / 1e6:.1f} MB on the wire")

        # 1. Nothing changed: one sync of every station.
        proxy.downstream_bytes = 0
        with Counted() as session:
            results = [sync(config, session, clock) for config in configs]
        outcomes = {r.outcome for r in results}
        body = sum(r.bytes_received for r in results)
        print(f"unchanged sync of 15 stations: {session.sent} requests ({session.sent / 15:.2f} per "
              f"station, goal 1), {proxy.downstream_bytes} bytes on the wire "
              f"({proxy.downstream_bytes / 15:.0f} per station, headers only), {body} body bytes, "
              f"audio bytes 0 (goal 0): {'yes' if body == 0 else 'NO'}; outcomes {sorted(outcomes)}")

        # 2. A download interrupted at 90%, resumed within the same sync.
        config = configs[0]
        store = StationStore(config.storage_dir)
        store.audio_path(audio.sha256).unlink()
        proxy.downstream_bytes = 0
        proxy.cut_after = int(AUDIO_SIZE * 0.9)
        with Counted() as session:
            session.close()  # a fresh connection, so the armed cut applies to it
            result = sync(config, session, clock)
        wire = proxy.downstream_bytes
        resent = wire - AUDIO_SIZE
        print(f"resume after a cut at 90%: {session.sent} requests, {wire} bytes on the wire for an "
              f"{AUDIO_SIZE}-byte file; sent again {resent} bytes = {100 * resent / AUDIO_SIZE:.2f}% "
              f"of the file (goal ≤ 15%); stored and verified: {result.complete}")
        server.shutdown()
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
