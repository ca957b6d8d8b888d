"""Predicting how long a text takes to speak, before any synthesis."""

from __future__ import annotations

import re

from radio.speech.engine import Pace

_SYLLABLE_RE = re.compile(r"[^\W_]+")  # Vietnamese writes one syllable per word
_COMMA_RE = re.compile(r"[,;:–—]")
# A run of sentence ends and line breaks is one pause: "Xong.\n\nTiếp" pauses once.
_SENTENCE_RE = re.compile(r"[.!?…\n][.!?…\s]*")


def count_syllables(text: str) -> int:
    return len(_SYLLABLE_RE.findall(text))


def predict_seconds(text: str, pace: Pace) -> float:
    """Predicted spoken seconds of already-normalised reading text.

    The end of the text always counts as one sentence end, so predictions add up: the prediction
    of two paragraphs joined by a blank line is the sum of their predictions.
    """
    text = text.strip()
    if not text:
        return 0.0
    syllables = count_syllables(text)
    commas = len(_COMMA_RE.findall(text))
    sentences = len(_SENTENCE_RE.findall(text))
    if not _SENTENCE_RE.match(text[-1]):
        sentences += 1
    return syllables / pace.syllables_per_s + commas * pace.comma_pause_s \
        + sentences * pace.sentence_pause_s
