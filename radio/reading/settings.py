"""`[reading]` of schedule.toml: how the normaliser voices document codes, and the editor's lexicon."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from radio.core.tomlfile import Table, existing_file, read_section, setting


class CodeReading(StrEnum):
    """How a document code such as QĐ-UBND is voiced."""

    DROP = "drop"
    EXPAND = "expand"
    SPELL = "spell"


CODE_READINGS = tuple(CodeReading)


@dataclass(frozen=True)
class ReadingSettings:
    codes: str = setting(CodeReading.EXPAND, kind=str, choices=CODE_READINGS)  # drop | expand | spell
    lexicon: Path | None = existing_file()  # the editor's own lexicon, overriding the shipped one


def parse_reading(t: Table, root: Path) -> ReadingSettings:
    return read_section(t, ReadingSettings, root)
