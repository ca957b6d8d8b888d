"""The static publish tree, swapped in atomically: publish/current → releases/<sequence>.

A release is built complete in a hidden sibling folder, renamed, then `current` (a symlink) is
replaced with os.replace — atomic on POSIX, so a reader sees the old tree or the new, never a mix.
Audio lives once in publish/store/<sha256>.mp3 and is hard-linked into each release.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from radio.core.atomic import staging
from radio.core.errors import RadioError

KEEP_RELEASES = 3  # older releases stay briefly so a reader mid-download can finish


def current_root(publish_dir: Path) -> Path:
    """The folder to serve: publish/current."""
    return publish_dir / "current"


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
            raise RadioError(f"{source}: audio file not found; rebuild it with `radio build`") from None
        if digest.hexdigest() != sha256:
            raise RadioError(f"{source}: sha256 is {digest.hexdigest()[:12]}…, the record says "
                             f"{sha256[:12]}…; the file changed after it was built — rebuild it "
                             "with `radio build`")
    return target


def write_release(publish_dir: Path, sequence: int, files: Mapping[str, bytes],
                  audio: Mapping[str, Path]) -> Path:
    """Build releases/<sequence> from `files` (relative path → bytes) and `audio` (name → stored
    file), point `current` at it, prune old releases; returns the release folder."""
    releases = publish_dir / "releases"
    final = releases / str(sequence)
    if final.exists():
        raise RadioError(f"{final}: release {sequence} already exists; the database and the publish "
                         "folder disagree — restore the database or move the folder aside")
    building = releases / f".building-{sequence}"
    shutil.rmtree(building, ignore_errors=True)
    for relative, data in files.items():
        path = building / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (building / "audio").mkdir(parents=True, exist_ok=True)
    for name, stored in audio.items():
        _link_or_copy(stored, building / "audio" / name)
    os.rename(building, final)
    link = publish_dir / ".current.tmp"
    link.unlink(missing_ok=True)
    os.symlink(Path("releases") / str(sequence), link, target_is_directory=True)
    os.replace(link, current_root(publish_dir))
    _prune(releases, keep=KEEP_RELEASES)
    return final


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links (FAT): a copy works everywhere
        shutil.copyfile(source, target)


def _prune(releases: Path, keep: int) -> None:
    numbered = sorted((p for p in releases.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
    for old in numbered[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
