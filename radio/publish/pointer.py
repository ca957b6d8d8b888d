"""Which release is live: the one platform-specific part of the publish tree.

POSIX: `publish/current` is a symlink to `releases/<n>`, swapped by renaming a new symlink over it
(rename(2) is atomic); nginx or any static server follows it.

Windows: a symlink needs administrator rights (or Developer Mode), and a directory junction cannot
be swapped atomically: MoveFileEx refuses to rename anything over a directory, so a swap would
remove the old junction and create the new one, leaving a moment with no `current` at all. So on
Windows `publish/CURRENT` is a one-line file naming the live release (`releases/7`), replaced like
any file (MoveFileEx with MOVEFILE_REPLACE_EXISTING, atomic on NTFS) and read on every request by
`radio serve`; a web server in front proxies to `radio serve` instead of reading the folder.

Both schemes run on Linux too, so their logic is tested here; only the choice uses the platform.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from radio.core.atomic import fsync_dir, write_text_atomic

PLATFORM = sys.platform  # tests set "win32" to run the Windows scheme on Linux
LINK_NAME = "current"
FILE_NAME = "CURRENT"
_RELEASE = re.compile(r"^releases[/\\](\d+)[/\\]?$")


class LivePointer(Protocol):
    def read(self, publish_dir: Path) -> str | None:
        """The live release's folder name under releases/ ("7"), or None before the first."""

    def point(self, publish_dir: Path, release: str) -> None:
        """Make releases/<release> live, atomically: a reader sees the old release or the new."""


@dataclass(frozen=True)
class SymlinkPointer:
    """POSIX: publish/current → releases/<n>."""

    symlink: Callable[..., None] = os.symlink
    readlink: Callable[[Path], str] = os.readlink
    replace: Callable[[Path, Path], None] = os.replace

    def read(self, publish_dir: Path) -> str | None:
        try:
            return _release(str(self.readlink(publish_dir / LINK_NAME)))
        except OSError:  # missing, or not a link
            return None

    def point(self, publish_dir: Path, release: str) -> None:
        temp = publish_dir / f".{LINK_NAME}.tmp"
        temp.unlink(missing_ok=True)
        self.symlink(Path("releases") / release, temp, target_is_directory=True)
        self.replace(temp, publish_dir / LINK_NAME)
        fsync_dir(publish_dir)


@dataclass(frozen=True)
class FilePointer:
    """Windows: publish/CURRENT holds `releases/<n>`."""

    def read(self, publish_dir: Path) -> str | None:
        try:
            return _release((publish_dir / FILE_NAME).read_text(encoding="utf-8").strip())
        except FileNotFoundError:
            return None

    def point(self, publish_dir: Path, release: str) -> None:
        write_text_atomic(publish_dir / FILE_NAME, f"releases/{release}\n")


def host_pointer() -> LivePointer:
    """The scheme for this machine."""
    return FilePointer() if PLATFORM == "win32" else SymlinkPointer()


def _release(target: str) -> str | None:
    match = _RELEASE.match(target)
    return match[1] if match else None
