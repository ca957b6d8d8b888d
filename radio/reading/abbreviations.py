"""Abbreviations: lexicon look-ups in running text, and Vietnamese letter names for the rest."""

from __future__ import annotations

import re
from collections.abc import Iterable

from radio.reading.lexicon import Lexicon, Sense, choose
from radio.reading.numbers import cardinal, digits
from radio.reading.vietnamese import is_syllable, spellings

# A run of letters and digits with a capital or a digit in it: the unit the fallback looks at
# ("TTHC", "H5N1", "KẾ"); all-lower-case words are skipped by the regex, not by Python code, since
# this rule sees every word of a script.
_UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha()}))
_TOKEN = re.compile(rf"(?<![\w])[^\W_]*[{re.escape(_UPPER)}0-9][^\W_]*(?![\w])")
_RUNS = re.compile(r"\d+|[^\W\d_]+")


def key_pattern(keys: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any key as a whole word, in either tone placement, longest first
    ("KT-XH" before "KT")."""
    ordered = sorted({form for key in keys for form in spellings(key)}, key=len, reverse=True)
    if not ordered:
        return None
    # a key ending in "." may be glued to the next word ("TP.Tân An", "TX.Đức Phổ")
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, ordered)) + r")(?:(?<=\.)|(?![\w]))")


_NUMBER_AFTER = re.compile(r"[ \t]+(?:(?i:số)[ \t]*:?[ \t]*)?"
                           r"(?:\d|(?=(?:không|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\b))")


# After these the acronym itself is the point: "Chỉ số cải cách hành chính (PAR INDEX), gọi tắt là
# PAR INDEX" must not say the long name twice. A lexicon sense cued by one of them is the
# acronym's spoken form ("pa in-đếch"); without one, the acronym is spelled letter by letter.
NAMING = ("gọi tắt là", "viết tắt là", "còn gọi là", "tên gọi tắt là", "tên viết tắt là")
_NAMING_ANYWHERE = re.compile(r"(?i:" + "|".join(NAMING) + r")")
_NAMED_BEFORE = re.compile(_NAMING_ANYWHERE.pattern + r"[ \t]*:?[ \t]*[\"“'(]?[ \t]*$")


def _is_naming(sense: Sense) -> bool:
    return bool(sense.cues) and all(cue in NAMING for cue in sense.cues)


def as_known(text: str, pattern: re.Pattern[str] | None, lexicon: Lexicon) -> str:
    """An abbreviation right after "gọi tắt là", "viết tắt là", "còn gọi là" is said as it is
    known (its naming sense in the lexicon, else its letters), not expanded."""
    if pattern is None or not _NAMING_ANYWHERE.search(text):
        return text

    def one(m: re.Match[str]) -> str:
        senses = lexicon.lookup("words", m[0])
        if not senses or not _NAMED_BEFORE.search(text, 0, m.start()):
            return m[0]
        known = [s.read for s in senses if _is_naming(s)]
        return known[0] if known else spell(m[0].rstrip("."), lexicon.letters).lower()
    return pattern.sub(one, text)


def expand_words(text: str, pattern: re.Pattern[str] | None, lexicon: Lexicon) -> str:
    """Replace every lexicon word by its reading, choosing among senses by nearby cue words.

    A word that is also a document type reads as the type before a number: "TT 01/2023/TT-BNV" →
    "thông tư …", "CT số 12" → "chỉ thị số 12", while "TT Y tế" stays "trung tâm Y tế" and
    "CT UBND" "Chủ tịch Ủy ban nhân dân".
    """
    if pattern is None:
        return text

    def one(m: re.Match[str]) -> str:
        senses = lexicon.lookup("words", m[0])
        if senses:
            senses = tuple(s for s in senses if not _is_naming(s)) or senses
        if not senses:
            return m[0]
        doc_type = lexicon.lookup("types", m[0])
        if doc_type and _NUMBER_AFTER.match(text, m.end()):
            senses = doc_type  # "TT 01/2023/TT-BNV": a document type before its number
        said = _without_echo(choose(senses, text, m.start(), m.end()), text[:m.start()])
        return said + " " if m[0].endswith(".") else said
    return pattern.sub(one, text)


def _without_echo(reading: str, before: str) -> str:
    """"Chỉ số PAPI" → "Chỉ số hiệu quả quản trị…", not "Chỉ số chỉ số …": the words the text
    just said are not said again at the start of the reading; an abbreviation that only repeats
    them ("chỉ số giá tiêu dùng CPI") is not said at all."""
    said, words = before.casefold().split(), reading.split()
    for size in range(min(len(said), len(words)), 0, -1):  # all of it: "thẻ bảo hiểm y tế BHYT"
        if said[-size:] == [w.casefold() for w in words[:size]]:
            return " ".join(words[size:])
    return reading


def spell(token: str, letters: dict[str, str]) -> str:
    """"TTHC" → "tê tê hát xê": Vietnamese letter names, digits as a number ("QH15")."""
    words = []
    for run in _RUNS.findall(token):
        if run.isdigit():  # "QH15" → "mười lăm"; "PC08" → "không tám", as it is said
            words.append(digits(run) if run.startswith("0") else cardinal(int(run)))
        else:
            words += [letters.get(char.upper(), char.lower()) for char in run]
    return " ".join(words)


def needs_spelling(token: str) -> bool:
    """Capitals an engine would mangle: two or more capitals, or capitals glued to digits.

    All-capital Vietnamese words ("KẾ HOẠCH") are words, not abbreviations.
    """
    upper = sum(char.isupper() for char in token)
    if any(char.isdigit() for char in token):
        return upper >= 1
    if upper < 2:
        return False
    return not (token.isupper() and is_syllable(token))


def _known_prefix(token: str, lexicon: Lexicon) -> str | None:
    """"QL1A" → "quốc lộ một a": a lexicon word glued to a number is read as both."""
    runs = _RUNS.findall(token)
    senses = lexicon.lookup("words", runs[0]) if len(runs) > 1 and runs[1].isdigit() else None
    if not senses:
        return None
    return f"{senses[0].read} {spell(token[len(runs[0]):], lexicon.letters)}"


def fallback(text: str, lexicon: Lexicon, spelled: list[str]) -> str:
    """Spell unknown capitals, lower-case all-capital words; `spelled` collects what was spelled."""
    def one(match: re.Match[str]) -> str:
        token = match[0]
        if needs_spelling(token):
            known = _known_prefix(token, lexicon)
            if known:
                return known
            spelled.append(token)
            return spell(token, lexicon.letters)
        if token.isupper() and len(token) > 1:
            return token.lower()
        return token
    return _TOKEN.sub(one, text)
