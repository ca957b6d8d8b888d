"""The one pace model: how long normalised text takes to speak, before any synthesis.

Calibration (radio/speech/calibrate.py) fits a Pace to measured takes by the same counting, so
calibrated figures and predictions agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SYLLABLE = re.compile(r"[^\W_]+")  # Vietnamese writes one syllable per word
_COMMA = re.compile(r"[,;:–—]")
_SENTENCE_END = re.compile(r"[.!?…\n][.!?…\s]*")  # a run of ends and line breaks is one pause


@dataclass(frozen=True)
class TextFeatures:
    """What the pace model counts in normalised text."""

    syllables: int
    commas: int     # , ; : and dashes
    sentences: int  # runs of . ! ? … and line breaks; the end of the text always counts as one


def text_features(text: str) -> TextFeatures:
    """Count syllables and pause marks of already-normalised text (numbers spelled out).

    The end of the text always counts as one sentence end, so predictions add up: the prediction
    of two paragraphs joined by a blank line is the sum of their predictions.
    """
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
