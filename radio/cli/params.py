"""click parameter types for the values commands take: a month, a report period, a year.

A malformed value is a usage error (exit 2, radio.core.errors.ExitCode.USAGE) reported by click in
one line naming the argument and the form expected, before any settings or database are read.
"""

from __future__ import annotations

import re
from typing import Any

import click

from radio.core.errors import RadioError
from radio.core.i18n import N_, gettext
from radio.core.month import Month

YEARS = (2000, 2100)  # the years a programme can be made for; anything else is a typing slip

_YEAR_RE = re.compile(r"\d{4}")

MONTH_FORM = N_("{value}: not a month; write YYYY-MM, for example 2026-05")
PERIOD_FORM = N_("{value}: write a year (2024) or a month (2024-05)")
YEAR_FORM = N_("{value}: write a year from {low} to {high}, for example 2026")


def _(message: str, **values: Any) -> str:
    from radio.cli import language  # `radio --lang` when a command runs, else RADIO_LANG

    return gettext(language(), message).format(**values)


class MonthType(click.ParamType):
    """YYYY-MM → Month."""

    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Month:
        if isinstance(value, Month):
            return value
        try:
            return Month.parse(str(value))
        except RadioError:
            self.fail(_(MONTH_FORM, value=repr(value)), param, ctx)


class YearType(click.ParamType):
    """YYYY (2000–2100) → int."""

    name = "YYYY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip()  # an int too: a default or a value from ctx.invoke
        if not _YEAR_RE.fullmatch(text) or not YEARS[0] <= int(text) <= YEARS[1]:
            self.fail(_(YEAR_FORM, value=repr(value), low=YEARS[0], high=YEARS[1]), param, ctx)
        return int(text)


class PeriodType(click.ParamType):
    """A year (YYYY) or a month (YYYY-MM), as `radio report` takes it; kept as its text."""

    name = "YYYY|YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if _YEAR_RE.fullmatch(text):
            return text
        try:
            return str(Month.parse(text))
        except RadioError:
            self.fail(_(PERIOD_FORM, value=repr(value)), param, ctx)


MONTH = MonthType()
YEAR = YearType()
PERIOD = PeriodType()
