"""Document references: `1512/QĐ-UBND`, `45/2020/NĐ-CP`, `27-NQ/TW`, read as number, year and code.

How the code (`QĐ-UBND`) is voiced is the editor's choice (`[reading] codes`):
drop → nothing; expand → "quyết định của Ủy ban nhân dân"; spell → "quy đê, u bê en đê". The issuer
is always read after "của": bare, it would become the clause's subject ("Nghị định số …, Chính phủ
được thực hiện thống nhất").

In expand mode an announcer says nothing twice: the type is not read when the words before the
number say it ("Quyết định số 1512/QĐ-…"), and the issuer is not read when the sentence names it
("… ngày 3/4/2025 của UBND tỉnh", "UBND tỉnh ban hành Kế hoạch số …"): its code, a reading or the
cues of a one-sense lexicon entry ("thủ tướng" for TTg) in the same clause. A named issuer takes
the code's other parts with it (its divisions: `UBND-HCC`, `SYT-TCCB`); an issuer code the lexicon
does not know is named by the initials of words in the clause ("2509/CĐ-CHHVN … Cục Hàng hải Việt
Nam").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from radio.reading.abbreviations import spell
from radio.reading.lexicon import Lexicon, Sense, choose
from radio.reading.numbers import cardinal
from radio.reading.vietnamese import canonical

_PART = r"[A-ZĐ][A-Za-zĐđ&]*\d*"
_CODE = rf"{_PART}(?:-{_PART})*"
_YEAR = r"(?:19|20)\d{2}"
# number/[year/]TYPE-ISSUER…  or  number-TYPE/ISSUER…
_REFERENCE = re.compile(  # "52b/QĐ-UBND": a number may carry a letter
    rf"(?<![\w/.,])(?P<num>\d+[a-z]?)(?:/(?P<year>{_YEAR}))?/(?P<code>{_CODE})(?![\w&])"
    rf"|(?<![\w/.,])(?P<num2>\d+)-(?P<type>{_PART})/(?P<issuers>{_CODE})(?![\w&])")
# "13/2013/ TT- BYT": spaces typed inside a code
_LOOSE_CODE = re.compile(rf"(?P<head>(?<![\w/.,])\d+/(?:{_YEAR}/)?)(?P<gap>[ \t]*)(?P<part>{_PART})"
                         rf"(?:(?P<dash>[ \t]*[-–][ \t]*)(?=[A-ZĐ]))?")
_NUMBERED = re.compile(rf"(?P<lead>(?i:\bsố)[ \t]*:?[ \t]*)(?P<num>\d+)/(?P<year>{_YEAR})(?![\d/])")
_GLUED = re.compile(rf"(?<![\w/])(?P<type>[A-ZĐ][A-Za-zĐđ]*?)(?P<num>\d+)/(?P<year>{_YEAR})(?![\w/])")
_NOUN_BEFORE = re.compile(r"(?i:\s+(?:s[ốô]\s*:?)?\s*)$")  # "sô": the accent often dropped
_TERM = re.compile(r"([A-Za-zĐđ]+?)(\d+)")  # QH15: the Quốc hội of the 15th term
_CLAUSE_END = re.compile(r"[.;!?\n](?:\s|$)")


def tidy_codes(text: str) -> str:
    """"13/2013/ TT- BYT" → "13/2013/TT-BYT": spaces typed inside a code, so it reads as one."""
    def one(m: re.Match[str]) -> str:
        if not m["gap"] and (m["dash"] is None or m["dash"] == "-"):
            return m[0]
        return m["head"] + m["part"] + ("-" if m["dash"] is not None else "")
    return _LOOSE_CODE.sub(one, text)


def numbered_years(text: str, lexicon: Lexicon) -> str:
    """A number and a year with no code: "Nghị quyết số 98/2023" → "số chín mươi tám năm hai nghìn
    không trăm hai mươi ba" (after "số" it is never a month), and a type glued to its number,
    "theo TT36/2017" → "theo thông tư ba mươi sáu năm …"."""
    def numbered(m: re.Match[str]) -> str:
        return f"{m['lead']}{cardinal(int(m['num']))} năm {cardinal(int(m['year']))}"

    def glued(m: re.Match[str]) -> str:
        senses = lexicon.lookup("types", m["type"])
        if not senses:
            return m[0]
        return f"{senses[0].read} {cardinal(int(m['num']))} năm {cardinal(int(m['year']))}"
    return _GLUED.sub(glued, _NUMBERED.sub(numbered, text))


class References:
    """Reads every document reference of a text; built once per lexicon and code setting."""

    def __init__(self, lexicon: Lexicon, codes: str) -> None:
        self.lexicon, self.codes = lexicon, codes
        readings = {canonical(s.read).casefold() for senses in lexicon.issuers.values() for s in senses}
        # "Chính phủ" inside "Thủ tướng Chính phủ" does not name the Government
        self._longer = {short: tuple(r for r in readings if r != short and r.endswith(" " + short))
                        for short in readings}

    def read(self, text: str) -> str:
        """Every document reference in `text` read aloud."""
        matches = list(_REFERENCE.finditer(text))
        if not matches:
            return text
        masked = _masked(text, matches)
        pieces, position = [], 0
        for match in matches:
            pieces += [text[position:match.start()], self._one(match, text, masked)]
            position = match.end()
        return "".join(pieces) + text[position:]

    def _one(self, match: re.Match[str], text: str, masked: str) -> str:
        lexicon = self.lexicon
        if match["num"] is not None:
            parts = match["code"].split("-")
            doc_type = parts[0] if lexicon.lookup("types", parts[0]) else None
            issuers = parts[1:] if doc_type else parts
            number, year = match["num"], match["year"]
        else:
            doc_type, issuers = match["type"], match["issuers"].split("-")
            number, year = match["num2"], None
        words = _number(number, lexicon.letters) + (f" năm {cardinal(int(year))}" if year else "")
        if self.codes == "drop":
            return words
        if self.codes == "spell":
            said = [spell(part, lexicon.letters) for part in [doc_type, *issuers] if part]
            return f"{words}, {', '.join(said)}"
        said = [self._type(doc_type, text, match)] if doc_type else []
        if said and (_named_before(said[0], text[:match.start()])
                     or _named_before(doc_type or "", text[:match.start()])):
            said = []  # "Quyết định số 1512/QĐ-…": the type was just said
        words += f", {said[0]}" if said else ""
        if issuers and not self._named(issuers[0], _clause(masked, match.start(), match.end())):
            # "của": a bare issuer would become the clause's subject ("Nghị định số …, Chính phủ
            # được thực hiện" says the Government is carried out)
            words += " của " + ", ".join(self._issuer(part, text, match) for part in issuers)
        return words

    def _type(self, part: str, text: str, match: re.Match[str]) -> str:
        senses = self.lexicon.lookup("types", part) or self.lexicon.lookup("words", part)
        if not senses:
            return spell(part, self.lexicon.letters)
        return choose(senses, text, match.start(), match.end())

    def _senses(self, part: str) -> tuple[tuple[Sense, ...] | None, str | None]:
        """The issuer's senses, and the term number of a `QH15`-shaped part."""
        senses = self.lexicon.lookup("issuers", part) or self.lexicon.lookup("words", part)
        if senses:
            return senses, None
        term = _TERM.fullmatch(part)
        if term:
            base = self.lexicon.lookup("issuers", term[1]) or self.lexicon.lookup("words", term[1])
            if base:
                return base, term[2]
        return None, None

    def _issuer(self, part: str, text: str, match: re.Match[str]) -> str:
        senses, term = self._senses(part)
        if senses:
            said = choose(senses, text, match.start(), match.end())
            return f"{said} khóa {cardinal(int(term))}" if term else said
        if "&" in part:  # "CCHC&PC": each side read, "và" between
            return " và ".join(self._issuer(side, text, match) for side in part.split("&") if side)
        return spell(part, self.lexicon.letters)

    def _named(self, part: str, clause: str) -> bool:
        """Whether the clause names the issuer `part`: its code, a reading or a cue, as words."""
        senses, _term = self._senses(part)
        forms = [part, _TERM.sub(r"\1", part)]
        if senses:  # a one-sense entry's cues name it; several senses' cues only choose among them
            forms += [s.read for s in senses] + (list(senses[0].cues) if len(senses) == 1 else [])
        said = _plain(clause)
        if any(self._said(_plain(form), said) for form in forms if form):
            return True
        return senses is None and _initials_named(part, clause)

    def _said(self, form: str, said: str) -> bool:
        for hit in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", said):
            before = said[:hit.start()]
            if not any(before.endswith(longer[:-len(form)]) for longer in self._longer.get(form, ())):
                return True
        return False


_WORD = re.compile(r"[^\W\d_]+")


def _initials_named(part: str, clause: str) -> bool:
    """Whether an unknown issuer code is the initials of words the clause says: "CHHVN" and "… do
    Cục Hàng hải Việt Nam điện", "TĐS" and "Công ty thủy điện Sông Tranh". Three letters at least,
    so a short code is not matched by chance."""
    letters = part.replace("&", "").upper()
    if len(letters) < 3 or not letters.isalpha():
        return False
    # "và" is not in a body's initials: CNTY is "Chi cục Chăn nuôi và Thú y"
    initials = "".join(word[0] for word in _WORD.findall(clause) if word.casefold() != "và").upper()
    return letters in initials


def _number(written: str, letters: dict[str, str]) -> str:
    """"52b" → "năm mươi hai bê": a document number with a letter suffix."""
    if written[-1].isdigit():
        return cardinal(int(written))
    return f"{cardinal(int(written[:-1]))} {letters.get(written[-1].upper(), written[-1])}"


def _plain(text: str) -> str:
    """Lower case, one tone placement, "&" as "và", single spaces: how names are compared."""
    return " ".join(canonical(text).casefold().replace("&", " và ").split())


def _masked(text: str, matches: Iterable[re.Match[str]]) -> str:
    """The text with every reference blanked: a code's own "UBND" does not name its issuer."""
    chars = list(text)
    for match in matches:
        chars[match.start():match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end]: from the last ". ; ! ?" before it to the next after it."""
    ends = list(_CLAUSE_END.finditer(text, 0, start))
    begin = ends[-1].end() if ends else 0
    stop = _CLAUSE_END.search(text, end)
    return text[begin:stop.start() if stop else len(text)]


def _named_before(reading: str, before: str) -> bool:
    """Whether the words before a reference ("Quyết định số", "TT") already name its type."""
    said = _NOUN_BEFORE.sub("", before).casefold()
    return bool(reading) and re.search(rf"(?<!\w){re.escape(reading.casefold())}$", said) is not None
