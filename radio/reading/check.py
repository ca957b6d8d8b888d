"""Judging a reading: is it fit for an engine, and does it say what an announcer would?

A reading is correct when no digit, slash or unexpanded abbreviation (two or more capitals in one
word) is left and every expected phrase is present, compared without case, punctuation or tone
placement. Used by the corpus test and `scripts/reading-score`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from radio.core.errors import RadioError
from radio.reading.vietnamese import plain
from radio.core.tomlfile import Table, load_toml

_ABBREVIATION = re.compile(r"\b\w*[A-ZĐ]\w*[A-ZĐ]\w*\b")


@dataclass(frozen=True)
class Case:
    text: str
    expect: tuple[str, ...]     # phrases the reading must contain
    forbid: tuple[str, ...] = ()  # phrases it must not ("đến" in a list of procedure names)


def problems(reading: str, case: Case) -> list[str]:
    """What is wrong with `reading` for `case`; empty when it is read correctly."""
    found = []
    if re.search(r"\d", reading):
        found.append("digit left")
    if "/" in reading:
        found.append("slash left")
    found += [f"abbreviation left: {m[0]}" for m in _ABBREVIATION.finditer(reading)]
    said = f" {plain(reading)} "
    found += [f"missing: {p}" for p in case.expect if f" {plain(p)} " not in said]
    found += [f"must not say: {p}" for p in case.forbid if f" {plain(p)} " in said]
    return found


def load_corpus(path: Path) -> list[Case]:
    """`[[case]]` tables with `text`, `expect` (list of phrases) and optional `forbid`."""
    raw = Table(load_toml(path), path.name)
    cases = []
    for table in raw.tables("case"):
        expect = table.get("expect", list)
        forbid = table.get("forbid", list, [])
        if not all(isinstance(p, str) for p in [*expect, *forbid]):
            raise RadioError(f"{table.where}: expect and forbid are lists of phrases")
        cases.append(Case(table.get("text", str), tuple(expect), tuple(forbid)))
        table.done()
    raw.done()
    return cases
