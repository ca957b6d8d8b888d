"""A copy of the shipped settings and the month's input in a temporary folder, built with espeak-ng."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from radio.cli import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    shutil.copytree(REPO / "episodes", tmp_path / "episodes",
                    ignore=shutil.ignore_patterns("*.mp3", "build.json", "script.md", "plan-*.toml"))
    monkeypatch.setenv("RADIO_DB", db_url)
    return tmp_path


@pytest.fixture
def radio(workspace: Path) -> Callable[..., Result]:
    def run(*args: str) -> Result:
        return CliRunner(mix_stderr=False).invoke(
            main, ["--config", str(workspace / "schedule.toml"), *args])
    return run
