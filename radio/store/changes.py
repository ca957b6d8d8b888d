"""Change markers over the tables a report reads (cache keys for the long-running Studio)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from radio.store.tables import AiringRow, EmergencyRow, EpisodeRow, PlayReportRow, PublicationRow, StationStatusRow


def records_version(session: Session) -> tuple[object, ...]:
    """Changes whenever a row a report reads is added, removed or replaced (a cache key)."""
    return tuple(
        tuple(session.execute(select(func.count(), func.max(table.id))).one())
        for table in (PlayReportRow, AiringRow, PublicationRow, EpisodeRow)
    ) + (session.scalar(select(func.count()).select_from(EmergencyRow)),)


def stations_version(session: Session) -> tuple[object, ...]:
    """Changes when a station reports, sends its status or a release is made: three index look-ups
    (the station notices are figured again only then, or when a minute passes)."""
    return tuple(session.execute(select(
        select(func.max(PlayReportRow.id)).scalar_subquery(),
        select(func.max(StationStatusRow.received_at)).scalar_subquery(),
        select(func.max(PublicationRow.sequence)).scalar_subquery(),
    )).one())
