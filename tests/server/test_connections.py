"""`radio serve` under connections that send nothing: idle and half-sent ones are closed after the
timeout, and at the connection cap the longest-waiting one makes room for a real request.
(Liveness is awaited with generous limits; nothing here asserts how fast anything is.)"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import requests
from sqlalchemy import Engine

from radio.publish.tree import go_live, write_release
from radio.server.http import make_server

NOW = datetime(2024, 5, 2, tzinfo=UTC)
WAIT_S = 30  # for the server to close a socket: a bound on a hang, not a timing check


@contextmanager
def serving(tmp_path: Path, db: Engine, **limits: float) -> Iterator[tuple[str, object]]:
    publish = tmp_path / "publish"
    write_release(publish, 1, {"minisign.pub": b"untrusted comment: key\nRWS\n"}, {})
    go_live(publish, 1)
    server = make_server("127.0.0.1", 0, publish, db, lambda: NOW, **limits)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()


def closed_by_server(sock: socket.socket) -> bool:
    """True once the server closed the connection (EOF or reset) within WAIT_S."""
    sock.settimeout(WAIT_S)
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_idle_and_half_sent_connections_are_closed_after_the_timeout(tmp_path: Path, db: Engine) -> None:
    with serving(tmp_path, db, idle_timeout_s=0.5) as (base, _server):
        port = int(base.rsplit(":", 1)[1])
        idle = socket.create_connection(("127.0.0.1", port))
        half = socket.create_connection(("127.0.0.1", port))
        half.sendall(b"GET /minisign.pub HTTP/1.1\r\nHost: x\r\n")  # headers never finished
        body = socket.create_connection(("127.0.0.1", port))
        body.sendall(b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")
        assert closed_by_server(idle) and closed_by_server(half) and closed_by_server(body)
        for sock in (idle, half, body):
            sock.close()
        assert requests.get(f"{base}/minisign.pub", timeout=5).status_code == 200


def test_a_trickled_request_is_closed_even_though_each_byte_arrives_in_time(
        tmp_path: Path, db: Engine) -> None:
    with serving(tmp_path, db, idle_timeout_s=1.0) as (base, _server):
        port = int(base.rsplit(":", 1)[1])
        slow = socket.create_connection(("127.0.0.1", port))
        stop = threading.Event()

        def trickle() -> None:
            try:
                slow.sendall(b"GET /minisign.pub HTTP/1.1\r\n")
                while not stop.wait(0.2):
                    slow.sendall(b"X-Slow: 1\r\n")  # always within the per-read timeout
            except OSError:
                pass

        threading.Thread(target=trickle, daemon=True).start()
        try:
            assert closed_by_server(slow)
        finally:
            stop.set()
            slow.close()


def test_at_the_cap_idle_connections_make_room_for_real_requests(tmp_path: Path, db: Engine) -> None:
    with serving(tmp_path, db, idle_timeout_s=60, max_connections=8) as (base, server):
        port = int(base.rsplit(":", 1)[1])
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
        try:
            answers = [requests.get(f"{base}/minisign.pub", timeout=10).status_code for _ in range(10)]
            assert answers == [200] * 10
            assert server.open_connections() <= 8  # type: ignore[attr-defined]
        finally:
            for sock in idle:
                sock.close()
