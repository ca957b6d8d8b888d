"""Every month of 2024 fits the 10–15 minute window with room to spare, at both speaking paces.

The shipped templates must hold enough optional material that the fit lands near the 12.5-minute
target whatever the month's topics, with the editors' episode.toml inputs and without them, at the
fast gTTS estimate and at espeak-ng's calibrated pace, as the real normaliser reads the text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from radio.config import Settings
from radio.content.episode import load_year_inputs
from radio.content.pace import Pace
from radio.core.month import Month
from radio.reading import Normalizer
from radio.speech.pace import espeak_pace, gtts_pace
from tests.content.conftest import SHIPPED_EPISODES, compile_for

MakeSettings = Callable[..., Settings]
LOW_MIN, HIGH_MIN = 11.0, 14.0  # well inside the plan's 10–15 minutes


def _paces(settings: Settings) -> dict[str, Pace]:
    speech = settings.speech
    return {"gtts": gtts_pace(), f"espeak {speech.espeak_voice} {speech.espeak_rate_wpm} wpm":
            espeak_pace(speech.espeak_voice, speech.espeak_rate_wpm)}


@pytest.mark.slow
@pytest.mark.parametrize("with_inputs", [True, False], ids=["episodes", "no-episodes"])
def test_every_month_of_2024_lands_near_the_target(make_settings: MakeSettings, tmp_path: Path,
                                                   with_inputs: bool) -> None:
    episodes = SHIPPED_EPISODES if with_inputs else tmp_path / "no-episodes"
    episodes.mkdir(exist_ok=True)
    settings = make_settings(episodes=episodes)
    assert settings.speech.espeak_voice == "vi" and settings.speech.espeak_rate_wpm == 150
    assert bool(load_year_inputs(episodes, 2024)) == with_inputs
    read = Normalizer(settings.reading).read  # default reading settings: codes expanded
    outside = []
    for name, pace in _paces(settings).items():
        for month in range(1, 13):
            script = compile_for(Month(2024, month), settings, pace, read=read)
            minutes = script.predicted_s / 60
            if not LOW_MIN <= minutes <= HIGH_MIN:
                outside.append(f"2024-{month:02d} at {name}: {minutes:.2f} min "
                               f"(topics {script.topics})")
    assert not outside, "outside [11, 14] minutes: " + "; ".join(outside)
