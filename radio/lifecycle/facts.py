"""The facts register as the Studio's admin keeps it: every fact listed, one changed at a time.

A change is written to the user's facts folder (`[program].facts` in schedule.toml, else facts/
beside it): the first change to a shipped file copies it there, since that folder replaces the
shipped files file by file. The file is rewritten staged-and-renamed with its comments kept, and
audited in the same transaction: no change without its entry, nor the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine

from radio.content.fact_edit import FactChange, changed_text
from radio.content.facts import Fact, FactKind, fact_files
from radio.core.atomic import write_text_atomic
from radio.core.errors import SettingsError, os_error
from radio.core.i18n import N_
from radio.store import audit
from radio.store.db import transaction

AUDIT_ACTION = "fact"


class FactState(StrEnum):
    CONFIRMED = "confirmed"
    EXAMPLE = "example"    # an example to confirm
    EXPIRED = "expired"    # its days ended
    HISTORY = "history"    # ended, and another of its name followed it


@dataclass(frozen=True)
class FactEntry:
    """One fact as the register page lists it, with what the page needs to change it."""

    fact: Fact
    state: FactState
    file: str      # the fact file's name (area.toml): the key with `index`
    user_copy: bool  # already in the user's folder (else a change copies the shipped file first)

    @property
    def key(self) -> str:
        return f"{self.file}:{self.fact.index}"


def register_entries(facts: tuple[Fact, ...], user_dir: Path | None, today: date) -> list[FactEntry]:
    """Every fact, the ones in force today first, by unit and name."""
    followed = {(f.name, f.unit, f.valid_from) for f in facts}
    entries = []
    for fact in facts:
        later = any(n == fact.name and u == fact.unit and fact.valid_to is not None and start > fact.valid_to
                    for n, u, start in followed)
        if fact.valid_to is not None and fact.valid_to < today:
            state = FactState.HISTORY if later else FactState.EXPIRED
        else:
            state = FactState.CONFIRMED if fact.confirmed else FactState.EXAMPLE
        entries.append(FactEntry(fact, state, fact.file.name,
                                 user_dir is not None and fact.file.parent == user_dir))
    order: dict[str, int] = {FactState.EXAMPLE: 0, FactState.EXPIRED: 1, FactState.CONFIRMED: 2, FactState.HISTORY: 3}
    return sorted(entries, key=lambda e: (order[e.state], e.fact.unit, e.fact.name, e.fact.valid_from))


def change_fact(engine: Engine, user_dir: Path | None, root: Path, file: str, index: int, name: str,
                change: FactChange, by: str, now: datetime) -> Fact:
    """Make `change` to fact `index` of the fact file `file` (named `name`), in the user's folder
    (`user_dir`, else root/facts); refused with nothing written when the register would not load."""
    files = fact_files(user_dir)
    if file not in files:
        raise SettingsError(N_("{file}: no such fact file; open the facts page again"), file=file)
    folder = user_dir or root / "facts"
    target = folder / file
    try:
        texts = {folder / p.name if p.name == file else p: p.read_text(encoding="utf-8")
                 for p in files.values()}
    except OSError as err:
        raise os_error(err, files[file], N_("reading the facts register")) from None
    new_text, fact = changed_text(texts, target, index, name, change)
    detail = _detail(fact)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with transaction(engine) as session:
            audit.add_entry(session, by, AUDIT_ACTION, f"{name}@{fact.unit}" if fact.unit else name, now,
                            detail)
            write_text_atomic(target, new_text)
    except OSError as err:
        raise os_error(err, target, N_("writing the facts register")) from None
    return fact


def _detail(fact: Fact) -> str:
    parts = [fact.value]
    if fact.kind == FactKind.ONE_STOP:
        parts += [fact.address, fact.hours]
    state = "confirmed" if fact.confirmed else "example"
    return f"{' · '.join(p for p in parts if p)} ({state}; {fact.source})"
