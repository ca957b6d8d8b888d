"""Phone numbers, numbers with units, fractions, and the symbols left between words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from radio.reading.lexicon import Lexicon
from radio.reading.numbers import cardinal, decimal, digits
from radio.reading.vietnamese import plain, spellings

_SP = r"[ \t]"
_SEP = r"[.\- \t]"
# A number after these words is dialled, so it is read digit by digit ("gọi 1022", "hotline 113").
_PHONE_CUE = (r"(?i:điện thoại|đường dây nóng|hotline|tổng đài|số máy|fax|zalo|gọi|nhắn tin"
              r"|liên hệ|liên lạc)")
_CUED_PHONE = re.compile(rf"(?P<cue>{_PHONE_CUE}(?:{_SP}*(?:số|:))?{_SP}*)(?P<num>\d+(?:{_SEP}\d+)*)(?![\w/])")
# Shapes that are phone numbers anywhere: 0255.3822.123, 0912 345 678, 0912345678, 1900 1234.
_PHONE = re.compile(
    rf"(?<![\w.,/])(?P<num>0\d{{2,4}}{_SEP}\d{{3,4}}(?:{_SEP}\d{{2,4}})?|0\d{{9,10}}"
    rf"|1[89]00{_SEP}?\d{{3,4}}(?:{_SEP}\d{{2,4}})?|\(0\d{{2,4}}\){_SEP}?\d{{3,4}}(?:{_SEP}\d{{2,4}})?)"
    rf"(?![\w/]|[.,]\d)")

_WHOLE = r"(\d{1,3}(?:\.\d{3})+|\d+)"
_FRACTION = re.compile(rf"(?<![\w/.,]){_WHOLE}(?:,(\d+))?/{_WHOLE}(?![\w/])")  # 1.234/1.500
_NUMBER = (r"(?<![\w])(?:(?P<th>\d{1,3}(?:\.\d{3})+)(?!\d)|(?P<dot>\d+\.\d+)(?!\d)|(?P<int>\d+))"
           r"(?:,(?P<frac>\d+))?")
_PER_WORDS = r"(?:ngày|tuần|tháng|quý|năm|giờ|phút|người|hộ|lượt|hồ sơ|tấn|lít|con|lần|xã|tạ)"
_WORD_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")
_BRACKET = re.compile(r"\s*\((?P<inner>[^()]*)\)")
_SYMBOLS = (("./.", "."), ("&", " và "), ("≥", " lớn hơn hoặc bằng "), ("≤", " nhỏ hơn hoặc bằng "),
            ("~", " khoảng "), ("/", " "))


def _grouped(number: str) -> str:
    """A dialled number read digit by digit, a pause between the written groups."""
    groups = re.findall(r"\d+", number)
    if len(groups) == 1 and len(number) >= 9:  # unbroken 0912345678: 4-3-rest, as it is dictated
        groups = [number[:4], number[4:7], number[7:]]
    return ", ".join(digits(group) for group in groups)


def phones(text: str) -> str:
    """Phone and hotline numbers digit by digit, in the groups they were written in."""
    text = _CUED_PHONE.sub(lambda m: m["cue"] + _grouped(m["num"]), text)
    return _PHONE.sub(lambda m: _grouped(m["num"]), text)


def _alternatives(keys: Iterable[str]) -> str:
    forms = {form for key in keys for form in spellings(key)}
    return "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) or r"(?!)"


def unit_pattern(units: Iterable[str]) -> re.Pattern[str]:
    """Numbers with an optional unit right after them ("98,5%", "12 km2", "500.000đ").

    A number glued to letters that are not a unit is left whole ("Tổ 1A", "Quốc lộ 1A"), so the
    fallback spells it as one token ("một a") rather than this rule leaving "mộtA".
    """
    return re.compile(_NUMBER + rf"(?:{_SP}?(?P<unit>{_alternatives(units)})(?![\w])|(?![^\W_]))")


def per_pattern(units: Iterable[str]) -> re.Pattern[str]:
    """A slash before a unit or a counted word: "đồng/người/tháng", "người/km2"."""
    return re.compile(rf"(?<=[^\W\d_])/(?:(?P<unit>{_alternatives(units)})|{_PER_WORDS})(?![\w])")


def _number(m: re.Match[str]) -> str:
    if m["dot"]:  # "4.0", "1.5": not a thousands group, so a point said as "chấm"
        whole, point = m["dot"].split(".")
        return f"{cardinal(int(whole))} chấm {digits(point)}"
    written = m["th"] or m["int"]
    if m["int"] and (written.startswith("0") and len(written) > 3 or len(written) >= 9):
        return digits(written)  # "0255", "4300123456": a code, not a count (counts carry dots)
    return decimal(written, m["frac"])


def numbers(text: str, pattern: re.Pattern[str], lexicon: Lexicon) -> str:
    """Fractions ("15/15 xã"), then numbers with "." thousands, "," decimals and units."""
    text = _FRACTION.sub(lambda m: f"{decimal(m[1], m[2])} trên {decimal(m[3], None)}", text)

    def one(m: re.Match[str]) -> str:
        said = _number(m)
        return f"{said} {_unit(m['unit'], lexicon)}" if m["unit"] else said
    return pattern.sub(one, text)


def _unit(written: str, lexicon: Lexicon) -> str:
    senses = lexicon.lookup("units", written)
    return senses[0].read if senses else written


def per(text: str, pattern: re.Pattern[str], lexicon: Lexicon) -> str:
    """"đồng/người/tháng" → "đồng mỗi người mỗi tháng", "người/km2" → "người mỗi ki lô mét vuông"."""
    return pattern.sub(lambda m: f" mỗi {_unit(m['unit'], lexicon) if m['unit'] else m[0][1:]}", text)


def leftover_digits(text: str) -> str:
    """Any digits still glued to letters ("lần2") read as a number: no digit reaches an engine."""
    return re.sub(r"\d+", lambda m: cardinal(int(m[0])), text)


def symbols(text: str) -> str:
    """"xã/phường" → "xã, phường", "&" → "và", any other slash a pause."""
    text = _WORD_SLASH.sub(", ", text)
    for symbol, said in _SYMBOLS:
        text = text.replace(symbol, said)
    return text


def drop_echoes(text: str) -> str:
    """"thủ tục hành chính (thủ tục hành chính)" → say it once: the bracket only repeated it
    (compared without case or tone placement: "Văn hoá" echoes "Văn hóa")."""
    # One pass over the brackets: a regex with a lazy prefix before each bracket was quadratic.
    kept, position = [], 0
    for bracket in _BRACKET.finditer(text):
        before, inner = text[position:bracket.start()], bracket["inner"].strip()
        echoes = inner and f" {plain(before)}".endswith(f" {plain(inner)}")
        kept.append(before if echoes else text[position:bracket.end()])
        position = bracket.end()
    kept.append(text[position:])
    return "".join(kept)
