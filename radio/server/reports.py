"""Station tokens and play reports: the authenticated, replay-proof side of `radio serve`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from radio.core.hashing import text_sha256
from radio.protocol.report import PlayReportMessage, ReportError, decode_report
from radio.store.broadcast import PlayReport, StationToken
from radio.store.db import transaction

_ITEM_ID_CHARS = 100  # the column widths: longer free text is cut, not refused
_DETAIL_CHARS = 2000


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
        message = decode_report(body)
    except ReportError as err:
        return Answer(400, str(err))
    if message.station != owner:
        return Answer(403, f"this token belongs to {owner}, not {message.station}")
    report = _row(message, now)
    try:
        with transaction(engine) as session:
            if session.scalars(select(PlayReport.id).where(PlayReport.report_id == report.report_id)).first():
                return Answer(200, "duplicate: already stored")
            session.add(report)
    except IntegrityError:  # the same report arrived twice at once
        return Answer(200, "duplicate: already stored")
    return Answer(201, "stored")


def _row(message: PlayReportMessage, now: datetime) -> PlayReport:
    return PlayReport(report_id=message.report_id, station_id=message.station, event=message.event,
                      item_id=message.item_id[:_ITEM_ID_CHARS] if message.item_id else message.item_id,
                      sha256=message.sha256, manifest_sequence=message.manifest_sequence,
                      at=message.at, received_at=now, detail=message.detail[:_DETAIL_CHARS])


def _hash(token: str) -> str:
    return text_sha256(token)
