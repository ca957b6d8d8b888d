"""Written CCHC text → the words an announcer says, before any speech engine sees it.

The rules run in a fixed order, each a pure function of the text so far: document references
first (they hold slashes, dashes and capitals the later rules would misread), then lexicon words,
phone numbers, ranges, dates, times, Roman numerals, ordinals, numbers with units, and last the
fallback that spells unknown capitals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from radio.reading.settings import ReadingSettings
from radio.reading import abbreviations, calendar, quantities, refs
from radio.reading.lexicon import load_lexicon

_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_SPACE_BEFORE_MARK = re.compile(r" +([,.;:!?)])")


@dataclass(frozen=True)
class Reading:
    text: str                  # what the engine is given
    spelled: tuple[str, ...]   # unknown capitals spelled letter by letter: lexicon candidates


class Normalizer:
    """Loads the lexicons once; `read` is then a pure function of the text."""

    def __init__(self, settings: ReadingSettings) -> None:
        self.codes = settings.codes
        self.lexicon = load_lexicon(settings.lexicon)
        self._words = abbreviations.key_pattern(self.lexicon.words)
        self._numbers = quantities.unit_pattern(self.lexicon.units)
        self._per = quantities.per_pattern(self.lexicon.units)
        self._readings: dict[str, str] = {}  # a build reads each text several times

    def read(self, text: str) -> str:
        """The reading of `text`, line for line (a line never becomes two)."""
        if text not in self._readings:
            self._readings[text] = self.explain(text).text
        return self._readings[text]

    def explain(self, text: str) -> Reading:
        """The reading, and which capitals had to be spelled for want of a lexicon entry."""
        spelled: list[str] = []
        text = _SPACES.sub(" ", unicodedata.normalize("NFC", text))
        text = refs.read_references(text, self.lexicon, self.codes)
        text = abbreviations.expand_words(text, self._words, self.lexicon)
        text = quantities.phones(text)
        text = calendar.undash_dates(text)
        text = calendar.ranges(text)
        text = calendar.dates(text)
        text = calendar.times(text)
        text = calendar.romans(text)
        text = calendar.ordinals(text)
        text = quantities.numbers(text, self._numbers, self.lexicon)
        text = quantities.per(text, self._per, self.lexicon)
        text = abbreviations.fallback(text, self.lexicon, spelled)
        text = quantities.leftover_digits(text)
        text = quantities.symbols(text)
        text = quantities.drop_echoes(text)
        text = _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", text))
        return Reading(text.strip(" "), tuple(dict.fromkeys(spelled)))
