"""What waits on one Studio user: a programme sent for their approval, a programme returned to
them, stations offline or missing their next programme.

Shown on every page (the badge in the navigation), so it reads little: the reviews of the last
year beside each month's current build in one query, and the fleet's health (a few grouped queries
over 1,000 stations) only for those who watch stations; the Studio caches the latter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Engine

from radio.core.month import Month
from radio.lifecycle.review import ReviewState
from radio.lifecycle.stations import StationHealth, fleet
from radio.store import reviews
from radio.store.db import transaction
from radio.store.tables import ReviewRow

LOOK_BACK_MONTHS = 13  # a month returned or waiting longer ago than a year is not news


class NoticeKind(StrEnum):
    WAITING = "waiting"  # sent for approval, not decided yet
    RETURNED = "returned"  # returned with a reason, not rebuilt yet
    OFFLINE = "offline"  # stations not seen within the sync interval and margin
    MISSING_NEXT = "missing next"  # stations without the audio of their next airing


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    month: str = ""
    by: str = ""  # the login that sent or returned it
    at: datetime | None = None
    comment: str = ""
    stations: tuple[str, ...] = ()  # OFFLINE, MISSING_NEXT: which ones, by id


def programme_notices(engine: Engine, user: str, approves: bool, edits: bool, now: datetime) -> list[Notice]:
    """Months waiting for `user`'s decision (an approver) and months returned to them (an editor:
    to whoever sent the month for approval, or to every editor when nobody did, e.g. `radio
    approve --return` on a month never sent). A month rebuilt since is no longer waiting."""
    if not (approves or edits):
        return []
    since = Month(now.year, now.month)
    for _ in range(LOOK_BACK_MONTHS):
        since = since.previous()
    with transaction(engine) as session:
        rows = reviews.reviews_with_build(session, str(since))
    newest: dict[str, tuple[ReviewRow, str | None]] = {}  # month → its newest review, built digest
    sender: dict[str, str] = {}
    for review, built in rows:
        newest[review.month] = (review, built)
        if review.state == ReviewState.SUBMITTED:
            sender[review.month] = review.by
    out = []
    for month, (review, built) in sorted(newest.items()):
        if review.script_sha256 != built:
            continue  # rebuilt (or withdrawn) since: the next step is someone else's
        if approves and review.state == ReviewState.SUBMITTED:
            out.append(Notice(NoticeKind.WAITING, month, review.by, review.at, review.comment))
        elif edits and review.state == ReviewState.RETURNED and sender.get(month, user) == user:
            out.append(Notice(NoticeKind.RETURNED, month, review.by, review.at, review.comment))
    return out


def network_health(engine: Engine, stations: Iterable[str], now: datetime) -> list[StationHealth]:
    """The health of the network's stations only (not of ids heard from but since removed)."""
    expected = set(stations)
    with transaction(engine) as session:
        return [h for h in fleet(session, now, expected) if h.station_id in expected]


def station_notices(health: Iterable[StationHealth]) -> list[Notice]:
    """One notice for the stations offline, one for those missing their next programme (if any)."""
    health = list(health)
    offline = tuple(h.station_id for h in health if not h.online)
    missing = tuple(h.station_id for h in health if h.online and h.missing_next)
    out = []
    if offline:
        out.append(Notice(NoticeKind.OFFLINE, stations=offline))
    if missing:
        out.append(Notice(NoticeKind.MISSING_NEXT, stations=missing))
    return out
