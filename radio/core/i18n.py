"""Message catalogs and local formats: Vietnamese by default, English selectable.

Catalogs are the gettext .po files under radio/locale/<lang>/LC_MESSAGES/radio.po, parsed with
Babel at first use (no compile step, so `pip install -e .` and a plain checkout both work).
Message ids are the English text; an id with no translation shows as itself.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path

from radio.core import environment

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "radio"

WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where it is shown."""
    return message


def pick_language(wanted: str | None) -> str:
    """'vi', 'vi_VN.UTF-8', 'en-GB' → a supported language; anything else → Vietnamese."""
    code = (wanted or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def environment_language() -> str:
    """RADIO_LANG, else LANG: what the CLI speaks."""
    return pick_language(environment.language())


@cache
def catalog(language: str) -> dict[str, str]:
    """msgid → msgstr of one language (empty translations left out)."""
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=language)
    return {str(m.id): str(m.string) for m in parsed if m.id and isinstance(m.id, str) and m.string}


def gettext(language: str, message: str) -> str:
    return catalog(language).get(message, message)


def number(value: float, digits: int = 1, language: str = DEFAULT_LANGUAGE) -> str:
    """12.5 → '12,5' in Vietnamese (decimal comma, dots between thousands), '12.5' in English."""
    text = f"{value:,.{digits}f}"
    if language == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def weekday(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    return WEEKDAYS[language][day.weekday()]


def day_text(day: date) -> str:
    """dd/mm/yyyy, the form Vietnamese documents use."""
    return f"{day:%d/%m/%Y}"


def moment_text(
    moment: datetime, zone: tzinfo, language: str = DEFAULT_LANGUAGE, with_weekday: bool = False
) -> str:
    """An aware time shown in the town's zone: '06/05/2024 05:30' (optionally 'Thứ Hai, …')."""
    local = moment.astimezone(zone)
    text = f"{local:%d/%m/%Y %H:%M}"
    return f"{weekday(local.date(), language)}, {text}" if with_weekday else text


def clock_text(seconds: float) -> str:
    """752.4 → '12:32'."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
