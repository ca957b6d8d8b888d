"""`[audio]` of schedule.toml: loudness target, MP3 format, pauses and jingles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radio.core.tomlfile import Table, existing_file, read_section, setting

SAMPLE_RATES = (22050, 32000, 44100, 48000)
MP3_BITRATES = (32, 48, 64, 80, 96, 112, 128, 160, 192, 256, 320)


@dataclass(frozen=True)
class AudioSettings:
    """Each field is declared once here: default, type and allowed values (read by read_section)."""

    target_lufs: float = setting(-16.0, low=-40, high=-5, unit="LUFS")
    true_peak_dbtp: float = setting(-1.0, low=-20, high=0, unit="dBTP")
    tolerance_lu: float = setting(1.0, low=0.1, high=10, unit="LU")
    sample_rate: int = setting(44100, choices=SAMPLE_RATES)
    channels: int = setting(1, choices=(1, 2))  # mono or stereo
    bitrate_kbps: int = setting(96, choices=MP3_BITRATES)
    pause_ms: int = setting(700, low=0, high=10_000, unit="milliseconds")  # silence between segments
    jingle_open: Path | None = existing_file()  # None: the shipped default jingle
    jingle_close: Path | None = existing_file()


def parse_audio(t: Table, root: Path) -> AudioSettings:
    return read_section(t, AudioSettings, root)
