"""Database → plain frozen values for the report: one read, and everything after it is pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from radio.core.month import Month
from radio.store import airings, episodes, plays, publications, stations
from radio.store.db import transaction

# Play-report events the report counts: an `interrupted` play (an emergency cut in) is not an
# airing, but the minutes it did broadcast count.
SYNCED, PLAYED, INTERRUPTED = "synced", "played", "interrupted"


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
    unit: str = ""       # the unit whose programme it is (a month built per unit), else ""
    unit_name: str = ""


@dataclass(frozen=True)
class PlayFact:
    """One `played` (or `interrupted`) report from a station."""

    station_id: str
    item_id: str
    at: datetime  # aware, UTC
    seconds: float | None = None  # audio really sent to the output; None: a station too old to say
    complete: bool = True  # False: interrupted part-way


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
class EmergencyFact:
    """An urgent item sent to stations, with the stations that reported playing it."""

    id: str
    title: str
    priority: str
    valid_from: datetime  # aware, UTC
    valid_to: datetime
    stations: int
    stations_played: int


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
    emergencies: tuple[EmergencyFact, ...] = ()  # every one created by `as_of`; the figures pick the period's
    # Station → its latest status's arrival by `as_of`: a sync that brought nothing new sends no
    # `synced` report but still its status, and "last sync" must move with it.
    statuses: tuple[tuple[str, datetime], ...] = ()


def load_report_data(engine: Engine, months: Sequence[Month], as_of: datetime) -> ReportData:
    """Read every fact the report needs; reports and publications after `as_of` are ignored.

    Times come back aware in UTC and `as_of` (aware, any zone) is bound as UTC by the columns'
    type (radio.store.db.UTCDateTime), so nothing here converts them.
    """
    keys = [str(month) for month in months]
    with transaction(engine) as session:
        topics = tuple((t.id, t.title) for t in episodes.topics(session))
        built = tuple(EpisodeFact(e.month, e.title, e.duration_s, e.predicted_s, e.loudness_lufs,
                                  e.true_peak_dbtp) for e in episodes.episodes_of(session, keys))
        segments = tuple(SegmentFact(month, s.kind, s.topic_id, s.duration_s, s.predicted_s)
                         for month, s in episodes.segments_of(session, keys))
        aired = tuple(sorted((AiringFact(a.month, a.item_id, a.station_id, a.starts_at, a.duration_s,
                                         a.unit, a.unit_name)
                              for a in airings.airings_of(session, keys)),
                             key=lambda a: (a.station_id, a.starts_at)))
        played = tuple(PlayFact(p.station_id, p.item_id or "", p.at, p.played_s, p.event == PLAYED)
                       for p in plays.reports_of(session, (PLAYED, INTERRUPTED), keys, as_of))
        syncs = tuple(SyncFact(station_id, sequence, last_at)
                      for station_id, sequence, last_at in plays.latest_by_sequence(session, SYNCED, as_of))
        # Every release, not only those listing the period's months: a sync of a release that does
        # not list a month must be known as such, not taken for an unrecorded sequence (rule (b)).
        releases = tuple(PublicationFact(p.sequence, p.published_at, tuple(p.items))
                         for p in publications.publications(session, until=as_of))
        played_by = plays.stations_per_item(session, PLAYED, "emergency-", as_of)
        urgent = tuple(EmergencyFact(e.id, e.title, e.priority, e.valid_from, e.valid_to, len(e.stations),
                                     played_by.get(e.id, 0))
                       for e in publications.emergencies(session, until=as_of))
        statuses = tuple((sid, row.received_at) for sid, row in sorted(stations.statuses(session).items())
                         if row.received_at <= as_of)
    return ReportData(tuple(months), as_of, topics, built, segments, aired, played, syncs, releases, urgent,
                      statuses)
