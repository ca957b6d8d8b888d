"""A station installs the bare package: its commands must not import anything of the centre."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The distributions of the `centre` extra, as the modules they import.
CENTRE_MODULES = {"pydub", "gtts", "sqlalchemy", "alembic", "mutagen", "imageio_ffmpeg",
                  "espeakng_loader", "matplotlib", "numpy", "icalendar", "psycopg"}

_PROBE = """
import sys
from click.testing import CliRunner
from radio.cli import main
for args in {commands!r}:
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
print(" ".join(sorted({{name.split(".")[0] for name in sys.modules}})))
"""


def _imported(commands: list[list[str]], cwd: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE.format(commands=commands)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_station_commands_import_nothing_of_the_centre(tmp_path: Path) -> None:
    (tmp_path / "station.toml").write_text("[station]\nid = 'st-03'\n", encoding="utf-8")
    commands = [["station", "--help"], ["station", "pull", "--station-config", "station.toml"],
                ["station", "run", "--help"], ["--version"]]
    imported = _imported(commands, tmp_path)
    assert "radio" in imported and "click" in imported
    assert not imported & CENTRE_MODULES, imported & CENTRE_MODULES


def test_the_core_dependencies_are_the_stations_and_the_centre_has_its_extra() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_name(spec) for spec in project["dependencies"]}
    centre = {_name(spec) for spec in project["optional-dependencies"]["centre"]}
    assert {"click", "apscheduler", "msgspec", "cryptography", "miniaudio"} <= core
    assert {"pydub", "gtts", "sqlalchemy", "alembic", "mutagen", "matplotlib", "psycopg"} <= centre
    assert not core & centre
    assert "radio[centre]" in project["optional-dependencies"]["test"]


def _name(spec: str) -> str:
    for stop in "<>=[;! ":
        spec = spec.split(stop, 1)[0]
    return spec.strip().lower()
