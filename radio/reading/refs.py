"""Document references: `1512/QĐ-UBND`, `45/2020/NĐ-CP`, `27-NQ/TW`, read as number, year and code.

How the code (`QĐ-UBND`) is voiced is the editor's choice (`[reading] codes`):
drop → nothing; expand → "quyết định, Ủy ban nhân dân"; spell → "quy đê, u bê en đê".
"""

from __future__ import annotations

import re

from radio.reading.abbreviations import spell
from radio.reading.lexicon import Lexicon, choose
from radio.reading.numbers import cardinal

_PART = r"[A-ZĐ][A-Za-zĐđ]*\d*"
_CODE = rf"{_PART}(?:-{_PART})*"
_YEAR = r"(?:19|20)\d{2}"
# number/[year/]TYPE-ISSUER…  or  number-TYPE/ISSUER…
_REFERENCE = re.compile(
    rf"(?<![\w/.,])(?P<num>\d+)(?:/(?P<year>{_YEAR}))?/(?P<code>{_CODE})(?![\w&])"
    rf"|(?<![\w/.,])(?P<num2>\d+)-(?P<type>{_PART})/(?P<issuers>{_CODE})(?![\w&])")
_NOUN_BEFORE = re.compile(r"(?i:\s+(?:số\s*:?)?\s*)$")
_TERM = re.compile(r"([A-Za-zĐđ]+?)(\d+)")  # QH15: the Quốc hội of the 15th term


def read_references(text: str, lexicon: Lexicon, codes: str) -> str:
    """Every document reference in `text` read aloud; `codes` is drop | expand | spell."""
    def one(match: re.Match[str]) -> str:
        if match["num"] is not None:
            parts = match["code"].split("-")
            doc_type = parts[0] if lexicon.lookup("types", parts[0]) else None
            issuers = parts[1:] if doc_type else parts
            number, year = match["num"], match["year"]
        else:
            doc_type, issuers = match["type"], match["issuers"].split("-")
            number, year = match["num2"], None
        words = cardinal(int(number)) + (f" năm {cardinal(int(year))}" if year else "")
        if codes == "drop":
            return words
        if codes == "spell":
            said = [spell(part, lexicon.letters) for part in [doc_type, *issuers] if part]
        else:
            said = [_type(doc_type, lexicon, text, match)] if doc_type else []
            if said and _named_before(said[0], text[:match.start()]):
                said = []  # "Quyết định số 1512/QĐ-…": the type was just said
            said += [_issuer(part, lexicon, text, match) for part in issuers]
        return f"{words}, {', '.join(said)}" if said else words
    return _REFERENCE.sub(one, text)


def _named_before(reading: str, before: str) -> bool:
    """Whether the words before a reference ("Quyết định số") already name its type."""
    return _NOUN_BEFORE.sub("", before).casefold().endswith(reading.casefold())


def _type(part: str, lexicon: Lexicon, text: str, match: re.Match[str]) -> str:
    senses = lexicon.lookup("types", part) or lexicon.lookup("words", part)
    return choose(senses, text, match.start(), match.end()) if senses else spell(part, lexicon.letters)


def _issuer(part: str, lexicon: Lexicon, text: str, match: re.Match[str]) -> str:
    senses = lexicon.lookup("issuers", part) or lexicon.lookup("words", part)
    if senses:
        return choose(senses, text, match.start(), match.end())
    term = _TERM.fullmatch(part)
    if term and (lexicon.lookup("issuers", term[1]) or lexicon.lookup("words", term[1])):
        return f"{_issuer(term[1], lexicon, text, match)} khóa {cardinal(int(term[2]))}"
    return spell(part, lexicon.letters)
