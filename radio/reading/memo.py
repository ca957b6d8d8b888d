"""Readings kept between runs: a rebuild does not normalise the same texts again.

Every build compiles the year's scripts, reading each text (about 300 of them, ~0.35 s of CPU),
and a rebuild with nothing changed must answer within a second. The readings are kept in one
JSON file per normaliser identity: the reading code, the shipped and the editor's lexicon and the
code-reading setting. Any change to those starts a fresh file, so a kept reading is always the
one the normaliser would give now.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from radio.core.atomic import staging
from radio.reading.lexicon import SHIPPED
from radio.reading.normalizer import Normalizer
from radio.reading.settings import ReadingSettings

_CODE = Path(__file__).parent


def identity(settings: ReadingSettings) -> str:
    """What the readings depend on: the reading code, both lexicons, the code setting."""
    digest = hashlib.sha256(f"memo1|{settings.codes}".encode())
    for path in sorted(_CODE.glob("*.py")) + [SHIPPED, *([settings.lexicon] if settings.lexicon else [])]:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"(absent)")  # the normaliser itself says what is wrong
    return digest.hexdigest()


class ReadingMemo:
    """`read` as the normaliser's, from the kept readings where there is one; `save` keeps the
    new ones (and drops files of other identities)."""

    def __init__(self, normalizer: Normalizer, settings: ReadingSettings, folder: Path) -> None:
        self._normalizer = normalizer
        self._folder = folder
        self._path = folder / f"{identity(settings)[:32]}.json"
        try:
            kept = json.loads(self._path.read_text(encoding="utf-8"))
            self._readings: dict[str, str] = kept if isinstance(kept, dict) else {}
        except (OSError, ValueError):
            self._readings = {}
        self._new = 0

    def read(self, text: str) -> str:
        reading = self._readings.get(text)
        if not isinstance(reading, str):
            reading = self._readings[text] = self._normalizer.read(text)
            self._new += 1
        return reading

    def save(self) -> None:
        if not self._new:
            return
        try:
            with staging() as staged:
                staged.path_for(self._path).write_text(
                    json.dumps(self._readings, ensure_ascii=False), encoding="utf-8")
            for other in self._folder.glob("*.json"):
                if other != self._path:
                    other.unlink(missing_ok=True)
        except OSError:
            pass  # only a saving of time: the next run reads the texts again
        self._new = 0
