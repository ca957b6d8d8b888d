"""One sync of a commune station with the centre's publish tree.

The manifest is fetched and verified (radio.station.manifest), then every audio file it needs that
is not held whole is fetched (radio.station.download), most urgent first; the station's files live
in radio.station.store. Every request has an overall deadline (radio.station.client).

A station never loses what it can play: a newer manifest is kept as the *candidate* until every
file it needs is held and verified, and only then becomes the last good one; until then the
station is "behind", keeps every file of the last good set, and plays each item's newest version
it holds. Files are pruned only once no held manifest needs them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from radio.protocol.kinds import ItemKind, ReportEvent
from radio.protocol.manifest import Manifest, ManifestItem
from radio.protocol.report import new_report
from radio.station.client import TOO_SLOW, StationClient
from radio.station.config import StationConfig
from radio.station.download import download
from radio.station.manifest import update_manifest
from radio.station.store import (
    Clock,
    Holding,
    LastGood,
    StationStore,
    SyncRecord,
    SyncRun,
    playable,
    store_failed,
)

__all__ = ["Clock", "Holding", "LastGood", "StationStore", "SyncRecord", "SyncResult", "client_for",
           "playable", "sync"]

log = logging.getLogger("radio.station.sync")


@dataclass(frozen=True)
class SyncResult:
    station: str
    outcome: str  # updated | unchanged | unreachable | refused
    manifest: Manifest | None  # the newest verified manifest (None: never had one)
    playable: Manifest | None  # what the player follows: see `playable`
    behind: bool  # a newer manifest is not complete yet: the last good set is kept meanwhile
    held_sequence: int | None  # the last complete manifest's sequence
    downloaded: tuple[str, ...]  # sha256 of audio fetched and verified in this sync
    missing: tuple[str, ...]  # sha256 of audio the newest manifest needs that is not held yet
    problems: tuple[str, ...]  # every refusal or failure, as logged
    pruned: int
    requests: int
    bytes_received: int  # response bodies, manifest and audio
    disk_problem: bool = False  # the station's own disk is full or not writable

    @property
    def complete(self) -> bool:
        return self.manifest is not None and not self.missing and not self.behind


def client_for(config: StationConfig) -> StationClient:
    return StationClient(config.timeout_s, config.min_rate_bytes_s, config.rate_window_s)


def sync(config: StationConfig, client: StationClient, clock: Clock,
         store: StationStore | None = None) -> SyncResult:
    """One sync; never raises for network, content or disk faults — they end up in `problems`."""
    store = store or StationStore(config.storage_dir)
    run = SyncRun(client)
    first_request = client.requests
    outcome, holding = update_manifest(config, store, store.holding(config.public_key), run)
    downloaded: list[str] = []
    missing: list[str] = []
    pruned = 0
    newest = holding.newest
    if newest is not None:
        slow = False
        for item in _unique_audio(newest.manifest):
            if store.held_whole(item.audio.sha256):
                continue
            if outcome == "unreachable" or slow:
                missing.append(item.audio.sha256)
                continue
            url = urljoin(config.manifest_url, item.audio.url)
            reason = download(client, url, store, item.audio.sha256, item.audio.size, run)
            if reason is None:
                downloaded.append(item.audio.sha256)
            else:
                run.problem(f"item {item.id}: audio not held yet: {reason}")
                missing.append(item.audio.sha256)
                # A line this slow would hold up the next sync (and an emergency) for each file:
                # the rest waits for the next sync, which resumes where this one stopped.
                slow = TOO_SLOW in reason
        holding = _settle(config, store, holding, bool(missing), clock, run)
        keep = holding.newest.manifest.sha256s if holding.newest else frozenset()
        if holding.last is not None:
            keep |= holding.last.manifest.sha256s  # until the newer set is complete
        pruned = store.prune(keep)
    result = SyncResult(
        station=config.station_id, outcome=outcome,
        manifest=holding.newest.manifest if holding.newest else None,
        playable=playable(holding, store.holds), behind=holding.behind,
        held_sequence=holding.last.manifest.sequence if holding.last else None,
        downloaded=tuple(downloaded), missing=tuple(missing), problems=tuple(run.problems),
        pruned=pruned, requests=client.requests - first_request,
        bytes_received=run.bytes_received, disk_problem=run.disk_problem)
    store.record(SyncRecord(at=clock(), outcome=outcome, problems=result.problems))
    return result


def _settle(config: StationConfig, store: StationStore, holding: Holding, missing: bool,
            clock: Clock, run: SyncRun) -> Holding:
    """Promote a complete candidate, and queue one "synced" report per complete sequence."""
    if missing:
        return holding
    newest = holding.newest
    assert newest is not None
    try:
        if newest.synced_sequence != newest.manifest.sequence:
            store.reports.put(new_report(config.station_id, ReportEvent.SYNCED, clock(),
                                         sequence=newest.manifest.sequence,
                                         detail=f"{len(newest.manifest.items)} item(s) verified"))
            newest = replace(newest, synced_sequence=newest.manifest.sequence)
        if holding.candidate is not None:
            store.promote(newest)
            log.info("manifest sequence %d is complete: it replaces the last good one",
                     newest.manifest.sequence)
        elif newest != holding.last:
            store.save(newest)
    except OSError as err:
        store_failed(run, store.state_path, err)
        return holding
    return Holding(newest, None)


def _unique_audio(manifest: Manifest) -> list[ManifestItem]:
    """One item per audio file (several items may share one recording), most urgent first: an
    emergency is fetched before any programme."""
    seen: dict[str, ManifestItem] = {}
    for item in sorted(manifest.items, key=lambda item: (item.kind != ItemKind.EMERGENCY, -item.urgency,
                                                         item.valid_from)):
        seen.setdefault(item.audio.sha256, item)
    return list(seen.values())


