"""Segments encoded once as independent MP3 pieces and joined: exact, clean, only changes redone."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from radio.audio import encoded
from radio.audio.assemble import SegmentSound, assemble, lay_out
from radio.audio.frames import frame_samples
from radio.audio.inspect import inspect_mp3
from radio.audio.level import level
from radio.audio.render import render
from radio.audio.tags import episode_tags
from radio.config import Settings
from radio.content.script import Script
from radio.core import ffmpeg
from radio.core.month import Month
from radio.speech.engine import SpokenSegment

from .conftest import speechlike


def samples(data: bytes) -> array:
    out = array("h")
    out.frombytes(data)
    return out


def test_joined_pieces_decode_to_the_programme_sample_for_sample_without_clicks(
        tmp_path: Path, settings: Settings, script: Script, spoken: list[SpokenSegment]) -> None:
    programme = assemble(script, spoken, settings.audio)
    rendered = render(programme, tmp_path / "episode.mp3",
                      episode_tags(settings.program, Month(2024, 5)), settings.audio,
                      cache_dir=tmp_path / "encoded")
    decoded, _ = ffmpeg.run(["-i", str(rendered.path), *ffmpeg.pcm_output(44100)])
    heard, meant = samples(decoded), samples(programme.audio().raw_data)
    assert len(heard) == len(meant)  # the duration and so every chapter time are exact
    error = sum((a - b) ** 2 for a, b in zip(heard, meant, strict=True))
    signal = sum(b * b for b in meant)
    assert error < signal / 100  # aligned to the sample: coding noise only (20 dB under)
    for chapter in programme.chapters[1:]:  # around each join, in the pause: silence, no click
        start = round(chapter.start_s * 44100)
        assert max(abs(v) for v in heard[start - 8000:start - 600]) < 200
    # the loudness gated from the pieces' blocks is the file's (as closely as LAME's loss is a
    # constant: the same tolerance as a single-pass encode had, tests/audio/test_render.py)
    assert rendered.loudness_lufs == pytest.approx(inspect_mp3(rendered.path).loudness_lufs,
                                                   abs=0.3)


def test_a_rebuild_encodes_only_the_changed_segment(
        tmp_path: Path, settings: Settings, script: Script, spoken: list[SpokenSegment],
        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "encoded"
    tags = episode_tags(settings.program, Month(2024, 5))
    render(assemble(script, spoken, settings.audio), tmp_path / "a.mp3", tags, settings.audio,
           cache_dir=cache)
    runs: list[str] = []
    real = encoded.ffmpeg.run

    def counted(args: list[str], **options: object) -> tuple[bytes, str]:
        runs.append(str(options.get("what")))
        return real(args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(encoded.ffmpeg, "run", counted)
    changed = [spoken[0], SpokenSegment("02-topic-1", "gtts", speechlike(4.1))]
    programme = assemble(script, changed, settings.audio)
    again = render(programme, tmp_path / "b.mp3", tags, settings.audio, cache_dir=cache)
    assert [what for what in runs if what.startswith("encoding")] == ["encoding 02-topic-1"]
    assert inspect_mp3(again.path).duration_s == pytest.approx(programme.duration_s, abs=0.001)


def test_a_segment_of_sentences_joins_exactly_with_its_sentence_gap(
        tmp_path: Path, settings: Settings, script: Script, spoken: list[SpokenSegment]) -> None:
    """A unit's local segment is levelled and encoded sentence by sentence (issue 21): its
    sentences join as exactly as segments do, the gap kept (rounded up to a frame at most)."""
    whole = assemble(script, spoken, settings.audio)
    first, second = (level(speechlike(seconds, pitch=pitch), settings.audio, None, "take")
                     for seconds, pitch in ((1.6, 150.0), (2.2, 120.0)))
    gap = round(0.4 * settings.audio.sample_rate)
    sounds = list(whole.sounds)
    sounds[1] = SegmentSound((first, second), gap)
    programme = lay_out(script, [c.engine for c in whole.chapters], sounds, settings.audio)
    assert len(programme.parts) == len(whole.parts) + 1
    chapter = programme.chapters[1]
    assert programme.chapters[2].start_s > chapter.start_s + chapter.duration_s  # its pause after
    rate = settings.audio.sample_rate
    heard_gap = round(chapter.duration_s * rate) - first.frames - second.frames
    assert gap <= heard_gap <= gap + frame_samples(rate)
    rendered = render(programme, tmp_path / "episode.mp3",
                      episode_tags(settings.program, Month(2024, 5)), settings.audio,
                      cache_dir=tmp_path / "encoded")
    decoded, _ = ffmpeg.run(["-i", str(rendered.path), *ffmpeg.pcm_output(rate)])
    heard, meant = samples(decoded), samples(programme.audio().raw_data)
    assert len(heard) == len(meant)
    assert sum((a - b) ** 2 for a, b in zip(heard, meant, strict=True)) < \
        sum(b * b for b in meant) / 100
    start = round(chapter.start_s * rate)  # the first sentence where the chapter says
    assert samples(first.pcm)[:2000] == meant[start:start + 2000]
    second_at = start + first.frames + heard_gap
    assert samples(second.pcm)[-2000:] == meant[second_at + second.frames - 2000:second_at + second.frames]
    assert max(abs(v) for v in heard[start + first.frames + 600:second_at - 600]) < 200  # silence
