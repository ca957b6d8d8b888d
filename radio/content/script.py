"""The compiled script: what will be said, in order, with predicted timings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from radio.core.month import Month


class SegmentKind(StrEnum):
    """Segment kinds, in the order the fixed frame uses them. Jingles carry no text."""

    JINGLE_OPEN = "jingle_open"
    GREETING = "greeting"
    TOPIC = "topic"
    NEWS = "news"
    QA = "qa"
    STORY = "story"
    HOTLINE = "hotline"
    CLOSING = "closing"
    JINGLE_CLOSE = "jingle_close"


JINGLE_KINDS = (SegmentKind.JINGLE_OPEN, SegmentKind.JINGLE_CLOSE)


@dataclass(frozen=True)
class Segment:
    id: str                   # position and key, stable for the same input, e.g. "03-topic-05"
    kind: SegmentKind
    title: str                # heading shown in script.md and as the MP3 chapter title
    text: str                 # written text, as the editor wrote it ("" for jingles)
    topic: int | None = None  # content area 1..11 of plan section II, if any
    predicted_s: float = 0.0  # predicted spoken duration (before synthesis)
    recorded: Path | None = None  # announcer's file replacing synthesis for this segment
    optional: bool = False    # material the duration fit may drop


@dataclass(frozen=True)
class Script:
    month: Month
    title: str                # e.g. "Chuyên mục Cải cách hành chính tháng 5 năm 2024"
    segments: tuple[Segment, ...]
    pause_s: float = 0.0      # deliberate silence between consecutive segments
    notes: str = ""           # the editor's notes from episode.toml, for the approver; not read
    material: tuple[str, ...] = ()  # optional template blocks used ("qa-05-2"): no reruns
    planned: tuple[int, ...] = ()   # the month's topics as planned or chosen (not the hotline's)

    @property
    def topics(self) -> tuple[int, ...]:
        seen: list[int] = []
        for segment in self.segments:
            if segment.topic is not None and segment.topic not in seen:
                seen.append(segment.topic)
        return tuple(seen)

    @property
    def predicted_s(self) -> float:
        """Predicted programme length: every segment plus the pauses between them."""
        pauses = self.pause_s * max(len(self.segments) - 1, 0)
        return sum(segment.predicted_s for segment in self.segments) + pauses
