"""A change to one fact of the register, as the Studio's admin makes it: the file's text rewritten
with its comments kept (tomlkit), and checked with every other fact file before anything is written.

Pure: texts in, text out. radio.lifecycle.facts reads and writes the files and audits the change.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Table

from radio.content.facts import Fact, FactKind, register_of
from radio.core.errors import SettingsError
from radio.core.i18n import N_


@dataclass(frozen=True)
class FactChange:
    """The fields an admin may change; `address` and `hours` only for a one-stop centre."""

    value: str
    source: str
    confirmed: bool
    address: str = ""
    hours: str = ""


def changed_text(texts: Mapping[Path, str], target: Path, index: int, name: str,
                 change: FactChange) -> tuple[str, Fact]:
    """`target`'s new text with `change` made to its fact number `index` (named `name`), and the
    fact as it now reads; a SettingsError when the result is not a valid register (with the other
    files of `texts`, path → text) or the fact is no longer where the page saw it."""
    doc = tomlkit.parse(texts[target])
    facts = doc.get("facts")
    table = facts[index] if isinstance(facts, AoT) and 0 <= index < len(facts) else None
    if not isinstance(table, Table) or table.get("name") != name:
        raise SettingsError(N_("{file}: facts[{index}] is no longer the fact {name}; open the facts page "
                               "again"), file=str(target), index=index, name=name)
    table["value"] = change.value.strip()
    table["source"] = change.source.strip()
    table["confirmed"] = change.confirmed
    if table.get("kind") == FactKind.ONE_STOP:
        for key, text in (("address", change.address), ("hours", change.hours)):
            if text.strip():
                table[key] = text.strip()
            elif key in table:
                del table[key]
    new_text = tomlkit.dumps(doc)
    parsed = {path: tomllib.loads(new_text if path == target else text) for path, text in texts.items()}
    register = register_of(parsed)
    return new_text, next(f for f in register.facts if f.file == target and f.index == index)
