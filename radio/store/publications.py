"""Releases of the publish tree and emergency items: every query on those tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.store.tables import EmergencyRow, PublicationRow


def claim_release(session: Session, published_at: datetime, items: Sequence[str],
                  deliveries: Sequence[dict[str, str]] = ()) -> int:
    """Record the next release and return its sequence number, claimed at once (flushed): a
    concurrent publisher that counted the same number fails here, not after writing its tree.
    `deliveries`: which file each station got ({station, item, unit, sha256})."""
    sequence = (session.scalar(select(func.max(PublicationRow.sequence))) or 0) + 1
    session.add(PublicationRow(sequence=sequence, published_at=published_at, items=list(items),
                               deliveries=list(deliveries)))
    try:
        session.flush()
    except IntegrityError:
        raise RadioError(N_("another publish took release {sequence} at the same moment; run "
                            "`radio publish` again"), sequence=sequence) from None
    return sequence


def latest_release(session: Session) -> int | None:
    """The sequence of the newest release, or None before the first."""
    return session.scalar(select(func.max(PublicationRow.sequence)))


def publications(session: Session, until: datetime | None = None) -> list[PublicationRow]:
    """Every release (published at or before `until` when given), in sequence order."""
    query = select(PublicationRow).order_by(PublicationRow.sequence)
    if until is not None:
        query = query.where(PublicationRow.published_at <= until)
    return list(session.scalars(query))


def add_emergency(session: Session, item: EmergencyRow) -> None:
    session.add(item)


def live_emergencies(session: Session, now: datetime) -> list[EmergencyRow]:
    """Emergency items still valid at `now`, oldest first."""
    return list(session.scalars(select(EmergencyRow).where(EmergencyRow.valid_to > now)
                                .order_by(EmergencyRow.created_at)))


def publication_exists(session: Session, sequence: int) -> bool:
    """Whether release `sequence` was committed."""
    found = session.scalar(select(PublicationRow.id).where(PublicationRow.sequence == sequence))
    return found is not None


def emergencies(session: Session, until: datetime) -> list[EmergencyRow]:
    """Every emergency item created at or before `until`, by the start of its validity."""
    return list(session.scalars(select(EmergencyRow).where(EmergencyRow.created_at <= until)
                                .order_by(EmergencyRow.valid_from)))


def recent_releases(session: Session, limit: int) -> list[PublicationRow]:
    return list(session.scalars(select(PublicationRow).order_by(PublicationRow.sequence.desc()).limit(limit)))


def release_items(session: Session) -> dict[int, set[str]]:
    """Release sequence → the item ids it lists."""
    return {seq: set(items) for seq, items in session.execute(select(PublicationRow.sequence, PublicationRow.items))}


def published_items(session: Session) -> set[str]:
    """Item ids listed in any release."""
    return {item for (items,) in session.execute(select(PublicationRow.items)) for item in items}


def emergencies_by_id(session: Session, ids: Sequence[str]) -> dict[str, EmergencyRow]:
    """The emergency items among `ids` (release items are months or emergency ids)."""
    wanted = [i for i in ids if i.startswith("emergency-")]
    if not wanted:
        return {}
    return {row.id: row for row in session.scalars(select(EmergencyRow).where(EmergencyRow.id.in_(wanted)))}


def end_emergency(session: Session, item_id: str, now: datetime) -> EmergencyRow | None:
    """End a live item's validity at `now` (a recall); None when no such item is live."""
    row = session.get(EmergencyRow, item_id)
    if row is None or row.valid_to <= now:
        return None
    row.valid_to = now
    return row


def emergency_until(session: Session, item_id: str) -> datetime | None:
    row = session.get(EmergencyRow, item_id)
    return row.valid_to if row is not None else None


def restore_emergency(session: Session, item_id: str, valid_to: datetime) -> None:
    """Undo a recall whose release failed: the item stays valid as the live release says."""
    row = session.get(EmergencyRow, item_id)
    if row is not None:
        row.valid_to = valid_to


def publishers(session: Session) -> dict[str, str]:
    """Item id → who published the first release listing it ("" when not recorded): the person
    who published a month, not whoever made a later release that still carries it."""
    first: dict[str, str] = {}
    for items, by in session.execute(select(PublicationRow.items, PublicationRow.published_by)
                                     .order_by(PublicationRow.sequence)):
        for item in items:
            first.setdefault(item, by)
    return first


def set_publisher(session: Session, sequence: int, by: str) -> None:
    """Name the account that published release `sequence`."""
    row = session.scalars(select(PublicationRow).where(PublicationRow.sequence == sequence)).one()
    row.published_by = by
