"""What scheduling and publishing read of the settings, declared here so no stage imports config."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from radio.broadcast.stations import Network
from radio.content.settings import ProgramSettings


class BroadcastSettings(Protocol):
    """radio.config.Settings satisfies this; tests may pass any object with these attributes."""

    @property
    def path(self) -> Path: ...  # the settings file, for messages

    @property
    def root(self) -> Path: ...  # relative paths in the database are relative to this folder

    @property
    def program(self) -> ProgramSettings: ...

    @property
    def network(self) -> Network: ...
