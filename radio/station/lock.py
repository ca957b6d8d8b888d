"""One agent per storage: `radio station run` holds an exclusive lock on <storage>/agent.lock.

Two agents on one storage would both play every airing and both report it. The lock is the
operating system's (flock on POSIX, a byte-range lock on Windows), so it goes with the process:
a killed agent never leaves a stale lock behind. The holder writes its process id into the file
so that a second agent can say which process to look at.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import IO

from radio.core.errors import RadioError
from radio.core.i18n import N_, environment_language, gettext

LOCK_NAME = "agent.lock"

ALREADY_RUNNING = N_("Another station agent (process {pid}) is already running on storage {storage}; "
                     "only one may run per storage: stop that one first (or use it)")


class AgentRunning(RadioError):
    """Another agent holds this storage."""


class AgentLock:
    """Held from `acquire` until the process ends or `release`."""

    def __init__(self, storage: Path) -> None:
        self.storage = storage
        self.path = storage / LOCK_NAME
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise AgentRunning naming the process that holds it."""
        if not self.storage.is_dir():
            self.storage.mkdir(parents=True)
        if not self.path.exists():
            self.path.touch()
        # Locked through a read-only handle: the lock works as well, and an agent holding the
        # storage never keeps a file open for writing (which would stop it being remounted).
        handle = self.path.open("r", encoding="utf-8")
        if not _try_lock(handle):
            holder = handle.read().strip() or "?"
            handle.close()
            raise AgentRunning(gettext(environment_language(), ALREADY_RUNNING).format(
                pid=holder, storage=self.storage))
        with suppress(OSError):  # read-only: held all the same, only the process id is not written
            self.path.write_text(f"{os.getpid()}\n", encoding="utf-8")
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None


def _try_lock(handle: IO[str]) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
