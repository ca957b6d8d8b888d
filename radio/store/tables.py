"""Every table of the centre's database, in one module so that metadata and migrations see them all.

The classes end in `Row`: they are records, distinct from the values of the same names that travel
between stages (`radio.broadcast.slots.Airing`, `radio.content.topics.Topic`, …). Times are stored
as timezone-aware UTC and come back aware on SQLite too (see radio.store.db.UTCDateTime). Changing a
column here needs a migration in radio/store/migrations/versions/.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from radio.store.db import Base, UTCDateTime


class TopicRow(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1..11, plan section II
    title: Mapped[str] = mapped_column(String(500))


class EpisodeRow(Base):
    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # "2024-05"
    title: Mapped[str] = mapped_column(String(300))
    duration_s: Mapped[float] = mapped_column(Float)
    predicted_s: Mapped[float] = mapped_column(Float)
    loudness_lufs: Mapped[float] = mapped_column(Float)
    true_peak_dbtp: Mapped[float] = mapped_column(Float)
    sha256: Mapped[str] = mapped_column(String(64))          # of episode.mp3
    script_sha256: Mapped[str] = mapped_column(String(64))   # of all that is heard, for approval
    mp3_path: Mapped[str] = mapped_column(Text)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # what is heard, one {kind, name, sha256} per input (radio.publish.approval; migration 0004)
    inputs: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list, server_default="[]")
    # what the approver must check: {code, params, blocking} (radio.content.warnings; migration 0006)
    warnings: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list, server_default="[]")

    segments: Mapped[list[EpisodeSegmentRow]] = relationship(
        back_populates="episode", cascade="all, delete-orphan", order_by="EpisodeSegmentRow.position")


class EpisodeSegmentRow(Base):
    __tablename__ = "episode_segments"
    __table_args__ = (UniqueConstraint("episode_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(100))       # Segment.id
    kind: Mapped[str] = mapped_column(String(30))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"), nullable=True)
    title: Mapped[str] = mapped_column(String(300))
    engine: Mapped[str] = mapped_column(String(30))
    start_s: Mapped[float] = mapped_column(Float)
    duration_s: Mapped[float] = mapped_column(Float)
    predicted_s: Mapped[float] = mapped_column(Float)

    episode: Mapped[EpisodeRow] = relationship(back_populates="segments")


class ApprovalRow(Base):
    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    script_sha256: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # the episode's inputs when it was approved, to name what changed since (migration 0004)
    inputs: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list, server_default="[]")
    # the facts the approver accepted by name although unconfirmed or out of date (migration 0006)
    accepted: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class AiringRow(Base):
    __tablename__ = "airings"
    __table_args__ = (UniqueConstraint("station_id", "item_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    item_id: Mapped[str] = mapped_column(String(100))
    station_id: Mapped[str] = mapped_column(String(32), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_s: Mapped[float] = mapped_column(Float)
    priority: Mapped[str] = mapped_column(String(20))
    # the unit whose programme this is, for a month built per unit ("": one programme; migration 0008)
    unit: Mapped[str] = mapped_column(String(100), default="", server_default="")
    unit_name: Mapped[str] = mapped_column(String(200), default="", server_default="")


class PublicationRow(Base):
    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    items: Mapped[list[str]] = mapped_column(JSON)  # item ids in this release (migration 0002)
    # the Studio account that published it; "" before migration 0007 or from `radio publish`
    published_by: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # which file each station got: {station, item, unit, sha256} per programme item (migration 0008)
    deliveries: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list, server_default="[]")


class EmergencyRow(Base):
    """An urgent announcement: played by each target station as soon as it has verified it."""
    __tablename__ = "emergency_items"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # "emergency-<uuid>"
    title: Mapped[str] = mapped_column(String(300))
    priority: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float] = mapped_column(Float)
    stations: Mapped[list[str]] = mapped_column(JSON)  # target station ids (migration 0002)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StationTokenRow(Base):
    __tablename__ = "station_tokens"

    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PlayReportRow(Base):
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
    # What was really played (migration 0005): seconds of audio sent to the output, and how it ended.
    played_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)


class StudioUserRow(Base):
    """A Studio account (migration 0003)."""
    __tablename__ = "studio_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))           # editor | approver | admin | viewer
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, with its own salt
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # the person's name as written ("Nguyễn Văn A"); "" shows the login (migration 0007)
    display_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # set by an admin's reset: the temporary password opens only the password page (migration 0007)
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default="0")


class StudioSessionRow(Base):
    """A signed-in browser: the cookie carries the id signed; expiry is checked here, server-side."""
    __tablename__ = "studio_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, never reused
    user_id: Mapped[int] = mapped_column(ForeignKey("studio_users.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReviewRow(Base):
    """An editor sent a built month for approval, or an approver returned or approved it."""
    __tablename__ = "studio_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    state: Mapped[str] = mapped_column(String(20))  # submitted | returned | approved
    script_sha256: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditRow(Base):
    """Who did what in the Studio, and when: builds, approvals, publications, emergencies, accounts."""
    __tablename__ = "studio_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")



class StationStatusRow(Base):
    """The latest status each station sent (one row per station, replaced at every sync)."""
    __tablename__ = "station_status"

    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)  # by the centre's clock: last seen
    station_clock: Mapped[datetime] = mapped_column(UTCDateTime)  # the station's clock when it sent it
    clock_offset_s: Mapped[float | None] = mapped_column(Float, nullable=True)  # the station's estimate
    agent_version: Mapped[str] = mapped_column(String(40))
    held_sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    newest_sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    items: Mapped[int] = mapped_column(Integer)
    items_held: Mapped[int] = mapped_column(Integer)
    items_verified: Mapped[int] = mapped_column(Integer)
    next_airing: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_airing_held: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    free_disk_bytes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    problems: Mapped[list[str]] = mapped_column(JSON)
