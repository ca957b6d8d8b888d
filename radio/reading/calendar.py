"""Dates, times, ranges, Roman numerals and the words "thứ"/"tháng" before a number."""

from __future__ import annotations

import re

from radio.reading.numbers import cardinal, month, ordinal, roman

_SP = r"[ \t]"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = r"(?i:thứ[ \t]+(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ[ \t]+nhật)"

_DASHED_DATE = re.compile(rf"(?<![\w./-])(\d{{1,2}})([.-])(\d{{1,2}})\2({_YEAR})(?![\w.-]\d|\w)")

# A dash between two numbers, times, dates, Roman numerals or weekdays is a range: "đến".
# Between words it is a list or a name ("Đăng ký khai sinh - Đăng ký thường trú") and stays.
_NUMERIC_RANGE = re.compile(
    rf"(?P<left>(?<![\w])(?:[IVXL]+|\d[\d.,:/]*(?:h\d{{0,2}}|%)?))"
    rf"{_SP}*[-–—]{_SP}*"
    rf"(?P<right>\d|[IVXL]+(?![\w])|(?i:chủ{_SP}+nhật)"
    # a word only when a number follows: "2021 - năm 2025", not "2024 - năm Chuyển đổi số"
    rf"|(?i:thứ|tháng|ngày|quý|năm){_SP}+(?=\d|[IVXL]+(?![\w])|(?i:hai|ba|tư|năm|sáu|bảy)(?![\w])))")
_WEEKDAY_RANGE = re.compile(rf"(?P<left>{_WEEKDAY}){_SP}*[-–—]{_SP}*(?P<right>{_WEEKDAY})")
# "500.000 đồng - 1.000.000 đồng", "3 ngày - 5 ngày": the same unit after both numbers makes the
# dash a range too; different words ("3 xã - 2 phường") may be a list, so they stay.
_UNIT_RANGE = re.compile(
    rf"(?P<left>(?<![\w])\d[\d.,]*{_SP}+(?P<unit>[^\W\d_]+(?:{_SP}+[^\W\d_]+)?))"
    rf"{_SP}*[-–—]{_SP}*(?=\d[\d.,]*{_SP}+(?P=unit)(?!\w))")

_FULL_DATE = re.compile(rf"(?:(?P<kw>(?i:ngày)){_SP}+)?(?<![\w/])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>{_YEAR})(?!\d)")
_MONTH_YEAR = re.compile(rf"(?:(?P<kw>(?i:tháng)){_SP}+)?(?<![\w/])(?P<m>\d{{1,2}})/(?P<y>{_YEAR})(?![\d/])")
_QUARTER_YEAR = re.compile(rf"(?P<kw>(?i:quý)){_SP}+(?P<q>[IV]+|[1-4])(?![\w]){_SP}*/{_SP}*(?P<y>{_YEAR})(?!\d)")
_DAY_MONTH = re.compile(rf"(?:(?P<kw>(?i:ngày)){_SP}+)?(?<![\w/.,])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?![\d/])")
# Without a year, d/m is a date only after these words or before another date ("20/5 đến 25/5").
_DATE_CUE = re.compile(rf"(?i:\b(?:từ|đến|trước|sau|hết|tới|hôm|sáng|chiều|tối|đêm|trưa)){_SP}+$")
_DATE_LISTED = re.compile(rf"\d{{1,2}}/\d{{1,2}}{_SP}*(?:,|và|hoặc){_SP}*$")  # "15/6 và 15/12"
_DATE_FOLLOWS = re.compile(rf"{_SP}+(?:đến|và|tới){_SP}+(?:(?i:ngày){_SP}+)?\d{{1,2}}/\d{{1,2}}")

_CLOCK_H = re.compile(r"(?<![\w.,:])(\d{1,2})h(\d{2})?(?![\w])")
_CLOCK_COLON = re.compile(r"(?<![\w.,:])(\d{1,2}):(\d{2})(?![\d:])")
_ON_THE_HOUR = re.compile(rf"(?<![\w.,:])(\d{{1,2}}){_SP}*giờ{_SP}*00(?![\d])")  # "7 giờ 00"

_ROMAN_WORDS = r"kh(?:óa|oá)|quý|chương|mục|phần|kỳ|đợt|lần thứ|thứ|loại|hạng|cấp|giai đoạn|nhóm|tập|đại hội|phụ lục|tiểu mục"
_ROMAN_AFTER = re.compile(
    rf"(?P<kw>(?i:\b(?:{_ROMAN_WORDS}))){_SP}+"
    rf"(?P<list>[IVXL]+(?:{_SP}*(?:,|và|đến|hoặc){_SP}*[IVXL]+)*)(?![\w])")
_ROMAN_TOKEN = re.compile(r"[IVXL]+")
_ROMAN_HEADING = re.compile(r"(?m)^(?P<lead>[ \t*#]*)(?P<num>[IVXL]+)(?P<tail>[.)][ \t])")

_ORDINAL = re.compile(rf"(?P<kw>(?i:\bthứ)){_SP}+0?(?P<n>\d{{1,2}})(?!\d|[.,/:h]\d)")
_MONTH = re.compile(rf"(?P<kw>(?i:\btháng)){_SP}+0?(?P<n>\d{{1,2}})(?!\d|[.,/:]\d)")


def undash_dates(text: str) -> str:
    """"20-12-2021", "20.12.2021" → "20/12/2021", so the range rule cannot mistake them."""
    def one(m: re.Match[str]) -> str:
        return f"{m[1]}/{m[3]}/{m[4]}" if _valid(int(m[1]), int(m[3])) else m[0]
    return _DASHED_DATE.sub(one, text)


def ranges(text: str) -> str:
    """"10 - 15 phút", "2022-2025", "Thứ 2 - Thứ 6", "5 ngày - 7 ngày": the dash reads "đến"."""
    text = _WEEKDAY_RANGE.sub(r"\g<left> đến \g<right>", text)
    text = _UNIT_RANGE.sub(r"\g<left> đến ", text)
    return _NUMERIC_RANGE.sub(r"\g<left> đến \g<right>", text)


def _valid(day: int, mon: int) -> bool:
    return 1 <= day <= 31 and 1 <= mon <= 12


def _date_words(day: str, mon: str) -> str:
    return f"{cardinal(int(day))} tháng {month(int(mon))}"


def dates(text: str) -> str:
    """d/m/yyyy, m/yyyy, Quý III/2023 and (in context) d/m, never saying "ngày" twice."""
    def full(m: re.Match[str]) -> str:
        if not _valid(int(m["d"]), int(m["m"])):
            return m[0]
        return f"{m['kw'] or 'ngày'} {_date_words(m['d'], m['m'])} năm {cardinal(int(m['y']))}"

    def month_year(m: re.Match[str]) -> str:
        if not 1 <= int(m["m"]) <= 12:
            return m[0]
        return f"{m['kw'] or 'tháng'} {month(int(m['m']))} năm {cardinal(int(m['y']))}"

    def quarter(m: re.Match[str]) -> str:
        number = roman(m["q"]) if not m["q"].isdigit() else int(m["q"])
        return f"{m['kw']} {cardinal(number)} năm {cardinal(int(m['y']))}" if number else m[0]

    def day_month(m: re.Match[str]) -> str:
        in_context = (m["kw"] or _DATE_CUE.search(text, 0, m.start())
                      or _DATE_LISTED.search(text, 0, m.start()) or _DATE_FOLLOWS.match(text, m.end()))
        if not (_valid(int(m["d"]), int(m["m"])) and in_context):
            return m[0]
        return f"{m['kw'] or 'ngày'} {_date_words(m['d'], m['m'])}"

    text = _FULL_DATE.sub(full, text)
    text = _QUARTER_YEAR.sub(quarter, text)  # before m/yyyy: "quý 3/2023" is not a month
    text = _MONTH_YEAR.sub(month_year, text)
    return _DAY_MONTH.sub(day_month, text)


def _clock(hours: str, minutes: str | None) -> str | None:
    h, mins = int(hours), int(minutes or 0)
    if h > 24 or mins > 59:
        return None
    said = f"{cardinal(h)} giờ"
    if mins:
        said += f" {cardinal(mins)}" + (" phút" if mins < 10 else "")
    return said


def times(text: str) -> str:
    """"7h30" → "bảy giờ ba mươi", "17h" → "mười bảy giờ", "07:45" → "bảy giờ bốn mươi lăm"."""
    text = _ON_THE_HOUR.sub(r"\1 giờ", text)
    text = _CLOCK_H.sub(lambda m: _clock(m[1], m[2]) or m[0], text)
    return _CLOCK_COLON.sub(lambda m: _clock(m[1], m[2]) or m[0], text)


def romans(text: str) -> str:
    """Roman numerals after khóa/quý/chương/mục/phần/kỳ… ("quý II, III"), and heading numbers."""
    def after(m: re.Match[str]) -> str:
        ordinal_kw = m["kw"].lower().endswith("thứ")
        values = [roman(token) for token in _ROMAN_TOKEN.findall(m["list"])]
        if None in values:
            return m[0]
        words = iter(ordinal(v) if ordinal_kw else cardinal(v) for v in values)  # type: ignore[arg-type]
        return f"{m['kw']} " + _ROMAN_TOKEN.sub(lambda _: next(words), m["list"])

    def heading(m: re.Match[str]) -> str:
        value = roman(m["num"])
        return f"{m['lead']}{cardinal(value)}{m['tail']}" if value else m[0]

    return _ROMAN_HEADING.sub(heading, _ROMAN_AFTER.sub(after, text))


def ordinals(text: str) -> str:
    """"thứ 4" → "thứ tư", "thứ 1" → "thứ nhất", "tháng 4" → "tháng tư", "tháng 02" → "tháng hai"."""
    text = _ORDINAL.sub(lambda m: f"{m['kw']} {ordinal(int(m['n']))}", text)

    def month_word(m: re.Match[str]) -> str:
        n = int(m["n"])
        return f"{m['kw']} {month(n)}" if 1 <= n <= 12 else f"{m['kw']} {cardinal(n)}"
    return _MONTH.sub(month_word, text)
