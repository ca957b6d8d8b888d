"""Message catalogs and local formats: Vietnamese by default, English selectable.

The catalogs are gettext files: radio/locale/<lang>/LC_MESSAGES/radio.po is what people edit, the
radio.mo beside it is what runs (compiled by `scripts/compile-catalogs`, committed, and checked
against the .po by tests/core/test_catalogs.py). They are read with the standard library's
`gettext`, so a commune station needs no Babel. Message ids are the English text; an id with no
translation shows as itself.
"""

from __future__ import annotations

import gettext as _gettext
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from radio.core import environment

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "radio"

WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
SHORT_WEEKDAYS = {
    "vi": ("T2", "T3", "T4", "T5", "T6", "T7", "CN"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where it is shown."""
    return message


def pick_language(wanted: str | None) -> str:
    """'vi', 'vi_VN.UTF-8', 'en-GB' → a supported language; anything else → Vietnamese."""
    code = (wanted or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def environment_language() -> str:
    """RADIO_LANG, else Vietnamese. LANG is not consulted: an English server locale must not turn
    the centre's tools English (`radio --lang en` or RADIO_LANG=en choose English)."""
    return pick_language(environment.language())


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog of one language (a missing .mo: every message shows its English id)."""
    path = mo_path(language)
    if not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        return _gettext.GNUTranslations(handle)


def catalog(language: str) -> dict[str, str]:
    """msgid → msgstr of one language (the header and plural forms left out)."""
    found: dict[Any, str] = getattr(translations(language), "_catalog", {})
    return {key: value for key, value in found.items() if isinstance(key, str) and key and value}


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def ngettext(language: str, singular: str, plural: str, count: int) -> str:
    return translations(language).ngettext(singular, plural, count)


def translate(language: str, message: str, params: Mapping[str, object] | None = None) -> str:
    """`message` in `language`, its {fields} filled: numbers in the language's style, Text values
    translated too. A message without params is shown as it is (it may hold literal braces)."""
    text = gettext(language, message)
    if not params:
        return text
    return _Formatter(language).vformat(text, (), dict(params))


class _Formatter(string.Formatter):
    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        in_language = getattr(value, "in_language", None)  # Text, Joined, a build warning, an error
        if callable(in_language):
            return format(in_language(self.language), format_spec)
        text = format(value, format_spec)
        if self.language == "vi" and isinstance(value, float | int) and not isinstance(value, bool) \
                and format_spec.endswith(("f", "g", "d")):
            text = _vietnamese_digits(text)
        return text


@dataclass(frozen=True)
class Text:
    """A message to show later, in whichever language the reader has: a catalog id and its values.

    `str()` is the English (logs, exceptions); `in_language("vi")` what a person reads.
    """

    message: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, message: str, **params: object) -> Text:
        return cls(message, tuple(params.items()))

    def in_language(self, language: str) -> str:
        return translate(language, self.message, dict(self.params))

    def replace(self, old: str, new: str) -> Text:
        """The same message with `old` replaced by `new` in its text values (a temporary file's name
        by the real one's), so it is still translated."""
        if not self.params:  # finished text: the message is the text
            return Text(self.message.replace(old, new))
        return Text(self.message, tuple((key, value.replace(old, new) if isinstance(value, str) else value)
                                        for key, value in self.params))

    def __str__(self) -> str:
        return self.in_language("en")


@dataclass(frozen=True)
class Joined:
    """Several messages shown as one value, `separator` between them, each translated."""

    parts: tuple[Text, ...]
    separator: str = "; "

    def in_language(self, language: str) -> str:
        return self.separator.join(part.in_language(language) for part in self.parts)

    def __str__(self) -> str:
        return self.in_language("en")


def number(value: float, digits: int = 1, language: str = DEFAULT_LANGUAGE) -> str:
    """One number style everywhere: 12.5 → '12,5', 1234.5 → '1.234,5', 12.0 → '12' in Vietnamese
    ('12.5', '1,234.5', '12' in English). Rounded to `digits`; no trailing zeros, never '-0'."""
    value = round(value, digits) + 0.0  # + 0.0 turns a rounded -0.0 into 0
    text = f"{value:,.{digits}f}" if digits > 0 else f"{round(value):,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _vietnamese_digits(text) if language == "vi" else text


def _vietnamese_digits(text: str) -> str:
    """'1,234.5' → '1.234,5' (dot groups thousands, comma marks decimals)."""
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def weekday(day: date, language: str = DEFAULT_LANGUAGE, short: bool = False) -> str:
    return (SHORT_WEEKDAYS if short else WEEKDAYS)[language][day.weekday()]


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
