from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

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


def test_next_and_previous_cross_the_year() -> None:
    assert Month(2024, 12).next() == Month(2025, 1)
    assert Month(2025, 1).previous() == Month(2024, 12)
    assert Month(2024, 5).next() == Month(2024, 6)
    assert Month(2024, 6).previous() == Month(2024, 5)
    assert all(Month(2024, m).next().previous() == Month(2024, m) for m in range(1, 13))


def test_start_and_end_are_local_midnights() -> None:
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    assert Month(2024, 2).start(zone) == datetime(2024, 2, 1, tzinfo=zone)
    assert Month(2024, 2).end(zone) == datetime(2024, 3, 1, tzinfo=zone)
    assert Month(2024, 12).end(zone) == datetime(2025, 1, 1, tzinfo=zone)
    assert Month(2024, 2).end(zone) - Month(2024, 2).start(zone) == timedelta(days=29)
