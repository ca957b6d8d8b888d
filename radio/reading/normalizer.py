"""Pass-through until the reading rules land (issue 3)."""

from __future__ import annotations

import unicodedata

from radio.config import ReadingSettings


class Normalizer:
    def __init__(self, settings: ReadingSettings) -> None:
        self.settings = settings

    def read(self, text: str) -> str:
        return unicodedata.normalize("NFC", text)
