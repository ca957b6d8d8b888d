"""Web and e-mail addresses, read as an announcer gives them out.

"dichvucong.gov.vn" → "dịch vụ công chấm gờ o vê chấm vê en"; "vanthu@quangngai.gov.vn" →
"văn thư a còng quảng ngãi chấm gờ o vê chấm vê en". Each part between dots is read from the
lexicon's `web` table, as a run of its entries ("baonghean" = "bao" + "nghean"), as digits when it
is a number, else letter by letter. Defaults: the scheme (https://) and the path after the domain
are not read — an announcer gives the address a listener can type, not a page's full link.
"""

from __future__ import annotations

import re
from functools import lru_cache

from radio.reading.abbreviations import spell
from radio.reading.lexicon import Lexicon
from radio.reading.numbers import digits
from radio.reading.vietnamese import canonical

_TLD = r"(?:vn|com|net|org|gov|edu|info|int|asia|io)"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = rf"(?:{_LABEL}\.)+{_TLD}(?:\.vn)?"
_ADDRESS = re.compile(
    rf"(?<![\w@.])(?:(?P<local>[A-Za-z0-9](?:[A-Za-z0-9._+-]*[A-Za-z0-9])?)@)?"
    rf"(?:https?://)?(?P<host>{_HOST})(?P<path>/[^\s,;)\]”\"]*)?(?![\w@])",
    re.IGNORECASE)
_ANY_HOST = re.compile(rf"\.{_TLD}\b", re.IGNORECASE)  # a cheap test before the full pattern
_LOCAL_PART = re.compile(r"[A-Za-z]+|\d+|[._+-]")
_SEPARATORS = {".": "chấm", "_": "gạch dưới", "-": "gạch ngang", "+": "cộng"}


def addresses(text: str, lexicon: Lexicon) -> str:
    """Every e-mail and web address in `text` read aloud (see the module docstring)."""
    if not _ANY_HOST.search(text):
        return text

    def one(m: re.Match[str]) -> str:
        host = " chấm ".join(_label(label, lexicon) for label in m["host"].split("."))
        if m["local"] is None:
            return host
        return f"{_local(m['local'], lexicon)} a còng {host}"
    return _ADDRESS.sub(one, text)


def _local(part: str, lexicon: Lexicon) -> str:
    """The part before "@": words from the lexicon, numbers digit by digit, "." as "chấm"."""
    said = []
    for piece in _LOCAL_PART.findall(part):
        if piece in _SEPARATORS:
            said.append(_SEPARATORS[piece])
        else:
            said.append(_label(piece, lexicon))
    return " ".join(said)


def _label(label: str, lexicon: Lexicon) -> str:
    if label.isdigit():
        return digits(label)
    if "-" in label:
        return " gạch ngang ".join(_label(piece, lexicon) for piece in label.split("-") if piece)
    pieces = _segment(label.casefold(), frozenset(lexicon.web))
    if pieces is not None:
        return " ".join(lexicon.web[canonical(piece)][0].read for piece in pieces)
    return spell(label.upper(), lexicon.letters)


@lru_cache(maxsize=1024)
def _segment(label: str, known: frozenset[str]) -> tuple[str, ...] | None:
    """`label` as a run of known parts, fewest parts first ("baonghean" → bao, nghean); None if
    it is not one."""
    best: list[tuple[str, ...] | None] = [()] + [None] * len(label)
    for end in range(1, len(label) + 1):
        for start in range(end):
            head, piece = best[start], label[start:end]
            if head is not None and piece in known:
                candidate = (*head, piece)
                if best[end] is None or len(candidate) < len(best[end]):  # type: ignore[arg-type]
                    best[end] = candidate
    return best[len(label)]
