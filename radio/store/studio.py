"""The Studio's records: accounts, signed-in sessions, review requests and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from radio.store.db import Base, UTCDateTime


class StudioUser(Base):
    __tablename__ = "studio_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))           # editor | approver | admin | viewer
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, with its own salt
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StudioSession(Base):
    """A signed-in browser: the cookie carries the id signed; expiry is checked here, server-side."""
    __tablename__ = "studio_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, never reused
    user_id: Mapped[int] = mapped_column(ForeignKey("studio_users.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReviewRequest(Base):
    """An editor sent a built month for approval, or an approver returned it with a comment."""
    __tablename__ = "studio_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    state: Mapped[str] = mapped_column(String(20))  # submitted | returned | approved
    script_sha256: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    __tablename__ = "studio_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))  # login, build, approve, publish, emergency, ...
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
