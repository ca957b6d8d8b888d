"""Vietnamese number, date and month wording shared by the narrative and the readable renderers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from radio.core import i18n


def number(value: float, decimals: int = 1) -> str:
    """Vietnamese style (1.234,5; no trailing ',0'): the one formatter of radio.core.i18n."""
    return i18n.number(value, decimals, "vi")


def window(min_s: float, max_s: float) -> str:
    """The programme window in minutes: '10–15 phút'."""
    return f"{number(min_s / 60)}–{number(max_s / 60)} phút"


def date(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y")


def moment(moment: datetime) -> str:
    return moment.strftime("%H:%M %d/%m/%Y")


def month_short(month: str) -> str:
    """'2024-05' → 'T5' (column headings, where the year is in the title)."""
    return f"T{int(month[5:])}"


def month_long(month: str) -> str:
    """'2024-05' → '5/2024'."""
    return f"{int(month[5:])}/{month[:4]}"


def months_list(months: Sequence[str]) -> str:
    """'2024-03', '2024-07' → 'tháng 3, 7' (all in one year, as in a year report)."""
    return "tháng " + join(str(int(m[5:])) for m in months)


def join(items: Iterable[str]) -> str:
    """'a, b và c'."""
    parts = list(items)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]
