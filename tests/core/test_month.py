import pytest

from radio.core.errors import RadioError
from radio.core.month import Month


def test_parses_and_prints_a_month() -> None:
    month = Month.parse("2024-05")
    assert (month.year, month.month) == (2024, 5)
    assert str(month) == "2024-05"


@pytest.mark.parametrize("text", ["2024-13", "24-05", "2024-5", "2024-00", "may", ""])
def test_rejects_what_is_not_a_month(text: str) -> None:
    with pytest.raises(RadioError, match="month"):
        Month.parse(text)
