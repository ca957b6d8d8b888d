"""Judging a reading: is it fit for an engine, and does it say what an announcer would?

A reading is correct when no digit, slash or unexpanded abbreviation (two or more capitals in one
word) is left and every expected phrase is present, compared without case, punctuation or tone
placement. Used by the corpus test and `scripts/reading-score`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.tomlfile import Table, load_toml
from radio.reading.vietnamese import plain

_ABBREVIATION = re.compile(r"\b\w*[A-ZĐ]\w*[A-ZĐ]\w*\b")


@dataclass(frozen=True)
class Case:
    text: str
    expect: tuple[str, ...]     # phrases the reading must contain
    forbid: tuple[str, ...] = ()  # phrases it must not ("đến" in a list of procedure names)
    category: str = ""          # what the sentence tests ("issuer said twice"), for the score table
    source: str = ""            # where the sentence was found (URL or document title)


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
    """`[[case]]` tables with `text`, `expect` (list of phrases), optional `forbid`, `category`
    and `source`."""
    raw = Table(load_toml(path), path.name)
    cases = []
    for table in raw.tables("case"):
        expect = table.get("expect", list)
        forbid = table.get("forbid", list, [])
        if not all(isinstance(p, str) for p in [*expect, *forbid]):
            raise RadioError(N_("{where}: expect and forbid are lists of phrases"), where=table.where)
        cases.append(Case(table.get("text", str), tuple(expect), tuple(forbid),
                          table.get("category", str, ""), table.get("source", str, "")))
        table.done()
    raw.done()
    return cases


@dataclass(frozen=True)
class Failure:
    case: Case
    reading: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    right: int
    by_category: dict[str, tuple[int, int]]  # category → (read right, cases)
    failures: tuple[Failure, ...]


def score_by_category(cases: list[Case], read: Callable[[str], str]) -> Scores:
    """Read every case; count the right ones overall and per category (cases without one: "-")."""
    by_category: dict[str, list[int]] = {}
    failures = []
    for case in cases:
        reading = read(case.text)
        found = problems(reading, case)
        tally = by_category.setdefault(case.category or "-", [0, 0])
        tally[1] += 1
        if found:
            failures.append(Failure(case, reading, tuple(found)))
        else:
            tally[0] += 1
    return Scores(len(cases) - len(failures), {k: (v[0], v[1]) for k, v in by_category.items()},
                  tuple(failures))
