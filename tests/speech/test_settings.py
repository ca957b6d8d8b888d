"""[speech] settings for voices: region → espeak-ng voice, auto's order, Piper's speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from radio.config import load_settings
from radio.core.errors import RadioError


def speech(tmp_path: Path, text: str):
    path = tmp_path / "schedule.toml"
    path.write_text("[speech]\n" + text, encoding="utf-8")
    return load_settings(path).speech


@pytest.mark.parametrize("region, voice", [("north", "vi"), ("central", "vi-vn-x-central"),
                                           ("south", "vi-vn-x-south")])
def test_espeak_voice_follows_the_region(tmp_path: Path, region: str, voice: str) -> None:
    assert speech(tmp_path, f'region = "{region}"\n').espeak_voice == voice
    explicit = speech(tmp_path, f'region = "{region}"\nespeak_voice = "vi"\n')
    assert explicit.espeak_voice == "vi"  # an explicit voice wins


def test_defaults_and_the_shipped_settings(tmp_path: Path) -> None:
    defaults = speech(tmp_path, "")
    assert defaults.order == ("piper", "gtts", "espeak") and defaults.piper_speed == 1.0
    assert defaults.voices_dir == tmp_path / ".radio" / "voices" and defaults.piper_threads == 2
    shipped = load_settings(Path(__file__).resolve().parents[2] / "schedule.toml").speech
    assert shipped.region == "central" and shipped.espeak_voice == "vi-vn-x-central"


@pytest.mark.parametrize("text, message", [
    ('order = ["piper", "festival"]\n', r"speech.order: \['festival'\]"),
    ("order = []\n", "speech.order: an empty list"),
    ("piper_speed = 3\n", r"speech.piper_speed: 3 is outside 0.5..2"),
    ("fptai_speed = 4\n", r"speech.fptai_speed: 4 is outside -3..3"),
    ('region = "west"\n', "speech.region: 'west' is not one of north, central, south"),
])
def test_bad_values_name_the_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RadioError, match=message):
        speech(tmp_path, text)
