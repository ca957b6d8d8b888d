"""The one interface every speech engine implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pydub import AudioSegment

from radio.content.pace import Pace
from radio.core.i18n import Text
from radio.speech.kinds import Voice


class SpeechUnavailable(Exception):
    """The engine cannot be reached now (network down, blocked); another engine may speak.

    Like RadioError it carries a catalog message and its values: `str(err)` is the English,
    `err.text` what a person reads (in the summary and the build's refusal).
    """

    def __init__(self, message: object = "", /, **params: object) -> None:
        self.text = message if isinstance(message, Text) else Text(str(message), tuple(params.items()))
        super().__init__(str(self.text))


class Engine(Protocol):
    name: Voice  # the engine, as segments and build facts name it
    pace: Pace  # calibrated for this engine and voice

    def identity(self) -> str:
        """Engine, voice and every setting that changes the sound: part of the cache key."""

    def describe(self) -> str:
        """The voice as the summary, build.json and script.md name it."""

    def synthesize(self, text: str) -> AudioSegment:
        """Speak already-normalised text; SpeechUnavailable when the engine cannot be reached."""


@dataclass(frozen=True)
class SpokenSegment:
    segment_id: str
    engine: Voice        # what produced the audio
    audio: AudioSegment  # mono, trimmed of leading/trailing silence
    cached: bool = False
    # spoken sentence by sentence: the takes `audio` joins, with `gap_s` of silence between two
    # (a unit's programme levels and encodes its local sentences one by one, to share the
    # sentences every unit says: radio/pipeline/variants.py); empty when spoken whole
    takes: tuple[AudioSegment, ...] = ()
    gap_s: float = 0.0
