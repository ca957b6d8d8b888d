"""Real espeak-ng from the espeakng-loader wheel."""

from __future__ import annotations

import threading

import pytest

from radio.core.errors import RadioError
from radio.speech.espeak_engine import VOICES, EspeakEngine
from radio.speech.pace import espeak_pace

SENTENCE = "Kính thưa bà con, từ tháng năm, người dân có thể nộp hồ sơ trực tuyến tại nhà."


@pytest.mark.parametrize("voice", VOICES)
def test_speaks_vietnamese_at_22050_hz_mono(voice: str) -> None:
    audio = EspeakEngine(voice, 150).synthesize(SENTENCE)
    assert (audio.frame_rate, audio.channels, audio.sample_width) == (22_050, 1, 2)
    assert audio.max_dBFS > -20  # real speech, not silence
    # 18 syllables and a comma: a few seconds, as the calibrated pace predicts (±25 %)
    predicted = espeak_pace(voice, 150).predict_s(SENTENCE)
    assert 2.0 < len(audio) / 1000 < 8.0
    assert abs(len(audio) / 1000 - predicted) < 0.25 * predicted


def test_faster_rate_speaks_faster() -> None:
    slow = EspeakEngine("vi", 120).synthesize(SENTENCE)
    fast = EspeakEngine("vi", 220).synthesize(SENTENCE)
    assert len(fast) < 0.8 * len(slow)


def test_identity_names_voice_and_rate() -> None:
    a, b = EspeakEngine("vi", 150), EspeakEngine("vi-vn-x-south", 150)
    assert a.identity() != b.identity() != EspeakEngine("vi-vn-x-south", 160).identity()
    assert "vi-vn-x-south" in b.identity()


def test_threads_share_the_library_safely() -> None:
    """The lock serialises calls: each concurrent synthesis gets its own whole sentence.

    (espeak-ng varies a few samples from run to run, so lengths are compared, not bytes.)
    """
    engine = EspeakEngine("vi", 150)
    alone = len(engine.synthesize(SENTENCE).raw_data)
    results: list[int] = []
    def speak() -> None:
        results.append(len(engine.synthesize(SENTENCE).raw_data))

    threads = [threading.Thread(target=speak) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert all(abs(n - alone) < 0.01 * alone for n in results)


def test_unknown_voice_and_bad_rate_are_clear_errors() -> None:
    with pytest.raises(RadioError, match="speech.espeak_voice: 'en'.*vi-vn-x-central"):
        EspeakEngine("en", 150)
    with pytest.raises(RadioError, match="speech.espeak_rate_wpm: 900"):
        EspeakEngine("vi", 900)
