"""Report figures computed from recorded facts: pure functions, no database, no clock.

Definitions (the words the report uses):

- **scheduled**: an Airing row of the month's programme item (item id = the month, e.g. "2024-05")
  for a station.
- **pulled**: the station holds that month's programme. True when the station reported
  (a) `synced` with a manifest sequence whose Publication lists the item, or
  (b) `synced` with no (or an unrecorded) manifest sequence at or after the first Publication that
  lists the item, or
  (c) `played` for the item (a station can only play a file it holds).
- **aired**: `played` reports for the month's item from that station (replays are already removed
  by the unique report id). **Broadcast minutes** = the seconds each play report says really went
  out (an `interrupted` play counts what it broadcast; no play counts more than the programme's
  length); a report from a station too old to measure is credited the programme's length.
- **on time**: a scheduled airing matched by a `played` report within ± the match tolerance of its
  start (each report matches at most one airing, earliest first).
- **missed**: a scheduled airing whose start + tolerance is before the report's "as of" moment and
  that no `played` report matched. **upcoming**: not matched and not yet past.
- **stale**: a station whose last `synced` report is older than `stale_days` at "as of" — or at the
  period's end for a period already over (a 2024 report run in 2026 judges 2024's syncs by
  31/12/2024, not every station overdue). **never synced**: no `synced` report at all; a different
  state from stale ("chưa đồng bộ lần nào"), counted apart.
- **per unit**: a month built per unit (one programme per commune or ward) counts each station's
  airings and minutes under the unit whose programme its airings carry; a play's minutes are
  capped by that unit's programme length. Months with one programme have no unit table.
- **missing month**: a month of the period that has ended with no programme built; **months left**:
  months of the period not yet ended that have no programme yet (still open to cover topics).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from radio.report.data import AiringFact, EmergencyFact, EpisodeFact, PlayFact, ReportData, SyncFact


@dataclass(frozen=True)
class Policy:
    """Targets and tolerances the figures are judged against."""

    min_s: float
    max_s: float
    target_lufs: float
    tolerance_lu: float
    true_peak_max_dbtp: float
    tz: ZoneInfo  # the network's zone from settings: months end at local midnight
    stale_days: int = 7
    match_tolerance: timedelta = timedelta(minutes=30)
    area: str = "địa bàn"  # the area served in the period, as totals name it
    areas: tuple[tuple[int, str], ...] = ()  # the content areas of the period's plan: id, title


@dataclass(frozen=True)
class EpisodeFigure:
    month: str
    title: str
    duration_s: float
    predicted_s: float
    predicted_error_s: float  # actual − predicted
    window: str               # "short" | "ok" | "long" against the programme window
    loudness_lufs: float
    loudness_delta_lu: float  # actual − target
    loudness_ok: bool
    true_peak_dbtp: float
    true_peak_ok: bool


@dataclass(frozen=True)
class TopicFigure:
    topic_id: int
    title: str
    minutes: tuple[float, ...]  # one per month of the period, in order
    total_minutes: float
    months: tuple[str, ...]     # months whose programme covered it

    @property
    def covered(self) -> bool:
        return bool(self.months)


@dataclass(frozen=True)
class StationMonth:
    station_id: str
    month: str
    scheduled: int
    pulled: bool
    aired: int
    on_time: int
    missed: int
    upcoming: int
    minutes: float
    seconds: float = 0.0  # broadcast, unrounded: totals are summed from these


# The airing counts a StationMonth carries and StationFigure, MonthTotal, UnitFigure and Totals sum.
_COUNT_FIELDS = ("scheduled", "aired", "on_time", "missed", "upcoming")


@dataclass(frozen=True)
class StationFigure:
    station_id: str
    name: str
    scheduled: int
    aired: int
    on_time: int
    missed: int
    upcoming: int
    minutes: float
    months_pulled: int
    last_synced: datetime | None  # local time
    days_since_sync: float | None
    stale: bool
    never_synced: bool = False


@dataclass(frozen=True)
class MonthTotal:
    month: str
    programme: bool
    scheduled: int
    aired: int
    on_time: int
    missed: int
    upcoming: int
    minutes: float
    stations_pulled: int
    stations_aired: int


@dataclass(frozen=True)
class UnitFigure:
    """Airings and minutes of one unit's programme over the period (a month built per unit)."""

    unit: str
    name: str
    stations: int
    scheduled: int
    aired: int
    on_time: int
    missed: int
    upcoming: int
    minutes: float


@dataclass(frozen=True)
class Totals:
    programmes: int
    programme_minutes: float
    programmes_in_window: int
    stations: int
    stations_aired: int
    stations_stale: int
    scheduled: int
    aired: int
    on_time: int
    missed: int
    upcoming: int
    broadcast_minutes: float
    topics_covered: int
    topics_total: int
    stations_never_synced: int = 0


@dataclass(frozen=True)
class Report:
    period: str                # "2024" or "2024-05"
    kind: str                  # "year" | "month"
    months: tuple[str, ...]
    as_of: datetime            # local time
    policy: Policy
    episodes: tuple[EpisodeFigure, ...]
    missing_months: tuple[str, ...]
    months_left: tuple[str, ...]
    topics: tuple[TopicFigure, ...]
    uncovered_topics: tuple[int, ...]
    stations: tuple[StationFigure, ...]
    cells: tuple[StationMonth, ...]  # station-major, months in order
    month_totals: tuple[MonthTotal, ...]
    totals: Totals
    emergencies: tuple[EmergencyFact, ...] = ()  # sent during the period, in their own table
    units: tuple[UnitFigure, ...] = ()  # per unit, when a month of the period was built per unit

    @property
    def empty(self) -> bool:
        """Nothing recorded for the period: no programme built and no airing scheduled."""
        return not self.episodes and self.totals.scheduled == 0 and self.totals.aired == 0


def build_report(period: str, data: ReportData, stations: Sequence[tuple[str, str]],
                 policy: Policy) -> Report:
    """All figures of one period; `stations` are (id, name) pairs in display order."""
    months = tuple(str(m) for m in data.months)
    as_of = data.as_of.astimezone(policy.tz)
    episodes = tuple(episode_figure(e, policy) for e in data.episodes)
    built = {e.month for e in episodes}
    ended = {str(m) for m in data.months if m.end(policy.tz) <= as_of}
    topics = topic_figures(data, months, policy)
    everyone = _all_stations(stations, data)
    lengths = _item_lengths(data)
    cells = station_months(data, [sid for sid, _ in everyone], lengths, policy)
    by_station: dict[str, list[StationMonth]] = defaultdict(list)
    for c in cells:
        by_station[c.station_id].append(c)
    syncs = _syncs_by_station(data)
    seen = dict(data.statuses)
    station_figures = tuple(
        _station_figure(sid, name, by_station[sid], lengths, data, syncs[sid], as_of, policy, seen.get(sid))
        for sid, name in everyone)
    month_totals = tuple(_month_total(m, m in built, [c for c in cells if c.month == m], lengths)
                         for m in months)
    totals = Totals(
        programmes=len(episodes),
        programme_minutes=_minutes(sum(e.duration_s for e in episodes)),
        programmes_in_window=sum(1 for e in episodes if e.window == "ok"),
        stations=len(station_figures),
        stations_aired=sum(1 for s in station_figures if s.aired),
        stations_stale=sum(1 for s in station_figures if s.stale),
        stations_never_synced=sum(1 for s in station_figures if s.never_synced),
        **_counts(cells),
        broadcast_minutes=_broadcast_minutes(cells, lengths),
        topics_covered=sum(1 for t in topics if t.covered),
        topics_total=len(topics),
    )
    return Report(
        period=period, kind="month" if len(months) == 1 else "year", months=months, as_of=as_of,
        policy=policy, episodes=episodes,
        missing_months=tuple(m for m in months if m in ended and m not in built),
        months_left=tuple(m for m in months if m not in ended and m not in built),
        topics=topics, uncovered_topics=tuple(t.topic_id for t in topics if not t.covered),
        stations=station_figures, cells=cells, month_totals=month_totals, totals=totals,
        emergencies=_period_emergencies(data, policy), units=unit_figures(data, cells))


def unit_figures(data: ReportData, cells: Sequence[StationMonth]) -> tuple[UnitFigure, ...]:
    """Each unit's stations, airings and minutes, from the cells of the stations that aired its
    programme (a station's unit is per month: units are merged and renamed); () when no month of the
    period was built per unit."""
    units = _cell_units(data)
    if not units:
        return ()
    names: dict[str, str] = {}
    mine: dict[str, list[StationMonth]] = defaultdict(list)
    for cell in cells:
        found = units.get((cell.station_id, cell.month))
        if found:
            names.setdefault(*found)
            mine[found[0]].append(cell)
    return tuple(UnitFigure(unit=unit, name=names[unit], stations=len({c.station_id for c in own}),
                            **_counts(own), minutes=_minutes(sum(c.seconds for c in own)))
                 for unit, own in sorted(mine.items(), key=lambda kv: names[kv[0]]))


def _cell_units(data: ReportData) -> dict[tuple[str, str], tuple[str, str]]:
    """(station, month) → (unit, unit name) of the month's programme airings built per unit."""
    return {(a.station_id, a.month): (a.unit, a.unit_name or a.unit) for a in data.airings
            if a.unit and a.item_id == a.month}


def _period_emergencies(data: ReportData, policy: Policy) -> tuple[EmergencyFact, ...]:
    if not data.months:
        return ()
    start, end = min(data.months).start(policy.tz), max(data.months).end(policy.tz)
    return tuple(replace(e, valid_from=e.valid_from.astimezone(policy.tz),
                         valid_to=e.valid_to.astimezone(policy.tz))
                 for e in data.emergencies if start <= e.valid_from < end)


def episode_figure(fact: EpisodeFact, policy: Policy) -> EpisodeFigure:
    """One programme against the duration window, its prediction and the loudness targets."""
    window = "short" if fact.duration_s < policy.min_s else "long" if fact.duration_s > policy.max_s else "ok"
    delta = fact.loudness_lufs - policy.target_lufs
    return EpisodeFigure(
        month=fact.month, title=fact.title, duration_s=round(fact.duration_s, 1),
        predicted_s=round(fact.predicted_s, 1),
        predicted_error_s=round(fact.duration_s - fact.predicted_s, 1), window=window,
        loudness_lufs=round(fact.loudness_lufs, 1), loudness_delta_lu=round(delta, 1),
        loudness_ok=abs(delta) <= policy.tolerance_lu,
        true_peak_dbtp=round(fact.true_peak_dbtp, 1),
        true_peak_ok=fact.true_peak_dbtp <= policy.true_peak_max_dbtp)


def topic_figures(data: ReportData, months: tuple[str, ...], policy: Policy) -> tuple[TopicFigure, ...]:
    """Minutes of each content area in each month's programme (topic segments only)."""
    seconds: dict[tuple[int, str], float] = defaultdict(float)
    for segment in data.segments:
        if segment.topic_id is not None:
            seconds[segment.topic_id, segment.month] += segment.duration_s
    # The plan's areas always count, covered or not; the plan's titles win over older records.
    titles = dict(data.topics) | dict(policy.areas)
    ids = sorted(set(titles) | {topic for topic, _ in seconds})
    figures = []
    for topic in ids:
        per_month = tuple(_minutes(seconds.get((topic, m), 0.0)) for m in months)
        figures.append(TopicFigure(
            topic_id=topic, title=titles.get(topic, f"Nội dung {topic}"), minutes=per_month,
            total_minutes=_minutes(sum(seconds.get((topic, m), 0.0) for m in months)),
            months=tuple(m for m in months if (topic, m) in seconds)))
    return tuple(figures)


def station_months(data: ReportData, station_ids: Sequence[str], lengths: dict[str, float],
                   policy: Policy) -> tuple[StationMonth, ...]:
    """Scheduled / pulled / aired / missed for every station and month of the period."""
    airings: dict[tuple[str, str], list[AiringFact]] = defaultdict(list)
    for airing in data.airings:
        if airing.item_id == airing.month:  # the month's programme, not an emergency item
            airings[airing.station_id, airing.month].append(airing)
    plays: dict[tuple[str, str], list[PlayFact]] = defaultdict(list)
    for play in data.plays:
        plays[play.station_id, play.item_id].append(play)
    syncs = _syncs_by_station(data)  # grouped once: 1,000 stations × 12 months must not rescan them all
    # A month built per unit: each station's plays are capped by its own unit's programme length.
    own_length = {(a.station_id, a.month): a.duration_s for a in data.airings
                  if a.unit and a.item_id == a.month}
    cells = []
    for station in station_ids:
        for month in (str(m) for m in data.months):
            scheduled = sorted(airings[station, month], key=lambda a: a.starts_at)
            reports = sorted(plays[station, month], key=lambda p: p.at)
            played = [p for p in reports if p.complete]
            on_time, missed, upcoming = match_airings(scheduled, played, data.as_of, policy.match_tolerance)
            length = own_length.get((station, month), lengths.get(month, 0.0))
            seconds = sum(broadcast_seconds(p, length) for p in reports)
            cells.append(StationMonth(
                station_id=station, month=month, scheduled=len(scheduled),
                pulled=bool(reports) or pulled(station, month, data, syncs[station]),
                aired=len(played), on_time=on_time, missed=missed, upcoming=upcoming,
                minutes=_minutes(seconds), seconds=seconds))
    return tuple(cells)


def broadcast_seconds(play: PlayFact, length: float) -> float:
    """What one play put on air: its measured seconds (at most the programme), else the programme."""
    if play.seconds is None:
        return length
    return min(play.seconds, length) if length else play.seconds


def match_airings(scheduled: Sequence[AiringFact], played: Sequence[PlayFact], as_of: datetime,
                  tolerance: timedelta) -> tuple[int, int, int]:
    """(on time, missed, upcoming) for one station's airings of one item, both sorted by time."""
    free = list(played)
    on_time = missed = upcoming = 0
    for airing in scheduled:
        match = next((p for p in free if abs(p.at - airing.starts_at) <= tolerance), None)
        if match is not None:
            free.remove(match)
            on_time += 1
        elif airing.starts_at + tolerance < as_of:
            missed += 1
        else:
            upcoming += 1
    return on_time, missed, upcoming


def _syncs_by_station(data: ReportData) -> dict[str, list[SyncFact]]:
    grouped: dict[str, list[SyncFact]] = defaultdict(list)
    for sync in data.syncs:
        grouped[sync.station_id].append(sync)
    return grouped


def pulled(station: str, item: str, data: ReportData, syncs: Sequence[SyncFact] | None = None) -> bool:
    """Rules (a) and (b) of the module docstring; rule (c) is applied by the caller.

    `syncs`: the station's own sync facts when the caller grouped them (else all are scanned).
    """
    listing = [p for p in data.publications if item in p.items]
    if not listing:
        return False
    sequences = {p.sequence for p in data.publications}
    listed = {p.sequence for p in listing}
    first = min(p.published_at for p in listing)
    for sync in data.syncs if syncs is None else syncs:
        if sync.station_id != station:
            continue
        if sync.manifest_sequence in listed:
            return True
        if sync.manifest_sequence not in sequences and sync.last_at >= first:
            return True
    return False


def _item_lengths(data: ReportData) -> dict[str, float]:
    """Seconds of each month's programme: the built episode, else what the airings said."""
    lengths = {a.item_id: a.duration_s for a in data.airings}
    lengths.update({e.month: e.duration_s for e in data.episodes})
    return lengths


def _all_stations(stations: Sequence[tuple[str, str]], data: ReportData) -> list[tuple[str, str]]:
    """Configured stations, then any station the records name that settings no longer list."""
    known = dict(stations)
    seen = [a.station_id for a in data.airings] + [p.station_id for p in data.plays] + \
        [s.station_id for s in data.syncs]
    extra = sorted(set(seen) - set(known))
    return list(stations) + [(sid, sid) for sid in extra]


def _station_figure(station: str, name: str, mine: Sequence[StationMonth], lengths: dict[str, float],
                    data: ReportData, own_syncs: Sequence[SyncFact], as_of: datetime,
                    policy: Policy, status_at: datetime | None = None) -> StationFigure:
    """`status_at`: the station's latest status by `as_of`, sent after every sync (new or not)."""
    syncs = [s.last_at for s in own_syncs] + ([status_at] if status_at is not None else [])
    last = max(syncs).astimezone(policy.tz) if syncs else None
    judged_at = min(as_of, max(m.end(policy.tz) for m in data.months)) if data.months else as_of
    days = round((judged_at - last).total_seconds() / 86400, 1) if last else None
    return StationFigure(
        station_id=station, name=name, **_counts(mine),
        minutes=_broadcast_minutes(mine, lengths),
        months_pulled=sum(1 for c in mine if c.pulled),
        last_synced=last, days_since_sync=days,
        stale=last is not None and judged_at - last > timedelta(days=policy.stale_days),
        never_synced=last is None)


def _month_total(month: str, programme: bool, cells: Sequence[StationMonth],
                 lengths: dict[str, float]) -> MonthTotal:
    return MonthTotal(
        month=month, programme=programme, **_counts(cells), minutes=_broadcast_minutes(cells, lengths),
        stations_pulled=sum(1 for c in cells if c.pulled),
        stations_aired=sum(1 for c in cells if c.aired))


def _counts(cells: Sequence[StationMonth]) -> dict[str, int]:
    """The airing counts summed over cells, under the names every summary figure gives them."""
    return {name: sum(getattr(c, name) for c in cells) for name in _COUNT_FIELDS}


def _minutes(seconds: float) -> float:
    return round(seconds / 60, 2)


def _broadcast_minutes(cells: Sequence[StationMonth], lengths: dict[str, float]) -> float:
    """Summed from seconds, not from rounded cell minutes, so totals do not drift."""
    return _minutes(sum(c.seconds for c in cells))


