"""Station tokens and play reports: the authenticated, replay-proof side of `radio serve`."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from radio.core.hashing import text_sha256
from radio.store.broadcast import PlayReport, StationToken
from radio.store.db import transaction

EVENTS = ("synced", "played", "failed")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_REPORT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


@dataclass(frozen=True)
class Answer:
    status: int  # 201 stored, 200 duplicate, 400 malformed, 401 bad token, 403 other station
    message: str


def issue_token(engine: Engine, station_id: str, now: datetime) -> str:
    """A new token for the station (replacing any old one); only its hash is stored."""
    token = secrets.token_urlsafe(32)
    with transaction(engine) as session:
        row = session.get(StationToken, station_id)
        if row is None:
            session.add(StationToken(station_id=station_id, token_sha256=_hash(token), created_at=now))
        else:
            row.token_sha256, row.created_at = _hash(token), now
    return token


def accept_report(engine: Engine, authorization: str | None, body: bytes, now: datetime) -> Answer:
    """Check the bearer token, validate the report, store it once; a replay changes nothing."""
    token = (authorization or "").removeprefix("Bearer ").strip()
    if not token or not (authorization or "").startswith("Bearer "):
        return Answer(401, "missing bearer token")
    with transaction(engine) as session:
        owner = session.scalars(select(StationToken.station_id)
                                .where(StationToken.token_sha256 == _hash(token))).first()
    if owner is None:
        return Answer(401, "unknown token")
    try:
        report = _parse(body, now)
    except ValueError as err:
        return Answer(400, str(err))
    if report.station_id != owner:
        return Answer(403, f"this token belongs to {owner}, not {report.station_id}")
    try:
        with transaction(engine) as session:
            if session.scalars(select(PlayReport.id).where(PlayReport.report_id == report.report_id)).first():
                return Answer(200, "duplicate: already stored")
            session.add(report)
    except IntegrityError:  # the same report arrived twice at once
        return Answer(200, "duplicate: already stored")
    return Answer(201, "stored")


def _parse(body: bytes, now: datetime) -> PlayReport:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"body is not JSON: {err}") from None
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")

    def field(name: str, kind: type | tuple[type, ...], optional: bool = False) -> object:
        value = data.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ValueError(f"field {name!r} is missing or has the wrong type")
        return value

    report_id = field("report_id", str)
    if not _REPORT_ID.match(report_id):  # type: ignore[arg-type]
        raise ValueError("field 'report_id' must be 8-64 letters, digits or '-' (a uuid4)")
    event = field("event", str)
    if event not in EVENTS:
        raise ValueError(f"field 'event' must be one of {', '.join(EVENTS)}")
    sha256 = field("sha256", str, optional=True)
    if sha256 is not None and not _HEX64.match(sha256):  # type: ignore[arg-type]
        raise ValueError("field 'sha256' must be 64 lower-case hex digits")
    try:
        at = datetime.fromisoformat(field("at", str))  # type: ignore[arg-type]
    except ValueError:
        raise ValueError("field 'at' must be an ISO 8601 time with its offset") from None
    if at.tzinfo is None:
        raise ValueError("field 'at' needs a UTC offset, e.g. 2024-05-02T05:30:01+07:00")
    sequence = field("manifest_sequence", int, optional=True)
    if sequence is not None and not 0 <= sequence < 2**31:  # type: ignore[operator]
        # PostgreSQL's INTEGER would refuse it with a server error; SQLite would store anything.
        raise ValueError("field 'manifest_sequence' must be a manifest's sequence number")
    item_id = field("item_id", str, optional=True)
    return PlayReport(report_id=report_id, station_id=field("station", str), event=event,
                      item_id=item_id[:100] if isinstance(item_id, str) else None, sha256=sha256,
                      manifest_sequence=sequence, at=at,
                      received_at=now, detail=str(field("detail", str, optional=True) or "")[:2000])


def _hash(token: str) -> str:
    return text_sha256(token)
