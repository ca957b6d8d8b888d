"""Episodes, their segments and the plan's content areas (topics): every query on those tables.

Every function takes the caller's Session (from radio.store.db.transaction), so a caller can put
several reads and writes in one unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from radio.core.errors import NotReadyError, RadioError
from radio.core.i18n import N_
from radio.store.tables import EpisodeRow, EpisodeSegmentRow, TopicRow


def replace_episode(session: Session, episode: EpisodeRow) -> None:
    """Store the month's episode (with its segments) in place of any earlier build of that month."""
    session.execute(delete(EpisodeRow).where(EpisodeRow.month == episode.month))
    session.flush()  # the old row's unique month is gone before the new one is inserted
    session.add(episode)


def sync_topics(session: Session, titles: Mapping[int, str]) -> None:
    """Add the content areas not on record yet and update the titles of the others."""
    existing = {topic.id: topic for topic in session.scalars(select(TopicRow))}
    for topic_id, title in titles.items():
        if topic_id in existing:
            existing[topic_id].title = title
        else:
            session.add(TopicRow(id=topic_id, title=title))
    session.flush()


def find_episode(session: Session, month: str) -> EpisodeRow | None:
    """The month's episode record, if it has one."""
    return session.scalars(select(EpisodeRow).where(EpisodeRow.month == month)).first()


def built_episode(session: Session, month: str) -> EpisodeRow:
    """The month's episode record, or a RadioError telling the user to build it first."""
    episode = find_episode(session, month)
    if episode is None:
        raise NotReadyError(N_("{month} has not been built; run `radio build {month}` first"),
                            month=month)
    return episode


def topics(session: Session) -> list[TopicRow]:
    return list(session.scalars(select(TopicRow).order_by(TopicRow.id)))


def episodes_of(session: Session, months: Iterable[str]) -> list[EpisodeRow]:
    """The episodes built for these months, by month."""
    return list(session.scalars(select(EpisodeRow).where(EpisodeRow.month.in_(list(months)))
                                .order_by(EpisodeRow.month)))


def segments_of(session: Session, months: Iterable[str]) -> list[tuple[str, EpisodeSegmentRow]]:
    """(month, segment) of these months' episodes, in month and programme order."""
    rows = session.execute(
        select(EpisodeRow.month, EpisodeSegmentRow).join(EpisodeSegmentRow.episode)
        .where(EpisodeRow.month.in_(list(months))).order_by(EpisodeRow.month, EpisodeSegmentRow.position))
    return [(month, segment) for month, segment in rows]


def withdraw(session: Session, month: str) -> bool:
    """Delete a test build's record and airings so reports stop counting it; False when none.

    A month already sent to stations is refused: releases keep re-listing it, so its record must
    stay (publish a corrected build instead).
    """
    from radio.store.tables import AiringRow, PublicationRow

    episode = session.scalars(select(EpisodeRow).where(EpisodeRow.month == month)).first()
    if episode is None:
        return False
    if any(month in items for (items,) in session.execute(select(PublicationRow.items))):
        raise RadioError(N_("{month} was already published; publish a corrected build instead of "
                            "withdrawing it"), month=month)
    session.execute(delete(AiringRow).where(AiringRow.month == month))
    session.delete(episode)
    return True


def built_months(session: Session) -> list[str]:
    """Every month with an episode record, newest first."""
    return list(session.scalars(select(EpisodeRow.month).order_by(EpisodeRow.month.desc())))


def episodes_by_month(session: Session, months: Iterable[str]) -> dict[str, EpisodeRow]:
    return {e.month: e for e in session.scalars(select(EpisodeRow).where(EpisodeRow.month.in_(list(months))))}
