"""`[audio]` of schedule.toml: loudness target, MP3 format, pauses and jingles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.tomlfile import Table, optional_path

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
    if not -40 <= audio.target_lufs <= -5:
        raise RadioError(f"{t.field('target_lufs')}: {audio.target_lufs} is outside -40..-5 LUFS")
    if not -20 <= audio.true_peak_dbtp <= 0:
        raise RadioError(f"{t.field('true_peak_dbtp')}: between -20 and 0 dBTP")
    if not 0.1 <= audio.tolerance_lu <= 10:
        raise RadioError(f"{t.field('tolerance_lu')}: between 0.1 and 10 LU")
    if audio.channels not in (1, 2):
        raise RadioError(f"{t.field('channels')}: 1 (mono) or 2 (stereo)")
    if audio.sample_rate not in SAMPLE_RATES:
        raise RadioError(f"{t.field('sample_rate')}: one of {', '.join(map(str, SAMPLE_RATES))}")
    if audio.bitrate_kbps not in MP3_BITRATES:
        raise RadioError(f"{t.field('bitrate_kbps')}: an MP3 bitrate such as 64, 96 or 128")
    if not 0 <= audio.pause_ms <= 10_000:
        raise RadioError(f"{t.field('pause_ms')}: between 0 and 10000 milliseconds")
    return audio
