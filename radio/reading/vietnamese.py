"""Vietnamese spelling facts the rules need: one tone placement, and what a syllable looks like."""

from __future__ import annotations

import re
import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining marks)
# oa/oe/uy with no final consonant, tone written on the second vowel ("hoá", "khoẻ", "thuỷ"),
# not after q ("quý" is qu + y). Old and new placements are both correct; we use one.
_OLD_PLACEMENT = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY][" + _TONES + r"])(?![^\W\d_]|[\u0300-\u036f])")

_NEW_PLACEMENT = re.compile(
    r"(?<![qQ])([oOuU])([" + _TONES + r"])([aAeEyY])(?![^\W\d_]|[\u0300-\u036f])")

_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
_RIME = r"[aăâeêioôơuưy]{1,3}(?:ng|nh|ch|[cmnpt])?"
_SYLLABLE = re.compile(_ONSET + _RIME)


def canonical(text: str) -> str:
    """NFC, with the tone of oa/oe/uy on the first vowel: "hoá" → "hóa", "Thuỷ" → "Thủy".

    Length-preserving, so lexicon keys and text written either way meet in one form.
    """
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_PLACEMENT.sub(lambda m: m[1] + m[2][1] + m[2][0], decomposed)
    return unicodedata.normalize("NFC", moved)


def plain(text: str) -> str:
    """Lower-case words separated by single spaces, one tone placement: how phrases are compared."""
    return " ".join(re.findall(r"\w+", canonical(text).casefold()))


def spellings(text: str) -> set[str]:
    """Both accepted ways of writing `text` (NFC): {"hóa", "hoá"}; one when no tone is movable."""
    new = canonical(text)
    old = _NEW_PLACEMENT.sub(lambda m: m[1] + m[3] + m[2], unicodedata.normalize("NFD", new))
    return {new, unicodedata.normalize("NFC", old)}


def _base(word: str) -> str:
    """Lower-case, tone marks removed, vowel shapes (ă â ê ô ơ ư) and đ kept."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if c not in _TONES)
    return unicodedata.normalize("NFC", stripped)


def is_syllable(word: str) -> bool:
    """Whether `word` (any case) is spelled like one Vietnamese syllable: "HOẠCH" yes, "TTHC" no."""
    return bool(_SYLLABLE.fullmatch(_base(word)))
