"""The abbreviation lexicon: shipped data (lexicon.toml) merged with the editor's own file.

A file has up to six tables, each mapping a written form to its reading:

- `words`   abbreviations and words anywhere in running text (UBND, VNeID, PAR INDEX)
- `types`   document types inside a document code (QĐ in `1512/QĐ-UBND`; Decree 30/2020)
- `issuers` issuing bodies inside a document code (UBND, CP, TU)
- `units`   units after a number (%, km2, ha)
- `web`     the parts of web and e-mail addresses, lower case (gov, vn, dichvucong, quangngai)
- `letters` letter names used to spell unknown capitals (B → "bê")

A reading is either text, or a list of senses `{ read = "...", cues = ["...", ...] }` for an
abbreviation with several meanings: the sense with a cue nearest the abbreviation in the same
sentence wins (cues after it count double, since "… của Thị ủy" names the issuer), the first
sense when no cue is present.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.tomlfile import Table, load_toml
from radio.reading.vietnamese import canonical

SHIPPED = Path(__file__).with_name("lexicon.toml")
TABLES = ("words", "types", "issuers", "units", "web", "letters")
_WINDOW = 120  # characters either side of an abbreviation searched for cues
_SENTENCE_END = re.compile(r"[.;!?\n]\s")


@dataclass(frozen=True)
class Sense:
    read: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, tuple[Sense, ...]]
    types: dict[str, tuple[Sense, ...]]
    issuers: dict[str, tuple[Sense, ...]]
    units: dict[str, tuple[Sense, ...]]
    web: dict[str, tuple[Sense, ...]]
    letters: dict[str, str]

    def lookup(self, table: str, written: str) -> tuple[Sense, ...] | None:
        """The senses of `written` in one table, whichever tone placement it was written with."""
        entries: dict[str, tuple[Sense, ...]] = getattr(self, table)
        return entries.get(canonical(written))

    def merged(self, other: Lexicon) -> Lexicon:
        """This lexicon with every entry of `other` replacing or adding to it."""
        return Lexicon(*({**getattr(self, name), **getattr(other, name)} for name in TABLES))


def choose(senses: tuple[Sense, ...], text: str, start: int, end: int) -> str:
    """The sense of the abbreviation at text[start:end] whose cue is nearest in its sentence."""
    if len(senses) == 1:
        return senses[0].read
    before, after = map(canonical, _sentence_around(text, start, end))
    best, best_distance = senses[0].read, None
    for sense in senses:
        for cue in sense.cues:
            pattern = _cue_pattern(cue)
            hits = [2 * (len(before) - m.end()) for m in pattern.finditer(before)]
            hits += [m.start() for m in pattern.finditer(after)]
            if hits and (best_distance is None or min(hits) < best_distance):
                best, best_distance = sense.read, min(hits)
    return best


@cache
def _cue_pattern(cue: str) -> re.Pattern[str]:
    """A cue as a whole word or phrase, compiled once: `choose` runs for every ambiguous word."""
    return re.compile(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", re.IGNORECASE)


def _sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - _WINDOW):start]
    after = text[end:end + _WINDOW]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end():]
    stop = _SENTENCE_END.search(after)
    return before, after[:stop.start()] if stop else after


def load_lexicon(user: Path | None = None) -> Lexicon:
    """The shipped lexicon, overridden entry by entry by the editor's file when given."""
    lexicon = _load(SHIPPED)
    return lexicon.merged(_load(user)) if user is not None else lexicon


@cache
def _load_cached(path: Path, mtime_ns: int) -> Lexicon:
    raw = Table(load_toml(path), path.name)
    tables = {name: raw.table(name) for name in TABLES}  # checks each is a table
    raw.done()
    letters = {key: tables["letters"].get(key, str) for key in tables["letters"].keys()}  # noqa: SIM118
    lexicon = Lexicon(words=_entries(tables["words"]), types=_entries(tables["types"]),
                      issuers=_entries(tables["issuers"]), units=_entries(tables["units"]),
                      web=_entries(tables["web"]), letters=letters)
    for table in tables.values():
        table.done()
    return lexicon


def _load(path: Path) -> Lexicon:
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise RadioError(N_("{file}: lexicon file not found; fix [reading] lexicon in the settings"),
                         file=str(path)) from None
    return _load_cached(path, mtime)


def _entries(table: Table) -> dict[str, tuple[Sense, ...]]:
    entries: dict[str, tuple[Sense, ...]] = {}
    for key in table.keys():  # noqa: SIM118 — free-form: every key is a written form
        value: str | list[object] = table.get(key, (str, list))
        if isinstance(value, str):
            senses: tuple[Sense, ...] = (Sense(unicodedata.normalize("NFC", value)),)
        else:
            senses = tuple(_sense(item, f"{table.field(key)}[{i}]") for i, item in enumerate(value))
        if not senses or not all(s.read for s in senses):
            raise RadioError(N_("{field}: give a reading (text or a list of senses)"), field=table.field(key))
        entries[canonical(key)] = senses
    return entries


def _sense(raw: object, where: str) -> Sense:
    table = Table(raw, where)
    read = table.get("read", str)
    cues = table.get("cues", list, [])
    table.done()
    if not all(isinstance(cue, str) and cue for cue in cues):
        raise RadioError(N_("{field}: a list of words or phrases, e.g. [\"thị xã\"]"), field=table.field("cues"))
    return Sense(unicodedata.normalize("NFC", read), tuple(canonical(cue) for cue in cues))
