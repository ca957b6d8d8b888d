"""Written CCHC text → the words an announcer says, before any speech engine sees it.

The rules run in a fixed order, each a named pure function of the text so far: web addresses and
document references first (they hold slashes, dots, dashes and capitals the later rules would
misread), then the bulletin shapes that hold capitals or dots (boat registrations, alarm levels),
lexicon words (an acronym after "gọi tắt là" as it is known), storm names, road chainage,
coordinates, phone numbers, day ranges and number lists, ranges, dates, times, Roman numerals,
ordinals, numbers with units, and last the fallback that spells unknown capitals.

`Normalizer.explain(text, steps=True)` also says which rule rewrote what: each rule's output is
compared with its input only then, so the normal path pays nothing for it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from radio.reading import abbreviations, bulletins, calendar, quantities, web
from radio.reading.lexicon import load_lexicon
from radio.reading.refs import References, numbered_years, tidy_codes
from radio.reading.settings import ReadingSettings

_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_SPACE_BEFORE_MARK = re.compile(r" +([,.;:!?)])")
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class Rule:
    """One step of the reading: `apply(text, spelled)` returns the text rewritten."""

    name: str
    apply: Callable[[str, list[str]], str]


@dataclass(frozen=True)
class Step:
    """What one rule rewrote: the written words and the words it put in their place."""

    rule: str
    written: str
    read: str


@dataclass(frozen=True)
class Reading:
    text: str                  # what the engine is given
    spelled: tuple[str, ...]   # unknown capitals spelled letter by letter: lexicon candidates
    steps: tuple[Step, ...] = ()  # which rule read what (only when asked for)


class Normalizer:
    """Loads the lexicons once; `read` is then a pure function of the text."""

    def __init__(self, settings: ReadingSettings) -> None:
        self.codes = settings.codes
        self.lexicon = lexicon = load_lexicon(settings.lexicon)
        words = abbreviations.key_pattern(lexicon.words)
        number_units = quantities.unit_pattern(lexicon.units)
        per = quantities.per_pattern(lexicon.units)
        references = References(lexicon, settings.codes)
        self.rules: tuple[Rule, ...] = (
            Rule("web-address", lambda t, _: web.addresses(t, lexicon)),
            Rule("loose-code", lambda t, _: tidy_codes(t)),
            Rule("document-reference", lambda t, _: references.read(t)),
            Rule("numbered-year", lambda t, _: numbered_years(t, lexicon)),
            Rule("boat-registration", lambda t, _: bulletins.boat_registrations(t)),
            Rule("alarm-level", lambda t, _: bulletins.alarm_levels(t)),
            Rule("acronym-as-known", lambda t, _: abbreviations.as_known(t, words, lexicon)),
            Rule("lexicon-word", lambda t, _: abbreviations.expand_words(t, words, lexicon)),
            Rule("storm-name", lambda t, _: bulletins.storm_names(t)),
            Rule("glued-number", lambda t, _: quantities.unglue(t)),
            Rule("chainage", lambda t, _: bulletins.chainage(t)),
            Rule("coordinates", lambda t, _: bulletins.coordinates(t)),
            Rule("phone-number", lambda t, _: quantities.phones(t)),
            Rule("dotted-or-dashed-date", lambda t, _: calendar.undash_dates(t)),
            Rule("day-month-dash", lambda t, _: calendar.dashed_day_months(t)),
            Rule("day-range", lambda t, _: bulletins.day_ranges(t)),
            Rule("number-list", lambda t, _: bulletins.number_lists(t)),
            Rule("range", lambda t, _: calendar.ranges(t)),
            Rule("date", lambda t, _: calendar.dates(t)),
            Rule("clock-time", lambda t, _: calendar.times(t)),
            Rule("roman-numeral", lambda t, _: calendar.romans(t)),
            Rule("ordinal", lambda t, _: calendar.ordinals(t)),
            Rule("named-number", lambda t, _: bulletins.named_numbers(t)),
            Rule("negative-number", lambda t, _: quantities.negatives(t)),
            Rule("dimensions", lambda t, _: quantities.dimensions(t)),
            Rule("per-duration", lambda t, _: quantities.per_duration(t)),
            Rule("number-and-unit", lambda t, _: quantities.numbers(t, number_units, lexicon)),
            Rule("per-unit", lambda t, _: quantities.per(t, per, lexicon)),
            Rule("spell-unknown-capitals", lambda t, spelled: abbreviations.fallback(t, lexicon, spelled)),
            Rule("leftover-digits", lambda t, _: quantities.leftover_digits(t)),
            Rule("symbol", lambda t, _: quantities.symbols(t)),
            Rule("bracket-echo", lambda t, _: quantities.drop_echoes(t)),
        )
        self._readings: dict[str, str] = {}  # a build reads each text several times

    def read(self, text: str) -> str:
        """The reading of `text`, line for line (a line never becomes two)."""
        if text not in self._readings:
            self._readings[text] = self.explain(text).text
        return self._readings[text]

    def explain(self, text: str, steps: bool = False) -> Reading:
        """The reading, the capitals that had to be spelled for want of a lexicon entry, and with
        `steps` which rule rewrote which words."""
        spelled: list[str] = []
        done: list[Step] | None = [] if steps else None
        text = _SPACES.sub(" ", unicodedata.normalize("NFC", text))
        for rule in self.rules:
            rewritten = rule.apply(text, spelled)
            if done is not None and rewritten != text:
                done += _changes(rule.name, text, rewritten)
            text = rewritten
        text = _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", text))
        return Reading(text.strip(" "), tuple(dict.fromkeys(spelled)), tuple(done or ()))


def _changes(rule: str, before: str, after: str) -> list[Step]:
    """The word spans a rule replaced, found by comparing its input and output word by word."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [Step(rule, " ".join(old[i1:i2]), " ".join(new[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
