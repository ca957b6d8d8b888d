"""Segments encoded once as independent MP3 pieces and joined: exact, clean, only changes redone."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from radio.audio import encoded
from radio.audio.assemble import assemble
from radio.audio.inspect import inspect_mp3
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
