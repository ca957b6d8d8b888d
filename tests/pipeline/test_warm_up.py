"""A rebuild with nothing to do never loads a voice model: the speaker is warmed up (Piper loads
its voice in the background) only once the build found work to do. (An unchanged Piper rebuild
that started loading aborted at exit: ONNX Runtime and a thread still creating its session.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from radio.config import load_settings
from radio.core.month import Month
from radio.pipeline.build import build_month
from radio.speech.speaker import Speaker
from tests.pipeline.test_kill_build import MONTH, tiny  # noqa: F401  (the fixture)


class Spy(Speaker):
    warmed = 0

    def warm_up(self) -> None:
        Spy.warmed += 1
        super().warm_up()


def test_only_a_build_with_work_to_do_warms_its_speaker(
        tiny: Path, db_url: str, radio: Callable[..., Result]) -> None:  # noqa: F811
    settings = load_settings(tiny / "schedule.toml")

    def spy() -> Spy:
        return Spy(settings.speech, settings.reading, settings.audio.sample_rate, "espeak")

    built = build_month(Month.parse(MONTH), settings, speaker=spy())
    assert not built.unchanged and Spy.warmed == 1
    same = build_month(Month.parse(MONTH), settings, speaker=spy())
    assert same.unchanged and Spy.warmed == 1  # not warmed: nothing to speak
