"""What a station can really play next, and the exit status a scheduler acts on.

`radio station pull` prints this after its sync and `radio station status` prints it from the
store alone (no network). Each upcoming airing says whether its audio is held and verified (the
file is hashed again); times are local to the station, never UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from zoneinfo import ZoneInfo

from radio.core import i18n
from radio.core.i18n import N_
from radio.protocol.manifest import Manifest
from radio.station.player import cues, upcoming
from radio.station.store import Holding, StationStore, SyncRecord, playable
from radio.station.sync import SyncResult

_SHOWN = 12  # airings listed; the rest are counted


class PullExit(IntEnum):
    """`radio station pull` exit statuses (documented in its --help)."""

    OK = 0  # every upcoming airing's audio is held and verified, and the centre answered
    REFUSED = 3  # the centre's manifest or signature was refused (the last good set is kept)
    UNREACHABLE = 4  # the centre could not be reached or failed (the last good set is kept)
    MISSING = 5  # some audio to play next is not held yet (behind, download cut, no manifest)
    DISK = 6  # the station's own disk is full or not writable


EXIT_HELP = ("Exit status: 0 everything to play next is held and verified; 3 the manifest was "
             "refused; 4 the centre is unreachable; 5 audio to play next is missing; 6 the "
             "station's disk is full or not writable (1: bad settings). In every case the last "
             "verified set is kept and played.")


@dataclass(frozen=True)
class AiringStatus:
    at: datetime  # local time
    item_id: str
    title: str
    held: bool
    verified: bool  # hashed again just now
    previous_version: bool  # the newer audio is not complete: the last verified version plays
    emergency: bool  # played as soon as it is verified, not at a slot


@dataclass(frozen=True)
class LocalStatus:
    station: str
    timezone: ZoneInfo
    held_sequence: int | None  # the last complete manifest
    newest_sequence: int | None  # the newest verified one (higher than held: behind)
    behind: bool
    airings: tuple[AiringStatus, ...]  # upcoming, then emergencies valid now
    last_sync: SyncRecord | None

    @property
    def ready(self) -> bool:
        """Everything to play next is held and verified, and no newer set is pending."""
        return (self.newest_sequence is not None and not self.behind
                and all(a.verified for a in self.airings))


def station_status(station: str, store: StationStore, holding: Holding, now: datetime,
                   zone: ZoneInfo) -> LocalStatus:
    """The status from the store; `holding` is `store.holding(public_key)`."""
    plan = playable(holding, store.holds)
    newest = holding.newest.manifest if holding.newest else None
    return LocalStatus(
        station=station, timezone=zone,
        held_sequence=holding.last.manifest.sequence if holding.last else None,
        newest_sequence=newest.sequence if newest else None, behind=holding.behind,
        airings=_airings(plan, newest, store, now, zone), last_sync=store.last_record())


def _airings(plan: Manifest | None, newest: Manifest | None, store: StationStore, now: datetime,
             zone: ZoneInfo) -> tuple[AiringStatus, ...]:
    if plan is None:
        return ()
    wanted = {item.id: item.audio.sha256 for item in (newest.items if newest else ())}
    all_cues = cues(plan)
    ahead = [c for c in all_cues if c.immediate and c.item.valid_from <= now < c.item.valid_to]
    ahead += upcoming(all_cues, now)
    verified: dict[str, bool] = {}
    result = []
    for cue in ahead:
        sha256 = cue.item.audio.sha256
        if sha256 not in verified:
            verified[sha256] = store.verified(sha256)
        result.append(AiringStatus(
            at=(now if cue.immediate else cue.at).astimezone(zone), item_id=cue.item.id,
            title=cue.item.title, held=store.holds(sha256), verified=verified[sha256],
            previous_version=wanted.get(cue.item.id, sha256) != sha256, emergency=cue.immediate))
    return tuple(result)


LANGUAGES = i18n.LANGUAGES
_OUTCOMES = {"updated": N_("updated"), "unchanged": N_("unchanged"),
             "unreachable": N_("unreachable"), "refused": N_("refused")}


def describe(status: LocalStatus, lang: str = i18n.DEFAULT_LANGUAGE) -> list[str]:
    """The lines people read (Vietnamese by default, from the catalogs): held and newest manifest,
    then each upcoming airing, in the station's local time."""
    def t(message: str, **params: object) -> str:
        return i18n.translate(lang, message, params)

    zone = status.timezone
    if status.newest_sequence is None:
        head = t(N_("no verified manifest yet: nothing can be played"))
    elif status.behind:
        held = (t(N_("sequence {n}"), n=status.held_sequence) if status.held_sequence is not None
                else t(N_("no complete set")))
        head = t(N_("BEHIND: playing from {held}; sequence {newest} is verified but its audio is not "
                    "all downloaded yet"), held=held, newest=status.newest_sequence)
    else:
        head = t(N_("up to date: sequence {n}, every file held"), n=status.newest_sequence)
    lines = [t(N_("Holding: {state}"), state=head)]
    if status.last_sync is not None:
        record = status.last_sync
        outcome = t(_OUTCOMES[record.outcome]) if record.outcome in _OUTCOMES else record.outcome
        if record.problems:
            outcome += ", " + t(N_("{n} problem(s)"), n=len(record.problems))
        lines.append(t(N_("Last sync: {at} ({outcome})"),
                       at=f"{record.at.astimezone(zone):%d/%m/%Y %H:%M}", outcome=outcome))
    if not status.airings:
        if status.newest_sequence is not None:
            lines.append(t(N_("No upcoming airings in the held manifest.")))
        return lines
    lines.append(t(N_("Upcoming airings ({zone}):"), zone=zone.key))
    for airing in status.airings[:_SHOWN]:
        if airing.verified:
            state = t(N_("held, verified")) + (
                t(N_(" (previous version; the new one is still downloading)"))
                if airing.previous_version else "")
        elif airing.held:
            state = t(N_("HELD BUT FAILS VERIFICATION: downloaded again at the next sync"))
        else:
            state = t(N_("NOT HELD: will be missed unless the next sync downloads it"))
        when = t(N_("now (emergency)")) if airing.emergency else f"{airing.at:%d/%m/%Y %H:%M}"
        lines.append(f"  {when:<22} {airing.item_id:<12} {state}  {airing.title}")
    if len(status.airings) > _SHOWN:
        lines.append(t(N_("  … and {n} more"), n=len(status.airings) - _SHOWN))
    return lines


def pull_exit(result: SyncResult, status: LocalStatus) -> PullExit:
    """The exit status of a pull: the cause first (disk, refusal, network), then what is missing."""
    if result.disk_problem:
        return PullExit.DISK
    if result.outcome == "refused":
        return PullExit.REFUSED
    if result.outcome == "unreachable":
        return PullExit.UNREACHABLE
    if not result.complete or not status.ready:
        return PullExit.MISSING
    return PullExit.OK
