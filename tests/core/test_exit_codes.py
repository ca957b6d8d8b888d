"""Every bad value is refused when the settings load, in one line naming the field, with an exit
code a scheduler can act on; an OS error at a command's edge is one line naming the path."""

from __future__ import annotations

import errno
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from radio.cli import main
from radio.core.errors import ExitCode, FilesError, os_error

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> Result:
    return CliRunner(mix_stderr=False).invoke(main, list(args))


def one_line(result: Result, code: ExitCode) -> str:
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert isinstance(result.exception, SystemExit)  # handled, not escaped
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0].removeprefix("Error: ")


# (the line of schedule.toml, what replaces it, the field named, the value in the message)
BAD = [
    ("pause_ms = 700", "pause_ms = -5000", "audio.pause_ms", "-5000 is outside 0..10000"),
    ("tolerance_lu = 1.0", "tolerance_lu = -3", "audio.tolerance_lu", "-3 is outside 0.1..10"),
    ("timeout_s = 10", "timeout_s = -1", "speech.timeout_s", "-1"),
    ("validity_days = 0 ", "validity_days = 100000000000 ", "network.validity_days",
     "100000000000 is outside 0..366"),
    ("target_lufs = -16.0", "target_lufs = 3", "audio.target_lufs", "3 is outside -40..-5"),
    ("commune_airings = 4", "commune_airings = 0", "network.commune_airings", "0 is outside 1..200"),
    ("concurrency = 4", "concurrency = 0", "speech.concurrency", "0"),
    ("espeak_rate_wpm = 150", "espeak_rate_wpm = 9000", "speech.espeak_rate_wpm", "9000"),
    ("min_minutes = 10", "min_minutes = -10", "program", "min_minutes"),
]


@pytest.mark.parametrize(("line", "bad", "field", "said"), BAD, ids=[b[2] for b in BAD])
def test_a_bad_number_is_refused_on_load_naming_the_field(tmp_path: Path, line: str, bad: str,
                                                          field: str, said: str) -> None:
    text = (REPO / "schedule.toml").read_text(encoding="utf-8")
    assert line in text
    (tmp_path / "schedule.toml").write_text(text.replace(line, bad, 1), encoding="utf-8")
    # `radio plan` reads the settings and nothing else: the refusal comes at load, before any work
    message = one_line(run("--config", str(tmp_path / "schedule.toml"), "plan", "2026"),
                       ExitCode.SETTINGS)
    assert f"schedule.toml.{field}" in message and said in message, message


def test_config_naming_a_folder_is_one_line(tmp_path: Path) -> None:
    message = one_line(run("--config", str(tmp_path), "plan", "2026"), ExitCode.SETTINGS)
    assert message == f"{tmp_path}: is a folder, not a settings file; give the path of the TOML file itself"


def test_an_os_error_at_the_edge_is_one_line_with_the_path(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError no library turned into a RadioError: the CLI group still says path and advice."""
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "plan-2026.toml"))

    monkeypatch.setattr("radio.cli.plan.build_planning", denied)
    message = one_line(run("--config", str(tmp_path / "schedule.toml"), "plan", "2026"), ExitCode.FILES)
    assert message.startswith(f"{tmp_path / 'plan-2026.toml'}: permission denied; ")
    assert "give this user access" in message


@pytest.mark.parametrize(("number", "said"), [
    (errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"), (errno.EISDIR, "is a folder"),
    (errno.ENOENT, "does not exist"), (errno.EXDEV, "Invalid cross-device link")])
def test_os_errors_read_as_advice(tmp_path: Path, number: int, said: str) -> None:
    error = os_error(OSError(number, "strerror text" if number == errno.EXDEV else "x"), tmp_path, "testing")
    assert isinstance(error, FilesError) and error.exit_code == ExitCode.FILES
    text = str(error)
    assert text.startswith(f"{tmp_path}: ") and " while testing; " in text
    assert said in text or number == errno.EXDEV and "strerror text" in text
    if number == errno.ENOSPC:
        assert re.search(r"\(\d+\.\d MB free there now\)", text)


@pytest.mark.parametrize(("command", "codes"), [
    ("build", (0, 1, 2, 3, 5, 6, 130)), ("publish", (0, 1, 2, 3, 4, 5, 6, 7, 130)),
    ("emergency", (0, 1, 2, 3, 4, 5, 6, 7, 130))])
def test_exit_codes_are_documented_in_help(command: str, codes: tuple[int, ...]) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    documented = [int(n) for n in re.findall(r"(?m)^\s+(\d+)  ", result.output.split("Exit status:")[1])]
    assert tuple(documented) == codes
    for code in codes:  # each with its meaning
        assert ExitCode(code).meaning in " ".join(result.output.split())
