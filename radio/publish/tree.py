"""The static publish tree, swapped in atomically: publish/current → releases/<sequence>.

A release is built complete and flushed to disk in a hidden sibling folder, journaled, renamed to
releases/<sequence>, and only made live (radio.publish.pointer: a symlink on POSIX, a pointer file
on Windows) after its Publication row committed, so `current` never names a release the database
does not know. A run killed on the way leaves a journal: the next publish makes a committed
release live, or removes one that never committed (nobody had seen it), before anything else.
Audio lives once in publish/store/<sha256>.mp3 and is hard-linked into each release.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from radio.core.atomic import (
    exclusive,
    fsync_dir,
    fsync_tree,
    link_or_copy,
    remove_stale_temps,
    staging,
    write_text_atomic,
)
from radio.core.crashpoint import crash_point
from radio.core.errors import RadioError
from radio.core.hashing import file_sha256
from radio.core.i18n import N_
from radio.publish.pointer import LivePointer, host_pointer

JOURNAL_NAME = ".release-journal.json"
KEEP_RELEASES = 3  # older releases stay briefly so a reader mid-download can finish


def current_root(publish_dir: Path, pointer: LivePointer | None = None) -> Path:
    """The live release's folder, read afresh on every call (a swap is seen at once); before the
    first release, publish/current, which does not exist."""
    release = (pointer or host_pointer()).read(publish_dir)
    return publish_dir / "releases" / release if release else publish_dir / "current"


@contextmanager
def publishing(publish_dir: Path) -> Iterator[None]:
    """One writer of the tree at a time (publish, emergency): a second one is told to wait."""
    with exclusive(publish_dir / ".publish.lock",
                   "another `radio publish` or `radio emergency` is writing the publish folder"):
        yield


def store_audio(publish_dir: Path, source: Path, sha256: str) -> Path:
    """Copy audio into the content store (once), checking it really has this hash."""
    target = publish_dir / "store" / f"{sha256}.mp3"
    if target.exists():
        return target
    digest = hashlib.sha256()
    with staging() as staged:  # a failed or mismatched copy leaves nothing behind
        try:
            with source.open("rb") as src, staged.path_for(target).open("wb") as dst:
                for block in iter(lambda: src.read(1 << 20), b""):
                    digest.update(block)
                    dst.write(block)
        except FileNotFoundError:
            raise RadioError(N_("{file}: audio file not found; rebuild it with `radio build`"),
                             file=str(source)) from None
        if digest.hexdigest() != sha256:
            raise RadioError(N_("{file}: sha256 is {found}…, the record says {recorded}…; the file changed "
                                "after it was built — rebuild it with `radio build`"),
                             file=str(source), found=digest.hexdigest()[:12], recorded=sha256[:12])
    return target


def write_release(publish_dir: Path, sequence: int, files: Mapping[str, bytes],
                  audio: Mapping[str, Path]) -> Path:
    """Build releases/<sequence> from `files` (relative path → bytes) and `audio` (name → stored
    file), durably and journaled, not yet live: `go_live` follows once its row committed."""
    releases = publish_dir / "releases"
    final = releases / str(sequence)
    if final.exists():
        raise RadioError(N_("{folder}: release {sequence} already exists; the database and the publish "
                            "folder disagree — restore the database or move the folder aside"),
                         folder=str(final), sequence=sequence)
    building = releases / f".building-{sequence}"
    shutil.rmtree(building, ignore_errors=True)
    for relative, data in files.items():
        path = building / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (building / "audio").mkdir(parents=True, exist_ok=True)
    for name, stored in audio.items():
        link_or_copy(stored, building / "audio" / name)
    fsync_tree(building)
    crash_point("publish:written")
    write_text_atomic(publish_dir / JOURNAL_NAME, json.dumps(
        {"sequence": sequence, "files": _digests(building)}, indent=1))
    crash_point("publish:journaled")
    os.rename(building, final)
    fsync_dir(releases)
    crash_point("publish:renamed")
    return final


def go_live(publish_dir: Path, sequence: int, pointer: LivePointer | None = None) -> None:
    """After its row committed: point `current` at the release, drop the journal, prune."""
    (pointer or host_pointer()).point(publish_dir, str(sequence))
    crash_point("publish:swapped")
    (publish_dir / JOURNAL_NAME).unlink(missing_ok=True)
    _prune(publish_dir / "releases", keep=KEEP_RELEASES)


def recover_tree(publish_dir: Path, committed: Callable[[int], bool],
                 pointer: LivePointer | None = None) -> list[str]:
    """Reconcile what a killed publish left, then sweep its temporary files; one-line notices.

    Call it inside `publishing`. `committed(sequence)` asks the database about a release.
    """
    notices = []
    journal = publish_dir / JOURNAL_NAME
    releases = publish_dir / "releases"
    if journal.exists():
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
            sequence, digests = int(entry["sequence"]), dict(entry["files"])
        except (ValueError, KeyError, TypeError) as err:  # written atomically: a hand edit
            raise RadioError(N_("{file}: unreadable release journal ({problem}); move it aside and check "
                                "publish/releases against the database"), file=str(journal), problem=str(err)) from None
        final = releases / str(sequence)
        if committed(sequence):
            wrong = _mismatches(final, digests)
            if wrong:
                notices.append(f"release {sequence} committed but {len(wrong)} of its files are "
                               f"missing or changed ({wrong[0]}); `current` stays where it was — "
                               "run `radio publish` again")
                journal.unlink()
            else:
                go_live(publish_dir, sequence, pointer)
                notices.append(f"release {sequence}: an interrupted publish had committed it; "
                               "its files were complete and verified, and it is now live")
        else:
            shutil.rmtree(final, ignore_errors=True)
            shutil.rmtree(releases / f".building-{sequence}", ignore_errors=True)
            journal.unlink()
            notices.append(f"release {sequence}: removed an interrupted publish that had not "
                           "committed (no station could have seen it)")
    swept = [p.name for p in remove_stale_temps(publish_dir) + remove_stale_temps(publish_dir / "store")]
    if releases.is_dir():
        for folder in releases.glob(".building-*"):
            shutil.rmtree(folder, ignore_errors=True)
            swept.append(f"releases/{folder.name}")
    if swept:
        notices.append(f"{publish_dir}: removed {len(swept)} temporary file(s) left by an "
                       f"interrupted publish ({', '.join(sorted(swept))})")
    return notices


def _digests(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): file_sha256(path)
            for path in sorted(root.rglob("*")) if path.is_file()}


def _mismatches(root: Path, digests: Mapping[str, str]) -> list[str]:
    wrong = []
    for relative, sha256 in digests.items():
        path = root / relative
        if not path.is_file() or file_sha256(path) != sha256:
            wrong.append(relative)
    return wrong


def _prune(releases: Path, keep: int) -> None:
    numbered = sorted((p for p in releases.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
    for old in numbered[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
