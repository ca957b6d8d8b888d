"""Station tokens and play reports: the authenticated, replay-proof side of `radio serve`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from radio.core.errors import RadioError
from radio.core.hashing import text_sha256
from radio.protocol.report import PlayReportMessage, ReportError, decode_report
from radio.store import plays
from radio.store.db import transaction
from radio.store.tables import PlayReportRow

_ITEM_ID_CHARS = 100  # the column widths: longer free text is cut, not refused
_DETAIL_CHARS = 2000


@dataclass(frozen=True)
class Answer:
    status: int  # 201 stored, 200 duplicate, 400 malformed, 401 bad token, 403 other station,
                 # 503 the database failed
    message: str


def issue_token(engine: Engine, station_id: str, now: datetime) -> str:
    """A new token for the station (replacing any old one); only its hash is stored."""
    token = secrets.token_urlsafe(32)
    with transaction(engine) as session:
        plays.set_token(session, station_id, _hash(token), now)
    return token


def accept_report(engine: Engine, authorization: str | None, body: bytes, now: datetime) -> Answer:
    """Check the bearer token, validate the report, store it once; a replay changes nothing."""
    try:
        return _accept(engine, authorization, body, now)
    except RadioError as err:  # the database failed (locked, unreachable): the station sends it later
        return Answer(503, str(err))


def _accept(engine: Engine, authorization: str | None, body: bytes, now: datetime) -> Answer:
    token = (authorization or "").removeprefix("Bearer ").strip()
    if not token or not (authorization or "").startswith("Bearer "):
        return Answer(401, "missing bearer token")
    with transaction(engine) as session:
        owner = plays.token_owner(session, _hash(token))
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
            plays.add_report(session, report)
    except plays.AlreadyStored:  # a replay, or the same report arriving twice at once
        return Answer(200, "duplicate: already stored")
    return Answer(201, "stored")


def _row(message: PlayReportMessage, now: datetime) -> PlayReportRow:
    return PlayReportRow(report_id=message.report_id, station_id=message.station, event=message.event,
                         item_id=message.item_id[:_ITEM_ID_CHARS] if message.item_id else message.item_id,
                         sha256=message.sha256, manifest_sequence=message.manifest_sequence,
                         at=message.at, received_at=now, detail=message.detail[:_DETAIL_CHARS])


def _hash(token: str) -> str:
    return text_sha256(token)
