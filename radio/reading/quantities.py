"""Phone numbers, numbers with units, fractions, and the symbols left between words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from radio.reading.lexicon import Lexicon
from radio.reading.numbers import cardinal, decimal, digits
from radio.reading.vietnamese import is_syllable, plain, spellings

_SP = r"[ \t]"
_SEP = r"(?:[.\-][ \t]?|[ \t])"  # "0255.3822", "0255 3822", "0255. 3822"
# A number after these words is dialled, so it is read digit by digit ("gọi 1022", "hotline 113").
_PHONE_CUE = (r"(?i:điện thoại|đường dây nóng|hotline|tổng đài|số máy|fax|zalo|gọi|nhắn tin"
              r"|liên hệ|liên lạc)")
_CUED_PHONE = re.compile(rf"(?P<cue>{_PHONE_CUE}(?:{_SP}*(?:số|:))?{_SP}*)(?P<num>\d+(?:{_SEP}\d+)*)"
                         rf"(?![\w/])")
# Shapes that are phone numbers anywhere: 0255.3822.123, 0912 345 678, 0912345678, 1900 1234,
# 1900.86.86.47, (02573).882288, 0383.5988800 — nine to eleven digits from a leading 0.
_PHONE = re.compile(
    rf"(?<![\w.,/])(?P<num>0\d{{2,4}}(?:{_SEP}\d{{2,8}}){{1,3}}|0\d{{8,10}}"
    rf"|1[89]00(?:{_SEP}?\d{{2,4}}){{1,3}}|\(0\d{{2,4}}\){_SEP}?\d{{3,8}}(?:{_SEP}\d{{2,4}})?)"
    # more numbers of the same exchange after a dash: "0255. 3822.456 - 3822.789" (a list)
    rf"(?P<more>(?:{_SP}*[-–]{_SP}*\d{{3,4}}[.\- ]\d{{2,4}}(?![\d]))*)"
    rf"(?![\w/]|[.,]\d)")
_LIST_DASH = re.compile(rf"{_SP}*[-–]{_SP}*")
# A short service number a few words after a phone word: "tổng đài dịch vụ công 1022".
_SHORT_CODE = re.compile(rf"(?P<cue>{_PHONE_CUE}(?:{_SP}+[^\W\d_]+){{0,4}}{_SP}+)(?P<num>1\d{{2,7}})"
                         rf"(?![\w/.,]|{_SEP}\d|{_SP}*(?:%|người|hồ sơ|cuộc))")

_WHOLE = r"(\d{1,3}(?:\.\d{3})+|\d+)"
# 1.234/1.500; "24/24h" is a fraction of hours
_FRACTION = re.compile(rf"(?<![\w/.,]){_WHOLE}(?:,(\d+))?/{_WHOLE}(?P<hours>h)?(?![\w/])")
_NUMBER = (r"(?<![\w])(?:(?P<th>\d{1,3}(?:\.\d{3})+)(?!\d)|(?P<dot>\d+\.\d+)(?!\d)|(?P<int>\d+))"
           r"(?:,(?P<frac>\d+))?")
_PER_WORDS = (r"(?:ngày|tuần|tháng|quý|năm|giờ|phút|giây|người|hộ|lượt|hồ sơ|tấn|lít|con|lần|xã|tạ|công"
              r"|vụ|sào|giấy|bản|trang|thẻ|trường hợp|ha|km2|m2|km²|m²|đợt|trận|chuyến|ca|h|s)")
# A speed: a length over an hour is "một giờ" ("ki lô mét một giờ", "hải lý một giờ"), as the
# lexicon's km/h; any other unit over a time is "trên" ("mét khối trên giây"), over a count "mỗi".
_LENGTH_BEFORE = re.compile(r"(?:mét|hải lý|dặm)[ \t]*$")
_TIMES = {"h": "giờ", "giờ": "giờ", "s": "giây", "giây": "giây", "phút": "phút"}
# "100 mm/3 giờ", "mm/24h": an amount within a stretch of time
_PER_DURATION = re.compile(rf"(?<=[^\W\d_])/{_SP}?(?=\d+{_SP}*(?:giờ|h|ngày|phút)(?![\w]))")
_SHARE_BEFORE = re.compile(r"(?<!\w)(?i:chiếm|gần|khoảng|hơn|bằng|còn|trên|dưới|tới)[ \t]+$")
# A number glued to a word either side: "20,9triệu" → "20,9 triệu", "giảm13,9%" → "giảm 13,9%".
_GLUED_AFTER = re.compile(r"(?<=\d)(?=(?:triệu|tỷ|tỉ|nghìn|ngàn|đồng|người|năm|tháng|ngày)(?!\w))")
_GLUED_BEFORE = re.compile(r"(?<![\w])([^\W\d_]{2,})(?=\d)")
_WORD_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")
_BRACKET = re.compile(r"\s*\((?P<inner>[^()]*)\)")
_SYMBOLS = (("./.", "."), ("&", " và "), ("%", " phần trăm"), ("½", " nửa "), ("¼", " một phần tư "),
            ("¾", " ba phần tư "), ("≥", " lớn hơn hoặc bằng "), ("≤", " nhỏ hơn hoặc bằng "),
            ("~", " khoảng "), ("/", " "))


def _grouped(number: str) -> str:
    """A dialled number read digit by digit, a pause between the written groups."""
    groups = re.findall(r"\d+", number)
    if len(groups) == 1 and len(number) >= 9:  # unbroken 0912345678: 4-3-rest, as it is dictated
        groups = [number[:4], number[4:7], number[7:]]
    return ", ".join(digits(group) for group in groups)


def phones(text: str) -> str:
    """Phone and hotline numbers digit by digit, in the groups they were written in.

    A dash between two phone numbers is a list, not a range ("3822.456 - 3822.789"): both are
    read here, before the range rule, so it never sees them.
    """
    text = _CUED_PHONE.sub(lambda m: m["cue"] + _grouped(m["num"]), text)
    text = _SHORT_CODE.sub(lambda m: m["cue"] + _grouped(m["num"]), text)

    def shaped(m: re.Match[str]) -> str:
        count = sum(c.isdigit() for c in m["num"])
        if m["num"].startswith("0") and not 9 <= count <= 11:
            return m[0]
        more = [_grouped(number) for number in _LIST_DASH.split(m["more"]) if number]
        return " - ".join([_grouped(m["num"]), *more])
    return _PHONE.sub(shaped, text)


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
    """A slash before a unit or a counted word: "đồng/người/tháng", "người/km2", "%/ tháng"."""
    return re.compile(rf"(?<=[^\W\d_])/{_SP}?(?:(?P<unit>{_alternatives(units)})|(?P<word>{_PER_WORDS}))"
                      rf"(?![\w])")


# Words before a number that make it a measurement: "độ lớn 4.7", "cường độ 3.2" (an earthquake's
# magnitude), "cao trình 173.14m", where a dot is a decimal mark, said "phẩy"
_MEASURE_BEFORE = re.compile(r"(?<!\w)(?i:độ lớn|cường độ|độ mạnh|mạnh|cao trình|mực nước|lưu lượng)"
                             r"(?:[ \t]+(?:là|khoảng|đạt|ở|lên|tới))?[ \t]*$")
_DEGREE_AFTER = re.compile(r"[ \t]*độ(?!\w)")


def _number(m: re.Match[str]) -> str:
    if m["dot"]:  # "4.0", "1.5": not a thousands group, so a point said as "chấm" …
        whole, point = m["dot"].split(".")
        if (m["unit"] or _MEASURE_BEFORE.search(m.string, 0, m.start())
                or _DEGREE_AFTER.match(m.string, m.end())):
            return decimal(whole, point)  # … unless it measures: "1.86m", "độ lớn 4.7", "3.0 độ"
        return f"{cardinal(int(whole))} chấm {digits(point)}"
    written = m["th"] or m["int"]
    if m["int"] and (written.startswith("0") and len(written) > 3 or len(written) >= 9):
        return digits(written)  # "0255", "4300123456": a code, not a count (counts carry dots)
    return decimal(written, m["frac"])


def _fraction(m: re.Match[str]) -> str:
    """"15/15 xã" → "mười lăm trên mười lăm"; a small share after a share word, "chiếm gần 1/4",
    as an announcer says it: "một phần tư"."""
    whole, part, of = m[1], m[2], m[3]
    if (not part and of.isdigit() and 1 < int(of) <= 10 and whole.isdigit() and int(whole) < int(of)
            and _SHARE_BEFORE.search(m.string, 0, m.start())):
        return f"{cardinal(int(whole))} phần {'tư' if of == '4' else cardinal(int(of))}"
    hours = " giờ" if m["hours"] else ""
    return f"{decimal(whole, part)} trên {decimal(of, None)}{hours}"


def numbers(text: str, pattern: re.Pattern[str], lexicon: Lexicon) -> str:
    """Fractions ("15/15 xã"), then numbers with "." thousands, "," decimals and units."""
    text = _FRACTION.sub(_fraction, text)

    def one(m: re.Match[str]) -> str:
        said = _number(m)
        return f"{said} {_unit(m['unit'], lexicon)}" if m["unit"] else said
    return pattern.sub(one, text)


def _unit(written: str, lexicon: Lexicon) -> str:
    senses = lexicon.lookup("units", written)
    return senses[0].read if senses else written


def per(text: str, pattern: re.Pattern[str], lexicon: Lexicon) -> str:
    """"đồng/người/tháng" → "đồng mỗi người mỗi tháng", "người/km2" → "người mỗi ki lô mét vuông",
    "mm/đợt" → "mi li mét mỗi đợt", "hải lý/giờ" → "hải lý một giờ", "mét khối/s" → "mét khối
    trên giây"."""
    def one(m: re.Match[str]) -> str:
        if m["unit"]:
            return f" mỗi {_unit(m['unit'], lexicon)}"
        time = _TIMES.get(m["word"])
        if time is None:
            return f" mỗi {m['word']}"
        if time == "giờ" and _LENGTH_BEFORE.search(text, 0, m.start()):
            return " một giờ"
        before = text[:m.start()].rsplit(" ", 1)[-1]
        return f" trên {time}" if before in _MEASURE_WORDS else f" mỗi {time}"
    return pattern.sub(one, text)


# unit readings a time can divide ("mét khối trên giây", "lít trên giây"); other words say "mỗi"
_MEASURE_WORDS = {"khối", "mét", "lít", "vuông", "gam", "tấn", "oát"}


def per_duration(text: str) -> str:
    """"100 mm/3 giờ" → "100 mm trong 3 giờ": an amount within a stretch of time."""
    return _PER_DURATION.sub(" trong ", text)


def unglue(text: str) -> str:
    """A space between a number and a Vietnamese word typed against it ("20,9triệu", "giảm13,9%");
    codes ("QL1A", "H5N1", "km2") stay glued."""
    text = _GLUED_AFTER.sub(" ", text)
    return _GLUED_BEFORE.sub(lambda m: m[1] + " " if m[1].islower() and is_syllable(m[1])
                             and any(c not in "abcdefghijklmnopqrstuvwxyz" for c in m[1]) else m[1], text)


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


# A minus sign before a number: after a space, an opening bracket or a sign word, never between
# two numbers (that dash is a range, read before this rule runs) nor inside a word ("-Bí thư").
_NEGATIVE = re.compile(r"[-−–](?<![^\s(\[][-−–])(?=\d)")
_PRECEDING_NUMBER = re.compile(r"\d[\d.,%]*\s*$")


def negatives(text: str) -> str:
    """"-3 độ C" → "âm 3 độ C", "giảm -1,2%" → "giảm âm 1,2%", "(-2,62%)" → "(âm 2,62%)"."""
    def one(m: re.Match[str]) -> str:
        if _PRECEDING_NUMBER.search(text, 0, m.start()):
            return m[0]  # "10 -15": a range the range rule did not take; leave it
        return "âm "
    return _NEGATIVE.sub(one, text)


_DIMENSIONS = re.compile(r"(?<![\w.,])(\d+(?:,\d+)?)\s*[x×]\s*(\d+(?:,\d+)?)"
                         r"(?=\s*[a-zA-Z]{1,2}\b|\s|$|[,.;)])")


def dimensions(text: str) -> str:
    """"3x4cm", "4 x 6 cm" → "3 nhân 4cm": the sizes of a photo or a plot, "nhân" between."""
    return _DIMENSIONS.sub(r"\1 nhân \2 ", text)
