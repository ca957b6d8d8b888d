"""Trim leading and trailing silence from synthesised speech, keeping a short natural margin."""

from __future__ import annotations

from pydub import AudioSegment
from pydub.silence import detect_leading_silence

KEEP_MS = 50
BELOW_PEAK_DB = 45.0  # "silence" is relative to the clip's peak, so quiet voices trim the same way
TRIM_VERSION = "trim1"  # part of the cache key: change when the rules above change


def trim_silence(audio: AudioSegment, keep_ms: int = KEEP_MS) -> AudioSegment:
    if len(audio) == 0 or audio.max_dBFS == float("-inf"):
        return audio
    threshold = audio.max_dBFS - BELOW_PEAK_DB
    lead = detect_leading_silence(audio, silence_threshold=threshold)
    tail = detect_leading_silence(audio.reverse(), silence_threshold=threshold)
    start = max(0, lead - keep_ms)
    end = min(len(audio), len(audio) - tail + keep_ms)
    return audio[start:end]
