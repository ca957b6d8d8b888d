"""`radio say`: one sentence through the normaliser and an engine, to a file an editor can play."""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from radio.core.errors import ExitCode


def test_say_prints_the_reading_and_writes_the_audio(radio: Callable[..., Result],
                                                     tmp_path: Path) -> None:
    out = tmp_path / "say.wav"
    result = radio("say", "Tiếp nhận 1.250 hồ sơ TTHC tại BPMC", "--engine", "espeak", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert ("một nghìn hai trăm năm mươi hồ sơ thủ tục hành chính tại bộ phận một cửa"
            in result.stdout)
    with wave.open(str(out)) as audio:
        assert audio.getnchannels() == 1
        assert audio.getnframes() / audio.getframerate() > 1.0
    assert "espeak" in result.stderr


def test_say_to_an_unwritable_place_is_a_clear_error(radio: Callable[..., Result],
                                                     tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file, not a folder")
    result = radio("say", "xin chào", "--engine", "espeak", "-o", str(tmp_path / "blocked" / "x.wav"))
    assert result.exit_code == ExitCode.FILES and isinstance(result.exception, SystemExit)  # handled
    assert "cannot write here" in result.stderr


def test_say_writes_mp3_when_asked(radio: Callable[..., Result], tmp_path: Path) -> None:
    from mutagen.mp3 import MP3

    out = tmp_path / "say.mp3"
    result = radio("say", "Xin chào bà con", "--engine", "espeak", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert MP3(out).info.length > 0.5
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
