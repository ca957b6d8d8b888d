"""`radio normalize`: arguments or stdin, one output line per input line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from radio.cli import main
from radio.core.errors import ExitCode


def _config(tmp_path: Path, reading: str = "") -> Path:
    path = tmp_path / "schedule.toml"
    path.write_text(f"[reading]\n{reading}", encoding="utf-8")
    return path


def test_arguments_make_one_line(tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(
        main, ["--config", str(_config(tmp_path)), "normalize", "Tiếp", "nhận", "1.250", "hồ", "sơ"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Tiếp nhận một nghìn hai trăm năm mươi hồ sơ\n"
    assert "1 line(s) read" in result.stderr


def test_stdin_line_by_line_keeps_the_line_count(tmp_path: Path) -> None:
    lines = ["Quyết định số 1512/QĐ-UBND", "", "từ 7h15 đến 10h", "XYZ tại BPMC"]
    result = CliRunner(mix_stderr=False).invoke(
        main, ["--config", str(_config(tmp_path)), "normalize"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout.split("\n")
    assert out[:4] == ["Quyết định số một nghìn năm trăm mười hai của Ủy ban nhân dân", "",
                       "từ bảy giờ mười lăm đến mười giờ", "ích i dài dét tại bộ phận một cửa"]
    assert out[4:] == [""]
    assert "XYZ" in result.stderr and "lexicon" in result.stderr


def test_settings_and_options(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.toml"
    lexicon.write_text('[words]\nXYZ = "ích di dét"\n', encoding="utf-8")
    config = _config(tmp_path, 'codes = "drop"\nlexicon = "mine.toml"\n')
    runner = CliRunner(mix_stderr=False)
    result = runner.invoke(main, ["--config", str(config), "normalize", "XYZ 61/2018/NĐ-CP"])
    assert result.stdout == "ích di dét sáu mươi mốt năm hai nghìn không trăm mười tám\n"
    result = runner.invoke(main, ["--config", str(config), "normalize", "--codes", "spell", "7/KH-UBND"])
    assert result.stdout == "bảy, ca hát, u bê en dê\n"


def test_bad_lexicon_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('[words]\nXYZ = 1\n', encoding="utf-8")
    config = _config(tmp_path, 'lexicon = "mine.toml"\n')
    result = CliRunner(mix_stderr=False).invoke(main, ["--config", str(config), "normalize", "x"])
    assert result.exit_code == ExitCode.SETTINGS
    assert "mine.toml.words.XYZ" in result.stderr
    assert "Traceback" not in result.stderr


def test_explain_shows_which_rule_read_each_token(tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(
        main, ["--config", str(_config(tmp_path)), "normalize", "--explain", "Chiều 14.6, gọi 1022"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Chiều mười bốn tháng sáu, gọi một không hai hai"
    assert "    day-month-dash: 14.6, → 14/6," in lines
    assert "    phone-number: 1022 → một không hai hai" in lines
