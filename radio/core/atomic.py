"""Writing files so that a reader sees the old version or the new one, never half of either."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from radio.core.errors import RadioError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Temporary files are created private (0600); outputs get the mode an ordinary new file would get,
# so that a web server or another user can read the episode and the publish tree. Safe on Windows:
# umask exists there and chmod only sets or clears read-only, and 0o666 & ~mask leaves it writable.
_PUBLIC_MODE = 0o666 & ~_umask()


class Staging:
    """Temporary files beside their targets, renamed into place together by `commit`."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path, bool]] = []

    def path_for(self, target: Path, private: bool = False) -> Path:
        """A temporary path for `target`; `private` keeps it readable by its owner only (keys)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        self._pending.append((Path(name), target, private))
        return Path(name)

    def commit(self) -> None:
        for temp, target, private in self._pending:
            if not private:
                os.chmod(temp, _PUBLIC_MODE)
            os.replace(temp, target)
        self._pending.clear()

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
    with staging() as staged:
        staged.path_for(target).write_text(text, encoding="utf-8")


def ensure_writable_dir(folder: Path) -> None:
    """Fail early, before minutes of work, when the output folder cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".probe.", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as err:
        raise RadioError(f"{folder}: cannot write here ({err.strerror}); "
                         "choose another episodes folder or fix its permissions") from None
