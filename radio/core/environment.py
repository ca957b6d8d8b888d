"""What the process takes from its surroundings: default file names and the RADIO_* variables."""

from __future__ import annotations

from pathlib import Path

DEFAULT_CONFIG = Path("schedule.toml")  # the centre's settings, relative to the working folder
