from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from radio.audio.assemble import assemble
from radio.audio.loudness import aim_lufs, ebur128, parse_summary
from radio.config import Settings
from radio.content.script import Script
from radio.core import ffmpeg
from radio.core.errors import RadioError
from radio.speech.engine import SpokenSegment

from .conftest import speechlike

SHIPPED_JINGLES_S = 5.0 + 3.2


def test_duration_is_the_parts_plus_pauses_without_crossfade(
        settings: Settings, script: Script, spoken: list[SpokenSegment]) -> None:
    programme = assemble(script, spoken, settings.audio)
    inputs = [SHIPPED_JINGLES_S - 3.2, 2.5, 3.0, 3.2]
    for chapter, expected in zip(programme.chapters, inputs, strict=True):
        assert chapter.duration_s == pytest.approx(expected, abs=0.005)
    # each pause is the 0.5 s asked for rounded up to an MP3 frame boundary (≤ 26 ms more); the
    # encoder's priming (25 ms) before the first segment and its tail after the last one
    frame_s = 1152 / 44100
    expected_total = sum(inputs) + 3 * 0.5 + frame_s
    assert expected_total <= programme.duration_s <= expected_total + 3 * frame_s
    audio = programme.audio()
    assert len(audio.raw_data) == 2 * programme.frames
    assert audio.frame_rate == 44100 and audio.channels == 1
    assert programme.chapters[0].start_s == pytest.approx(1105 / 44100, abs=1e-9)
    for before, after in zip(programme.chapters, programme.chapters[1:], strict=False):
        pause = after.start_s - (before.start_s + before.duration_s)
        assert 0.5 <= pause < 0.5 + frame_s
    # the pause really is silence, and each chapter starts where its sound does
    first = programme.chapters[0]
    pause = audio[(first.start_s + first.duration_s) * 1000 + 20:
                  (first.start_s + first.duration_s + 0.5) * 1000 - 20]
    assert pause.max == 0
    for chapter in programme.chapters:
        start = round(chapter.start_s * 44100)
        assert not any(audio.raw_data[2 * start - 2:2 * start])  # silence just before
    assert sum(programme.piece_frames(i) for i in range(4)) == programme.frames


def test_segments_are_levelled_to_the_aim_whatever_their_input_level(
        settings: Settings, script: Script, spoken: list[SpokenSegment]) -> None:
    programme = assemble(script, spoken, settings.audio)
    aim = aim_lufs(settings.audio)
    for segment in programme.parts:
        # measured again, independently of the levelling's own figure
        _, stderr = ffmpeg.run([*ffmpeg.pcm_input(44100), "-af", ebur128(True), "-f", "null", "-"],
                               feed=segment.pcm)
        measured = parse_summary(stderr)
        assert measured.integrated_lufs == pytest.approx(aim, abs=0.15)
        assert measured.true_peak_dbtp <= settings.audio.true_peak_dbtp
    assert programme.loudness_lufs == pytest.approx(aim, abs=0.1)
    assert [c.engine for c in programme.chapters] == ["jingle", "espeak", "gtts", "jingle"]


@pytest.mark.slow
def test_cache_returns_the_same_audio_and_follows_settings(
        tmp_path: Path, settings: Settings, script: Script, spoken: list[SpokenSegment]) -> None:
    cache = tmp_path / "levelled"
    first = assemble(script, spoken, settings.audio, cache)
    assert len(list(cache.rglob("*.pcm"))) == 4
    again = assemble(script, spoken, settings.audio, cache)
    assert [s.pcm for s in again.parts] == [s.pcm for s in first.parts]
    quieter = dataclasses.replace(settings.audio, target_lufs=-23.0)
    assemble(script, spoken, quieter, cache)
    assert len(list(cache.rglob("*.pcm"))) == 8


def test_user_jingle_mp3_replaces_the_shipped_one(
        tmp_path: Path, settings: Settings, script: Script, spoken: list[SpokenSegment]) -> None:
    jingle = tmp_path / "my-open.mp3"
    ffmpeg.run(["-f", "lavfi", "-i", "sine=f=660:d=2", "-c:a", "libmp3lame", str(jingle)])
    mine = dataclasses.replace(settings.audio, jingle_open=jingle)
    programme = assemble(script, spoken, mine)
    assert programme.chapters[0].duration_s == pytest.approx(2.0, abs=0.06)


def test_unreadable_jingle_and_missing_speech_are_clear_errors(
        tmp_path: Path, settings: Settings, script: Script, spoken: list[SpokenSegment]) -> None:
    broken = tmp_path / "open.wav"
    broken.write_text("not audio")
    with pytest.raises(RadioError, match=r"jingle_open: cannot read .*open.wav"):
        assemble(script, spoken, dataclasses.replace(settings.audio, jingle_open=broken))
    with pytest.raises(RadioError, match=r"jingle_close: .*gone.wav does not exist"):
        assemble(script, spoken,
                 dataclasses.replace(settings.audio, jingle_close=tmp_path / "gone.wav"))
    with pytest.raises(RadioError, match="02-topic-1"):
        assemble(script, spoken[:1], settings.audio)


def test_stereo_or_8_bit_input_is_accepted(settings: Settings, script: Script) -> None:
    odd = speechlike(1.0).set_channels(2).set_sample_width(1)
    programme = assemble(script, [SpokenSegment("01-greeting", "recorded", odd),
                                  SpokenSegment("02-topic-1", "espeak", speechlike(1.0))],
                         settings.audio)
    assert programme.chapters[1].duration_s == pytest.approx(1.0, abs=0.005)


def test_a_warm_assembly_reads_the_cache_and_runs_no_ffmpeg(
        tmp_path: Path, settings: Settings, script: Script, spoken: list[SpokenSegment],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from radio.audio import jingles, level

    cache = tmp_path / "levelled"
    first = assemble(script, spoken, settings.audio, cache)
    decoded = jingles.load_jingles(settings.audio)

    def no_ffmpeg(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("ffmpeg ran on a warm assembly")

    monkeypatch.setattr(level.ffmpeg, "run", no_ffmpeg)
    again = assemble(script, spoken, settings.audio, cache, jingles=decoded)
    assert [s.pcm for s in again.parts] == [s.pcm for s in first.parts]
    assert again.chapters == first.chapters
