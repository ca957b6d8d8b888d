from pathlib import Path

import pytest

from radio.config import load_settings
from radio.core.errors import RadioError

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schedule.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_schedule_loads_with_programme_defaults() -> None:
    settings = load_settings(REPO / "schedule.toml")
    assert settings.program.window_s == (600.0, 900.0)
    assert settings.program.target_minutes == 12.5
    assert settings.audio.target_lufs == -16.0
    assert settings.audio.bitrate_kbps == 96 and settings.audio.channels == 1
    assert settings.speech.engine == "auto" and settings.speech.concurrency == 4


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[program]\nname = "x"\nmin_minutes = = 3\n')
    with pytest.raises(RadioError, match=r"schedule\.toml: invalid TOML.*line 3"):
        load_settings(path)


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    path = write(tmp_path, '[audio]\nbitrate_kbps = "fast"\n')
    with pytest.raises(RadioError, match=r"audio\.bitrate_kbps: expected a whole number"):
        load_settings(path)


def test_unknown_field_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "[speech]\nengnie = 'gtts'\n")
    with pytest.raises(RadioError, match=r"speech: unknown field\(s\) engnie"):
        load_settings(path)


def test_bad_engine_lists_the_choices(tmp_path: Path) -> None:
    path = write(tmp_path, "[speech]\nengine = 'festival'\n")
    with pytest.raises(RadioError, match="auto, piper, gtts, espeak, fptai"):
        load_settings(path)


def test_window_must_contain_the_target(tmp_path: Path) -> None:
    path = write(tmp_path, "[program]\nmin_minutes = 10\ntarget_minutes = 16\nmax_minutes = 15\n")
    with pytest.raises(RadioError, match="min_minutes ≤ target_minutes ≤ max_minutes"):
        load_settings(path)


def test_missing_jingle_file_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "[audio]\njingle_open = 'nope.wav'\n")
    with pytest.raises(RadioError, match=r"audio\.jingle_open: nope\.wav does not exist"):
        load_settings(path)
