"""`radio studio adduser` and the typed emergency spoken by the engine."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from mutagen.mp3 import MP3

from radio.cli import main
from radio.config import load_settings
from radio.pipeline.announce import speak_to_mp3
from radio.store.db import open_engine
from radio.studio.auth import list_users, sign_in


def test_adduser_reads_the_password_from_standard_input(workspace: Path, db_url: str) -> None:
    result = CliRunner(mix_stderr=False).invoke(
        main,
        ["--config", str(workspace / "schedule.toml"), "studio", "adduser", "kythuat", "--role", "admin"],
        input="mat-khau-dai\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "kythuat" in result.stdout
    engine = open_engine(db_url)
    assert [(u.name, u.role) for u in list_users(engine)] == [("kythuat", "admin")]
    assert sign_in(engine, "kythuat", "mat-khau-dai", datetime.now(UTC)) is not None
    short = CliRunner(mix_stderr=False).invoke(
        main,
        ["--config", str(workspace / "schedule.toml"), "studio", "adduser", "b", "--role", "editor"],
        input="x\n",
    )
    assert short.exit_code == 1 and "Traceback" not in short.stderr


def test_a_typed_emergency_is_spoken_into_an_mp3(workspace: Path, tmp_path: Path) -> None:
    settings_file = workspace / "schedule.toml"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8").replace('engine = "auto"', 'engine = "espeak"', 1),
        encoding="utf-8",
    )
    out = tmp_path / "khan-cap.mp3"
    seconds = speak_to_mp3(
        "Bão số 4 đang vào bờ; người dân không ra khơi.", load_settings(settings_file), out
    )
    assert seconds > 1 and abs(MP3(out).info.length - seconds) < 0.5
