"""A build decodes each jingle once: its length fits the script, the same audio is assembled."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from radio.audio import jingles
from radio.config import load_settings
from radio.core.month import Month
from radio.pipeline.build import assemble_month
from radio.reading import Normalizer
from radio.speech.speaker import Speaker


@pytest.mark.slow
def test_each_jingle_is_decoded_once_per_build(workspace: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(workspace / "schedule.toml")
    decode, decoded = jingles.ffmpeg.decode, Counter[str]()

    def counting(path: str, *args: object, **kwargs: object) -> object:
        decoded[Path(path).name] += 1
        return decode(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jingles.ffmpeg, "decode", counting)
    speaker = Speaker(settings.speech, settings.reading, settings.audio.sample_rate, "espeak")
    script, _, programme = assemble_month(Month(2024, 5), settings, speaker,
                                          Normalizer(settings.reading).read)
    assert decoded == {"open.wav": 1, "close.wav": 1}
    first, last = programme.chapters[0], programme.chapters[-1]
    assert (first.engine, last.engine) == ("jingle", "jingle")
    assert first.duration_s == pytest.approx(5.0, abs=0.01)  # the shipped open.wav
    assert (first.segment_id, last.segment_id) == (script.segments[0].id, script.segments[-1].id)
