import importlib
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from radio.cli import _COMMAND_MODULES, _SHORT_HELP, main
from radio.cli.params import MONTH, PERIOD, YEAR
from radio.core.errors import ExitCode
from radio.core.month import Month


def test_every_command_module_is_listed_exactly() -> None:
    for module in set(_COMMAND_MODULES.values()):
        names = {command.name for command in importlib.import_module(module).COMMANDS}
        assert names == {name for name, owner in _COMMAND_MODULES.items() if owner == module}


def test_help_lists_every_command_without_settings() -> None:
    result = CliRunner().invoke(main, ["--config", "/nonexistent/schedule.toml", "--help"])
    assert result.exit_code == 0
    for name in _COMMAND_MODULES:
        assert name in result.output


def test_missing_settings_file_is_one_clear_line() -> None:
    result = CliRunner(mix_stderr=False).invoke(
        main, ["--config", "/nonexistent/schedule.toml", "plan", "2024"])
    assert result.exit_code == ExitCode.SETTINGS
    assert result.stderr.strip() == "Error: /nonexistent/schedule.toml: file not found"


@pytest.mark.parametrize("args, line", [
    (["approve", "2026-13", "--by", "An"],
     "Lỗi: `MONTH`: '2026-13': không phải là tháng; viết theo dạng YYYY-MM, "
     "ví dụ 2026-05"),
    (["build", "2024-13"], "Lỗi: `MONTH`: '2024-13': không phải là tháng"),
    (["schedule", "2024-5"], "Lỗi: `MONTH`: '2024-5'"),
    (["publish", "may"], "Lỗi: `MONTH`: 'may'"),
    (["report", "20x4"], "Lỗi: `PERIOD`: '20x4': viết một năm (2024) hoặc một "
                         "tháng (2024-05)"),
    (["plan", "20x4"], "Lỗi: `YEAR`: '20x4': viết một năm từ 2000 đến 2100"),
    (["plan", "1999"], "Lỗi: `YEAR`: '1999'"),
])
def test_a_malformed_month_period_or_year_is_a_usage_error(
        monkeypatch: pytest.MonkeyPatch, args: list[str], line: str) -> None:
    # Refused before the settings are read: no schedule.toml is needed to be told the form.
    monkeypatch.setenv("RADIO_LANG", "vi")
    result = CliRunner(mix_stderr=False).invoke(main, ["--config", "/nonexistent/schedule.toml", *args])
    assert result.exit_code == ExitCode.USAGE == 2
    errors = [text for text in result.stderr.splitlines() if text.startswith(("Error", "Lỗi"))]
    assert len(errors) == 1 and errors[0].startswith(line), result.stderr
    assert "Traceback" not in result.stderr


def test_the_types_convert_good_values() -> None:
    assert MONTH.convert("2026-05", None, None) == Month(2026, 5)
    assert PERIOD.convert(" 2024 ", None, None) == "2024"
    assert PERIOD.convert("2024-05", None, None) == "2024-05"
    assert YEAR.convert("2026", None, None) == 2026


def test_usage_errors_speak_english_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADIO_LANG", "en")
    result = CliRunner(mix_stderr=False).invoke(main, ["report", "20x4"])
    assert result.exit_code == 2
    assert "'20x4': write a year (2024) or a month (2024-05)" in result.stderr


def test_the_listed_short_help_is_each_commands_own() -> None:
    # `radio --help` lists _SHORT_HELP so as not to import every command; it must not drift.
    assert set(_SHORT_HELP) == set(_COMMAND_MODULES)
    for name, text in _SHORT_HELP.items():
        command = main.get_command(click.Context(main), name)
        assert command is not None and command.get_short_help_str(limit=10_000) == text, name


HEAVY = ("sqlalchemy", "alembic", "pydub", "mutagen", "starlette", "uvicorn", "jinja2", "numpy",
         "matplotlib", "apscheduler", "babel")


@pytest.mark.parametrize("args", [["--help"], ["station", "--help"]])
def test_help_imports_no_database_audio_or_web_library(args: list[str]) -> None:
    # A fresh interpreter: this test process has imported everything already.
    code = ("import sys\n"
            "from radio.cli import main\n"
            f"try:\n    main({args!r})\n"
            "except SystemExit as done:\n    assert done.code == 0, done.code\n"
            f"print(sorted({{m.partition('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout
