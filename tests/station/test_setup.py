"""`radio station init`: station.toml written only when valid, the token in its own file, storage made."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from radio.core.errors import RadioError
from radio.protocol.minisign import SecretKey
from radio.station.config import load_station_config
from radio.station.setup import StationSetup, init_station


def _setup(**changes: str) -> StationSetup:
    values = dict(centre="http://trungtam.example:8080", station_id="st-03",
                  public_key=SecretKey.generate().public_key.base64, token="tok-secret")
    values.update(changes)
    return StationSetup(**values)  # type: ignore[arg-type]


def test_init_writes_a_valid_station_toml_a_private_token_and_the_storage(tmp_path: Path) -> None:
    path = tmp_path / "tram" / "station.toml"
    config = init_station(path, _setup(output_device="null"))
    assert config == load_station_config(path)
    assert config.station_id == "st-03" and config.centre_url == "http://trungtam.example:8080/"
    assert config.report_token == "tok-secret" and config.output_device == "null"
    assert "tok-secret" not in path.read_text(encoding="utf-8")
    assert stat.S_IMODE((path.parent / "token.txt").stat().st_mode) == 0o600
    assert config.storage_dir.is_dir()


def test_a_bad_value_is_refused_naming_the_field_and_nothing_is_left(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    with pytest.raises(RadioError, match=r"station.toml.*public_key"):
        init_station(path, _setup(public_key="RWnot-a-key"))
    with pytest.raises(RadioError, match=r"station.toml.*id"):
        init_station(path, _setup(station_id="trạm 3"))
    assert not path.exists() and not list(tmp_path.glob(".*.new"))


def test_an_existing_station_toml_is_kept_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    init_station(path, _setup())
    with pytest.raises(RadioError, match="exists already; pass --force"):
        init_station(path, _setup(station_id="st-04"))
    assert init_station(path, _setup(station_id="st-04"), force=True).station_id == "st-04"
