"""A refusal is a catalog message: English in logs (str), Vietnamese for the person reading it."""

from __future__ import annotations

from pathlib import Path

import pytest

from radio.core.errors import RadioError, SettingsError
from radio.core.tomlfile import load_toml


def test_a_settings_file_that_is_missing_reads_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_toml(tmp_path / "schedule.toml")
    err = caught.value
    assert str(err) == f"{tmp_path / 'schedule.toml'}: file not found"
    assert err.in_language("vi") == f"{tmp_path / 'schedule.toml'}: không tìm thấy tệp"


def test_a_refusal_passed_on_keeps_its_translation_and_swaps_a_file_name(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_toml(tmp_path / ".schedule.toml.check-1")
    passed_on = RadioError(caught.value.text.replace(".schedule.toml.check-1", "schedule.toml"))
    assert str(passed_on) == f"{tmp_path / 'schedule.toml'}: file not found"
    assert passed_on.in_language("vi") == f"{tmp_path / 'schedule.toml'}: không tìm thấy tệp"
