"""The programme's predicted length before anything is spoken: the build's own compile and fit."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from radio.audio.jingles import jingle_path, load_jingle
from radio.audio.settings import AudioSettings
from radio.config import Settings
from radio.content.compiler import compile_script
from radio.content.episode import INPUT_NAME
from radio.content.planning import saved_plan_path, year_planning
from radio.content.script import Script, SegmentKind
from radio.core.month import Month
from radio.pipeline.context import build_planning
from radio.pipeline.facts import built_months
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
        return compile_script(
            month,
            settings.program,
            pace,
            normalizer.read,
            jingles,
            pause_s=settings.audio.pause_ms / 1000,
            planning=build_planning(settings, month, save=False),
        )
    with tempfile.TemporaryDirectory(prefix="radio-predict-") as temp:
        episodes = Path(temp)
        source = settings.program.episodes_dir
        for other in range(1, 13):  # the year plan looks at every month's topics and builds
            folder = source / str(Month(month.year, other))
            for name in (INPUT_NAME, "build.json"):
                if (folder / name).is_file():
                    (episodes / folder.name).mkdir(exist_ok=True)
                    shutil.copy(folder / name, episodes / folder.name / name)
        saved = saved_plan_path(settings.program, month.year)
        if saved.is_file():
            shutil.copy(saved, episodes / saved.name)
        target = episodes / str(month)
        target.mkdir(exist_ok=True)
        (target / INPUT_NAME).write_text(input_text, encoding="utf-8")
        own = source / str(month)
        for child in own.iterdir() if own.is_dir() else ():
            if child.is_dir() and child.name != "calendar":  # recorded files live beside the input
                shutil.copytree(child, target / child.name)
        program = replace(settings.program, episodes_dir=episodes)
        planning = year_planning(program, month.year, built_months(episodes, month.year))
        return compile_script(
            month,
            program,
            pace,
            normalizer.read,
            jingles,
            pause_s=settings.audio.pause_ms / 1000,
            planning=planning,
        )


def _jingle_seconds(audio: AudioSettings) -> tuple[float, float]:
    """Both jingles' lengths. Each is decoded once per version of its file (path, mtime, size):
    typing must not wait for ffmpeg, and a jingle replaced while the Studio runs is read anew."""
    open_s, close_s = (_jingle_length_s(kind, *_file_version(jingle_path(kind, audio)), audio.sample_rate)
                       for kind in (SegmentKind.JINGLE_OPEN, SegmentKind.JINGLE_CLOSE))
    return open_s, close_s


def _file_version(path: Path) -> tuple[Path, int, int]:
    try:
        stat = path.stat()
    except OSError:  # load_jingle says what is wrong with it
        return path, -1, -1
    return path, stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _jingle_length_s(kind: SegmentKind, path: Path, _mtime_ns: int, _size: int, sample_rate: int) -> float:
    settings = AudioSettings(sample_rate=sample_rate, jingle_open=path, jingle_close=path)
    return len(load_jingle(kind, settings)) / 1000
