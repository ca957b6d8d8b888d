"""The one error type users see: a message naming the file, line or field and what to do.

Every error a user sees is a RadioError, printed as one line without a traceback. Its subclasses
only add an exit code, so that a scheduler running `radio build` or `radio publish` can tell "retry
later" (the database was locked) from "a person must act" (the month is not approved) from "fix
schedule.toml"; every `except RadioError` still catches them all.
"""

from __future__ import annotations

import errno
import shutil
from contextlib import suppress
from enum import IntEnum
from pathlib import Path
from typing import ClassVar

from radio.core.i18n import N_, Text


class ExitCode(IntEnum):
    """What a command's exit status tells the scheduler that ran it (0 only on success)."""

    OK = 0
    FAILED = 1       # anything the codes below do not name; the message says what to do
    USAGE = 2        # a wrong option or argument (click's own code)
    SETTINGS = 3     # schedule.toml or another input file has a bad value: fix it, then run again
    NOT_READY = 4    # the month is not built, approved or scheduled, or changed after approval
    DATABASE = 5     # the database is unreachable, locked or read-only: retry, or fix its access
    FILES = 6        # a file or folder cannot be read or written: disk full, permissions, a folder
    KEY = 7          # the signing key is missing or unusable
    INTERRUPTED = 130  # Ctrl+C: nothing half-written was kept

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_MEANINGS = {
    ExitCode.OK: "done",
    ExitCode.FAILED: "failed (the message says why)",
    ExitCode.USAGE: "wrong option or argument",
    ExitCode.SETTINGS: "a bad value in schedule.toml or an input file; fix it",
    ExitCode.NOT_READY: "the month is not built, approved or scheduled, or changed after approval",
    ExitCode.DATABASE: "database unreachable, locked or read-only; retry or fix its access",
    ExitCode.FILES: "a file or folder cannot be read or written (disk full, permissions)",
    ExitCode.KEY: "the signing key is missing or unusable",
    ExitCode.INTERRUPTED: "interrupted; nothing half-written was kept",
}


def exit_codes_help(*codes: ExitCode) -> str:
    """The exit codes of a command, for its --help (click keeps `\\b` paragraphs as written)."""
    lines = "\n".join(f"  {int(code):>3}  {code.meaning}" for code in codes)
    return f"\b\nExit status:\n{lines}"


class RadioError(Exception):
    """Bad input or an unusable environment; the CLI prints it without a traceback and exits 1.

    `RadioError(N_("{month}: not built"), month=m)` carries a catalog message and its values:
    `str(err)` is the English (logs), `err.in_language("vi")` what a person reads. A message
    given as finished text (an f-string) is shown as it is in every language.
    """

    exit_code: ClassVar[ExitCode] = ExitCode.FAILED

    def __init__(self, message: object = "", /, **params: object) -> None:
        self.text = message if isinstance(message, Text) else Text(str(message), tuple(params.items()))
        super().__init__(str(self.text))

    def in_language(self, language: str) -> str:
        return self.text.in_language(language)


class SettingsError(RadioError):
    """A value in schedule.toml (or another file the user edits) is wrong."""

    exit_code = ExitCode.SETTINGS


class NotReadyError(RadioError):
    """The month is not in the state the command needs: a person must build, approve or schedule."""

    exit_code = ExitCode.NOT_READY


class DatabaseUnusable(RadioError):
    """The database cannot be reached, opened or written now."""

    exit_code = ExitCode.DATABASE


class FilesError(RadioError):
    """A file or folder cannot be read or written."""

    exit_code = ExitCode.FILES


class SigningKeyError(RadioError):
    """The centre's signing key is missing or cannot be used."""

    exit_code = ExitCode.KEY


# errno → (what went wrong, what to do), for an OS error that reached a command's edge
_ADVICE = {
    errno.ENOSPC: (N_("the disk is full"), N_("free space on it (or point the setting at another "
                                              "disk) and run the command again")),
    errno.EDQUOT: (N_("the disk quota is used up"), N_("free space and run the command again")),
    errno.EROFS: (N_("the file system is read-only"), N_("remount it writable or choose another folder")),
    errno.EACCES: (N_("permission denied"), N_("give this user access to it, or choose another path")),
    errno.EPERM: (N_("operation not permitted"), N_("give this user access to it, or choose another path")),
    errno.EISDIR: (N_("it is a folder"), N_("give the path of a file")),
    errno.ENOTDIR: (N_("a part of the path is a file, not a folder"), N_("check the path")),
    errno.ENOENT: (N_("it does not exist"), N_("check the path")),
    errno.EIO: (N_("the disk reported an input/output error"), N_("check the disk")),
}


def os_error(err: OSError, where: Path | str | None = None, doing: str = "") -> FilesError:
    """One line for an OS error: the path, what went wrong and what to do.

    `where` names the path when the error itself carries none (a write to a full disk does not);
    `doing` says what was being done (an N_-marked message, "publishing"), where the caller knows.
    """
    path = err.filename if err.filename is not None else where
    if path is not None and err.filename2 is not None:
        path = f"{path} → {err.filename2}"
    problem, todo = _ADVICE.get(err.errno or 0, (err.strerror or str(err), N_("check the path and the disk")))
    free: Text | str = ""
    if err.errno == errno.ENOSPC and where is not None:
        with suppress(OSError):
            free = Text.of(N_(" ({megabytes:.1f} MB free there now)"),
                           megabytes=shutil.disk_usage(where).free / 1e6)
    while_doing = Text.of(N_(" while {doing}"), doing=Text(doing)) if doing else ""
    prefix = f"{path}: " if path is not None else ""
    return FilesError(N_("{prefix}{problem}{free}{while_doing}; {todo}"), prefix=prefix,
                      problem=Text(problem), free=free, while_doing=while_doing, todo=Text(todo))
