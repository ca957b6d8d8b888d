"""The programme's predicted length before anything is spoken: the build's own compile and fit."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from radio.audio.jingles import load_jingles
from radio.audio.settings import AudioSettings
from radio.config import Settings
from radio.content.compiler import compile_script
from radio.content.episode import INPUT_NAME
from radio.content.script import Script, SegmentKind
from radio.core.month import Month
from radio.reading import Normalizer
from radio.speech.speaker import Speaker


def predict_month(month: Month, settings: Settings, input_text: str | None = None) -> Script:
    """The script `radio build` would compile now, fitted to the pace of the engine expected to
    speak; with `input_text`, as if it were the month's episode.toml (the file is not touched)."""
    normalizer = Normalizer(settings.reading)
    speaker = Speaker(settings.speech, settings.reading, settings.audio.sample_rate, normalizer=normalizer)
    pace = speaker.pace_of(speaker.expected_engine)
    jingles = _jingle_seconds(settings.audio)
    if input_text is None:
        return compile_script(month, settings.program, pace, normalizer.read, jingles,
                              pause_s=settings.audio.pause_ms / 1000)
    with tempfile.TemporaryDirectory(prefix="radio-predict-") as temp:
        episodes = Path(temp)
        source = settings.program.episodes_dir
        for other in range(1, 13):  # the year plan looks at every month's topics
            folder = source / str(Month(month.year, other))
            if (folder / INPUT_NAME).is_file():
                (episodes / folder.name).mkdir()
                shutil.copy(folder / INPUT_NAME, episodes / folder.name / INPUT_NAME)
        target = episodes / str(month)
        target.mkdir(exist_ok=True)
        (target / INPUT_NAME).write_text(input_text, encoding="utf-8")
        own = source / str(month)
        for child in own.iterdir() if own.is_dir() else ():
            if child.is_dir() and child.name != "calendar":  # recorded files live beside the input
                shutil.copytree(child, target / child.name)
        program = replace(settings.program, episodes_dir=episodes)
        return compile_script(month, program, pace, normalizer.read, jingles,
                              pause_s=settings.audio.pause_ms / 1000)


@lru_cache(maxsize=4)
def _jingle_seconds(audio: AudioSettings) -> tuple[float, float]:
    jingles = load_jingles(audio)  # decoded once per settings: typing must not wait for ffmpeg
    return (len(jingles[SegmentKind.JINGLE_OPEN]) / 1000, len(jingles[SegmentKind.JINGLE_CLOSE]) / 1000)
