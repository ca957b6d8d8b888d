"""What the centre knows about a station's items and releases: the facts a play report must fit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from radio.store.tables import AiringRow, EmergencyRow, PublicationRow


def release_items(session: Session, sequence: int) -> list[str] | None:
    """The item ids of release `sequence`, or None if it was never published."""
    return session.scalars(select(PublicationRow.items)
                           .where(PublicationRow.sequence == sequence)).first()


def item_window(session: Session, station_id: str, item_id: str) -> tuple[datetime, datetime] | None:
    """(first, last) time the station could air the item — its airings' span for a programme,
    the validity of an emergency aimed at it — or None if it never had that item."""
    first, last = session.execute(
        select(func.min(AiringRow.starts_at), func.max(AiringRow.starts_at))
        .where(AiringRow.station_id == station_id, AiringRow.item_id == item_id)).one()
    if first is not None:
        return first, last
    emergency = session.get(EmergencyRow, item_id)
    if emergency is not None and station_id in emergency.stations:
        return emergency.valid_from, emergency.valid_to
    return None
