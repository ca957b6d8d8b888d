"""Withdrawing a test build: its record goes, so reports stop counting it; its files stay on disk."""

from __future__ import annotations

from sqlalchemy import Engine, delete, select

from radio.core.errors import RadioError
from radio.store.broadcast import Airing, Publication
from radio.store.db import transaction
from radio.store.episodes import Episode


def withdraw_episode(engine: Engine, month: str) -> bool:
    """Delete the month's episode record and airings; False when there was none.

    A month already sent to stations is refused: releases keep re-listing it, so its record must
    stay (publish a corrected build instead).
    """
    with transaction(engine) as session:
        episode = session.scalars(select(Episode).where(Episode.month == month)).first()
        if episode is None:
            return False
        for (items,) in session.execute(select(Publication.items)):
            if month in items.split(","):
                raise RadioError(f"{month} was already published; publish a corrected build instead of withdrawing it")
        session.execute(delete(Airing).where(Airing.month == month))
        session.delete(episode)
    return True
