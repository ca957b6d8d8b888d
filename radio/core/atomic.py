"""Writing files so that a reader sees the old version or the new one, never half of either.

This is the one writer that makes renames durable: every staged file is flushed to disk (fsync)
before it is renamed over its target, and the folder after, so a power cut cannot leave a
renamed name pointing at data that never reached the disk. Callers never fsync themselves.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from radio.core.errors import FilesError, RadioError
from radio.core.i18n import N_, Text


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Temporary files are created private (0600); outputs get the mode an ordinary new file would get,
# so that a web server or another user can read the episode and the publish tree. Safe on Windows:
# umask exists there and chmod only sets or clears read-only, and 0o666 & ~mask leaves it writable.
_PUBLIC_MODE = 0o666 & ~_umask()
_WINDOWS = os.name == "nt"
TEMP_SUFFIX = ".tmp"


def fsync_file(path: Path) -> None:
    """Flush a file's data to disk."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename, a new name) to disk.

    Windows cannot open a directory for fsync; NTFS journals its metadata, so it is skipped there.
    """
    if _WINDOWS:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    """Flush every file and folder under `root` (a release folder before it is renamed)."""
    for folder, _dirs, names in os.walk(root):
        for name in names:
            fsync_file(Path(folder) / name)
        fsync_dir(Path(folder))


def land(temp: Path, target: Path, private: bool = False) -> None:
    """Rename a finished temporary file over its target, its data on disk first."""
    if not private:
        os.chmod(temp, _PUBLIC_MODE)
    fsync_file(temp)
    os.replace(temp, target)


class Staging:
    """Temporary files beside their targets, renamed into place together by `commit`."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path, bool]] = []

    def path_for(self, target: Path, private: bool = False) -> Path:
        """A temporary path for `target`; `private` keeps it readable by its owner only (keys)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
        os.close(fd)
        self._pending.append((Path(name), target, private))
        return Path(name)

    @property
    def pending(self) -> tuple[tuple[Path, Path], ...]:
        """(temporary file, target) for every file not yet committed."""
        return tuple((temp, target) for temp, target, _private in self._pending)

    def commit(self, after_each: Callable[[Path], None] = lambda _target: None) -> None:
        """Rename every file into place (durably); `after_each(target)` runs after each rename."""
        folders: dict[Path, None] = {}
        while self._pending:
            temp, target, private = self._pending[0]
            land(temp, target, private)
            self._pending.pop(0)
            folders[target.parent] = None
            after_each(target)
        for folder in folders:
            fsync_dir(folder)

    def discard(self) -> None:
        for temp, _target, _private in self._pending:
            temp.unlink(missing_ok=True)
        self._pending.clear()


@contextmanager
def staging() -> Iterator[Staging]:
    """Commit the staged files if the block succeeds; remove them if it fails or is interrupted."""
    staged = Staging()
    try:
        yield staged
        staged.commit()
    finally:
        staged.discard()


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with staging() as staged:
        staged.path_for(target).write_bytes(data)


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system has them, else a copy (another volume, FAT)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the `.name.XXXX.tmp` files (and write probes) a killed run left in `folder`.

    Only safe while holding the folder's `exclusive` lock: another live run's files look the same.
    """
    removed = []
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name.startswith(".") and (path.name.endswith(TEMP_SUFFIX)
                                              or path.name.startswith(".probe.")):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                removed.append(path)
    return removed


@contextmanager
def exclusive(lock_file: Path, busy: str | Text) -> Iterator[None]:
    """Hold an exclusive lock on `lock_file` for the block, or fail at once with `busy`.

    The operating system drops the lock when the process dies, even by SIGKILL, so a killed run
    never leaves a stale lock behind; the file itself stays (removing it would race).
    """
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise FilesError(N_("{folder}: cannot write here ({problem}); fix the folder's permissions"),
                         folder=str(lock_file.parent), problem=err.strerror) from None
    try:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # one byte is enough: every holder locks it
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise RadioError(N_("{busy} (lock {lock}); wait for it to finish"), busy=busy,
                             lock=str(lock_file)) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock on both systems


def ensure_writable_dir(folder: Path) -> None:
    """Fail early, before minutes of work, when the output folder cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".probe.", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as err:
        raise FilesError(N_("{folder}: cannot write here ({problem}); choose another episodes folder or fix "
                            "its permissions"), folder=str(folder), problem=err.strerror) from None
