"""The predicted length reads a jingle's length again when its file is replaced (the Studio runs long)."""

from __future__ import annotations

import os
import wave
from pathlib import Path

from radio.audio.settings import AudioSettings
from radio.pipeline.predict import _jingle_length_s, _jingle_seconds


def silence(path: Path, seconds: float, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * int(rate * seconds))


def test_a_replaced_jingle_is_measured_again_and_an_unchanged_one_is_not(tmp_path: Path) -> None:
    opening, closing = tmp_path / "open.wav", tmp_path / "close.wav"
    silence(opening, 1.0)
    silence(closing, 2.0)
    audio = AudioSettings(jingle_open=opening, jingle_close=closing)
    assert _jingle_seconds(audio) == (1.0, 2.0)
    decoded = _jingle_length_s.cache_info().misses
    assert _jingle_seconds(audio) == (1.0, 2.0)
    assert _jingle_length_s.cache_info().misses == decoded  # unchanged files: not decoded again
    silence(opening, 3.0)  # replaced in place, same name: the same settings object
    os.utime(opening, ns=(opening.stat().st_atime_ns, opening.stat().st_mtime_ns + 1_000_000))
    assert _jingle_seconds(audio) == (3.0, 2.0)
    assert _jingle_length_s.cache_info().misses == decoded + 1  # only the replaced one
