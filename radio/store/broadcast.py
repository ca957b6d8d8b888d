"""Broadcast records: approvals, airings, publications, station tokens and play reports.

Times are stored as timezone-aware UTC and come back aware on SQLite too (see radio.store.db.UTCDateTime).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, Float, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from radio.store.db import Base, UTCDateTime, transaction


class Approval(Base):
    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    script_sha256: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Airing(Base):
    __tablename__ = "airings"
    __table_args__ = (UniqueConstraint("station_id", "item_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    item_id: Mapped[str] = mapped_column(String(100))
    station_id: Mapped[str] = mapped_column(String(32), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_s: Mapped[float] = mapped_column(Float)
    priority: Mapped[str] = mapped_column(String(20))


class Publication(Base):
    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    items: Mapped[str] = mapped_column(Text)  # comma-separated item ids in this release


class EmergencyItem(Base):
    """An urgent announcement: played by each target station as soon as it has verified it."""
    __tablename__ = "emergency_items"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # "emergency-<uuid>"
    title: Mapped[str] = mapped_column(String(300))
    priority: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float] = mapped_column(Float)
    stations: Mapped[str] = mapped_column(Text)  # comma-separated station ids
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StationToken(Base):
    __tablename__ = "station_tokens"

    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PlayReport(Base):
    __tablename__ = "play_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(String(64), unique=True)
    station_id: Mapped[str] = mapped_column(String(32), index=True)
    event: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    manifest_sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    detail: Mapped[str] = mapped_column(Text, default="")


def publication_exists(engine: Engine, sequence: int) -> bool:
    """Whether release `sequence` was committed."""
    with transaction(engine) as session:
        return session.scalar(select(Publication.id).where(Publication.sequence == sequence)) is not None
