"""Database → plain frozen values for the report: one read, and everything after it is pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from radio.core.month import Month
from radio.store.broadcast import Airing, PlayReport, Publication
from radio.store.episodes import Episode, EpisodeSegment, Topic

SYNCED, PLAYED = "synced", "played"  # play-report events the report counts


@dataclass(frozen=True)
class EpisodeFact:
    month: str
    title: str
    duration_s: float
    predicted_s: float
    loudness_lufs: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class SegmentFact:
    month: str
    kind: str
    topic_id: int | None
    duration_s: float
    predicted_s: float


@dataclass(frozen=True)
class AiringFact:
    month: str
    item_id: str
    station_id: str
    starts_at: datetime  # aware, UTC
    duration_s: float


@dataclass(frozen=True)
class PlayFact:
    """One `played` report from a station."""

    station_id: str
    item_id: str
    at: datetime  # aware, UTC


@dataclass(frozen=True)
class SyncFact:
    """A station's latest `synced` report of one manifest sequence (None: the station sent none)."""

    station_id: str
    manifest_sequence: int | None
    last_at: datetime  # aware, UTC


@dataclass(frozen=True)
class PublicationFact:
    sequence: int
    published_at: datetime  # aware, UTC
    items: tuple[str, ...]


@dataclass(frozen=True)
class ReportData:
    """What the database recorded for the months asked, as seen at `as_of`."""

    months: tuple[Month, ...]
    as_of: datetime
    topics: tuple[tuple[int, str], ...]  # (id, title) of the plan's content areas on record
    episodes: tuple[EpisodeFact, ...]
    segments: tuple[SegmentFact, ...]
    airings: tuple[AiringFact, ...]
    plays: tuple[PlayFact, ...]
    syncs: tuple[SyncFact, ...]
    publications: tuple[PublicationFact, ...]


def load_report_data(engine: Engine, months: Sequence[Month], as_of: datetime) -> ReportData:
    """Read every fact the report needs; reports and publications after `as_of` are ignored.

    Times come back aware in UTC and `as_of` (aware, any zone) is bound as UTC by the columns'
    type (radio.store.db.UTCDateTime), so nothing here converts them.
    """
    keys = [str(month) for month in months]
    with Session(engine) as session:
        topics = tuple((t.id, t.title) for t in session.scalars(select(Topic).order_by(Topic.id)))
        episodes = tuple(
            EpisodeFact(e.month, e.title, e.duration_s, e.predicted_s, e.loudness_lufs, e.true_peak_dbtp)
            for e in session.scalars(select(Episode).where(Episode.month.in_(keys)).order_by(Episode.month)))
        segments = tuple(
            SegmentFact(month, s.kind, s.topic_id, s.duration_s, s.predicted_s)
            for month, s in session.execute(
                select(Episode.month, EpisodeSegment).join(EpisodeSegment.episode)
                .where(Episode.month.in_(keys)).order_by(Episode.month, EpisodeSegment.position)))
        airings = tuple(
            AiringFact(a.month, a.item_id, a.station_id, a.starts_at, a.duration_s)
            for a in session.scalars(select(Airing).where(Airing.month.in_(keys))
                                     .order_by(Airing.station_id, Airing.starts_at)))
        plays = tuple(
            PlayFact(p.station_id, p.item_id, p.at)
            for p in session.scalars(select(PlayReport).where(
                PlayReport.event == PLAYED, PlayReport.item_id.in_(keys), PlayReport.at <= as_of)
                .order_by(PlayReport.station_id, PlayReport.at)))
        # Stations may sync every few minutes: only the latest sync per manifest sequence is kept.
        syncs = tuple(
            SyncFact(station_id, sequence, last_at)
            for station_id, sequence, last_at in session.execute(
                select(PlayReport.station_id, PlayReport.manifest_sequence, func.max(PlayReport.at))
                .where(PlayReport.event == SYNCED, PlayReport.at <= as_of)
                .group_by(PlayReport.station_id, PlayReport.manifest_sequence)
                .order_by(PlayReport.station_id)))
        # Every release, not only those listing the period's months: a sync of a release that does
        # not list a month must be known as such, not taken for an unrecorded sequence (rule (b)).
        publications = tuple(
            PublicationFact(p.sequence, p.published_at, _items(p.items))
            for p in session.scalars(select(Publication).where(Publication.published_at <= as_of)
                                     .order_by(Publication.sequence)))
    return ReportData(tuple(months), as_of, topics, episodes, segments, airings, plays, syncs,
                      publications)


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in (text or "").split(",") if item.strip())
