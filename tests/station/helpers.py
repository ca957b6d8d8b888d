"""Test helpers: signed publish trees, a fault-injecting HTTP server on 127.0.0.1, a fake clock.

Trees are written with the protocol's own encoder and signer; the fault server's report endpoint
is the centre's real `accept_report` over a real database. Only its GET side is a fake, because
the faults it injects (a reset or a clean close mid-body, a flipped byte, a body longer than its
header, a 500 or 503 on demand) are ones the real `radio serve` never produces; the real server is
exercised end to end in tests/protocol/test_round_trip.py.
"""

from __future__ import annotations

import hashlib
import random
import socket
import struct
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from radio.protocol.kinds import ItemKind, Priority
from radio.protocol.manifest import (
    SIGNATURE_SUFFIX,
    ManifestAudio,
    ManifestItem,
    decode_manifest,
    encode_manifest,
    manifest_path,
    trusted_comment,
)
from radio.protocol.minisign import SecretKey, sign
from radio.protocol.report import REPORTS_PATH
from radio.protocol.status import STATUS_PATH
from radio.server.reports import accept_report, issue_token
from radio.station.config import StationConfig
from radio.store.db import transaction
from radio.store.tables import AiringRow, EmergencyRow, PlayReportRow, PublicationRow

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STATION = "st-03"
GENERATED = datetime(2024, 4, 28, 10, 0, tzinfo=TZ)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def audio_bytes(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


class Tree:
    """A publish tree on disk laid out as the shared spec says, signed with a real minisign key."""

    def __init__(self, root: Path, key: SecretKey | None = None) -> None:
        self.root = root
        self.key = key or SecretKey.generate()

    def audio(self, data: bytes) -> ManifestAudio:
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.root / "audio" / f"{sha256}.mp3"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return ManifestAudio.stored(sha256, len(data), 752.4)

    def manifest(self, sequence: int, items: list[ManifestItem], station: str = STATION,
                 signing_key: SecretKey | None = None, signed_sequence: int | None = None) -> bytes:
        raw = encode_manifest(station, sequence, GENERATED, items)
        path = self.manifest_path(station)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        comment = trusted_comment(signed_sequence or sequence, GENERATED)
        path.with_name(path.name + SIGNATURE_SUFFIX).write_text(sign(raw, signing_key or self.key, comment))
        return raw

    def manifest_path(self, station: str = STATION) -> Path:
        return self.root / manifest_path(station)


def programme(item_id: str, audio: ManifestAudio, airings: list[str],
              priority: Priority = Priority.NORMAL,
              valid: tuple[str, str] = ("2024-05-01T00:00:00", "2024-06-01T00:00:00")) -> ManifestItem:
    return ManifestItem(item_id, ItemKind.PROGRAMME, f"Chuyên mục CCHC {item_id}", priority, audio,
                        local(valid[0]), local(valid[1]), tuple(local(a) for a in airings))


def emergency(item_id: str, audio: ManifestAudio, valid: tuple[str, str]) -> ManifestItem:
    return ManifestItem(item_id, ItemKind.EMERGENCY, "Thông báo khẩn", Priority.EMERGENCY, audio,
                        local(valid[0]), local(valid[1]), ())


def station_config(storage: Path, centre: str, tree: Tree, **overrides: object) -> StationConfig:
    values: dict[str, object] = dict(
        path=storage / "station.toml", station_id=STATION, centre_url=centre,
        public_key=tree.key.public_key, report_token="tok-03", storage_dir=storage,
        play_command=(), output_device="log", lead_in_s=0.0, sync_interval_s=900, timeout_s=5.0,
        play_grace_s=120, timezone=TZ)
    values.update(overrides)
    return StationConfig(**values)  # type: ignore[arg-type]


@dataclass
class Hit:
    method: str
    path: str
    status: int
    headers: dict[str, str]
    body_bytes: int  # payload bytes actually written


@dataclass
class FaultServer:
    """Serves a folder on 127.0.0.1 with ETag, Last-Modified and Range, and injects faults.

    `faults[path]` is a list consumed one per request (None: behave); `always[path]` applies to
    every request. Faults: "reset:<fraction>" (RST after that share of the body), "truncate:<f>"
    (close cleanly after that share), "corrupt" (one byte flipped), "long" (extra bytes), "500".
    POST /api/reports is the centre's own `accept_report` over `engine`; `token` is STATION's.
    """

    root: Path
    engine: Engine
    faults: dict[str, list[str | None]] = field(default_factory=dict)
    always: dict[str, str] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    down: bool = False  # answer every request with 503
    statuses: list[bytes] = field(default_factory=list)  # station status bodies, as posted
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        server = self
        self.token = issue_token(self.engine, STATION, GENERATED)

        class Handler(_Handler):
            owner = server

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def fault_for(self, path: str) -> str | None:
        queue = self.faults.get(path)
        if queue:
            return queue.pop(0)
        return self.always.get(path)

    def record_published(self) -> None:
        """Put what the tree serves in the centre's database (releases, airings, emergencies), as
        `radio publish` would have: the report endpoint refuses reports about anything else."""
        with self.lock, transaction(self.engine) as session:
            for path in sorted(self.root.glob("stations/*/manifest.json")):
                manifest = decode_manifest(path.read_bytes())
                release = session.scalars(select(PublicationRow).where(
                    PublicationRow.sequence == manifest.sequence)).first()
                ids = [item.id for item in manifest.items]
                if release is None:
                    session.add(PublicationRow(sequence=manifest.sequence, published_at=GENERATED,
                                               items=ids))
                else:
                    release.items = sorted(set(release.items) | set(ids))
                for item in manifest.items:
                    self._record_item(session, manifest.station, item)

    @staticmethod
    def _record_item(session: Session, station: str, item: ManifestItem) -> None:
        if item.kind == ItemKind.EMERGENCY:
            if session.get(EmergencyRow, item.id) is None:
                session.add(EmergencyRow(
                    id=item.id, title=item.title, priority=item.priority, sha256=item.audio.sha256,
                    size=item.audio.size, duration_s=item.audio.duration_s, stations=[station],
                    valid_from=item.valid_from, valid_to=item.valid_to, created_at=GENERATED))
            return
        for at in item.airings:
            if session.scalars(select(AiringRow).where(
                    AiringRow.station_id == station, AiringRow.item_id == item.id,
                    AiringRow.starts_at == at)).first() is None:
                session.add(AiringRow(month=item.id[:7], item_id=item.id, station_id=station,
                                      starts_at=at, duration_s=item.audio.duration_s,
                                      priority=item.priority))
        session.flush()

    def audio_hits(self) -> list[Hit]:
        return [hit for hit in self.hits if hit.path.startswith("/audio/")]

    def reports(self) -> list[PlayReportRow]:
        """The play reports the centre stored, in the order they arrived."""
        with transaction(self.engine) as session:
            return list(session.scalars(select(PlayReportRow).order_by(PlayReportRow.id)))


class _Handler(BaseHTTPRequestHandler):
    owner: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _record(self, status: int, body_bytes: int = 0) -> None:
        self.owner.hits.append(Hit(self.command, self.path, status, dict(self.headers), body_bytes))

    def _plain(self, status: int, text: str = "") -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._record(status, len(body))  # before the body: the client may act on it at once
        self.wfile.write(body)

    def do_GET(self) -> None:
        owner = self.owner
        if owner.down:
            return self._plain(503, "down")
        path = owner.root / self.path.lstrip("/")
        if ".." in self.path or not path.is_file():
            return self._plain(404, "not found")
        fault = owner.fault_for(self.path)
        if fault == "500":
            return self._plain(500, "boom")
        data = path.read_bytes()
        etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
        if self.headers.get("If-None-Match") == etag:
            self._record(304)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        status, start = 200, 0
        match = (self.headers.get("Range") or "").removeprefix("bytes=").rstrip("-")
        if match.isdigit():
            start = int(match)
            if start >= len(data):
                return self._plain(416)
            status = 206
        body = data[start:]
        declared = len(body)
        if fault == "corrupt":
            middle = len(body) // 2
            body = body[:middle] + bytes([body[middle] ^ 0xFF]) + body[middle + 1:]
        elif fault == "long":
            body += b"extra"
            declared = len(body)
        self.send_response(status)
        self.send_header("Content-Length", str(declared))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        if fault and fault.split(":")[0] in ("reset", "truncate"):
            cut = int(len(body) * float(fault.split(":")[1]))
            self._record(status, cut)
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.close_connection = True
            if fault.startswith("reset"):
                # SO_LINGER 0: closing sends RST, as a dropped mobile link or a proxy reset does.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            return
        self._record(status, len(body))
        self.wfile.write(body)

    def do_POST(self) -> None:
        owner = self.owner
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if owner.down:
            return self._plain(503, "down")
        if self.path == "/" + STATUS_PATH:
            owner.statuses.append(raw)
            return self._plain(200, "ok")
        if self.path != "/" + REPORTS_PATH:
            return self._plain(404)
        owner.record_published()
        # Received now, as `radio serve` stamps it (reports dated after that are refused).
        answer = accept_report(owner.engine, self.headers.get("Authorization"), raw, datetime.now(TZ))
        return self._plain(answer.status, answer.message)
