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
    """What a station reports: a manifest fully held, an airing played, or one it could not play.

    FAILED is what stations before `missed` sent for an airing they could not play; the centre
    still accepts it.
    """

    SYNCED = "synced"
    PLAYED = "played"
    FAILED = "failed"
    MISSED = "missed"
    INTERRUPTED = "interrupted"  # a programme cut short by an emergency; its `played` says how much aired


class MissReason(StrEnum):
    """Why an airing was not played (the `reason` of a `missed` report)."""

    NOT_HELD = "not held"  # its audio was not downloaded and verified in time
    FAILED_VERIFICATION = "failed verification"  # the stored file no longer matched its sha256
    PLAYER_FAILED = "player failed"  # the play command could not run or exited with an error
    STATION_OFF = "station was off"  # the agent was not running at the airing's time
    LATE = "late"  # the agent ran but could not start it within the grace time
