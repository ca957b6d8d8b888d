"""The kinds that travel on the wire, as StrEnums: their values are the JSON strings."""

from __future__ import annotations

from enum import StrEnum


class ItemKind(StrEnum):
    """What a manifest item is: a monthly programme aired at slots, or an emergency played at once."""

    PROGRAMME = "programme"
    EMERGENCY = "emergency"


class Priority(StrEnum):
    """Circular 39/2020/TT-BTTTT bulletin priorities, declared in rising urgency."""

    NORMAL = "normal"
    PRIORITY = "priority"
    EMERGENCY = "emergency"

    @property
    def urgency(self) -> int:
        """Higher plays first when several items are due together."""
        return list(Priority).index(self)


class ReportEvent(StrEnum):
    """What a station reports: a manifest fully held, an airing played, or one that failed."""

    SYNCED = "synced"
    PLAYED = "played"
    FAILED = "failed"
