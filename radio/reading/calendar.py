"""Dates, times, ranges, Roman numerals and the words "thứ"/"tháng" before a number."""

from __future__ import annotations

import re

from radio.reading.numbers import cardinal, month, ordinal, roman

_SP = r"[ \t]"
_YEAR = r"(?:1[89]|20)\d{2}"  # 1890 too: "Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – …)"
_WEEKDAY = r"(?i:thứ[ \t]+(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ[ \t]+nhật)"

_DASHED_DATE = re.compile(rf"(?<![\w./])(\d{{1,2}})([.-])(\d{{1,2}})\2({_YEAR})(?![\w.]\d|\w)")

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

_STARTS_DATE = re.compile(r"\d{1,2}/\d{1,2}")
_FULL_DATE = re.compile(rf"(?:(?P<kw>(?i:ngày)){_SP}+)?(?<![\w/])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
                        rf"/{_SP}?(?P<y>{_YEAR})(?!\d)")  # "01/06/ 2004": a space typed in
# "Ngày đăng: 19/10/2018": the label already said "ngày"
_DAY_LABEL = re.compile(rf"(?i:ngày)(?:{_SP}+[^\W\d_]+){{0,2}}{_SP}*:{_SP}*[(]?$")
_MONTH_YEAR = re.compile(rf"(?:(?P<kw>(?i:tháng)){_SP}+)?(?<![\w/])(?P<m>\d{{1,2}})/(?P<y>{_YEAR})(?![\d/])")
# "đợt 1/2019", "lần 2/2024": the round of a year, not a month
_ROUND_YEAR = re.compile(rf"(?P<kw>(?i:\b(?:đợt|lần|kỳ))){_SP}+(?P<n>\d{{1,2}})/(?P<y>{_YEAR})(?!\d)")
_QUARTER_YEAR = re.compile(rf"(?P<kw>(?i:quý)){_SP}+(?P<q>[IV]+|[1-4])(?![\w])"
                           rf"{_SP}*/{_SP}*(?P<y>{_YEAR})(?!\d)")
_DAY_MONTH = re.compile(rf"(?:(?P<kw>(?i:ngày)){_SP}+)?(?<![\w/.,])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
                        rf"(?![\d/])")
# Without a year, d/m is a date only after these words or before another date ("20/5 đến 25/5").
_DATE_CUE = re.compile(rf"(?i:\b(?:từ|đến|trước|sau|hết|tới)){_SP}+$")
_DATE_LISTED = re.compile(rf"\d{{1,2}}/\d{{1,2}}{_SP}*(?:,|và|hoặc){_SP}*$")  # "15/6 và 15/12"
_DATE_FOLLOWS = re.compile(rf"{_SP}+(?:đến|và|tới){_SP}+(?:(?i:ngày){_SP}+)?\d{{1,2}}/\d{{1,2}}")

# A day and month written with "-" or "." ("ngày 19-5", "Chiều 14.6,", "Quốc khánh 2-9") after a time
# word at most four words back, or listed after another ("30-4, 1-5"); never before a unit or a
# counted word ("4-7 độ C", "3-5 ngày" are ranges).
_TIME_WORD = r"(?i:ngày|sáng|chiều|tối|trưa|đêm|hôm|lễ|dịp|khánh|tết|mùng|mồng)"
_DM_CUE = re.compile(rf"(?:(?<!\w){_TIME_WORD}(?:{_SP}+[^\W\d_]+){{0,4}}"
                     rf"|(?<!\w)(?i:từ|đến|tới|trước|sau|hết)"
                     rf"|\d{{1,2}}[-./]\d{{1,2}}{_SP}*(?:,|và|hoặc|-|–)"
                     # "ngày 24 và 26-4": days listed before the one that carries the month
                     rf"|(?<!\w)(?i:ngày){_SP}+\d{{1,2}}{_SP}*(?:,|và|hoặc)){_SP}*[(]?$")
_DASHED_DM = re.compile(rf"(?<![\w.,/-])(?P<d>\d{{1,2}})(?P<sep>{_SP}*[-–]{_SP}*|\.)(?P<m>\d{{1,2}})"
                        rf"(?![\d]|[.,/-]\d)")
_MONTH_YEAR_DASH = re.compile(rf"(?P<kw>(?i:\b(?:tháng|quý))){_SP}+(?P<m>\d{{1,2}}|[IV]+)[-.]"
                              rf"(?P<y>{_YEAR})(?!\d|[.,]\d)")
# Words that make the number before them a count, not a date: "3-5 ngày", "9/11 nhóm hàng".
_COUNTED = (r"ngày|tuần|tháng|quý|giờ|phút|giây|người|hộ|lượt|lần|độ|km|m|ha|tấn|kg|lít|xã|phường"
            r"|thị trấn|huyện|tỉnh|quận|thành phố|đơn vị|địa phương|chỉ tiêu|tiêu chí|đại biểu|hồ sơ"
            r"|thủ tục|nhóm|mặt hàng|ngành|cơ quan|sở|thành viên|trường|lớp|học sinh|doanh nghiệp"
            r"|dự án|nhiệm vụ|điểm|phiếu|câu|thôn|tổ|ấp|khu|phòng|ban|cán bộ|công chức|viên chức"
            r"|ca|môn|bài|mục|lĩnh vực|dịch vụ|số|phần|trường hợp|vụ|việc|căn|con|chiếc|cái|loại"
            r"|tập thể|cá nhân|gia đình|đoàn viên|hội viên|đảng viên|chi bộ|tổ chức|sản phẩm|công trình"
            r"|triệu|tỷ|tỉ|nghìn|trăm|%|tuổi|tiếng|vị trí|cấp|đợt|mét|hải lý|mm|cm|trạm|cửa")
# Lower case only: "30-4, 1-5 Tháng 4 là …" starts a new phrase, it does not count months.
_COUNTED_AFTER = re.compile(rf"{_SP}*(?:(?:{_COUNTED})(?![\w])"
                            rf"|năm(?!{_SP}+(?:\d|nay|này|ấy|đó|qua|trước|sau|ngoái|tới)))")
# Words that make d/m a share: "chiếm gần 1/4", "đạt 2/3".
_SHARE_BEFORE = re.compile(rf"(?<!\w)(?i:chiếm|gần|khoảng|hơn|đạt|tỷ lệ|tỉ lệ|bằng|còn|trong số|tổng số|"
                           rf"vượt|gấp|thêm){_SP}+$")

# "7h30", "17h", "9h0", "14h8", "6h50p" (p: phút); not "24/24h"
_CLOCK_H = re.compile(r"(?<![\w.,:/])(\d{1,2})h(\d{1,2})?(ph?)?(?![\w])")
_CLOCK_COLON = re.compile(r"(?<![\w.,:])(\d{1,2}):(\d{2})(?![\d:])")
# "7 giờ 00", "11 giờ 00 phút": on the hour; "04 giờ 00 phút 58 giây" keeps its minutes
_ON_THE_HOUR = re.compile(rf"(?<![\w.,:])(\d{{1,2}}){_SP}*giờ{_SP}*00(?![\d])"
                          rf"(?!{_SP}*(?:phút{_SP}*)?\d+{_SP}*giây)(?:{_SP}*phút)?")

_ROMAN_WORDS = (r"kh(?:óa|oá)|quý|chương|mục|phần|kỳ|đợt|lần thứ|thứ|loại|hạng|cấp|giai đoạn|nhóm|tập"
                r"|đại hội|phụ lục|tiểu mục|đường bộ|báo động")  # "đường bộ II", "báo động III"
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


def dashed_day_months(text: str) -> str:
    """"ngày 19-5", "Chiều 14.6,", "Quốc khánh 2-9", "dịp 30-4 và 1-5" → d/m, and "tháng 10-2015",
    "quý I-2020" → m/yyyy, so the date rule reads them as dates and the range rule leaves them.

    A dash between two numbers stays a range unless a time word (ngày, sáng, chiều, lễ, dịp,
    khánh…) is at most four words before or another date just before; a number followed by a unit
    or a counted word ("4-7 độ C", "ngày làm việc 3-5 ngày") is never a date. The time word may be
    four words back: "Ngày Quốc tế Phụ nữ 8.3".
    """
    text = _MONTH_YEAR_DASH.sub(r"\g<kw> \g<m>/\g<y>", text)

    def one(m: re.Match[str]) -> str:
        if not (_valid(int(m["d"]), int(m["m"])) and _DM_CUE.search(text, 0, m.start())):
            return m[0]
        if _COUNTED_AFTER.match(text, m.end()):
            return m[0]
        return f"{m['d']}/{m['m']}"
    return _DASHED_DM.sub(one, text)


def ranges(text: str) -> str:
    """"10 - 15 phút", "2022-2025", "Thứ 2 - Thứ 6", "5 ngày - 7 ngày": the dash reads "đến".

    A date on one side only ("Quốc khánh 2/9 - 75 năm …") is not a range: the dash is a pause.
    """
    text = _WEEKDAY_RANGE.sub(r"\g<left> đến \g<right>", text)
    text = _UNIT_RANGE.sub(r"\g<left> đến ", text)

    def numeric(m: re.Match[str]) -> str:
        if "/" in m["left"] and not _STARTS_DATE.match(m.string, m.start("right")):
            return m[0]
        return f"{m['left']} đến {m['right']}"
    return _NUMERIC_RANGE.sub(numeric, text)


def _valid(day: int, mon: int) -> bool:
    return 1 <= day <= 31 and 1 <= mon <= 12


def _date_words(day: str, mon: str) -> str:
    return f"{cardinal(int(day))} tháng {month(int(mon))}"


def dates(text: str) -> str:
    """d/m/yyyy, m/yyyy, Quý III/2023 and d/m, never saying "ngày" twice.

    d/m without a year is a date ("dịp lễ 30/4", "(20/11)", "sáng 2/6") unless a counted word
    follows it ("9/11 nhóm hàng") or a share word precedes it ("chiếm gần 1/4"): then a fraction,
    read by the number rule. "24/7" without "ngày" is round the clock, a fraction too. After
    từ/đến/trước/sau it says "ngày" ("từ ngày mười lăm tháng mười").
    """
    def full(m: re.Match[str]) -> str:
        if not _valid(int(m["d"]), int(m["m"])):
            return m[0]
        said = f"{_date_words(m['d'], m['m'])} năm {cardinal(int(m['y']))}"
        if not m["kw"] and _DAY_LABEL.search(text, 0, m.start()):
            return said
        return f"{m['kw'] or 'ngày'} {said}"

    def month_year(m: re.Match[str]) -> str:
        if not 1 <= int(m["m"]) <= 12:
            return m[0]
        return f"{m['kw'] or 'tháng'} {month(int(m['m']))} năm {cardinal(int(m['y']))}"

    def quarter(m: re.Match[str]) -> str:
        number = roman(m["q"]) if not m["q"].isdigit() else int(m["q"])
        return f"{m['kw']} {cardinal(number)} năm {cardinal(int(m['y']))}" if number else m[0]

    def day_month(m: re.Match[str]) -> str:
        if not _valid(int(m["d"]), int(m["m"])):
            return m[0]
        if m["kw"]:
            return f"{m['kw']} {_date_words(m['d'], m['m'])}"
        if _COUNTED_AFTER.match(text, m.end()) or _SHARE_BEFORE.search(text, 0, m.start()):
            return m[0]  # "có tới 9/11 nhóm hàng", "chiếm gần 1/4": a fraction
        if (m["d"], m["m"]) == ("24", "7") and not _DATE_CUE.search(text, 0, m.start()):
            return m[0]  # "phục vụ 24/7": round the clock, not the 24th of July
        if _DATE_CUE.search(text, 0, m.start()):
            return f"ngày {_date_words(m['d'], m['m'])}"
        return _date_words(m["d"], m["m"])

    text = _FULL_DATE.sub(full, text)
    text = _QUARTER_YEAR.sub(quarter, text)  # before m/yyyy: "quý 3/2023" is not a month
    text = _ROUND_YEAR.sub(lambda m: f"{m['kw']} {cardinal(int(m['n']))} năm {cardinal(int(m['y']))}", text)
    text = _MONTH_YEAR.sub(month_year, text)
    return _DAY_MONTH.sub(day_month, text)


def _clock(hours: str, minutes: str | None, written_minutes: bool = False) -> str | None:
    """The words of a time; "phút" after minutes under ten, or when the text wrote it ("6h50p")."""
    h, mins = int(hours), int(minutes or 0)
    if h > 24 or mins > 59:
        return None
    said = f"{cardinal(h)} giờ"
    if mins:
        said += f" {cardinal(mins)}" + (" phút" if mins < 10 or written_minutes else "")
    return said


def times(text: str) -> str:
    """"7h30" → "bảy giờ ba mươi", "17h" → "mười bảy giờ", "07:45" → "bảy giờ bốn mươi lăm"."""
    text = _ON_THE_HOUR.sub(r"\1 giờ", text)
    text = _CLOCK_H.sub(lambda m: _clock(m[1], m[2], bool(m[3])) or m[0], text)
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
