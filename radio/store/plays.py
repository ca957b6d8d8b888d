"""Station tokens and the play reports stations send: every query on those tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from radio.store.db import aware, counts
from radio.store.tables import PlayReportRow, StationTokenRow


class AlreadyStored(Exception):
    """The report (by its report_id) is on record already: a replay, or the same one sent twice at once."""


def set_token(session: Session, station_id: str, token_sha256: str, now: datetime) -> None:
    """The station's token hash, replacing any earlier one."""
    row = session.get(StationTokenRow, station_id)
    if row is None:
        session.add(StationTokenRow(station_id=station_id, token_sha256=token_sha256, created_at=now))
    else:
        row.token_sha256, row.created_at = token_sha256, now


def token_owner(session: Session, token_sha256: str) -> str | None:
    """The station whose token has this hash, if any."""
    return session.scalars(select(StationTokenRow.station_id)
                           .where(StationTokenRow.token_sha256 == token_sha256)).first()


def token_dates(session: Session) -> dict[str, datetime]:
    """Station → when its current token was issued (stations with none are absent)."""
    return {station: aware(at) for station, at in session.execute(
        select(StationTokenRow.station_id, StationTokenRow.created_at))}


def add_report(session: Session, report: PlayReportRow) -> None:
    """Store the report once; AlreadyStored when its report_id is on record (the caller's
    transaction must then be left, as a failed flush spoils it)."""
    if session.scalars(select(PlayReportRow.id).where(PlayReportRow.report_id == report.report_id)).first():
        raise AlreadyStored(report.report_id)
    session.add(report)
    try:
        session.flush()  # a concurrent twin fails here (unique report_id), not at a later commit
    except IntegrityError:
        raise AlreadyStored(report.report_id) from None


def reports_of(session: Session, event: str | Iterable[str], item_ids: Iterable[str],
               until: datetime) -> Sequence[Row[str, str | None, datetime, float | None, str]]:
    """Reports of `event` (or of any of several) about these items, up to `until`, by station and
    time: (station_id, item_id, at, played_s, event) by name, as plain rows (a province's year is
    100,000 reports; ORM objects for them took most of `radio report`'s time)."""
    events = [event] if isinstance(event, str) else list(event)
    return session.execute(
        select(PlayReportRow.station_id, PlayReportRow.item_id, PlayReportRow.at, PlayReportRow.played_s,
               PlayReportRow.event)
        .where(PlayReportRow.event.in_(events), PlayReportRow.item_id.in_(list(item_ids)),
               PlayReportRow.at <= until)
        .order_by(PlayReportRow.station_id, PlayReportRow.at)).all()


def latest_by_sequence(session: Session, event: str,
                       until: datetime) -> list[tuple[str, int | None, datetime]]:
    """(station, manifest sequence, time of its latest `event` report) up to `until`, by station.

    Stations may sync every few minutes: only the latest report per station and sequence is kept."""
    rows = session.execute(
        select(PlayReportRow.station_id, PlayReportRow.manifest_sequence, func.max(PlayReportRow.at))
        .where(PlayReportRow.event == event, PlayReportRow.at <= until)
        .group_by(PlayReportRow.station_id, PlayReportRow.manifest_sequence)
        .order_by(PlayReportRow.station_id))
    return [(station, sequence, at) for station, sequence, at in rows]


def stations_per_item(session: Session, event: str, item_prefix: str, until: datetime) -> dict[str, int]:
    """Item id → how many stations sent `event` about it up to `until`, for ids with this prefix."""
    rows = session.execute(
        select(PlayReportRow.item_id, func.count(func.distinct(PlayReportRow.station_id)))
        .where(PlayReportRow.event == event, PlayReportRow.item_id.like(f"{item_prefix}%"),
               PlayReportRow.at <= until)
        .group_by(PlayReportRow.item_id))
    return {item: count for item, count in rows if item is not None}


def last_played(session: Session) -> dict[str, datetime]:
    """Station → its latest `played` report's time (the station's clock)."""
    return {station: aware(at) for station, at in session.execute(
        select(PlayReportRow.station_id, func.max(PlayReportRow.at))
        .where(PlayReportRow.event == "played").group_by(PlayReportRow.station_id))}


def last_received(session: Session) -> dict[str, datetime]:
    """Station → when the centre last received any report from it (the centre's clock)."""
    return {station: aware(at) for station, at in session.execute(
        select(PlayReportRow.station_id, func.max(PlayReportRow.received_at)).group_by(PlayReportRow.station_id))}


def synced_releases(session: Session) -> dict[str, int]:
    """Station → the highest release it reported as synced."""
    return counts(session.execute(
        select(PlayReportRow.station_id, func.max(PlayReportRow.manifest_sequence))
        .where(PlayReportRow.event == "synced").group_by(PlayReportRow.station_id)))


def played_counts(session: Session, item_ids: Iterable[str]) -> dict[str, int]:
    """Station → play reports about these items."""
    return counts(session.execute(
        select(PlayReportRow.station_id, func.count())
        .where(PlayReportRow.event == "played", PlayReportRow.item_id.in_(list(item_ids)))
        .group_by(PlayReportRow.station_id)))


def stations_played(session: Session, item_ids: Iterable[str]) -> dict[str, int]:
    """Item → how many stations reported playing it."""
    return counts(session.execute(
        select(PlayReportRow.item_id, func.count(func.distinct(PlayReportRow.station_id)))
        .where(PlayReportRow.event == "played", PlayReportRow.item_id.in_(list(item_ids)))
        .group_by(PlayReportRow.item_id)))
