"""`[audio]` of schedule.toml: loudness target, MP3 format, pauses and jingles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.tomlfile import Table, in_range, optional_path

SAMPLE_RATES = (22050, 32000, 44100, 48000)
MP3_BITRATES = (32, 48, 64, 80, 96, 112, 128, 160, 192, 256, 320)


@dataclass(frozen=True)
class AudioSettings:
    target_lufs: float
    true_peak_dbtp: float
    tolerance_lu: float
    sample_rate: int
    channels: int
    bitrate_kbps: int
    pause_ms: int  # deliberate silence between segments
    jingle_open: Path | None  # None: the shipped default jingle
    jingle_close: Path | None


def parse_audio(t: Table, root: Path) -> AudioSettings:
    audio = AudioSettings(
        target_lufs=t.get("target_lufs", float, -16.0),
        true_peak_dbtp=t.get("true_peak_dbtp", float, -1.0),
        tolerance_lu=t.get("tolerance_lu", float, 1.0),
        sample_rate=t.get("sample_rate", int, 44100),
        channels=t.get("channels", int, 1),
        bitrate_kbps=t.get("bitrate_kbps", int, 96),
        pause_ms=t.get("pause_ms", int, 700),
        jingle_open=optional_path(t, "jingle_open", root),
        jingle_close=optional_path(t, "jingle_close", root),
    )
    t.done()
    for key, low, high, unit in (("target_lufs", -40, -5, "LUFS"), ("true_peak_dbtp", -20, 0, "dBTP"),
                                 ("tolerance_lu", 0.1, 10, "LU"), ("pause_ms", 0, 10_000, "milliseconds")):
        in_range(t, key, getattr(audio, key), low, high, unit)
    if audio.channels not in (1, 2):
        raise RadioError(f"{t.field('channels')}: {audio.channels}; use 1 (mono) or 2 (stereo)")
    if audio.sample_rate not in SAMPLE_RATES:
        raise RadioError(f"{t.field('sample_rate')}: {audio.sample_rate}; use one of "
                         f"{', '.join(map(str, SAMPLE_RATES))}")
    if audio.bitrate_kbps not in MP3_BITRATES:
        raise RadioError(f"{t.field('bitrate_kbps')}: {audio.bitrate_kbps}; use an MP3 bitrate such "
                         "as 64, 96 or 128")
    return audio
