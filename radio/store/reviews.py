"""Review requests (sent for approval, returned, approved): every query on studio_reviews."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from radio.store.tables import EpisodeRow, ReviewRow


def add_review(session: Session, row: ReviewRow) -> None:
    session.add(row)


def latest_reviews(session: Session, months: Iterable[str]) -> dict[str, ReviewRow]:
    """Each month's latest review request."""
    latest: dict[str, ReviewRow] = {}
    for row in session.scalars(
        select(ReviewRow).where(ReviewRow.month.in_(list(months))).order_by(ReviewRow.at, ReviewRow.id)
    ):
        latest[row.month] = row
    return latest


def reviews_with_build(session: Session, since: str) -> list[tuple[ReviewRow, str | None]]:
    """Every review of the months from `since` on ("2026-01"), oldest first, each beside the
    script digest its month is built with now (None when the build is gone): one query."""
    rows = session.execute(
        select(ReviewRow, EpisodeRow.script_sha256)
        .outerjoin(EpisodeRow, EpisodeRow.month == ReviewRow.month)
        .where(ReviewRow.month >= since)
        .order_by(ReviewRow.at, ReviewRow.id)
    )
    return [(review, sha) for review, sha in rows]
