"""The level chain's make-up follows the voice's crest factor, and the trim reaches the aim."""

from __future__ import annotations

import re

import pytest
from pydub.generators import Sine

from radio.audio import level
from radio.audio.loudness import (
    MAKEUP_RANGE_DB,
    Loudness,
    aim_lufs,
    crest_db,
    ebur128,
    parse_summary,
    segment_chain,
)
from radio.config import Settings
from radio.core import ffmpeg

from .conftest import speechlike


def _makeup(chain: str) -> float:
    found = re.search(r"makeup=(-?[\d.]+)dB", chain)
    assert found is not None, chain
    return float(found[1])


def _measure(pcm: bytes, rate: int) -> Loudness:
    _, stderr = ffmpeg.run([*ffmpeg.pcm_input(rate), "-af", ebur128(True), "-f", "null", "-"],
                           feed=pcm)
    return parse_summary(stderr)


def test_crest_of_a_sine_of_peaky_speech_and_of_silence() -> None:
    sine = Sine(440).to_audio_segment(1000, volume=-10.0).set_sample_width(2)
    assert crest_db(sine.raw_data) == pytest.approx(3.0, abs=0.1)  # sqrt(2), as its RMS says
    assert crest_db(speechlike(2.0).raw_data) > 6  # decaying syllables stand above their RMS
    silence = bytes(44100)
    assert crest_db(silence) == pytest.approx(11.75)  # nothing audible: the reference voice's


def test_a_peakier_voice_gets_more_makeup_within_its_range(settings: Settings) -> None:
    audio = settings.audio
    calm, peaky = (_makeup(segment_chain(-20.0, audio, crest)) for crest in (11.5, 13.3))
    assert peaky > calm + 5
    assert (_makeup(segment_chain(-20.0, audio, 40.0)),
            _makeup(segment_chain(-20.0, audio, 0.0))) == MAKEUP_RANGE_DB[::-1]


def test_a_segment_left_quiet_by_the_chain_is_boosted_to_the_aim_in_few_passes(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    audio = settings.audio
    raw = speechlike(4.0, -0.5, rate=audio.sample_rate)  # about 2 LU under the aim
    before = _measure(raw.raw_data, audio.sample_rate)
    assert aim_lufs(audio) - 3 < before.integrated_lufs < aim_lufs(audio) - 1
    runs: list[object] = []
    real_run = ffmpeg.run

    def counted(*args: object, **kwargs: object) -> tuple[bytes, str]:
        runs.append(args)
        return real_run(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(level.ffmpeg, "run", counted)
    result = level._trim(raw.raw_data, before, audio, "quiet")
    assert len(runs) <= 2  # the secant loop before this took three or four
    assert result.lufs == pytest.approx(aim_lufs(audio), abs=0.1)
    # the figures it reports are the audio's own, measured again
    again = _measure(result.pcm, audio.sample_rate)
    assert again.integrated_lufs == pytest.approx(result.lufs, abs=0.05)
    assert again.true_peak_dbtp <= audio.true_peak_dbtp


def test_a_loud_segment_is_cut_exactly_without_ffmpeg(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    audio = settings.audio
    raw = Sine(1000, sample_rate=audio.sample_rate).to_audio_segment(3000, volume=-3.0)
    measured = _measure(raw.raw_data, audio.sample_rate)
    assert measured.integrated_lufs > aim_lufs(audio)
    monkeypatch.setattr(level.ffmpeg, "run", lambda *a, **k: pytest.fail("no ffmpeg for a cut"))
    result = level._trim(raw.raw_data, measured, audio, "loud")
    assert result.lufs == pytest.approx(aim_lufs(audio), abs=0.01)
    assert result.true_peak_dbtp == pytest.approx(
        measured.true_peak_dbtp - (measured.integrated_lufs - aim_lufs(audio)), abs=0.01)
