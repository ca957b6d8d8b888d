"""What a station really played: carried by play reports, so broadcast minutes are measured, not assumed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec

from radio.protocol.wire import AwareTime


class PlayOutcome(StrEnum):
    """How a play ended."""

    COMPLETE = "complete"  # the whole file went to the output
    INTERRUPTED = "interrupted"  # stopped early for an emergency (or the agent stopping)
    FAILED = "failed"  # the output or the play command failed part-way or at once


class PlayedSpan(msgspec.Struct, frozen=True, kw_only=True):
    """Start and end by the station's clock, and the seconds of audio that went to the output."""

    started: AwareTime
    ended: AwareTime
    seconds: Annotated[float, msgspec.Meta(ge=0, le=86400)]
    outcome: PlayOutcome
