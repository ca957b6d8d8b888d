"""`[reading]` of schedule.toml: how the normaliser voices document codes, and the editor's lexicon."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from radio.core.tomlfile import Table, optional_path


class CodeReading(StrEnum):
    """How a document code such as QĐ-UBND is voiced."""

    DROP = "drop"
    EXPAND = "expand"
    SPELL = "spell"


CODE_READINGS = tuple(CodeReading)


@dataclass(frozen=True)
class ReadingSettings:
    codes: str = CodeReading.EXPAND  # drop | expand | spell
    lexicon: Path | None = None  # the editor's own lexicon, overriding the shipped one


def parse_reading(t: Table, root: Path) -> ReadingSettings:
    reading = ReadingSettings(
        codes=CodeReading(t.choice("codes", CODE_READINGS, CodeReading.EXPAND)),
        lexicon=optional_path(t, "lexicon", root),
    )
    t.done()
    return reading
