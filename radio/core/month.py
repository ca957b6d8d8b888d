"""The programme month: parsed once from 'YYYY-MM', then passed around as a value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from radio.core.errors import RadioError
from radio.core.i18n import N_

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH_RE.match(text.strip())
        if not match:
            raise RadioError(N_("month {text!r} is not of the form YYYY-MM (for example 2024-05)"),
                             text=text)
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise RadioError(N_("month {text!r}: {month:02d} is not a month (01 to 12)"),
                             text=text, month=month)
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def start(self, tz: tzinfo) -> datetime:
        """Midnight at the start of the 1st, local to `tz`."""
        return datetime(self.year, self.month, 1, tzinfo=tz)

    def end(self, tz: tzinfo) -> datetime:
        """Midnight at the start of the next month's 1st (exclusive end), local to `tz`."""
        return self.next().start(tz)
