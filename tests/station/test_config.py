"""station.toml: a good file loads into typed settings; each mistake names its field."""

from __future__ import annotations

from pathlib import Path

import pytest

from radio.core.errors import RadioError
from radio.protocol.minisign import SecretKey
from radio.station.config import load_station_config


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def key_line() -> str:
    return SecretKey.generate().public_key.base64


def test_a_complete_file_loads(tmp_path: Path, key_line: str) -> None:
    (tmp_path / "minisign.pub").write_text(f"untrusted comment: minisign public key\n{key_line}\n")
    (tmp_path / "token.txt").write_text("secret-token\n")
    config = load_station_config(write(tmp_path, """
[station]
id = "st-03"
centre = "http://127.0.0.1:8080/radio"
public_key = "minisign.pub"
token_file = "token.txt"
storage = "data"
play_command = ["mpg123", "-q", "{file}"]
sync_interval_s = 600
"""))
    assert config.station_id == "st-03" and config.public_key.base64 == key_line
    assert config.manifest_url == "http://127.0.0.1:8080/radio/stations/st-03/manifest.json"
    assert config.reports_url == "http://127.0.0.1:8080/radio/api/reports"
    assert config.report_token == "secret-token" and config.storage_dir == tmp_path / "data"
    assert config.play_command == ("mpg123", "-q", "{file}") and config.sync_interval_s == 600
    assert str(config.timezone) == "Asia/Ho_Chi_Minh"


def test_defaults_only_log_and_sync_every_15_minutes(tmp_path: Path, key_line: str) -> None:
    config = load_station_config(write(tmp_path, f"""
[station]
id = "st-03"
centre = "http://127.0.0.1:8080"
public_key = "{key_line}"
token = "t"
"""))
    assert config.play_command == () and config.sync_interval_s == 900


@pytest.mark.parametrize(("line", "message"), [
    ('id = "Phổ An"', "station.id"),
    ('centre = "ftp://x"', "station.centre"),
    ('public_key = "RWnotakey"', "station.public_key"),
    ('play_command = ["mpg123"]', "{file}"),
    ('sync_interval_s = 5', "station.sync_interval_s: 5 is outside"),
    ('timezone = "Asia/Hanoi_City"', "unknown time zone"),
    ('colour = "red"', "unknown field(s) colour"),
])
def test_mistakes_name_the_field(tmp_path: Path, key_line: str, line: str, message: str) -> None:
    fields = {"id": '"st-03"', "centre": '"http://127.0.0.1:8080"', "public_key": f'"{key_line}"',
              "token": '"t"'}
    key = line.split(" = ")[0]
    fields[key] = line.split(" = ", 1)[1]
    body = "[station]\n" + "\n".join(f"{k} = {v}" for k, v in fields.items())
    with pytest.raises(RadioError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("{", r"\{").replace("}", r"\}")):
        load_station_config(write(tmp_path, body))


def test_missing_token_says_where_to_get_one(tmp_path: Path, key_line: str) -> None:
    with pytest.raises(RadioError, match="radio token"):
        load_station_config(write(tmp_path, f'[station]\nid = "st-03"\ncentre = "http://h"\n'
                                            f'public_key = "{key_line}"\n'))
