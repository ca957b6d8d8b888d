"""The station's HTTP client: every request has an overall deadline and every body a size cap.

A per-read timeout alone lets a server that sends one byte a second hold a station forever, and
`requests` offers nothing else; so each request runs on http.client with a watchdog that shuts
the socket when its deadline passes, whatever phase (headers or body) it is in. Deadlines grow
with the size a request may carry (`deadline_for`): a slow commune line still gets its file, a
stuck one is given up and resumed at the next sync.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_CHUNK = 64 * 1024
_USER_AGENT = "radio-station"
TOO_SLOW = "slower than the minimum rate"  # in the message of a transfer given up for its pace


class Unreachable(Exception):
    """The request did not complete: no connection, a reset, a timeout or its deadline."""


class DeadlineExpired(Unreachable):
    """The request's overall deadline ran out (the message names it)."""


class TooLarge(Exception):
    """The body is longer than its cap; nothing of it should be used."""


def deadline_for(size: int, timeout_s: float, min_rate: int) -> float:
    """Seconds allowed for a request that may carry `size` bytes at no less than `min_rate`/s."""
    return timeout_s + size / min_rate


@dataclass
class Reply:
    """A response whose body is read by the caller, chunk by chunk, before the deadline."""

    status: int
    headers: http.client.HTTPMessage
    _response: http.client.HTTPResponse
    _watch: _Watchdog
    received: int = 0
    # Given up at once when fewer than min_rate * window bytes came in over the last window:
    # the overall deadline alone would let a 1 byte/s line hold a 9 MB file for 18 minutes.
    min_rate: int = 0
    window_s: float = 0.0

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def chunks(self) -> Iterator[bytes]:
        """The body as it arrives; Unreachable/DeadlineExpired if it stops early or crawls."""
        window_start, window_bytes = time.monotonic(), 0
        while True:
            try:
                block = self._response.read1(_CHUNK)
            except (OSError, http.client.HTTPException) as err:
                raise self._watch.failure(err, self.received) from None
            if not block:
                if self._watch.fired:
                    raise self._watch.failure(None, self.received)
                return
            self.received += len(block)
            window_bytes += len(block)
            yield block
            elapsed = time.monotonic() - window_start
            if self.window_s and elapsed >= self.window_s:
                if window_bytes < self.min_rate * self.window_s:
                    raise Unreachable(f"{self._watch.what}: {TOO_SLOW} ({window_bytes / elapsed:.0f} B/s "
                                      f"over {elapsed:.0f} s, at least {self.min_rate} B/s needed) after "
                                      f"{self.received} bytes")
                window_start, window_bytes = time.monotonic(), 0

    def read_capped(self, cap: int) -> bytes:
        """The whole body, refused (TooLarge) as soon as it is longer than `cap`."""
        declared = self.header("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise TooLarge(f"it declares {int(declared)} bytes, more than the {cap} byte cap")
        body = bytearray()
        for block in self.chunks():
            body += block
            if len(body) > cap:
                raise TooLarge(f"it is longer than the {cap} byte cap")
        return bytes(body)


@dataclass
class _Watchdog:
    """Shuts a socket down when its request's deadline passes, unblocking any read or write."""

    what: str
    seconds: float
    sock: socket.socket | None = None
    fired: bool = False
    _timer: threading.Timer | None = field(default=None, repr=False)

    def start(self, sock: socket.socket, remaining: float) -> None:
        self.sock = sock
        self._timer = threading.Timer(max(remaining, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        if self.sock is not None:
            with suppress(OSError):  # already closed: nothing to unblock
                self.sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def failure(self, err: BaseException | None, received: int) -> Unreachable:
        if self.fired:
            return DeadlineExpired(f"deadline of {self.seconds:.0f} s for {self.what} ran out "
                                   f"after {received} bytes")
        return Unreachable(f"{type(err).__name__ if err else 'closed'} after {received} bytes of {self.what}")


class StationClient:
    """GET and POST with a deadline per request; counts requests and body bytes for the summary."""

    def __init__(self, timeout_s: float, min_rate: int, window_s: float = 30.0) -> None:
        self.timeout_s = timeout_s  # each connect, read or write
        self.min_rate = min_rate  # bytes per second below which a transfer is given up
        self.window_s = window_s  # ...measured over this many seconds (0: by the deadline only)
        self.requests = 0
        self._tls = ssl.create_default_context()

    def deadline(self, size: int) -> float:
        return deadline_for(size, self.timeout_s, self.min_rate)

    @contextmanager
    def request(self, method: str, url: str, what: str, deadline_s: float,
                headers: dict[str, str] | None = None, body: bytes | None = None) -> Iterator[Reply]:
        """Send one request and yield its answer once the headers are in; the body is the caller's
        to read inside the block, and the deadline covers connecting, headers and body alike."""
        self.requests += 1
        parts = urlsplit(url)
        started = time.monotonic()
        watch = _Watchdog(what, deadline_s)
        timeout = min(self.timeout_s, deadline_s)
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as err:
            raise Unreachable(f"bad URL {url}: {err}") from None
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            try:
                # Connected here, not by http.client, so that the watchdog also covers a TLS
                # handshake that trickles: shutting the raw socket down unblocks the TLS layer too.
                raw = socket.create_connection((host, port), timeout=timeout)
                watch.start(raw, deadline_s - (time.monotonic() - started))
                conn.sock = raw  # closed with conn even if the handshake fails
                if parts.scheme == "https":
                    conn.sock = self._tls.wrap_socket(raw, server_hostname=host)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                conn.request(method, path or "/", body=body, headers={
                    "Host": parts.netloc.rpartition("@")[2], "User-Agent": _USER_AGENT,
                    "Accept-Encoding": "identity", **(headers or {})})
                response = conn.getresponse()
            except (OSError, http.client.HTTPException) as err:
                raise watch.failure(err, 0) from None
            yield Reply(response.status, response.headers, response, watch,
                        min_rate=self.min_rate, window_s=self.window_s)
        finally:
            watch.stop()
            conn.close()
