"""What was built: one episode a month, its segments, and the plan's content areas."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from radio.core.errors import RadioError

from radio.store.db import Base, UTCDateTime


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1..11, plan section II
    title: Mapped[str] = mapped_column(String(500))


class Episode(Base):
    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # "2024-05"
    title: Mapped[str] = mapped_column(String(300))
    duration_s: Mapped[float] = mapped_column(Float)
    predicted_s: Mapped[float] = mapped_column(Float)
    loudness_lufs: Mapped[float] = mapped_column(Float)
    true_peak_dbtp: Mapped[float] = mapped_column(Float)
    sha256: Mapped[str] = mapped_column(String(64))          # of episode.mp3
    script_sha256: Mapped[str] = mapped_column(String(64))   # of the script text, for approval
    mp3_path: Mapped[str] = mapped_column(Text)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)

    segments: Mapped[list[EpisodeSegment]] = relationship(
        back_populates="episode", cascade="all, delete-orphan", order_by="EpisodeSegment.position")


class EpisodeSegment(Base):
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

    episode: Mapped[Episode] = relationship(back_populates="segments")


def find_episode(engine: Engine, month: str) -> Episode | None:
    """The month's episode record, if it has one (segments not loaded)."""
    from radio.store.db import transaction  # db imports this module's tables at first use

    with transaction(engine) as session:
        return session.scalars(select(Episode).where(Episode.month == month)).first()


def built_episode(engine: Engine, month: str) -> Episode:
    """The month's episode record, or a RadioError telling the user to build it first."""
    episode = find_episode(engine, month)
    if episode is None:
        raise RadioError(f"{month} has not been built; run `radio build {month}` first")
    return episode
