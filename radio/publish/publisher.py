"""`radio publish` and `radio emergency`: database state → one signed, atomically swapped release.

Every release is complete: every still-valid programme and emergency item, so a station that
missed a release loses nothing. The sequence number comes from the publications table (unique), and
the tree is written inside that transaction, so two publishers can never share a number; it goes
live only after the row committed (radio.publish.tree), and a publish killed on the way is
reconciled by the next one.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from radio.broadcast.schedule import calendar_files, stored_airings
from radio.broadcast.settings import BroadcastSettings
from radio.broadcast.slots import ValidityWindow, validity
from radio.broadcast.stations import Station
from radio.broadcast.variants import episode_variants, unit_missing
from radio.core.crashpoint import crash_point
from radio.core.errors import NotReadyError, RadioError, SettingsError, os_error
from radio.core.hashing import file_sha256
from radio.core.i18n import N_
from radio.core.month import Month
from radio.core.progress import SILENT, Recovered, Reporter
from radio.protocol import minisign
from radio.protocol.kinds import ItemKind, Priority
from radio.protocol.manifest import (
    SIGNATURE_SUFFIX,
    ManifestAudio,
    ManifestItem,
    encode_manifest,
    manifest_path,
    trusted_comment,
)
from radio.publish.approval import require_approval
from radio.publish.rss import FeedEpisode, feed_bytes
from radio.publish.tree import go_live, publishing, recover_tree, store_audio, write_release
from radio.store import publications
from radio.store.airings import count_month
from radio.store.db import transaction
from radio.store.episodes import built_episode
from radio.store.tables import EmergencyRow


@dataclass(frozen=True)
class UnitAudio:
    """One unit's programme of a month as stations receive it."""

    unit: str
    title: str  # the month's title naming the unit
    audio: ManifestAudio


@dataclass(frozen=True)
class PublishedProgramme:
    month: str
    title: str
    audio: ManifestAudio
    window: ValidityWindow
    first_published: datetime
    units: Mapping[str, UnitAudio] = field(default_factory=dict)  # station id → its unit's; {}: one programme

    def for_station(self, station: Station) -> UnitAudio:
        """What `station` airs: its unit's programme, or the one programme of a month not built per
        unit; refused for a station in none of the month's units."""
        if not self.units:
            return UnitAudio("", self.title, self.audio)
        if station.id not in self.units:
            raise unit_missing(self.month, station, sorted({u.unit for u in self.units.values()}))
        return self.units[station.id]


@dataclass(frozen=True)
class PublishResult:
    sequence: int
    release: Path
    items: tuple[str, ...]
    manifests: int
    deliveries: tuple[dict[str, str], ...] = ()  # which file each station got: {station, item, unit, sha256}


def publish(engine: Engine, settings: BroadcastSettings, key: minisign.SecretKey, now: datetime,
            month: Month | None = None, report: Reporter = SILENT) -> PublishResult:
    """Publish `month` (approved, scheduled) with everything still valid; None: just republish.

    `report` hears a `Recovered` event when an interrupted publish is reconciled first.
    """
    publish_dir = settings.network.publish_dir
    try:
        with publishing(publish_dir):
            for notice in recover_tree(publish_dir, partial(_committed, engine)):
                report.emit(Recovered(notice))
            try:
                result = _publish(engine, settings, key, now, month)
            except BaseException:
                # A release written but not committed goes now, not at the next publish (unless
                # the database is gone too: then the next publish reconciles it).
                with suppress(Exception):
                    recover_tree(publish_dir, partial(_committed, engine))
                raise
            crash_point("publish:committed")
            go_live(publish_dir, result.sequence)
    except OSError as err:  # a full disk names no file: the publish folder is where it happened
        raise os_error(err, publish_dir, N_("publishing (the live release is unchanged)")) from None
    return result


def _committed(engine: Engine, sequence: int) -> bool:
    with transaction(engine) as session:
        return publications.publication_exists(session, sequence)


def _publish(engine: Engine, settings: BroadcastSettings, key: minisign.SecretKey, now: datetime,
             month: Month | None) -> PublishResult:
    network = settings.network
    if not network.stations:
        raise SettingsError(N_("{path}: no [[stations]]; describe the network before publishing"),
                            path=str(settings.path))
    history = _published_months(engine)
    if month is not None:
        history.setdefault(str(month), now)
    programmes = [_programme(engine, settings, m, first) for m, first in sorted(history.items())]
    if month is not None:
        _check_scheduled(engine, str(month))
    if month is not None and next(p for p in programmes if p.month == str(month)).window.end <= now:
        raise RadioError(N_("{month}: its validity window has already ended, so no station would "
                            "air it; publish a current or coming month"), month=str(month))
    live = [p for p in programmes if p.window.end > now]
    airings = stored_airings(engine, [p.month for p in live], network)
    emergencies = _live_emergencies(engine, now)
    times: dict[tuple[str, str], list[datetime]] = {}
    for airing in airings:  # grouped once: 500 stations must not each rescan every airing
        times.setdefault((airing.station_id, airing.item_id), []).append(airing.starts_at)
    items_by_station = {s.id: _station_items(s, live, times, emergencies, network.timezone)
                        for s in network.stations}
    item_ids = tuple(sorted({i.id for items in items_by_station.values() for i in items}))
    deliveries = _deliveries(items_by_station, live)
    stamp = now.astimezone(network.timezone)
    titles = {p.month: p.title for p in live}
    with transaction(engine) as session:
        # a concurrent publisher fails here
        sequence = publications.claim_release(session, now, item_ids, deliveries)
        files: dict[str, bytes] = {"minisign.pub": key.public_key.file_text().encode()}
        for station_id, items in items_by_station.items():
            data = encode_manifest(station_id, sequence, stamp, items)
            files[manifest_path(station_id)] = data
            files[manifest_path(station_id) + SIGNATURE_SUFFIX] = minisign.sign(
                data, key, trusted_comment(sequence, stamp),
                f"signature of the {station_id} manifest, sequence {sequence}").encode()
        for name, data in calendar_files(airings, network, titles, stamp, settings.program.name).items():
            files[f"calendar/{name}"] = data
        files["feed.xml"] = feed_bytes(
            settings.program.name, settings.program.identity_on(stamp.date()).centre,
            network.centre_url,
            [FeedEpisode(p.month, p.title, p.audio, p.first_published) for p in programmes], stamp)
        store = network.publish_dir / "store"
        audio = {p.audio.name: store / p.audio.name for p in programmes}
        audio.update({u.audio.name: store / u.audio.name for p in programmes for u in p.units.values()})
        audio.update({f"{e.sha256}.mp3": store / f"{e.sha256}.mp3" for e in emergencies})
        crash_point("publish:claimed")
        release = write_release(network.publish_dir, sequence, files, audio)
    return PublishResult(sequence, release, item_ids, len(items_by_station), tuple(deliveries))


def add_emergency(engine: Engine, settings: BroadcastSettings, audio_path: Path, title: str,
                  stations: tuple[Station, ...], now: datetime, hours: float = 24,
                  priority: Priority = Priority.EMERGENCY) -> EmergencyRow:
    """Record an urgent item for these stations, valid `hours` from now; publish it next."""
    from mutagen import MutagenError  # only emergencies read MP3 headers here
    from mutagen.mp3 import MP3

    if priority not in tuple(Priority):
        raise RadioError(N_("--priority: {priority!r} is not one of {listed}"), priority=priority,
                         listed=", ".join(Priority))
    if not stations:
        raise RadioError(N_("--to: name at least one station, group, or all"))
    if hours <= 0:
        raise RadioError(N_("--hours: must be more than 0"))
    try:
        info = MP3(audio_path).info
    except MutagenError as err:
        raise RadioError(N_("{file}: not a readable MP3 file ({problem})"), file=str(audio_path),
                         problem=str(err)) from None
    if info is None:
        raise RadioError(N_("{file}: not a readable MP3 file (no audio frames)"), file=str(audio_path))
    duration = info.length
    sha256 = _sha256(audio_path)
    publish_dir = settings.network.publish_dir
    try:
        with publishing(publish_dir):
            stored = store_audio(publish_dir, audio_path, sha256)
    except OSError as err:  # a full disk names no file: the publish folder is where it happened
        raise os_error(err, publish_dir, N_("storing the announcement (nothing was published)")) from None
    item = EmergencyRow(id=f"emergency-{uuid.uuid4()}", title=title, priority=priority, sha256=sha256,
                        size=stored.stat().st_size, duration_s=duration,
                        stations=[s.id for s in stations], valid_from=now,
                        valid_to=now + timedelta(hours=hours), created_at=now)
    with transaction(engine) as session:
        publications.add_emergency(session, item)
    return item


def _check_scheduled(engine: Engine, month: str) -> None:
    with transaction(engine) as session:
        count = count_month(session, month)
    if not count:
        raise NotReadyError(N_("{month} has no airings; run `radio schedule {month}` first"),
                            month=month)


def _programme(engine: Engine, settings: BroadcastSettings, month: str,
               first_published: datetime) -> PublishedProgramme:
    """The month as built now, which must be the script that was approved: a month rebuilt after
    an earlier release must not reach stations unreviewed when another month or an emergency is
    published."""
    with transaction(engine) as session:
        episode = built_episode(session, month)
    require_approval(engine, episode, settings.network.timezone)
    network = settings.network
    source = Path(episode.mp3_path)
    stored = store_audio(network.publish_dir,
                         source if source.is_absolute() else settings.root / source, episode.sha256)
    # A month built per unit: each unit's file, stored (and checked against its sha256) once, shared
    # by the unit's stations. Approval covers the set (the units' local parts are in its digest).
    units: dict[str, UnitAudio] = {}
    for variant in episode_variants(settings.root, episode.mp3_path, network):
        kept = store_audio(network.publish_dir, variant.path, variant.sha256)
        unit = UnitAudio(variant.unit, variant.title(episode.title),
                         ManifestAudio.stored(variant.sha256, kept.stat().st_size, variant.duration_s))
        units.update(dict.fromkeys(variant.stations, unit))
    return PublishedProgramme(month=month, title=episode.title,
                     audio=ManifestAudio.stored(episode.sha256, stored.stat().st_size,
                                                episode.duration_s),
                     window=validity(Month.parse(month), network.timezone, network.validity_days),
                     first_published=first_published, units=units)


def _published_months(engine: Engine) -> dict[str, datetime]:
    """Programme months in earlier releases → when each was first published."""
    with transaction(engine) as session:
        releases = publications.publications(session)
    months: dict[str, datetime] = {}
    for release in releases:
        for item_id in release.items:
            if not item_id.startswith("emergency-"):
                months.setdefault(item_id, release.published_at)
    return months


def _live_emergencies(engine: Engine, now: datetime) -> list[EmergencyRow]:
    with transaction(engine) as session:
        return publications.live_emergencies(session, now)


def _station_items(station: Station, programmes: list[PublishedProgramme],
                   airings: Mapping[tuple[str, str], list[datetime]], emergencies: list[EmergencyRow],
                   zone: ZoneInfo) -> list[ManifestItem]:
    items = []
    for programme in programmes:
        times = tuple(airings.get((station.id, programme.month), ()))
        if times:
            mine = programme.for_station(station)
            items.append(ManifestItem(programme.month, ItemKind.PROGRAMME, mine.title,
                                      Priority.NORMAL, mine.audio, programme.window.start,
                                      programme.window.end, times))
    for e in emergencies:
        if station.id in e.stations:
            items.append(ManifestItem(e.id, ItemKind.EMERGENCY, e.title, Priority(e.priority),
                                      ManifestAudio.stored(e.sha256, e.size, e.duration_s),
                                      e.valid_from.astimezone(zone), e.valid_to.astimezone(zone), ()))
    return items


def unit_files(deliveries: Sequence[Mapping[str, str]]) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(month, unit, stations, sha256) of each unit's file in a release; a one-programme month has none."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for d in deliveries:
        if d["unit"]:
            grouped.setdefault((d["item"], d["unit"], d["sha256"]), []).append(d["station"])
    return [(month, unit, tuple(stations), sha256) for (month, unit, sha256), stations in grouped.items()]


def _deliveries(items_by_station: Mapping[str, list[ManifestItem]],
                programmes: list[PublishedProgramme]) -> list[dict[str, str]]:
    """Which programme file each station got in this release, and for which unit."""
    units = {(p.month, sid): u.unit for p in programmes for sid, u in p.units.items()}
    return [{"station": sid, "item": item.id, "unit": units.get((item.id, sid), ""),
             "sha256": item.audio.sha256}
            for sid, items in items_by_station.items() for item in items
            if item.kind == ItemKind.PROGRAMME]


def _sha256(path: Path) -> str:
    try:
        return file_sha256(path)
    except FileNotFoundError:
        raise RadioError(N_("{file}: file not found"), file=str(path)) from None
