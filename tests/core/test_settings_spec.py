"""Each setting is declared once (default, type, range) on its dataclass field, and read from there."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from radio.audio.settings import AudioSettings
from radio.config import load_settings
from radio.content.settings import ProgramSettings
from radio.core.errors import ExitCode, SettingsError
from radio.core.tomlfile import SPEC, Table, read_section, setting
from radio.reading.settings import CodeReading, ReadingSettings
from radio.speech.settings import SpeechSettings

SECTIONS = (AudioSettings, ProgramSettings, ReadingSettings, SpeechSettings)
WORKED_OUT = {"identities", "register", "network"}  # [[program.identity]] tables; the facts files; the units (config)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda cls: cls.__name__)
def test_every_field_is_a_declared_setting(section: type) -> None:
    for field in dataclasses.fields(section):
        assert field.name in WORKED_OUT or SPEC in field.metadata, f"{section.__name__}.{field.name}"


def test_an_empty_file_gives_the_declared_defaults(tmp_path: Path) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text("", encoding="utf-8")
    settings = load_settings(path)
    assert settings.audio == AudioSettings()
    assert settings.reading == ReadingSettings() and settings.reading.codes is CodeReading.EXPAND
    assert settings.program == dataclasses.replace(ProgramSettings(), episodes_dir=tmp_path / "episodes",
                                                   register=settings.program.register)
    assert settings.program.register.facts  # the shipped register
    assert settings.speech == dataclasses.replace(
        SpeechSettings(), cache_dir=tmp_path / ".radio" / "cache", voices_dir=tmp_path / ".radio" / "voices",
        espeak_voice="vi")  # the region's (north) voice


@pytest.mark.parametrize("text, message", [
    ("[audio]\nchannels = 3\n", "schedule.toml.audio.channels: 3 is not one of 1, 2"),
    ("[audio]\nsample_rate = 8000\n", "schedule.toml.audio.sample_rate: 8000 is not one of 22050, 32000"),
    ("[audio]\ntrue_peak_dbtp = 1\n", "schedule.toml.audio.true_peak_dbtp: 1 is outside -20..0 dBTP"),
    ("[speech]\nretries = 11\n", "schedule.toml.speech.retries: 11 is outside 0..10"),
    ("[program]\nmax_minutes = 200\n", "schedule.toml.program.max_minutes: 200 is outside 0..180 minutes"),
    ("[reading]\ncodes = 'sing'\n", "schedule.toml.reading.codes: 'sing' is not one of drop, expand, spell"),
])
def test_a_bad_value_is_a_settings_error_naming_file_and_field(tmp_path: Path, text: str,
                                                              message: str) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(message) and caught.value.exit_code == ExitCode.SETTINGS == 3


@dataclasses.dataclass(frozen=True)
class _Example:
    level: float = setting(1.0, low=0, high=2, unit="units")
    name: str = setting("x", key="label")


def test_read_section_uses_the_toml_key_the_default_and_refuses_unknown_keys(tmp_path: Path) -> None:
    assert read_section(Table({"label": "y"}, "f.toml.s"), _Example, tmp_path) == _Example(name="y")
    assert read_section(Table({}, "f.toml.s"), _Example, tmp_path) == _Example()
    with pytest.raises(SettingsError, match=r"^f\.toml\.s\.level: 3 is outside 0\.\.2 units$"):
        read_section(Table({"level": 3}, "f.toml.s"), _Example, tmp_path)
    with pytest.raises(SettingsError, match=r"^f\.toml\.s: unknown field\(s\) name"):
        read_section(Table({"name": "y"}, "f.toml.s"), _Example, tmp_path)
