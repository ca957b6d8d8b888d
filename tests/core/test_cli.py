import importlib

from click.testing import CliRunner

from radio.cli import _COMMAND_MODULES, main
from radio.core.errors import ExitCode


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
