"""Decoded jingles are kept by their file's bytes: a rebuild runs no ffmpeg for them."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from pydub.generators import Sine

from radio.audio import jingles
from radio.config import Settings
from radio.content.script import SegmentKind


def test_a_kept_jingle_is_read_without_ffmpeg_and_a_replaced_file_is_decoded_again(
        tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "open.wav"
    shutil.copyfile(jingles.SHIPPED / "open.wav", own)
    audio = dataclasses.replace(settings.audio, jingle_open=own)
    cache = tmp_path / "jingles"
    first = jingles.load_jingles(audio, cache)
    assert first == jingles.load_jingles(audio)  # the same samples as decoding them

    real_decode = jingles.ffmpeg.decode
    decoded: list[str] = []

    def counted(path: str, rate: int, what: str) -> object:
        decoded.append(Path(path).name)
        return real_decode(path, rate, what)

    monkeypatch.setattr(jingles.ffmpeg, "decode", counted)
    assert jingles.load_jingles(audio, cache) == first
    assert decoded == []

    Sine(660).to_audio_segment(1500, volume=-12.0).export(own, format="wav")  # another file
    again = jingles.load_jingles(audio, cache)
    assert decoded == ["open.wav"]
    assert len(again[SegmentKind.JINGLE_OPEN]) == 1500
    assert jingles.load_jingles(audio, cache) == again and decoded == ["open.wav"]


def test_a_damaged_kept_jingle_is_decoded_again(tmp_path: Path, settings: Settings) -> None:
    cache = tmp_path / "jingles"
    first = jingles.load_jingles(settings.audio, cache)
    for kept in cache.glob("*.pcm"):
        kept.write_bytes(kept.read_bytes()[:-1])  # cut one byte short
    assert jingles.load_jingles(settings.audio, cache) == first
    assert jingles.load_jingles(settings.audio, cache) == first  # and kept whole again
