"""Fetching one audio file the manifest names: resumed from its .part (radio.core.resume checks
each answer continues it), refused beyond its declared size, sha256-checked and only then renamed
into place; a full disk is found before any byte is fetched and named with the space needed."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from radio.core.hashing import file_sha256
from radio.core.resume import append_answer, held_bytes, range_header
from radio.station.client import TOO_SLOW, StationClient, Unreachable
from radio.station.store import DISK_FULL, StationStore, SyncRun, store_failed

log = logging.getLogger("radio.station.download")

_MAX_ATTEMPTS = 5  # per file and sync, and only while each attempt makes progress


def download(client: StationClient, url: str, store: StationStore, sha256: str, size: int,
             run: SyncRun) -> str | None:
    """Fetch one audio file with resume; None once it is verified and in place, else why not."""
    part = store.part_path(sha256)
    try:
        part.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        store_failed(run, part.parent, err)
        return f"cannot create {part.parent}: {err.strerror}"
    reason = "not attempted"
    for _ in range(_MAX_ATTEMPTS):
        have = held_bytes(part, size)
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
                if err.errno in DISK_FULL:
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
                run: SyncRun) -> tuple[int, str]:
    """One GET appending to `part` from byte `have`; answer (bytes now held, reason if short).

    Network faults come back as a reason; OSError from writing the file is the caller's."""
    try:
        with client.request("GET", url, f"audio {part.name.removesuffix('.part')}",
                            client.deadline(size - have), range_header(have)) as answer:
            try:
                done = append_answer(part, have, size, answer.status, answer.header("Content-Range"),
                                     answer.chunks(), url)
            finally:
                run.bytes_received += answer.received
            return done.have, done.problem
    except Unreachable as err:
        have = part.stat().st_size if part.exists() else 0
        return have, f"interrupted at {have}/{size} bytes ({err}); will resume"
