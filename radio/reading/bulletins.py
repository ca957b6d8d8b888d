"""Shapes particular to disaster bulletins and commune notices, read as an announcer says them.

Alarm levels (`BĐ2` → "báo động hai"), map coordinates ("14.847 độ vĩ Bắc", "12°00'N"), road
chainage (`Km156+750`), fishing-boat registrations (`QNg 95046 TS`), storm names written in
capitals (`bão YAGI` → "bão Yagi"), a day range sharing one month ("14 - 16/11"), a list of three
or more numbers joined by dashes ("4,1 - 3,8 - 3,6": a list, not a range) and the leading zero of
a programme's name ("Đề án 06" → "Đề án không sáu"). Each is one named rule of the normaliser.
"""

from __future__ import annotations

import re

from radio.reading.numbers import cardinal, digits, fraction_digits, month

_SP = r"[ \t]"
_YEAR = r"(?:19|20)\d{2}"

# BĐ1, BĐ 2, (BĐ)1, "báo động (BĐ) 3", and a span "BĐ1-BĐ2"
_LEVEL = rf"(?:\(BĐ\)|BĐ){_SP}*(?P<{{name}}>[1-3])(?!\d)"
_ALARM_SPAN = re.compile(rf"(?<!\w){_LEVEL.format(name='a')}{_SP}*[-–]{_SP}*{_LEVEL.format(name='b')}")
_ALARM = re.compile(rf"(?:(?P<said>(?i:báo động)){_SP}*)?(?<!\w){_LEVEL.format(name='n')}"
                    rf"|(?P<cue>(?i:báo động)){_SP}*\(BĐ\)")


def alarm_levels(text: str) -> str:
    """"BĐ2" → "báo động hai", "báo động (BĐ) 3" → "báo động ba", "BĐ1-BĐ2" → "báo động một đến
    báo động hai": the flood alarm levels 1–3 of Decision 05/2020/QĐ-TTg, never spelled."""
    if "BĐ" not in text:  # the regexes below would try every position of every script line
        return text
    text = _ALARM_SPAN.sub(lambda m: f"báo động {cardinal(int(m['a']))} đến báo động "
                           f"{cardinal(int(m['b']))}", text)

    def one(m: re.Match[str]) -> str:
        if m["cue"]:
            return m["cue"]  # "báo động (BĐ)" with no level after: the bracket only repeated it
        return f"{m['said'] or 'báo động'} {cardinal(int(m['n']))}"
    return _ALARM.sub(one, text)


# "14.847 độ vĩ Bắc", "15.210 Vĩ Bắc", "18,9 độ Vĩ Bắc": a dot here is a decimal mark
_COORDINATE = re.compile(rf"(?<![\w.,])(?P<deg>\d{{1,3}})[.,](?P<dec>\d+){_SP}*(?P<unit>°|độ)?{_SP}*"
                         rf"(?=(?i:vĩ|kinh){_SP}+(?i:bắc|nam|đông|tây|độ))")
_DEGREES_MINUTES = re.compile(r"(?<![\w.,])(?P<deg>\d{1,3})°\s*(?P<min>\d{1,2})['’′]\s*(?P<side>[NSEW])\b")
_SIDES = {"N": "vĩ bắc", "S": "vĩ nam", "E": "kinh đông", "W": "kinh tây"}


# "21,5-22,5 độ Vĩ Bắc": the first end of a range of coordinates
_COORDINATE_FROM = re.compile(rf"(?<![\w.,])(?P<deg>\d{{1,3}})[.,](?P<dec>\d+){_SP}*[-–]{_SP}*"
                              rf"(?=\d{{1,3}}[.,]\d+{_SP}*(?:°|độ)?{_SP}*(?i:vĩ|kinh){_SP})")


def coordinates(text: str) -> str:
    """"14.847 độ vĩ Bắc" → "mười bốn phẩy tám bốn bảy độ vĩ Bắc" (not thousands), "21,5-22,5 độ
    Vĩ Bắc" → "… đến …", and "12°00'N" → "mười hai độ không phút vĩ bắc"."""
    folded = text.casefold()
    if "vĩ" not in folded and "kinh" not in folded and "°" not in text:
        return text
    text = _COORDINATE_FROM.sub(lambda m: f"{cardinal(int(m['deg']))} phẩy {fraction_digits(m['dec'])} đến ",
                                text)

    def decimal(m: re.Match[str]) -> str:
        unit = " độ" if m["unit"] else ""
        return f"{cardinal(int(m['deg']))} phẩy {fraction_digits(m['dec'])}{unit} "

    def minutes(m: re.Match[str]) -> str:
        return (f"{cardinal(int(m['deg']))} độ {cardinal(int(m['min']))} phút "
                f"{_SIDES[m['side']]}")
    return _DEGREES_MINUTES.sub(minutes, _COORDINATE.sub(decimal, text))


# "Km156+750", "km12+300", "Km 42-Km 46"; not "45 km2" (a unit after a number)
_KM = r"(?<![\d.,])(?<![\d.,][ \t])(?:Km|KM|km){_SP}*(?P<{a}>\d+)(?:{_SP}*\+{_SP}*(?P<{b}>\d+))?(?![\w])"
_CHAINAGE_SPAN = re.compile(_KM.format(_SP=_SP, a="a", b="b") + rf"{_SP}*[-–]{_SP}*"
                            + _KM.format(_SP=_SP, a="c", b="d"))
_CHAINAGE = re.compile(_KM.format(_SP=_SP, a="a", b="b"))


def _km(whole: str, plus: str | None) -> str:
    return f"ki lô mét {cardinal(int(whole))}" + (f" cộng {cardinal(int(plus))}" if plus else "")


def chainage(text: str) -> str:
    """"Km156+750" → "ki lô mét một trăm năm mươi sáu cộng bảy trăm năm mươi", a road's chainage;
    "Km 42-Km 46" → "… đến ki lô mét bốn mươi sáu"."""
    if "km" not in text.casefold():
        return text
    text = _CHAINAGE_SPAN.sub(lambda m: f"{_km(m['a'], m['b'])} đến {_km(m['c'], m['d'])}", text)
    return _CHAINAGE.sub(lambda m: _km(m["a"], m["b"]) if m["b"] or m[0][0] == "K" else m[0], text)


# Fishing-vessel registration marks: province code, number, "TS" (thủy sản) — Circular
# 23/2018/TT-BNNPTNT. The number is read digit by digit, as it is painted on the hull.
PROVINCES = {
    "QN": "Quảng Ninh", "HP": "Hải Phòng", "TB": "Thái Bình", "NĐ": "Nam Định", "NB": "Ninh Bình",
    "TH": "Thanh Hóa", "NA": "Nghệ An", "HT": "Hà Tĩnh", "QB": "Quảng Bình", "QT": "Quảng Trị",
    "TTH": "Thừa Thiên Huế", "ĐNa": "Đà Nẵng", "QNa": "Quảng Nam", "QNg": "Quảng Ngãi",
    "BĐ": "Bình Định", "PY": "Phú Yên", "KH": "Khánh Hòa", "NT": "Ninh Thuận", "BTh": "Bình Thuận",
    "BV": "Bà Rịa - Vũng Tàu", "TG": "Tiền Giang", "BTr": "Bến Tre", "TV": "Trà Vinh",
    "ST": "Sóc Trăng", "BL": "Bạc Liêu", "CM": "Cà Mau", "KG": "Kiên Giang", "SG": "Thành phố Hồ Chí Minh",
}
_BOAT = re.compile(rf"(?<![\w])(?P<prov>{'|'.join(sorted(PROVINCES, key=len, reverse=True))})"
                   rf"{_SP}*-?{_SP}*(?P<num>\d{{4,6}}){_SP}*(?:-{_SP}*)?TS(?![\w])")


def boat_registrations(text: str) -> str:
    """"tàu cá QNg 95046 TS" → "tàu cá Quảng Ngãi chín năm không bốn sáu tê ét": a hull mark, not a
    number of thousands, and TS is the fisheries mark, not "tiến sĩ"."""
    if "TS" not in text:
        return text
    return _BOAT.sub(lambda m: f"{PROVINCES[m['prov']]} {digits(m['num'])} tê ét", text)


# A storm's international name in capitals after bão/siêu bão/tên quốc tế: said as a name
_STORM = re.compile(r"(?P<kw>(?i:(?:siêu\s+)?bão|tên\s+quốc\s+tế(?:\s+là)?))\s+(?P<name>[A-Z]{3,})(?![\w])")


def storm_names(text: str) -> str:
    """"bão YAGI" → "bão Yagi": a name to be said, not letters to spell."""
    folded = text.casefold()
    if "bão" not in folded and "quốc tế" not in folded:
        return text
    return _STORM.sub(lambda m: f"{m['kw']} {m['name'].capitalize()}", text)


# "14 - 16/11", "2-3/10", "(19 - 23/01/2026)", "11 - 15.3": two days of one month; with a dot only
# when no unit or counted word follows ("1 - 2.5 m" is a range of metres)
_DAY_RANGE = re.compile(rf"(?:(?P<kw>(?i:ngày)){_SP}+)?(?<![\w/.,])(?P<a>\d{{1,2}}){_SP}*[-–]{_SP}*"
                        rf"(?P<b>\d{{1,2}})(?P<sep>[/.])(?P<m>\d{{1,2}})(?:/(?P<y>{_YEAR}))?(?![\d/]|[.,]\d)")
_UNIT_AFTER = re.compile(rf"{_SP}*(?:[A-Za-z]{{1,3}}(?![\w])|%|(?:độ|tấn|mét|triệu|tỷ|nghìn|lần|người|giờ)(?![\w]))")
# "Từ 18 đến 20-9": the first day has no month of its own
_FROM_DAY = re.compile(rf"(?P<kw>(?i:\btừ)){_SP}+(?P<d>\d{{1,2}}){_SP}+"
                       rf"(?=(?:đến|tới){_SP}+(?:hết{_SP}+)?(?:ngày{_SP}+)?\d{{1,2}}[/-]\d{{1,2}}(?!\d))")


def day_ranges(text: str) -> str:
    """"14 - 16/11" → "ngày mười bốn đến ngày mười sáu tháng mười một"; "từ 18 đến 20-9" →
    "từ ngày mười tám đến …"."""
    def one(m: re.Match[str]) -> str:
        a, b, mon = int(m["a"]), int(m["b"]), int(m["m"])
        if not (1 <= a < b <= 31 and 1 <= mon <= 12):
            return m[0]
        if m["sep"] == "." and (m["y"] or _UNIT_AFTER.match(m.string, m.end())):
            return m[0]
        year = f" năm {cardinal(int(m['y']))}" if m["y"] else ""
        return (f"{m['kw'] or 'ngày'} {cardinal(a)} đến ngày {cardinal(b)} tháng {month(mon)}"
                f"{year}")
    text = _DAY_RANGE.sub(one, text)
    return _FROM_DAY.sub(lambda m: f"{m['kw']} ngày {m['d']} " if 1 <= int(m["d"]) <= 31 else m[0],
                         text)


# Three or more numbers joined by dashes: magnitudes or levels listed, not a range
_NUM = r"\d+(?:[.,]\d+)?"
_LIST = re.compile(rf"(?<![\w.,/-]){_NUM}(?:{_SP}*[-–]{_SP}*{_NUM}){{2,}}(?![\w/]|[.,]\d|{_SP}*[-–]{_SP}*\d)")
_DASH = re.compile(rf"{_SP}*[-–]{_SP}*")


def number_lists(text: str) -> str:
    """"4,1 - 3,8 - 3,6" → "4,1, 3,8, 3,6": a dash between three or more numbers lists them;
    only two make a range ("10 - 15 phút")."""
    return _LIST.sub(lambda m: _DASH.sub(", ", m[0]), text)


# The leading zero belongs to the name: "Đề án 06" is said "Đề án không sáu" by everyone
_NAMED_NUMBER = re.compile(r"(?P<kw>(?i:\bđề\s+án))\s+(?P<num>0\d)(?!\d)")


def named_numbers(text: str) -> str:
    """"Đề án 06" → "Đề án không sáu"."""
    if "đề án" not in text.casefold():
        return text
    return _NAMED_NUMBER.sub(lambda m: f"{m['kw']} {digits(m['num'])}", text)
