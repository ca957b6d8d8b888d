"""One sync of a commune station with the centre's publish tree.

Conditional GET of the station's manifest (capped in size before it is hashed or parsed); its
signature checked against the pinned key; an older (or same-numbered but different) manifest
refused; missing audio fetched with resume into a .part file, sha256-checked and renamed into
place. Every request has an overall deadline (radio.station.client).

A station never loses what it can play: a newer manifest is kept as the *candidate* until every
file it needs is held and verified, and only then becomes the last good one; until then the
station is "behind", keeps every file of the last good set, and plays each item's newest version
it holds. Files are pruned only once no held manifest needs them.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import msgspec

from radio.core.hashing import file_sha256
from radio.protocol.kinds import ItemKind, ReportEvent
from radio.protocol.manifest import (
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_BYTES,
    SIGNATURE_SUFFIX,
    Manifest,
    ManifestError,
    ManifestItem,
    decode_manifest,
    signed_sequence,
)
from radio.protocol.minisign import PublicKey, SignatureError, verify
from radio.protocol.report import new_report
from radio.protocol.wire import AwareTime, WireError, decode, encode
from radio.station.client import TOO_SLOW, Reply, StationClient, TooLarge, Unreachable
from radio.station.config import StationConfig
from radio.station.reports import ReportQueue, write_atomic

log = logging.getLogger("radio.station.sync")

Clock = Callable[[], datetime]

_MAX_ATTEMPTS = 5  # per file and sync, and only while each attempt makes progress
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")
_DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


@dataclass(frozen=True)
class LastGood:
    """A manifest that passed every check, with what is needed to ask for a newer one."""

    raw: bytes
    signature: str
    manifest: Manifest
    etag: str | None
    last_modified: str | None
    synced_sequence: int | None  # the sequence a "synced" report was queued for


class _SavedState(msgspec.Struct, frozen=True):
    """last-good.json / candidate.json: the manifest exactly as signed, verified again on load."""

    manifest: str
    signature: str
    etag: str | None = None
    last_modified: str | None = None
    synced_sequence: int | None = None


class SyncRecord(msgspec.Struct, frozen=True):
    """last-sync.json: when the station last tried, and how it went (for `radio station status`)."""

    at: AwareTime
    outcome: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Holding:
    """What the station holds: the last complete manifest, and a newer one not complete yet."""

    last: LastGood | None
    candidate: LastGood | None

    @property
    def newest(self) -> LastGood | None:
        return self.candidate or self.last

    @property
    def behind(self) -> bool:
        """A newer manifest is verified but not all its audio is held yet."""
        return self.candidate is not None


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


class StationStore:
    """A station's files: last-good.json, candidate.json, audio/<sha256>.mp3 (verified only),
    audio/*.part (downloads in progress, never played)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.audio_dir = root / "audio"
        self.state_path = root / "last-good.json"
        self.candidate_path = root / "candidate.json"
        self.record_path = root / "last-sync.json"
        self.reports = ReportQueue(root / "reports")
        self._checked: dict[str, tuple[int, int]] = {}  # sha256 → (size, mtime_ns) hashed and found right

    def audio_path(self, sha256: str) -> Path:
        return self.audio_dir / f"{sha256}.mp3"

    def part_path(self, sha256: str) -> Path:
        return self.audio_dir / f"{sha256}.mp3.part"

    def holds(self, sha256: str) -> bool:
        return self.audio_path(sha256).is_file()

    def held_whole(self, sha256: str) -> bool:
        """Held and its bytes hash to its name — hashed again whenever the file's size or time
        changed since it last did; a file that fails (half-written by a power cut, damaged) is
        removed so that the sync fetches it again rather than the player finding it at air time."""
        path = self.audio_path(sha256)
        try:
            stat = path.stat()
        except OSError:
            return False
        if self._checked.get(sha256) == (stat.st_size, stat.st_mtime_ns):
            return True
        if self.verified(sha256):
            self._checked[sha256] = (stat.st_size, stat.st_mtime_ns)
            return True
        log.warning("held audio %s does not match its sha256: removed, it is fetched again", path.name)
        try:
            path.unlink()
        except OSError as err:
            log.warning("cannot remove %s: %s", path.name, err.strerror)
        return False

    def verified(self, sha256: str) -> bool:
        """Held, and its bytes still hash to its name (hashes the file: for status, not hot paths)."""
        try:
            return file_sha256(self.audio_path(sha256)) == sha256
        except OSError:
            return False

    def load(self, key: PublicKey) -> LastGood | None:
        """The stored last good manifest, verified again: a re-pinned key or edited file drops it."""
        return self._load(self.state_path, key)

    def holding(self, key: PublicKey) -> Holding:
        """Last good and candidate, both verified; a candidate no newer than the last is dropped
        (a sync killed between promoting it and removing its file)."""
        last = self.load(key)
        candidate = self._load(self.candidate_path, key)
        if candidate is not None and last is not None and \
                candidate.manifest.sequence <= last.manifest.sequence:
            candidate = None
        return Holding(last, candidate)

    def _load(self, path: Path, key: PublicKey) -> LastGood | None:
        if not path.is_file():
            return None
        try:
            state = decode(path.read_bytes(), _SavedState, str(path))
            raw = state.manifest.encode("utf-8")
            verify(raw, state.signature, key)
            return LastGood(raw=raw, signature=state.signature, manifest=decode_manifest(raw),
                            etag=state.etag, last_modified=state.last_modified,
                            synced_sequence=state.synced_sequence)
        except (OSError, WireError, SignatureError) as err:
            log.error("stored manifest %s no longer verifies (%s); ignoring it", path, err)
            return None

    def save(self, last: LastGood) -> None:
        self._save(self.state_path, last)

    def save_candidate(self, candidate: LastGood) -> None:
        self._save(self.candidate_path, candidate)

    def promote(self, candidate: LastGood) -> None:
        """The candidate is complete: it becomes the last good one (then its file goes)."""
        self.save(candidate)
        self.candidate_path.unlink(missing_ok=True)

    def _save(self, path: Path, last: LastGood) -> None:
        state = _SavedState(manifest=last.raw.decode("utf-8"), signature=last.signature,
                            etag=last.etag, last_modified=last.last_modified,
                            synced_sequence=last.synced_sequence)
        write_atomic(path, encode(state, pretty=True))

    def record(self, record: SyncRecord) -> None:
        try:
            write_atomic(self.record_path, encode(record, pretty=True))
        except OSError as err:  # only the status display loses: never fail a sync for it
            log.warning("cannot write %s: %s", self.record_path, err.strerror)

    def last_record(self) -> SyncRecord | None:
        try:
            return decode(self.record_path.read_bytes(), SyncRecord, str(self.record_path))
        except (OSError, WireError):
            return None

    def prune(self, keep: frozenset[str]) -> int:
        """Delete audio and partial downloads no held manifest needs; return how many."""
        if not self.audio_dir.is_dir():
            return 0
        removed = 0
        for path in self.audio_dir.iterdir():
            sha256 = path.name.split(".", 1)[0]
            if sha256 not in keep and path.suffix in (".mp3", ".part"):
                try:
                    path.unlink()
                except OSError as err:  # e.g. playing right now on Windows: pruned next time
                    log.warning("cannot prune %s yet: %s", path.name, err.strerror)
                    continue
                removed += 1
                log.info("pruned %s (no longer in the manifest)", path.name)
        return removed


def playable(holding: Holding, holds: Callable[[str], bool]) -> Manifest | None:
    """The manifest the player follows: the newest one, where each item whose new audio is not
    held yet falls back to the version of the same item the last good manifest holds, for the
    part of its validity both agree on ("play the still-valid held item at its slot")."""
    newest = holding.newest
    if newest is None:
        return None
    if holding.candidate is None or holding.last is None:
        return newest.manifest
    previous = {item.id: item for item in holding.last.manifest.items}
    items = []
    for item in newest.manifest.items:
        old = previous.get(item.id)
        if not holds(item.audio.sha256) and old is not None and holds(old.audio.sha256):
            start, end = max(item.valid_from, old.valid_from), min(item.valid_to, old.valid_to)
            if start < end:
                item = msgspec.structs.replace(item, audio=old.audio, valid_from=start, valid_to=end)
        items.append(item)
    return msgspec.structs.replace(newest.manifest, items=tuple(items))


@dataclass
class _Run:
    """What one sync did so far: traffic and problems."""

    client: StationClient
    bytes_received: int = 0
    problems: list[str] = field(default_factory=list)
    disk_problem: bool = False

    def problem(self, message: str) -> None:
        log.warning("%s", message)
        self.problems.append(message)


def client_for(config: StationConfig) -> StationClient:
    return StationClient(config.timeout_s, config.min_rate_bytes_s, config.rate_window_s)


def sync(config: StationConfig, client: StationClient, clock: Clock,
         store: StationStore | None = None) -> SyncResult:
    """One sync; never raises for network, content or disk faults — they end up in `problems`."""
    store = store or StationStore(config.storage_dir)
    run = _Run(client)
    first_request = client.requests
    outcome, holding = _update_manifest(config, store, store.holding(config.public_key), run)
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
            clock: Clock, run: _Run) -> Holding:
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
        _store_failed(run, store.state_path, err)
        return holding
    return Holding(newest, None)


def _store_failed(run: _Run, path: Path, err: OSError) -> None:
    run.disk_problem = True
    if err.errno in _DISK_FULL:
        run.problem(f"disk full: cannot write {path}; free some space on {path.parent}")
    else:
        run.problem(f"cannot write {path}: {err.strerror}; check the storage folder's permissions")


def _unique_audio(manifest: Manifest) -> list[ManifestItem]:
    """One item per audio file (several items may share one recording), most urgent first: an
    emergency is fetched before any programme."""
    seen: dict[str, ManifestItem] = {}
    for item in sorted(manifest.items, key=lambda item: (item.kind != ItemKind.EMERGENCY, -item.urgency,
                                                         item.valid_from)):
        seen.setdefault(item.audio.sha256, item)
    return list(seen.values())


def _update_manifest(config: StationConfig, store: StationStore, holding: Holding,
                     run: _Run) -> tuple[str, Holding]:
    """Fetch, verify and take a newer manifest as the candidate; answer (outcome, holding now)."""
    newest = holding.newest
    headers = {}
    if newest is not None:
        if newest.etag:
            headers["If-None-Match"] = newest.etag
        if newest.last_modified:
            headers["If-Modified-Since"] = newest.last_modified
    url = config.manifest_url
    fetched = _get_small(run, url, "manifest", MAX_MANIFEST_BYTES, headers)
    if isinstance(fetched, str):
        return fetched, holding
    status, raw, answer_headers = fetched
    if status == 304 and newest is not None:
        return "unchanged", holding
    if status != 200:
        run.problem(f"manifest refused: HTTP {status} from {url}")
        return "refused", holding
    signed = _get_small(run, url + SIGNATURE_SUFFIX, "manifest signature", MAX_SIGNATURE_BYTES, {})
    if isinstance(signed, str):
        return signed, holding
    if signed[0] != 200:
        run.problem(f"manifest refused: its signature answered HTTP {signed[0]}")
        return "refused", holding
    signature_text = signed[1].decode("utf-8", errors="replace")
    try:
        trusted = verify(raw, signature_text, config.public_key)
        manifest = decode_manifest(raw)
    except (SignatureError, ManifestError) as err:
        run.problem(f"manifest refused: {err}")
        return "refused", holding
    reason = _refusal(config, manifest, trusted, newest, raw)
    if reason:
        run.problem(f"manifest refused: {reason}")
        return "refused", holding
    same = newest is not None and newest.manifest.sequence == manifest.sequence
    accepted = LastGood(raw=raw, signature=signature_text, manifest=manifest,
                        etag=answer_headers.get("ETag"),
                        last_modified=answer_headers.get("Last-Modified"),
                        synced_sequence=newest.synced_sequence if same and newest else None)
    try:
        if same and holding.candidate is None:
            store.save(accepted)  # new validators for the same content
            holding = Holding(accepted, None)
        else:
            store.save_candidate(accepted)  # never lost by a kill, but not played as held yet
            holding = Holding(holding.last, accepted)
    except OSError as err:
        _store_failed(run, store.candidate_path, err)
        return "refused", holding
    if not same:
        log.info("accepted manifest sequence %d (%d item(s))", manifest.sequence, len(manifest.items))
    return ("unchanged" if same else "updated"), holding


def _get_small(run: _Run, url: str, what: str, cap: int,
               headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]] | str:
    """(status, body, headers) of a capped GET, or the outcome ("unreachable"/"refused") if it failed."""
    client = run.client
    try:
        with client.request("GET", url, what, client.deadline(cap), headers) as answer:
            if answer.status >= 500 or answer.status == 429:
                run.problem(f"centre failing (HTTP {answer.status} for {url}); working from what is held")
                return "unreachable"
            try:
                body = answer.read_capped(cap)
            finally:
                run.bytes_received += answer.received
            return answer.status, body, {k: v for k, v in answer.headers.items()}
    except TooLarge as err:
        run.problem(f"{what} refused: {err} ({url})")
        return "refused"
    except Unreachable as err:
        run.problem(f"centre unreachable ({err}: {url}); working from what is held")
        return "unreachable"


def _refusal(config: StationConfig, manifest: Manifest, trusted: str,
             newest: LastGood | None, raw: bytes) -> str | None:
    """Why a correctly signed manifest must still not replace the newest one held, or None."""
    if manifest.station != config.station_id:
        return f"it is for station {manifest.station!r}, this station is {config.station_id!r}"
    signed = signed_sequence(trusted)
    if signed is not None and signed != manifest.sequence:
        return f"its signed comment says sequence {signed} but it holds sequence {manifest.sequence}"
    if newest is None:
        return None
    if manifest.sequence < newest.manifest.sequence:
        return (f"sequence {manifest.sequence} is older than the one held ({newest.manifest.sequence}); "
                "a stale mirror or a replay")
    if manifest.sequence == newest.manifest.sequence and raw != newest.raw:
        return f"sequence {manifest.sequence} is the one held but its content differs"
    return None


def download(client: StationClient, url: str, store: StationStore, sha256: str, size: int,
             run: _Run) -> str | None:
    """Fetch one audio file with resume; None once it is verified and in place, else why not."""
    part = store.part_path(sha256)
    try:
        part.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        _store_failed(run, part.parent, err)
        return f"cannot create {part.parent}: {err.strerror}"
    reason = "not attempted"
    for _ in range(_MAX_ATTEMPTS):
        have = part.stat().st_size if part.exists() else 0
        if have > size:
            part.unlink()
            have = 0
        before = have
        if have < size:
            short = _no_room(part, size - have)
            if short:
                run.disk_problem = True
                return short
            try:
                have, reason = _fetch_into(client, url, part, have, size, run)
            except OSError as err:  # writing, not the network: the disk
                part.unlink(missing_ok=True)
                run.disk_problem = True
                if err.errno in _DISK_FULL:
                    return (f"disk full: {_free_needed(part, size)}; the partial download "
                            f"{part.name} was removed")
                return f"cannot write {part}: {err.strerror}; the partial download was removed"
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
        if have <= before or TOO_SLOW in reason:
            break  # no progress (server error, refused range) or a crawling line: next sync
    return reason


def _no_room(part: Path, needed: int) -> str | None:
    """Why `needed` more bytes cannot be written beside `part`, before any is fetched; or None."""
    try:
        free = shutil.disk_usage(part.parent).free
    except OSError:
        return None
    if free >= needed:
        return None
    part.unlink(missing_ok=True)  # its bytes cannot become a whole file here
    return f"disk full: {_free_needed(part, needed, free)}; nothing was downloaded"


def _free_needed(part: Path, needed: int, free: int | None = None) -> str:
    if free is None:
        try:
            free = shutil.disk_usage(part.parent).free
        except OSError:
            free = 0
    return (f"{part.name.removesuffix('.part')} needs {needed / 1e6:.1f} MB free in {part.parent}, "
            f"{free / 1e6:.1f} MB free; free that space and pull again")


def _fetch_into(client: StationClient, url: str, part: Path, have: int, size: int,
                run: _Run) -> tuple[int, str]:
    """One GET appending to `part` from byte `have`; answer (bytes now held, reason if short).

    Network faults come back as a reason; OSError from writing the file is the caller's."""
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with client.request("GET", url, f"audio {part.name.removesuffix('.part')}",
                            client.deadline(size - have), headers) as answer:
            try:
                return _write_body(answer, url, part, have, size, run)
            finally:
                run.bytes_received += answer.received
    except Unreachable as err:
        have = part.stat().st_size if part.exists() else 0
        return have, f"interrupted at {have}/{size} bytes ({err}); will resume"


def _write_body(answer: Reply, url: str, part: Path, have: int, size: int,
                run: _Run) -> tuple[int, str]:
    if answer.status == 206 and have and _range_start(answer) == have:
        mode = "ab"
    elif answer.status == 200:
        mode, have = "wb", 0
    elif answer.status == 416:
        part.unlink(missing_ok=True)
        return 0, "server refused the resume range; starting over"
    else:
        return have, f"HTTP {answer.status} for {url}"
    with part.open(mode) as out:
        for chunk in answer.chunks():
            if have + len(chunk) > size:
                out.close()
                part.unlink()
                return 0, f"refused: {url} is longer than the manifest's {size} bytes"
            out.write(chunk)
            have += len(chunk)
        out.flush()
        os.fsync(out.fileno())  # a power cut must not leave a .part with a hole at its end
    if have < size:
        return have, f"short body: {have}/{size} bytes; will resume"
    return have, ""


def _range_start(answer: Reply) -> int | None:
    match = _CONTENT_RANGE.match(answer.header("Content-Range") or "")
    return int(match.group(1)) if match else None
