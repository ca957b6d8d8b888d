"""The catalogs: every message the Studio shows has its Vietnamese; local formats."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.extract import extract_from_dir

from radio.core import i18n

RADIO = Path(__file__).resolve().parents[2] / "radio"
METHODS = [("**.py", "python"), ("studio/templates/**.html", "jinja2")]  # every module


def test_every_message_has_a_vietnamese_translation() -> None:
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(RADIO), METHODS, keywords={"_": None, "N_": None}
        )
        if isinstance(message, str)
    }
    assert len(found) > 250
    missing = sorted(found - set(i18n.catalog("vi")))
    assert not missing, f"add these to radio/locale/vi/LC_MESSAGES/radio.po: {missing}"


def test_language_choice() -> None:
    assert i18n.pick_language("vi_VN.UTF-8") == "vi" and i18n.pick_language("en-GB") == "en"
    assert i18n.pick_language("fr") == "vi" and i18n.pick_language(None) == "vi"
    assert i18n.gettext("vi", "Sign in") == "Đăng nhập" and i18n.gettext("en", "Sign in") == "Sign in"
    assert i18n.gettext("vi", "no such message") == "no such message"


def test_dates_weekdays_numbers_and_the_towns_time() -> None:
    assert [i18n.weekday(date(2024, 5, d)) for d in (6, 12)] == ["Thứ Hai", "Chủ nhật"]
    assert i18n.day_text(date(2024, 5, 6)) == "06/05/2024"
    assert (
        i18n.moment_text(
            datetime(2024, 5, 5, 22, 30, tzinfo=UTC), ZoneInfo("Asia/Ho_Chi_Minh"), with_weekday=True
        )
        == "Thứ Hai, 06/05/2024 05:30"
    )
    assert [i18n.number(12.5), i18n.number(1234.5, 1), i18n.number(-16.0)] == ["12,5", "1.234,5", "-16"]
    assert i18n.number(1234.5, 1, "en") == "1,234.5" and i18n.clock_text(752.4) == "12:32"
