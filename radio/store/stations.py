"""The latest status of every station: every query on station_status.

What the statuses mean (online, behind, clock off, disk low) is decided once, in
radio.lifecycle.stations.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from radio.store.tables import StationStatusRow


def save_status(session: Session, row: StationStatusRow) -> None:
    """Keep `row` as the station's latest status (one row per station)."""
    session.merge(row)


def statuses(session: Session) -> dict[str, StationStatusRow]:
    return {row.station_id: row for row in session.scalars(select(StationStatusRow))}

