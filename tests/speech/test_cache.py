"""The content-addressed speech cache on a real folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydub.generators import Sine

from radio.core.errors import RadioError
from radio.speech.cache import SpeechCache, cache_key


def test_key_ignores_whitespace_but_not_engine_or_words() -> None:
    key = cache_key("espeak vi 150", "Xin chào  bà con.\n")
    assert key == cache_key("espeak vi 150", "Xin chào bà con.")
    assert key != cache_key("espeak vi 160", "Xin chào bà con.")
    assert key != cache_key("espeak vi 150", "Xin chào bà con!")


def test_round_trip_is_exact_and_leaves_no_temp_files(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path / "c")
    audio = Sine(300).to_audio_segment(duration=250).set_frame_rate(22_050).set_channels(1)
    key = cache_key("x", "một")
    assert cache.get(key) is None
    cache.put(key, audio)
    back = cache.get(key)
    assert back is not None and back.raw_data == audio.raw_data and back.frame_rate == 22_050
    assert [p.name for p in cache.path(key).parent.iterdir()] == [f"{key}.wav"]


def test_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    key = cache_key("x", "hai")
    cache.path(key).parent.mkdir(parents=True)
    cache.path(key).write_bytes(b"RIFF\x00\x00")
    assert cache.get(key) is None


def test_unwritable_cache_names_the_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = SpeechCache(blocker / "cache")
    with pytest.raises(RadioError, match=r"file/cache: cannot write the speech cache"):
        cache.put(cache_key("x", "ba"), Sine(300).to_audio_segment(duration=50))
