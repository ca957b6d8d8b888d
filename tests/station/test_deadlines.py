"""Nothing hangs, nothing grows without bound: every request has an overall deadline named when it
runs out, the manifest and its signature are capped before they are hashed or parsed, and audio is
capped by its declared size. Faults come from a TCP proxy on 127.0.0.1 (no timing assertions)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from radio.protocol.kinds import ReportEvent
from radio.protocol.manifest import MAX_MANIFEST_BYTES, MAX_SIGNATURE_BYTES
from radio.protocol.report import REPORTS_PATH, new_report
from radio.station.client import StationClient, deadline_for
from radio.station.config import StationConfig
from radio.station.sync import StationStore, client_for, sync
from tests.station.helpers import FakeClock, FaultServer, Tree, audio_bytes, local, programme
from tests.station.proxy import FaultProxy

SIZE = 40_000


@pytest.fixture
def proxy(server: FaultServer) -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", server.httpd.server_address[1])) as running:
        yield running


def quick(config: StationConfig, proxy: FaultProxy) -> StationConfig:
    """Deadlines of about a second: 1 s per read, and a minimum rate no drip can keep up with."""
    return replace(config, centre_url=proxy.url, timeout_s=1.0, min_rate_bytes_s=100_000_000)


def test_a_manifest_dripping_one_byte_at_a_time_runs_out_of_its_deadline(
        tree: Tree, server: FaultServer, config: StationConfig, proxy: FaultProxy,
        clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(SIZE))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    proxy.drip_after, proxy.drip_s = 200, 0.05  # each byte well within the per-read timeout
    config = quick(config, proxy)
    result = sync(config, client_for(config), clock)
    assert result.outcome == "unreachable" and result.manifest is None
    [problem] = result.problems
    expected = deadline_for(MAX_MANIFEST_BYTES, 1.0, 100_000_000)
    assert f"deadline of {expected:.0f} s for manifest ran out" in problem


def test_audio_dripping_runs_out_of_a_deadline_from_its_declared_size_and_resumes_later(
        tree: Tree, server: FaultServer, config: StationConfig, proxy: FaultProxy,
        clock: FakeClock) -> None:
    audio = tree.audio(audio_bytes(SIZE))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    config = quick(config, proxy)
    client = client_for(config)
    assert sync(config, client, clock).complete
    store = StationStore(config.storage_dir)
    store.audio_path(audio.sha256).unlink(missing_ok=True)
    proxy.drip_after = 1000
    result = sync(config, client, clock)
    assert result.missing == (audio.sha256,)
    assert any(f"deadline of 1 s for audio {audio.sha256}.mp3 ran out" in p for p in result.problems)
    part = store.part_path(audio.sha256)
    assert part.exists() and 0 < part.stat().st_size < SIZE  # kept for the resume
    proxy.drip_after = None
    assert sync(config, client, clock).complete


def test_a_stuck_centre_that_accepts_but_never_answers_is_given_up(
        tmp_path: Path, tree: Tree, config: StationConfig, clock: FakeClock) -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (backlog), never reads or writes
    try:
        config = replace(config, centre_url=f"http://127.0.0.1:{listener.getsockname()[1]}/",
                         timeout_s=1.0)
        result = sync(config, client_for(config), clock)
    finally:
        listener.close()
    assert result.outcome == "unreachable"
    assert "TimeoutError" in result.problems[0] or "deadline" in result.problems[0]


def test_a_huge_manifest_or_signature_is_refused_at_its_cap(
        tree: Tree, server: FaultServer, config: StationConfig, session: StationClient,
        clock: FakeClock) -> None:
    path = tree.manifest_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{" + b" " * (MAX_MANIFEST_BYTES + 10) + b"}")
    result = sync(config, session, clock)
    assert result.outcome == "refused"
    declared = MAX_MANIFEST_BYTES + 12
    assert f"manifest refused: it declares {declared} bytes, more than the" in result.problems[0]
    assert not (config.storage_dir / "last-good.json").exists()

    audio = tree.audio(audio_bytes(SIZE))
    tree.manifest(1, [programme("2024-05", audio, ["2024-05-02T05:30:00"])])
    signature = path.with_name(path.name + ".minisig")
    signature.write_bytes(signature.read_bytes() + b"\n" * MAX_SIGNATURE_BYTES)
    signed = sync(config, session, clock)
    assert signed.outcome == "refused" and "manifest signature refused" in signed.problems[0]


def test_a_manifest_without_length_is_cut_off_at_the_cap(tmp_path: Path, config: StationConfig,
                                                          clock: FakeClock) -> None:
    """A close-delimited answer with no Content-Length: the station stops reading at the cap."""
    listener = socket.create_server(("127.0.0.1", 0))
    sent = []

    def endless() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
        block = b" " * 65536
        total = 0
        try:
            while total < 50 * MAX_MANIFEST_BYTES:
                conn.sendall(block)
                total += len(block)
        except OSError:
            pass
        sent.append(total)
        conn.close()

    thread = threading.Thread(target=endless, daemon=True)
    thread.start()
    config = replace(config, centre_url=f"http://127.0.0.1:{listener.getsockname()[1]}/")
    result = sync(config, client_for(config), clock)
    thread.join(10)
    listener.close()
    assert result.outcome == "refused" and "longer than the" in result.problems[0]
    assert result.bytes_received <= MAX_MANIFEST_BYTES + 65536
    assert sent and sent[0] < 50 * MAX_MANIFEST_BYTES  # the station hung up, it did not read on


def test_report_upload_has_a_deadline_too(tmp_path: Path, server: FaultServer,
                                          proxy: FaultProxy) -> None:
    from radio.station.reports import ReportQueue

    queue = ReportQueue(tmp_path / "reports")
    queue.put(new_report("st-03", ReportEvent.SYNCED, local("2024-05-01T08:00:00")))
    # Two clearly different timers: the answer drips a byte every 0.25 s, so the 1 s per-read
    # socket timeout never fires, and only the request's overall deadline (about 1 s) can end it.
    proxy.drip_after, proxy.drip_s = 0, 0.25
    result = queue.upload(StationClient(timeout_s=1.0, min_rate=100_000_000),
                          proxy.url + REPORTS_PATH, server.token)
    assert result.pending == 1 and "deadline of 1 s for play report ran out" in result.problem


def test_a_tls_handshake_that_never_completes_is_given_up_at_the_deadline(
        config: StationConfig, clock: FakeClock) -> None:
    """An https centre that accepts and then sends one byte now and then, never a TLS hello."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = listener.accept()
        with conn, contextlib.suppress(OSError):
            conn.sendall(b"\x16\x03\x03\x40\x00")  # a 16 KiB handshake record follows...
            while not stop.wait(0.1):
                conn.sendall(b"\x00")  # ...a byte at a time

    threading.Thread(target=trickle, daemon=True).start()
    try:
        config = replace(config, centre_url=f"https://127.0.0.1:{listener.getsockname()[1]}/",
                         timeout_s=1.0, min_rate_bytes_s=100_000_000)
        result = sync(config, client_for(config), clock)
    finally:
        stop.set()
        listener.close()
    assert result.outcome == "unreachable"  # (Python bounds a whole handshake by the socket timeout)
    assert "TimeoutError" in result.problems[0] or "deadline of 1 s" in result.problems[0]
