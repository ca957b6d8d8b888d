"""A build's recordings frozen as it first reads them: each copied once, in one read.

The build speaks, hashes for build.json and the approval digest, and keys its inputs digest from
these copies only, so a recording replaced in the Studio while the build runs cannot end up heard
in one version and named in another: episode.mp3, build.json and the approval all say the old
one, and the next build sees the new file as a change.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from radio.content.script import Script
from radio.core.errors import RadioError
from radio.core.i18n import N_


class RecordingSnapshot:
    """Copies of a build's recordings in a private folder, removed when the build ends."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._copies: dict[Path, Path] = {}  # original → copy
        self._originals: dict[Path, Path] = {}  # copy → original

    def __enter__(self) -> RecordingSnapshot:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    def freeze(self, script: Script) -> Script:
        """`script` with every recorded segment pointing at its copy (made on first sight)."""
        return replace(script, segments=tuple(
            replace(s, recorded=self._copy(s.recorded)) if s.recorded is not None else s
            for s in script.segments))

    def original(self, path: Path) -> Path:
        """The file a copy was made from (how build.json names it); any other path as it is."""
        return self._originals.get(path, path)

    def _copy(self, path: Path) -> Path:
        if path in self._copies:
            return self._copies[path]
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="radio-recordings-"))
        copy = self._folder / f"{len(self._copies)}-{path.name}"
        try:
            with path.open("rb") as source, copy.open("wb") as out:
                shutil.copyfileobj(source, out, 1 << 20)  # one open: one version of the file
        except FileNotFoundError:
            raise RadioError(N_("{file}: recorded file not found; fix the path in the month's episode.toml "
                                "or add the file"), file=str(path)) from None
        except OSError as err:
            raise RadioError(N_("{file}: cannot read the recorded file ({problem})"), file=str(path),
                             problem=err.strerror) from None
        self._copies[path] = copy
        self._originals[copy] = path
        return copy
