"""Releases as people name them, and what "Ký và phát hành" is about to do (shown, then confirmed).

A release lists item ids ("2027-01", "emergency-4433d266-…"); the office reads titles: "Chương
trình tháng 1/2027", "Khẩn cấp: Bão số 9 — 07/12/2026 14:05". Publishing a month is confirmed
against a token of what was shown (the build, the last release): a POST without it, or after
either changed, is refused, so a stale or repeated form never publishes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import Engine

from radio.broadcast.stations import Station
from radio.config import Settings
from radio.core.errors import RadioError
from radio.core.i18n import N_, SHORT_WEEKDAYS, moment_text, translate
from radio.core.month import Month
from radio.store import airings, approvals, episodes, publications
from radio.store.db import transaction
from radio.store.tables import EmergencyRow


def item_title(item_id: str, found: Mapping[str, EmergencyRow], zone: tzinfo, language: str) -> str:
    """A release item by its title: a month's programme or an emergency (title and when sent)."""
    row = found.get(item_id)
    if row is not None:
        return translate(language, N_("Emergency: {title} — {moment}"),
                         {"title": row.title, "moment": moment_text(row.created_at, zone, language)})
    try:
        month = Month.parse(item_id)
    except RadioError:
        return item_id  # an item this centre no longer knows: its id is all there is
    return translate(language, N_("Programme of {month}/{year}"), {"month": month.month, "year": month.year})


@dataclass(frozen=True)
class ReleaseLine:
    sequence: int
    published_at: datetime
    titles: tuple[str, ...]


def recent_releases(engine: Engine, zone: tzinfo, language: str, limit: int = 10) -> list[ReleaseLine]:
    with transaction(engine) as session:
        rows = publications.recent_releases(session, limit)
        found = publications.emergencies_by_id(session, [i for r in rows for i in r.items])
    return [ReleaseLine(r.sequence, r.published_at, tuple(item_title(i, found, zone, language) for i in r.items))
            for r in rows]


@dataclass(frozen=True)
class StationAirings:
    label: str  # the station's name on the day (the unit it serves now)
    airings: int
    slots: str


@dataclass(frozen=True)
class PublishSummary:
    """What publishing `month` now would send, shown for confirmation."""

    month: Month
    title: str
    programme: str  # "Chương trình tháng 1/2027"
    stations: tuple[StationAirings, ...]
    airings: int
    release: int  # the sequence it would get
    approved_by: str
    approved_at: datetime | None
    token: str


def publish_summary(engine: Engine, settings: Settings, month: Month, now: datetime,
                    language: str) -> PublishSummary:
    network = settings.network
    key = str(month)
    with transaction(engine) as session:
        episode = episodes.built_episode(session, key)
        approval = approvals.latest_approval(session, key)
        latest = publications.latest_release(session) or 0
        per_station = Counter(station for station, _ in airings.airing_times(session, key))
    day = now.astimezone(network.timezone).date()
    stations = tuple(StationAirings(s.label_on(day), per_station[s.id], _slots(s, language))
                     for s in network.stations if per_station[s.id])
    return PublishSummary(
        month, episode.title, item_title(key, {}, network.timezone, language), stations,
        sum(per_station.values()), latest + 1,
        approval.approved_by if approval else "", approval.approved_at if approval else None,
        _token(key, episode.sha256, episode.script_sha256, latest))


def check_confirmed(engine: Engine, month: Month, token: str) -> None:
    """Refuse a publish that was not confirmed, or confirmed against another build or release."""
    if not token:
        raise RadioError(N_("publishing needs confirmation: open the summary and confirm it"))
    with transaction(engine) as session:
        episode = episodes.built_episode(session, str(month))
        latest = publications.latest_release(session) or 0
    if token != _token(str(month), episode.sha256, episode.script_sha256, latest):
        raise RadioError(N_("the programme or the releases changed since the summary was shown (or "
                            "it was published already); look at the summary again"))


def _token(month: str, sha256: str, script_sha256: str, latest: int) -> str:
    return hashlib.sha256(f"{month}|{sha256}|{script_sha256}|{latest}".encode()).hexdigest()[:24]


def _slots(station: Station, language: str) -> str:
    return ", ".join(f"{SHORT_WEEKDAYS[language][s.weekday]} {s.at:%H:%M}" for s in station.slots)
