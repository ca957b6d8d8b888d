"""A station's files: the last good and candidate manifests (verified again on load), the
verified audio, partial downloads and the record of the last sync. Saved with the durable atomic
writer; what the player follows (`playable`) is decided from what is held here."""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import msgspec

from radio.core.hashing import file_sha256
from radio.protocol.manifest import Manifest, decode_manifest
from radio.protocol.minisign import PublicKey, SignatureError, verify
from radio.protocol.wire import AwareTime, WireError, decode, encode
from radio.station.client import StationClient
from radio.station.reports import ReportQueue, write_atomic

log = logging.getLogger("radio.station.store")

Clock = Callable[[], datetime]

DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


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
class SyncRun:
    """What one sync did so far: traffic and problems."""

    client: StationClient
    bytes_received: int = 0
    problems: list[str] = field(default_factory=list)
    disk_problem: bool = False

    def problem(self, message: str) -> None:
        log.warning("%s", message)
        self.problems.append(message)


def store_failed(run: SyncRun, path: Path, err: OSError) -> None:
    run.disk_problem = True
    if err.errno in DISK_FULL:
        run.problem(f"disk full: cannot write {path}; free some space on {path.parent}")
    else:
        run.problem(f"cannot write {path}: {err.strerror}; check the storage folder's permissions")


