"""Interoperability: a station syncs from a publish tree served by a real nginx."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from radio.station.client import StationClient
from radio.station.sync import StationStore, sync
from tests.station.helpers import FakeClock, Tree, audio_bytes, local, programme, station_config

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx not installed (apt-get install nginx-light)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(tmp_path: Path, tree: Tree) -> Iterator[str]:
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True)
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the tmp tree
    conf = prefix / "nginx.conf"
    conf.write_text(f"""{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {tree.root};
    }}
}}
""")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):  # wait for the listening socket, not a fixed time
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_station_syncs_and_resumes_from_nginx(tmp_path: Path, tree: Tree, nginx: str) -> None:
    size = 300_000
    audio = tree.audio(audio_bytes(size))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    config = station_config(tmp_path / "station", nginx, tree)
    store = StationStore(config.storage_dir)
    store.audio_dir.mkdir(parents=True)
    whole = (tree.root / "audio" / f"{audio.sha256}.mp3").read_bytes()
    store.part_path(audio.sha256).write_bytes(whole[: size * 9 // 10])  # interrupted at 90%
    clock = FakeClock(local("2024-05-01T08:00:00"))
    session = StationClient(5.0, 8192)
    first = sync(config, session, clock)
    assert first.outcome == "updated" and first.complete
    audio_bytes_received = first.bytes_received - len(tree.manifest_path().read_bytes()) \
        - len((tree.manifest_path().parent / "manifest.json.minisig").read_bytes())
    assert audio_bytes_received == size - size * 9 // 10  # nginx honoured the Range
    assert store.audio_path(audio.sha256).read_bytes() == whole
    again = sync(config, session, clock)
    assert again.outcome == "unchanged" and again.requests == 1 and again.bytes_received == 0
