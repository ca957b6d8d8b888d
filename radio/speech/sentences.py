"""Speech by sentence: a fixed word re-speaks its sentence, not its whole segment.

A local engine (Piper, espeak-ng) speaks each sentence of a segment on its own; each take is
trimmed and cached by the sentence as read and the engine's identity, and the segment is the
takes joined with a fixed pause: the engine's calibrated sentence pause, less the margins the trim
keeps. The join is deterministic, so a segment made from cached sentences is the same audio, to
the sample, as one made fresh. (Piper splits its input at sentences anyway.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydub import AudioSegment

from radio.speech.trim import KEEP_MS

_END = re.compile(r"(?<=[.!?…])\s+|\s*\n\s*")
_SPEAKABLE = re.compile(r"\w")
VERSION = "sentences1"  # part of the cache keys: change when splitting or joining changes


def split_sentences(text: str) -> list[str]:
    """The sentences of normalised `text` (ends: . ! ? … and line ends), each with words."""
    return [part.strip() for part in _END.split(text) if _SPEAKABLE.search(part)]


# A calibration fitted on an ill-matched voice can give any pause (2 s was seen with an English
# voice reading Vietnamese): a listener hears a sentence break as 0.2-1.2 s of silence.
GAP_S = (0.2, 1.2)


def gap_frames(sentence_pause_s: float, frame_rate: int) -> int:
    """Silence between two trimmed sentences: the pace's sentence pause less the kept margins."""
    gap_s = min(max(sentence_pause_s - 2 * KEEP_MS / 1000, GAP_S[0]), GAP_S[1])
    return round(gap_s * frame_rate)


def join_sentences(takes: Sequence[AudioSegment], sentence_pause_s: float) -> AudioSegment:
    """The takes in order with the same silence between each two (raw bytes joined once)."""
    first = takes[0]
    gap = bytes(gap_frames(sentence_pause_s, first.frame_rate) * first.frame_width)
    return AudioSegment(data=gap.join(take.raw_data for take in takes),
                        sample_width=first.sample_width, frame_rate=first.frame_rate,
                        channels=first.channels)


def joined_takes(joined: AudioSegment, takes: Sequence[AudioSegment],
                 sentence_pause_s: float) -> tuple[AudioSegment, ...]:
    """`takes` as they lie in `joined` (join_sentences' result): views of its bytes, not copies,
    so a segment kept with its sentences holds its audio once."""
    gap = gap_frames(sentence_pause_s, joined.frame_rate) * joined.frame_width
    data, views, at = memoryview(joined.raw_data), [], 0
    for take in takes:
        size = len(take.raw_data)
        views.append(AudioSegment(data=data[at:at + size], sample_width=joined.sample_width,
                                  frame_rate=joined.frame_rate, channels=joined.channels))
        at += size + gap
    return tuple(views)
