"""The one interface every speech engine implements, and the pace model that predicts durations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from pydub import AudioSegment

# The same counting as radio.content.duration.predict_seconds, so calibrated figures fit it.
_SYLLABLE = re.compile(r"[^\W_]+")  # Vietnamese writes one syllable per word
_COMMA = re.compile(r"[,;:–—]")
_SENTENCE_END = re.compile(r"[.!?…\n][.!?…\s]*")  # a run of ends and line breaks is one pause


@dataclass(frozen=True)
class TextFeatures:
    """What a pace model counts in normalised text."""

    syllables: int
    commas: int     # , ; : and dashes
    sentences: int  # runs of . ! ? … and line breaks; the end of the text always counts as one


def text_features(text: str) -> TextFeatures:
    """Count syllables and pause marks of already-normalised text (numbers spelled out)."""
    text = text.strip()
    if not text:
        return TextFeatures(0, 0, 0)
    sentences = len(_SENTENCE_END.findall(text))
    if not _SENTENCE_END.match(text[-1]):
        sentences += 1
    return TextFeatures(len(_SYLLABLE.findall(text)), len(_COMMA.findall(text)), sentences)


@dataclass(frozen=True)
class Pace:
    """How fast an engine and voice speak, for predicting durations before synthesis."""

    syllables_per_s: float  # Vietnamese: one written word is one syllable
    comma_pause_s: float    # extra time at , ; :
    sentence_pause_s: float  # extra time at . ! ? and line ends

    def predict_s(self, text: str) -> float:
        """Predicted spoken duration of normalised text, as the engine would speak it (trimmed)."""
        return self.seconds(text_features(text))

    def seconds(self, f: TextFeatures) -> float:
        return (f.syllables / self.syllables_per_s + f.commas * self.comma_pause_s
                + f.sentences * self.sentence_pause_s)


class SpeechUnavailable(Exception):
    """The engine cannot be reached now (network down, blocked); another engine may speak."""


class Engine(Protocol):
    name: str  # "gtts", "espeak", ...
    pace: Pace  # calibrated for this engine and voice

    def identity(self) -> str:
        """Engine, voice and every setting that changes the sound: part of the cache key."""

    def synthesize(self, text: str) -> AudioSegment:
        """Speak already-normalised text; SpeechUnavailable when the engine cannot be reached."""


@dataclass(frozen=True)
class SpokenSegment:
    segment_id: str
    engine: str          # engine that produced the audio: gtts, espeak, recorded, jingle
    audio: AudioSegment  # mono, trimmed of leading/trailing silence
    cached: bool = False
