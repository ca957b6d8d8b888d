"""schedule.toml → typed settings, validated once on load.

Each stage owns its settings type and its parser; this module only composes them, and no stage
imports it back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from radio.audio.settings import AudioSettings, parse_audio
from radio.broadcast.stations import Network, load_network
from radio.content.settings import ProgramSettings, parse_program
from radio.content.units import StationUnits, UnitNetwork
from radio.core.environment import DEFAULT_CONFIG
from radio.core.tomlfile import Table, load_toml
from radio.reading.settings import ReadingSettings, parse_reading
from radio.speech.settings import SpeechSettings, parse_speech


@dataclass(frozen=True)
class Settings:
    path: Path
    program: ProgramSettings
    audio: AudioSettings
    speech: SpeechSettings
    reading: ReadingSettings
    network: Network  # stations, slots, publishing (radio/broadcast/stations.py)

    @property
    def root(self) -> Path:
        return self.path.parent


def load_settings(path: Path = DEFAULT_CONFIG) -> Settings:
    raw = Table(load_toml(path), path.name)
    root = path.parent
    settings = Settings(
        path=path,
        program=parse_program(raw.table("program"), root),
        audio=parse_audio(raw.table("audio"), root),
        speech=parse_speech(raw.table("speech"), root),
        reading=parse_reading(raw.table("reading"), root),
        network=load_network(raw, root),
    )
    raw.done()
    return replace(settings, program=replace(settings.program, network=unit_network(settings.network)))


def unit_network(network: Network) -> UnitNetwork:
    """The groups and the stations' dated units, as the compiler tells a month's units from them."""
    return UnitNetwork(
        groups=network.groups,
        stations=tuple(StationUnits(s.id, tuple((u.valid_from, u.name) for u in s.units))
                       for s in network.stations))
