"""Content test settings: a schedule.toml in a temporary folder, episodes where the test says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from radio.config import Settings, load_settings
from radio.content.compiler import compile_script
from radio.content.pace import Pace
from radio.content.script import Script
from radio.core.month import Month
from tests.conftest import IDENTITY_TOML

REPO = Path(__file__).resolve().parents[2]
SHIPPED_EPISODES = REPO / "episodes"
GTTS_PACE = Pace(syllables_per_s=2.6, comma_pause_s=0.2, sentence_pause_s=0.45)  # typical gTTS vi


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    def make(episodes: Path = SHIPPED_EPISODES, templates: Path | None = None,
             extra: str = "") -> Settings:
        lines = ["[program]", f'episodes = "{episodes.as_posix()}"']
        if templates is not None:
            lines.append(f'templates = "{templates.as_posix()}"')
        path = tmp_path / "schedule.toml"
        path.write_text("\n".join(lines) + "\n" + IDENTITY_TOML + extra, encoding="utf-8")
        return load_settings(path)

    return make


def compile_for(month: Month, settings: Settings, pace: Pace, **options: Any) -> Script:
    """compile_script with the programme and pause of `settings`, as the build calls it."""
    return compile_script(month, settings.program, pace, pause_s=settings.audio.pause_ms / 1000,
                          **options)
