"""A fault-injecting TCP proxy on 127.0.0.1, between a station and a centre.

It works below HTTP, so it does what a bad line does to any server: drips the answer a byte at a
time, stalls after N bytes, holds the answer back until released, or calls back once N bytes went
through (to kill the station's process, or fill its disk, at that very byte).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class FaultProxy:
    upstream: tuple[str, int]
    drip_after: int | None = None  # from this many bytes of an answer on, one byte per drip_s
    drip_s: float = 0.05
    stall_after: int | None = None  # forward this many bytes of each answer, then nothing more
    gate: threading.Event | None = None  # answers wait until it is set
    at_byte: tuple[int, Callable[[], None]] | None = None  # once, after N bytes in all
    downstream: int = 0  # bytes forwarded to the station, all connections
    connections: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _sockets: list[socket.socket] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/"

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        if self.gate is not None:
            self.gate.set()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self.connections += 1
                self._sockets += [client, server]
            threading.Thread(target=self._up, args=(client, server), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client), daemon=True).start()

    def _up(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)

    def _down(self, source: socket.socket, target: socket.socket) -> None:
        sent = 0  # of this answer
        try:
            while data := source.recv(65536):
                if self.gate is not None:
                    self.gate.wait()
                for piece in self._pieces(data, sent):
                    if self._stop.is_set():
                        return
                    if self.stall_after is not None and sent >= self.stall_after:
                        self._stop.wait()  # hold the connection open, send nothing
                        return
                    target.sendall(piece)
                    sent += len(piece)
                    self._count(len(piece))
                    if self.drip_after is not None and sent > self.drip_after:
                        self._stop.wait(self.drip_s)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _pieces(self, data: bytes, sent: int) -> list[bytes]:
        """`data` split at the byte where a fault starts, and byte by byte while dripping."""
        cuts = {0, len(data)}
        for mark in (self.drip_after, self.stall_after):
            if mark is not None and sent < mark < sent + len(data):
                cuts.add(mark - sent)
        if self.at_byte is not None:
            total = self.downstream
            if total < self.at_byte[0] < total + len(data):
                cuts.add(self.at_byte[0] - total)
        bounds = sorted(cuts)
        pieces = [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        if self.drip_after is None:
            return pieces
        result = []
        offset = sent
        for piece in pieces:
            if offset >= self.drip_after:
                result += [piece[i:i + 1] for i in range(len(piece))]
            else:
                result.append(piece)
            offset += len(piece)
        return result

    def _count(self, n: int) -> None:
        with self._lock:
            self.downstream += n
            fire = self.at_byte is not None and self.downstream >= self.at_byte[0]
            callback = self.at_byte[1] if fire and self.at_byte else None
            if fire:
                self.at_byte = None
        if callback is not None:
            callback()
