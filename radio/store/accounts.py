"""Studio accounts and their signed-in sessions: every query on studio_users and studio_sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from radio.store.tables import StudioSessionRow, StudioUserRow


def user_named(session: Session, name: str) -> StudioUserRow | None:
    return session.scalars(select(StudioUserRow).where(StudioUserRow.name == name)).first()


def users(session: Session) -> list[StudioUserRow]:
    return list(session.scalars(select(StudioUserRow).order_by(StudioUserRow.name)))


def display_names(session: Session) -> dict[str, str]:
    """Login → display name of the accounts that have one."""
    rows = session.execute(select(StudioUserRow.name, StudioUserRow.display_name)
                           .where(StudioUserRow.display_name != ""))
    return {name: shown for name, shown in rows}


def end_sessions_of(session: Session, user_id: int, keep: str = "") -> None:
    """End every session of the user but `keep` (the browser that changed its own password)."""
    session.execute(delete(StudioSessionRow).where(StudioSessionRow.user_id == user_id,
                                                   StudioSessionRow.id != keep))


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(StudioSessionRow).where(StudioSessionRow.id == session_id))


def end_sessions_seen_before(session: Session, moment: datetime) -> None:
    session.execute(delete(StudioSessionRow).where(StudioSessionRow.seen_at < moment))
