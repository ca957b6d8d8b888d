"""One sync of a commune station with the centre's publish tree.

Conditional GET of the station's manifest; its signature checked against the pinned key; an
older (or same-numbered but different) manifest refused; missing audio fetched with resume into a
.part file, sha256-checked and renamed into place; files no manifest needs pruned. Nothing
unverified is ever stored as "held": the player only sees the last good manifest and audio files
that passed their hash. When the centre is unreachable the station keeps its last good state.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import msgspec
import requests

from radio.core.hashing import file_sha256
from radio.protocol.kinds import ReportEvent
from radio.protocol.manifest import (SIGNATURE_SUFFIX, Manifest, ManifestError, ManifestItem,
                                     decode_manifest, signed_sequence)
from radio.protocol.minisign import PublicKey, SignatureError, verify
from radio.protocol.report import new_report
from radio.protocol.wire import WireError, decode, encode
from radio.station.config import StationConfig
from radio.station.reports import ReportQueue, write_atomic

log = logging.getLogger("radio.station.sync")

Clock = Callable[[], datetime]

_CHUNK = 64 * 1024
_MAX_ATTEMPTS = 5  # per file and sync, and only while each attempt makes progress
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")


@dataclass(frozen=True)
class LastGood:
    """The newest manifest that passed every check, with what is needed to ask for a newer one."""

    raw: bytes
    signature: str
    manifest: Manifest
    etag: str | None
    last_modified: str | None
    synced_sequence: int | None  # the sequence a "synced" report was queued for


class _SavedState(msgspec.Struct, frozen=True):
    """last-good.json: the manifest exactly as signed, so it is verified again on every load."""

    manifest: str
    signature: str
    etag: str | None = None
    last_modified: str | None = None
    synced_sequence: int | None = None


@dataclass(frozen=True)
class SyncResult:
    station: str
    outcome: str  # updated | unchanged | unreachable | refused
    manifest: Manifest | None  # the last good manifest now in use (None: never had one)
    downloaded: tuple[str, ...]  # sha256 of audio fetched and verified in this sync
    missing: tuple[str, ...]  # sha256 of audio the manifest needs that is not held yet
    problems: tuple[str, ...]  # every refusal or failure, as logged
    pruned: int
    requests: int
    bytes_received: int  # response bodies, manifest and audio

    @property
    def complete(self) -> bool:
        return self.manifest is not None and not self.missing


class StationStore:
    """A station's files: last-good.json, audio/<sha256>.mp3 (verified only), audio/*.part."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.audio_dir = root / "audio"
        self.state_path = root / "last-good.json"
        self.reports = ReportQueue(root / "reports")

    def audio_path(self, sha256: str) -> Path:
        return self.audio_dir / f"{sha256}.mp3"

    def part_path(self, sha256: str) -> Path:
        return self.audio_dir / f"{sha256}.mp3.part"

    def holds(self, sha256: str) -> bool:
        return self.audio_path(sha256).is_file()

    def load(self, key: PublicKey) -> LastGood | None:
        """The stored last good manifest, verified again: a re-pinned key or edited file drops it."""
        if not self.state_path.is_file():
            return None
        try:
            state = decode(self.state_path.read_bytes(), _SavedState, str(self.state_path))
            raw = state.manifest.encode("utf-8")
            verify(raw, state.signature, key)
            return LastGood(raw=raw, signature=state.signature, manifest=decode_manifest(raw),
                            etag=state.etag, last_modified=state.last_modified,
                            synced_sequence=state.synced_sequence)
        except (OSError, WireError, SignatureError) as err:
            log.error("stored manifest %s no longer verifies (%s); ignoring it", self.state_path, err)
            return None

    def save(self, last: LastGood) -> None:
        state = _SavedState(manifest=last.raw.decode("utf-8"), signature=last.signature,
                            etag=last.etag, last_modified=last.last_modified,
                            synced_sequence=last.synced_sequence)
        write_atomic(self.state_path, encode(state, pretty=True))

    def prune(self, keep: frozenset[str]) -> int:
        """Delete audio and partial downloads no current item needs; return how many."""
        if not self.audio_dir.is_dir():
            return 0
        removed = 0
        for path in self.audio_dir.iterdir():
            sha256 = path.name.split(".", 1)[0]
            if sha256 not in keep and path.suffix in (".mp3", ".part"):
                path.unlink()
                removed += 1
                log.info("pruned %s (no longer in the manifest)", path.name)
        return removed


@dataclass
class _Run:
    """What one sync did so far: traffic and problems."""

    requests: int = 0
    bytes_received: int = 0
    problems: list[str] = field(default_factory=list)

    def problem(self, message: str) -> None:
        log.warning("%s", message)
        self.problems.append(message)


def sync(config: StationConfig, session: requests.Session, clock: Clock,
         store: StationStore | None = None) -> SyncResult:
    """One sync; never raises for network or content faults — they end up in `problems`."""
    store = store or StationStore(config.storage_dir)
    run = _Run()
    last = store.load(config.public_key)
    outcome, last = _update_manifest(config, session, store, last, run)
    downloaded: list[str] = []
    missing: list[str] = []
    pruned = 0
    if last is not None:
        manifest = last.manifest
        for item in _unique_audio(manifest):
            if store.holds(item.audio.sha256):
                continue
            if outcome == "unreachable":
                missing.append(item.audio.sha256)
                continue
            url = urljoin(config.manifest_url, item.audio.url)
            reason = download(session, url, store, item.audio.sha256, item.audio.size,
                              config.timeout_s, run)
            if reason is None:
                downloaded.append(item.audio.sha256)
            else:
                run.problem(f"item {item.id}: audio not held yet: {reason}")
                missing.append(item.audio.sha256)
        pruned = store.prune(manifest.sha256s)
        if not missing and last.synced_sequence != manifest.sequence:
            store.reports.put(new_report(config.station_id, ReportEvent.SYNCED, clock(),
                                         sequence=manifest.sequence,
                                         detail=f"{len(manifest.items)} item(s) verified"))
            last = replace(last, synced_sequence=manifest.sequence)
            store.save(last)
    return SyncResult(station=config.station_id, outcome=outcome,
                      manifest=last.manifest if last else None, downloaded=tuple(downloaded),
                      missing=tuple(missing), problems=tuple(run.problems), pruned=pruned,
                      requests=run.requests, bytes_received=run.bytes_received)


def _unique_audio(manifest: Manifest) -> list[ManifestItem]:
    """One item per audio file: several items may share one recording."""
    seen: dict[str, ManifestItem] = {}
    for item in manifest.items:
        seen.setdefault(item.audio.sha256, item)
    return list(seen.values())


def _update_manifest(config: StationConfig, session: requests.Session, store: StationStore,
                     last: LastGood | None, run: _Run) -> tuple[str, LastGood | None]:
    """Fetch, verify and accept a newer manifest; answer (outcome, the last good one now)."""
    headers = {}
    if last is not None:
        if last.etag:
            headers["If-None-Match"] = last.etag
        if last.last_modified:
            headers["If-Modified-Since"] = last.last_modified
    answer = _get(session, config.manifest_url, headers, config.timeout_s, run)
    if answer is None:
        return "unreachable", last
    if answer.status_code == 304 and last is not None:
        return "unchanged", last
    if answer.status_code != 200:
        run.problem(f"manifest refused: HTTP {answer.status_code} from {config.manifest_url}")
        return "refused", last
    raw = answer.content
    signature = _get(session, config.manifest_url + SIGNATURE_SUFFIX, {}, config.timeout_s, run)
    if signature is None:
        return "unreachable", last
    if signature.status_code != 200:
        run.problem(f"manifest refused: its signature answered HTTP {signature.status_code}")
        return "refused", last
    signature_text = signature.content.decode("utf-8", errors="replace")
    try:
        trusted = verify(raw, signature_text, config.public_key)
        manifest = decode_manifest(raw)
    except (SignatureError, ManifestError) as err:
        run.problem(f"manifest refused: {err}")
        return "refused", last
    reason = _refusal(config, manifest, trusted, last, raw)
    if reason:
        run.problem(f"manifest refused: {reason}")
        return "refused", last
    same = last is not None and last.manifest.sequence == manifest.sequence
    accepted = LastGood(raw=raw, signature=signature_text, manifest=manifest,
                        etag=answer.headers.get("ETag"),
                        last_modified=answer.headers.get("Last-Modified"),
                        synced_sequence=last.synced_sequence if same and last else None)
    store.save(accepted)
    if not same:
        log.info("accepted manifest sequence %d (%d item(s))", manifest.sequence, len(manifest.items))
    return ("unchanged" if same else "updated"), accepted


def _refusal(config: StationConfig, manifest: Manifest, trusted: str,
             last: LastGood | None, raw: bytes) -> str | None:
    """Why a correctly signed manifest must still not replace the last good one, or None."""
    if manifest.station != config.station_id:
        return f"it is for station {manifest.station!r}, this station is {config.station_id!r}"
    signed = signed_sequence(trusted)
    if signed is not None and signed != manifest.sequence:
        return f"its signed comment says sequence {signed} but it holds sequence {manifest.sequence}"
    if last is None:
        return None
    if manifest.sequence < last.manifest.sequence:
        return (f"sequence {manifest.sequence} is older than the one held ({last.manifest.sequence}); "
                "a stale mirror or a replay")
    if manifest.sequence == last.manifest.sequence and raw != last.raw:
        return f"sequence {manifest.sequence} is the one held but its content differs"
    return None


def _get(session: requests.Session, url: str, headers: dict[str, str], timeout: float,
         run: _Run) -> requests.Response | None:
    """A small GET; None (and a logged problem) when the centre is unreachable or failing."""
    run.requests += 1
    try:
        answer = session.get(url, headers=headers, timeout=timeout)
    except requests.RequestException as err:
        run.problem(f"centre unreachable ({type(err).__name__}: {url}); working from what is held")
        return None
    run.bytes_received += len(answer.content)
    if answer.status_code >= 500 or answer.status_code == 429:
        run.problem(f"centre failing (HTTP {answer.status_code} for {url}); working from what is held")
        return None
    return answer


def download(session: requests.Session, url: str, store: StationStore, sha256: str, size: int,
             timeout: float, run: _Run) -> str | None:
    """Fetch one audio file with resume; None once it is verified and in place, else why not."""
    part = store.part_path(sha256)
    part.parent.mkdir(parents=True, exist_ok=True)
    reason = "not attempted"
    for _ in range(_MAX_ATTEMPTS):
        have = part.stat().st_size if part.exists() else 0
        if have > size:
            part.unlink()
            have = 0
        before = have
        if have < size:
            have, reason = _fetch_into(session, url, part, have, size, timeout, run)
        if have == size:
            digest = file_sha256(part)
            if digest == sha256:
                os.replace(part, store.audio_path(sha256))
                log.info("verified and stored %s (%d bytes)", sha256, size)
                return None
            # Which byte went wrong is unknown, so none of them can be trusted: start over.
            part.unlink()
            reason = f"refused: sha256 {digest} does not match the manifest's {sha256}; discarded"
            log.warning("%s: %s", url, reason)
            continue
        if have <= before:
            break  # no progress (server error, refused range): try again at the next sync
    return reason


def _fetch_into(session: requests.Session, url: str, part: Path, have: int, size: int,
                timeout: float, run: _Run) -> tuple[int, str]:
    """One GET appending to `part` from byte `have`; answer (bytes now held, reason if short)."""
    headers = {"Accept-Encoding": "identity"}  # a byte range of a compressed body is useless
    if have:
        headers["Range"] = f"bytes={have}-"
    run.requests += 1
    try:
        with session.get(url, headers=headers, stream=True, timeout=timeout) as answer:
            if answer.status_code == 206 and have and _range_start(answer) == have:
                mode = "ab"
            elif answer.status_code == 200:
                mode, have = "wb", 0
            elif answer.status_code == 416:
                part.unlink(missing_ok=True)
                return 0, "server refused the resume range; starting over"
            else:
                return have, f"HTTP {answer.status_code} for {url}"
            with part.open(mode) as out:
                for chunk in answer.iter_content(_CHUNK):
                    run.bytes_received += len(chunk)
                    if have + len(chunk) > size:
                        out.close()
                        part.unlink()
                        return 0, f"refused: {url} is longer than the manifest's {size} bytes"
                    out.write(chunk)
                    have += len(chunk)
    except requests.RequestException as err:
        return have, f"interrupted at {have}/{size} bytes ({type(err).__name__}); will resume"
    if have < size:
        return have, f"short body: {have}/{size} bytes; will resume"
    return have, ""


def _range_start(answer: requests.Response) -> int | None:
    match = _CONTENT_RANGE.match(answer.headers.get("Content-Range", ""))
    return int(match.group(1)) if match else None

