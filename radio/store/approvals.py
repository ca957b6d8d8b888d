"""Approvals (who approved which script of a month): every query on that table."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from radio.store.tables import ApprovalRow


def add_approval(session: Session, approval: ApprovalRow) -> None:
    session.add(approval)


def latest_approval(session: Session, month: str) -> ApprovalRow | None:
    """The month's most recent approval (the last recorded wins a tie of times)."""
    return session.scalars(select(ApprovalRow).where(ApprovalRow.month == month)
                           .order_by(ApprovalRow.approved_at.desc(), ApprovalRow.id.desc())).first()


def latest_approvals(session: Session, months: Iterable[str]) -> dict[str, ApprovalRow]:
    """Each month's most recent approval, for these months."""
    latest: dict[str, ApprovalRow] = {}
    for row in session.scalars(
        select(ApprovalRow)
        .where(ApprovalRow.month.in_(list(months)))
        .order_by(ApprovalRow.approved_at, ApprovalRow.id)
    ):
        latest[row.month] = row
    return latest
