"""Vietnamese number words."""

from __future__ import annotations

import pytest

from radio.reading.numbers import cardinal, decimal, digits, fraction_digits, month, ordinal, roman


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (100, "một trăm"),
    (105, "một trăm lẻ năm"),
    (110, "một trăm mười"),
    (304, "ba trăm lẻ bốn"),
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm lẻ năm"),
    (1250, "một nghìn hai trăm năm mươi"),
    (2023, "hai nghìn không trăm hai mươi ba"),
    (2074, "hai nghìn không trăm bảy mươi tư"),
    (12345, "mười hai nghìn ba trăm bốn mươi lăm"),
    (1_005_000, "một triệu không trăm lẻ năm nghìn"),
    (2_000_050, "hai triệu không trăm năm mươi"),
    (150_000_000, "một trăm năm mươi triệu"),
    (1_000_000_000, "một tỷ"),
    (1_500_000_000, "một tỷ năm trăm triệu"),
    (1_000_000_000_000, "một nghìn tỷ"),
])
def test_cardinal(n: int, words: str) -> None:
    assert cardinal(n) == words


def test_digits_and_decimals() -> None:
    assert digits("0255") == "không hai năm năm"
    assert decimal("87", "3") == "tám mươi bảy phẩy ba"
    assert decimal("12.345", "67") == "mười hai nghìn ba trăm bốn mươi lăm phẩy sáu mươi bảy"
    assert decimal("98", None) == "chín mươi tám"
    assert fraction_digits("05") == "không năm"
    assert fraction_digits("125") == "một hai năm"


def test_ordinals_and_months() -> None:
    assert [ordinal(n) for n in (1, 2, 4, 7)] == ["nhất", "hai", "tư", "bảy"]
    assert [month(n) for n in (1, 4, 11)] == ["một", "tư", "mười một"]


@pytest.mark.parametrize(("text", "value"), [
    ("I", 1), ("IV", 4), ("IX", 9), ("XIII", 13), ("XX", 20), ("XXIII", 23), ("XLIX", 49), ("LXX", 70),
    ("IIII", None), ("VV", None), ("C", None), ("", None), ("ABC", None),
])
def test_roman(text: str, value: int | None) -> None:
    assert roman(text) == value
