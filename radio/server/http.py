"""`radio serve`: the publish tree as static files (ETag, If-None-Match, Range) and the report endpoint.

The stdlib ThreadingHTTPServer is enough for 16 stations polling a few times a day; a town with a
real web server serves publish/current with it instead (nginx follows the `current` symlink on
POSIX; on Windows, where the live release is named by publish/CURRENT, it proxies to this server).

It must not be held hostage by connections that send nothing: a connection waiting for (the rest
of) a request longer than `idle_timeout_s` is closed, whether it sent nothing or half a request,
and at most `max_connections` are open at once — at the cap, the connection that has waited
longest without a whole request is closed to make room, so real stations still get answers while
hundreds of idle sockets are open.
"""

from __future__ import annotations

import contextlib
import mimetypes
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine

from radio.protocol.report import REPORTS_PATH
from radio.protocol.status import STATUS_PATH
from radio.publish.tree import current_root
from radio.server.reports import Answer, accept_report
from radio.server.status import accept_status

MAX_REPORT_BYTES = 64 * 1024
IDLE_TIMEOUT_S = 15.0  # for a request to arrive whole, and for each read or write of the socket
MAX_CONNECTIONS = 256
_FD_RESERVE = 64  # files the process needs besides connections: database, audio being sent, logs
_TYPES = {".json": "application/json; charset=utf-8", ".minisig": "text/plain; charset=utf-8",
          ".pub": "text/plain; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
          ".xml": "application/rss+xml; charset=utf-8", ".mp3": "audio/mpeg"}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# What stations POST: (engine, Authorization header, body, now) → answer.
_POSTS: dict[str, Callable[[Engine, str | None, bytes, datetime], Answer]] = {
    "/" + REPORTS_PATH: accept_report, "/" + STATUS_PATH: accept_status}


def make_server(host: str, port: int, publish_dir: Path, engine: Engine,
                clock: Callable[[], datetime], *, idle_timeout_s: float = IDLE_TIMEOUT_S,
                max_connections: int = MAX_CONNECTIONS) -> ThreadingHTTPServer:
    """A server bound to host:port (port 0: any free port); call serve_forever() on it."""

    class Handler(_Handler):
        root = publish_dir
        db = engine
        now = staticmethod(clock)
        timeout = idle_timeout_s  # StreamRequestHandler sets it on each connection's socket

    return _Server((host, port), Handler, idle_timeout_s, _connection_cap(max_connections))


def _connection_cap(wanted: int) -> int:
    """`wanted`, raising the open-files limit for it if allowed, else what that limit leaves."""
    try:
        import resource
    except ImportError:  # Windows: no such limit for sockets
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + _FD_RESERVE
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return wanted if soft == resource.RLIM_INFINITY else max(1, min(wanted, soft - _FD_RESERVE))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the listen backlog: bursts wait in the kernel, not refused

    def __init__(self, address: tuple[str, int], handler: type[_Handler], idle_timeout_s: float,
                 max_connections: int) -> None:
        super().__init__(address, handler)
        self.idle_timeout_s = idle_timeout_s
        self.max_connections = max_connections
        # Each open connection → since when it has waited for a request (None: answering one).
        self._waiting: dict[socket.socket, float | None] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        threading.Thread(target=self._reap, name="radio-serve-reaper", daemon=True).start()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            if len(self._waiting) >= self.max_connections and not self._evict_oldest_waiting():
                # Every slot is answering a request: this one is closed (the station retries).
                self.shutdown_request(request)
                return
            self._waiting[request] = time.monotonic()
        super().process_request(request, client_address)

    def _evict_oldest_waiting(self) -> bool:
        waiting = [(since, conn) for conn, since in self._waiting.items() if since is not None]
        if not waiting:
            return False
        _, oldest = min(waiting, key=lambda pair: pair[0])
        self._close_waiting(oldest)
        return True

    def _close_waiting(self, conn: socket.socket) -> None:
        """Unblock the connection's thread (its read returns nothing) and forget it."""
        self._waiting.pop(conn, None)
        with contextlib.suppress(OSError):
            conn.shutdown(socket.SHUT_RDWR)

    def mark(self, conn: socket.socket, waiting: bool) -> None:
        with self._lock:
            if conn in self._waiting:
                self._waiting[conn] = time.monotonic() if waiting else None

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._waiting.pop(request, None)
        super().shutdown_request(request)

    def _reap(self) -> None:
        """Close connections that have waited too long for a whole request (idle or half-sent)."""
        step = min(1.0, self.idle_timeout_s / 4)
        while not self._closed.wait(step):
            limit = time.monotonic() - self.idle_timeout_s
            with self._lock:
                for conn in [c for c, since in self._waiting.items() if since is not None and since < limit]:
                    self._close_waiting(conn)

    def open_connections(self) -> int:
        with self._lock:
            return len(self._waiting)

    def server_close(self) -> None:
        self._closed.set()
        super().server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A station that hangs up mid-file is ordinary (it resumes later): one line, no traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            sys.stderr.write(f"{client_address[0]} disconnected during the answer "
                             f"({error.__class__.__name__})\n")
            return
        super().handle_error(request, client_address)


def byte_range(header: str | None, size: int) -> tuple[int, int] | None | bool:
    """(first, last) for a single satisfiable `Range`, None to send everything, False if unsatisfiable."""
    match = _RANGE.match(header.strip()) if header else None
    if not match or (not match[1] and not match[2]):
        return None  # absent or a form we do not serve (multiple ranges): the whole file is correct
    if not match[1]:  # suffix: the last N bytes
        length = int(match[2])
        return (max(size - length, 0), size - 1) if length and size else False
    first = int(match[1])
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    if first >= size or (match[2] and int(match[2]) < first):
        return False
    return first, last


class _Handler(BaseHTTPRequestHandler):
    root: Path
    db: Engine
    now: Callable[[], datetime]
    server_version = "radio-serve"
    protocol_version = "HTTP/1.1"
    server: _Server

    def handle_one_request(self) -> None:
        self.server.mark(self.connection, waiting=True)  # until the request has arrived whole
        super().handle_one_request()

    def log_message(self, format: str, *args: Any) -> None:
        if format.startswith("Request timed out"):
            return  # an idle connection closed: ordinary, and hundreds of them would flood the log
        super().log_message(format, *args)

    def do_GET(self) -> None:
        self.server.mark(self.connection, waiting=False)
        self._static(send_body=True)

    def do_HEAD(self) -> None:
        self.server.mark(self.connection, waiting=False)
        self._static(send_body=False)

    def do_POST(self) -> None:
        # Refused before its body is read: the connection closes, or that body would be read as
        # the next request on it.
        accept = _POSTS.get(urlsplit(self.path).path)
        if accept is None:
            return self._plain(HTTPStatus.NOT_FOUND, "not found", close=True)
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._plain(HTTPStatus.LENGTH_REQUIRED, "Content-Length required", close=True)
        if not 0 <= length <= MAX_REPORT_BYTES:
            return self._plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "report too large", close=True)
        body = self.rfile.read(length)  # still "waiting": a half-sent body is closed in time
        self.server.mark(self.connection, waiting=False)
        if len(body) < length:
            self.close_connection = True
            return
        answer = accept(self.db, self.headers.get("Authorization"), body, self.now())
        self._plain(HTTPStatus(answer.status), answer.message)

    def _static(self, send_body: bool) -> None:
        path = self._file()
        if path is None:
            return self._plain(HTTPStatus.NOT_FOUND, "not found", send_body)
        stat = path.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        if _etag_matches(self.headers.get("If-None-Match"), etag):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            return self.end_headers()
        wanted = byte_range(self.headers.get("Range"), stat.st_size)
        if_range = self.headers.get("If-Range")
        if if_range is not None and if_range != etag:
            wanted = None  # the file changed since the client's partial copy: send it whole
        if wanted is False:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{stat.st_size}")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        first, last = wanted if isinstance(wanted, tuple) else (0, stat.st_size - 1)
        self.send_response(HTTPStatus.PARTIAL_CONTENT if isinstance(wanted, tuple) else HTTPStatus.OK)
        if isinstance(wanted, tuple):
            self.send_header("Content-Range", f"bytes {first}-{last}/{stat.st_size}")
        self.send_header("Content-Type", _TYPES.get(path.suffix)
                         or mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(last - first + 1))
        self.send_header("ETag", etag)
        self.send_header("Accept-Ranges", "bytes")
        # Audio is content-addressed and never changes; everything else must be revalidated.
        self.send_header("Cache-Control", "public, max-age=31536000, immutable"
                         if path.parent.name == "audio" else "no-cache")
        self.end_headers()
        if send_body:
            with path.open("rb") as handle:
                handle.seek(first)
                remaining = last - first + 1
                while remaining > 0:
                    block = handle.read(min(remaining, 1 << 16))
                    if not block:
                        break
                    self.wfile.write(block)
                    remaining -= len(block)

    def _file(self) -> Path | None:
        """The requested file inside the current release, or None (no listings, no escaping)."""
        parts = [p for p in unquote(urlsplit(self.path).path).split("/") if p]
        if any(p in (".", "..") or "\\" in p or p.startswith(".") for p in parts) or not parts:
            return None
        # Read once per request: a swap is seen by the next request, and this one keeps reading the
        # release it started on (releases are never changed, and the last few are kept).
        root = current_root(self.root).resolve()
        path = root.joinpath(*parts)
        return path if path.is_file() and path.resolve().is_relative_to(root) else None

    def _plain(self, status: HTTPStatus, text: str, send_body: bool = True, close: bool = False) -> None:
        body = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")  # also sets self.close_connection
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags
