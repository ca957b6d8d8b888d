"""Vietnamese number words: cardinals, digit strings, decimals, ordinals, months, Roman numerals.

Conventions (one announcer's, used everywhere): a zero ten reads "lẻ" (105 → "một trăm lẻ năm"),
1 after a ten from twenty up reads "mốt", 4 after such a ten "tư", 5 after any ten "lăm";
thousands "nghìn", then "triệu", "tỷ"; the decimal mark reads "phẩy".
"""

from __future__ import annotations

import re

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
# Only I, V, X, L: "Phần C", "Mục D" are letters in real documents, not 100 and 500.
_ROMAN_SHAPE = re.compile(r"(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def _tens_units(tens: int, units: int) -> list[str]:
    """The words for tens*10 + units inside a number (the hundreds already said, if any)."""
    if tens == 0:
        return [DIGITS[units]] if units else []
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; `full` says "không trăm"/"lẻ" as a non-leading group must."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
        if tens == 0 and units:
            words.append("lẻ")
    return words + _tens_units(tens, units)


def _below_billion(n: int, full: bool) -> list[str]:
    words: list[str] = []
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        part, n = divmod(n, scale)
        if part:
            words += _group(part, full) + ([name] if name else [])
            full = True  # every later group is read whole: 1.005 → một nghìn không trăm lẻ năm
    return words


def cardinal(n: int) -> str:
    """12345 → "mười hai nghìn ba trăm bốn mươi lăm"; 2023 → "hai nghìn không trăm hai mươi ba"."""
    if n < 0:
        return "âm " + cardinal(-n)
    if n == 0:
        return DIGITS[0]
    return " ".join(_cardinal_words(n, full=False))


def _cardinal_words(n: int, full: bool) -> list[str]:
    billions, rest = divmod(n, _BILLION)
    words: list[str] = []
    if billions:
        words += _cardinal_words(billions, full) + ["tỷ"]
        full = True
    return words + _below_billion(rest, full)


def digits(text: str) -> str:
    """"0255" → "không hai năm năm": one word per digit (phone numbers, codes)."""
    return " ".join(DIGITS[int(c)] for c in text if c.isdigit())


def fraction_digits(text: str) -> str:
    """The part after "phẩy": short parts as a number ("25" → "hai mươi lăm"), else digit by digit."""
    if len(text) <= 2 and not text.startswith("0"):
        return cardinal(int(text))
    return digits(text)


def decimal(whole: str, frac: str | None) -> str:
    """"87", "3" → "tám mươi bảy phẩy ba"; the whole part may carry thousands dots ("12.345")."""
    words = cardinal(int(whole.replace(".", "")))
    return f"{words} phẩy {fraction_digits(frac)}" if frac else words


def ordinal(n: int) -> str:
    """The word after "thứ": 1 → "nhất", 4 → "tư", others the cardinal ("thứ hai", "thứ mười")."""
    return {1: "nhất", 4: "tư"}.get(n) or cardinal(n)


def month(n: int) -> str:
    """The word after "tháng": 4 → "tư" (never "tháng bốn"), others the cardinal."""
    return "tư" if n == 4 else cardinal(n)


def roman(text: str) -> int | None:
    """"XIII" → 13; None unless a well-formed numeral of I, V, X, L."""
    if not text or not _ROMAN_SHAPE.fullmatch(text):
        return None
    total = 0
    for char, nxt in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN[char]
        total += -value if nxt != " " and _ROMAN[nxt] > value else value
    return total
