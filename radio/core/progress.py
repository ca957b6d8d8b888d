"""Progress of long work (build, publish, voice install) as small typed events, not English lines.

Library code emits events through a `Reporter` (one method, `emit`); each face renders them: the
CLI as a progress bar on a terminal or plain lines in a log, the Studio as Vietnamese sentences
for its page. The words come from the catalogs (`Event.text()`), so no face translates English
back, and an engine's own (English) explanation travels only as a `detail` after our sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from radio.core.i18n import N_, Text, clock_text


class Event(Protocol):
    def text(self) -> Text: ...


class Reporter(Protocol):
    def emit(self, event: Event) -> None: ...


class Silent:
    """A reporter that drops everything (library calls without a face: tests, benchmarks)."""

    def emit(self, event: Event) -> None:
        pass


SILENT = Silent()


class Collect:
    """A reporter that keeps every event, in order (tests; the Studio's build page)."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def emit(self, event: Event) -> None:
        self.events.append(event)


@dataclass(frozen=True)
class Compiling:
    def text(self) -> Text:
        return Text.of(N_("Compiling the script"))


# Who speaks (build.json's `engine` values) as the office names them, not by the engine's code name.
VOICE_LABELS = {
    "piper": N_("natural voice (Piper)"),
    "gtts": N_("Google voice (online)"),
    "fptai": N_("FPT.AI voice (online)"),
    "espeak": N_("machine voice"),
    "recorded": N_("recording"),
    "jingle": N_("signature tune"),
}


def voice_label(engine: str) -> Text | str:
    """An engine's name in the reader's words (an unknown name is shown as it is)."""
    label = VOICE_LABELS.get(engine)
    return Text.of(label) if label else engine


@dataclass(frozen=True)
class Speaking:
    """An engine starts speaking the whole programme."""

    segments: int
    voice: str  # the voice as the summary names it ("gtts Google Translate vi (com)")
    predicted_s: float
    engine: str = ""  # its engine ("gtts"): the progress line names it in the reader's words

    def text(self) -> Text:
        return Text.of(N_("Speaking {count} segments with {voice} (predicted {clock})"),
                       count=self.segments, voice=voice_label(self.engine) if self.engine else self.voice,
                       clock=clock_text(self.predicted_s))


@dataclass(frozen=True)
class SegmentSpoken:
    done: int
    total: int
    segment_id: str = ""  # which one: the Studio offers a segment spoken afresh to play at once
    cached: bool = False  # its speech came from the cache (nothing new to hear)

    def text(self) -> Text:
        return Text.of(N_("Spoken {done} of {total}"), done=self.done, total=self.total)


@dataclass(frozen=True)
class EngineSwitched:
    """The engine failed part-way; the whole programme is spoken again by the next one."""

    failed: str
    next: str
    detail: str  # the engine's own words (often English): shown after our sentence, never alone
    reason: Text | None = None  # the same in the reader's words, where the engine gave them

    def text(self) -> Text:
        return Text.of(N_("{failed} failed part-way; speaking the whole programme again with "
                          "{next} (detail: {detail})"),
                       failed=voice_label(self.failed), next=voice_label(self.next),
                       detail=self.reason if self.reason is not None else self.detail)


@dataclass(frozen=True)
class Assembling:
    def text(self) -> Text:
        return Text.of(N_("Assembling and levelling"))


@dataclass(frozen=True)
class Encoding:
    def text(self) -> Text:
        return Text.of(N_("Encoding and measuring the MP3"))


@dataclass(frozen=True)
class Unchanged:
    """Every input is as the last build recorded: nothing is redone."""

    record: Path

    def text(self) -> Text:
        return Text.of(N_("Every input is as {record} recorded; episode.mp3 is intact"),
                       record=str(self.record))


@dataclass(frozen=True)
class Recovered:
    """What an interrupted build or publish left was finished or undone first."""

    detail: str

    def text(self) -> Text:
        return Text.of(N_("An interrupted run was tidied up first (detail: {detail})"),
                       detail=self.detail)


@dataclass(frozen=True)
class Warned:
    """Something to confirm or fix before air: a catalog message (its code) and its values."""

    message: Text

    def text(self) -> Text:
        return Text.of(N_("Warning: {warning}"), warning=self.message)


@dataclass(frozen=True)
class Downloading:
    name: str
    size_bytes: int

    def text(self) -> Text:
        return Text.of(N_("Downloading {name} ({size:.1f} MB)"), name=self.name,
                       size=self.size_bytes / 1e6)


@dataclass(frozen=True)
class Resuming:
    name: str
    have_bytes: int
    size_bytes: int

    def text(self) -> Text:
        return Text.of(N_("Resuming {name} at {have:.1f} of {size:.1f} MB"), name=self.name,
                       have=self.have_bytes / 1e6, size=self.size_bytes / 1e6)


@dataclass(frozen=True)
class Copying:
    name: str
    size_bytes: int

    def text(self) -> Text:
        return Text.of(N_("Copying {name} ({size:.1f} MB)"), name=self.name,
                       size=self.size_bytes / 1e6)


@dataclass(frozen=True)
class Calibrating:
    def text(self) -> Text:
        return Text.of(N_("Measuring the voice's pace on the Vietnamese calibration text"))


@dataclass(frozen=True)
class PaceMeasured:
    syllables_per_s: float
    comma_s: float
    sentence_s: float
    fit_error_pct: float

    def text(self) -> Text:
        return Text.of(N_("Pace: {rate:.2f} syllables/s, comma {comma:.2f} s, sentence {sentence:.2f} s "
                          "(fit error {error:.1f} %)"),
                       rate=self.syllables_per_s, comma=self.comma_s, sentence=self.sentence_s,
                       error=self.fit_error_pct)


@dataclass(frozen=True)
class Done:
    """The long work finished; `what` is a catalog message saying what was made."""

    what: Text

    def text(self) -> Text:
        return self.what
