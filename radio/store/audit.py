"""The audit log (who did what, and when): every query on studio_audit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from radio.store.tables import AuditRow

DETAIL_CHARS = 2000
TARGET_CHARS = 200  # the column's length


def add_entry(session: Session, user: str, action: str, target: str, now: datetime, detail: str = "") -> None:
    """One entry, in the caller's transaction: with the change it records, or not at all."""
    # target is a 200-character column: a name typed into a form can be longer (PostgreSQL refuses it)
    session.add(AuditRow(at=now, user=user, action=action, target=target[:TARGET_CHARS],
                         detail=detail[:DETAIL_CHARS]))


def audit_entries(session: Session, limit: int) -> list[AuditRow]:
    return list(
        session.scalars(select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit))
    )
