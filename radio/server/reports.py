"""Station tokens and play reports: the authenticated, replay-proof side of `radio serve`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from radio.core.errors import RadioError
from radio.core.hashing import text_sha256
from radio.protocol.kinds import ReportEvent
from radio.protocol.report import PlayReportMessage, ReportError, decode_report
from radio.store import plausibility, plays
from radio.store.db import transaction
from radio.store.tables import PlayReportRow

_ITEM_ID_CHARS = 100  # the column widths: longer free text is cut, not refused
_DETAIL_CHARS = 2000
# How far outside an item's airings (or an emergency's validity) a report's airing time may lie:
# a late play within the grace, a clock a little off, a time-zone slip, but not another month.
_WINDOW_MARGIN = timedelta(days=2)
# How far ahead of the centre's receive time a station's clock may be before its dates are refused:
# a clock off by minutes is a station to fix (its status says so), one in 2099 would claim airings
# that have not happened and keep the station "seen" for 73 years.
CLOCK_SKEW = timedelta(minutes=10)


@dataclass(frozen=True)
class Answer:
    status: int  # 201 stored, 200 duplicate, 400 malformed, 401 bad token, 403 other station,
                 # 422 cannot be true (unknown release or item, time far off), 503 the database failed
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


def token_station(engine: Engine, authorization: str | None) -> str | Answer:
    """The station a `Bearer` token belongs to, or the 401 answer (reports and status alike)."""
    token = (authorization or "").removeprefix("Bearer ").strip()
    if not token or not (authorization or "").startswith("Bearer "):
        return Answer(401, "missing bearer token")
    with transaction(engine) as session:
        owner = plays.token_owner(session, _hash(token))
    return Answer(401, "unknown token") if owner is None else owner


def _accept(engine: Engine, authorization: str | None, body: bytes, now: datetime) -> Answer:
    owner = token_station(engine, authorization)
    if isinstance(owner, Answer):
        return owner
    try:
        message = decode_report(body)
    except ReportError as err:
        return Answer(400, str(err))
    if message.station != owner:
        return Answer(403, f"this token belongs to {owner}, not {message.station}")
    impossible = _from_the_future(message, now)
    if impossible is None:
        with transaction(engine) as session:
            impossible = _impossible(session, message)
    if impossible:
        return Answer(422, impossible)
    report = _row(message, now)
    try:
        with transaction(engine) as session:
            plays.add_report(session, report)
    except plays.AlreadyStored:  # a replay, or the same report arriving twice at once
        return Answer(200, "duplicate: already stored")
    return Answer(201, "stored")


def _from_the_future(message: PlayReportMessage, now: datetime) -> str | None:
    """Why a report's dates cannot be true by the centre's receive time `now`, or None."""
    played = message.played
    for name, moment in (("at", message.at), ("airing_at", message.airing_at),
                         ("played.started", played.started if played else None),
                         ("played.ended", played.ended if played else None)):
        if moment is not None and moment > now + CLOCK_SKEW:
            return (f"{name} {moment.isoformat()} is in the future: the centre received the report at "
                    f"{now.isoformat(timespec='seconds')}; set the station's clock right (NTP)")
    return None


def _impossible(session: Session, message: PlayReportMessage) -> str | None:
    """Why a well-formed report cannot be true for its station, or None: such a report is refused
    (422) rather than stored, so it can neither fill nor skew the broadcast report."""
    if message.manifest_sequence is not None:
        items = plausibility.release_items(session, message.manifest_sequence)
        if items is None:
            return f"release {message.manifest_sequence} was never published"
        if message.item_id is not None and message.item_id not in items:
            return f"item {message.item_id} is not in release {message.manifest_sequence}"
    if message.item_id is None:
        return "an airing report names no item_id" if message.event != ReportEvent.SYNCED else None
    window = plausibility.item_window(session, message.station, message.item_id)
    if window is None:
        return f"item {message.item_id} was never scheduled for station {message.station}"
    first, last = window
    played = message.played
    # The airing (and what went out) lies in the item's window; the report itself is sent after
    # it began (a `missed` one may come weeks later, from a station that was off).
    for name, moment, latest in (("airing time", message.airing_at or message.at, last),
                                 ("play start", played.started if played else None, last),
                                 ("report time", message.at, None)):
        if moment is None:
            continue
        if moment < first - _WINDOW_MARGIN or (latest is not None and moment > latest + _WINDOW_MARGIN):
            return (f"{name} {moment.isoformat()} is far outside item {message.item_id}'s "
                    f"airings for {message.station} ({first.isoformat()} to {last.isoformat()})")
    return None


def _row(message: PlayReportMessage, now: datetime) -> PlayReportRow:
    # The table has no reason column: a missed airing's reason leads its detail.
    detail = f"{message.reason}: {message.detail}" if message.reason else message.detail
    return PlayReportRow(report_id=message.report_id, station_id=message.station, event=message.event,
                         item_id=message.item_id[:_ITEM_ID_CHARS] if message.item_id else message.item_id,
                         sha256=message.sha256, manifest_sequence=message.manifest_sequence,
                         at=message.at, received_at=now, detail=detail[:_DETAIL_CHARS],
                         played_s=message.played.seconds if message.played else None,
                         ended_at=message.played.ended if message.played else None,
                         outcome=message.played.outcome if message.played else None)


def _hash(token: str) -> str:
    return text_sha256(token)
