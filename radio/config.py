"""schedule.toml → typed settings, validated once on load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radio.broadcast.stations import Network, load_network
from radio.errors import RadioError
from radio.speech.registry import MODES
from radio.tomlfile import Table, load_toml

DEFAULT_CONFIG = Path("schedule.toml")


@dataclass(frozen=True)
class ProgramSettings:
    name: str
    centre: str
    town: str
    hotline: str
    min_minutes: float
    max_minutes: float
    target_minutes: float
    templates_dir: Path | None  # user templates that override the shipped ones, file by file
    episodes_dir: Path

    @property
    def window_s(self) -> tuple[float, float]:
        return self.min_minutes * 60, self.max_minutes * 60


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


@dataclass(frozen=True)
class SpeechSettings:
    engine: str  # auto | gtts | espeak
    concurrency: int
    timeout_s: float
    retries: int
    gtts_tld: str
    espeak_voice: str
    espeak_rate_wpm: int
    cache_dir: Path


@dataclass(frozen=True)
class ReadingSettings:
    codes: str  # how document codes like QĐ-UBND are voiced: drop | expand | spell
    lexicon: Path | None  # the editor's own lexicon, overriding the shipped one


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


ENGINES = MODES  # "auto" and every engine in radio/speech/registry.py
CODE_READINGS = ("drop", "expand", "spell")


def load_settings(path: Path = DEFAULT_CONFIG) -> Settings:
    raw = Table(load_toml(path), path.name)
    root = path.parent
    settings = Settings(
        path=path,
        program=_program(raw.table("program"), root),
        audio=_audio(raw.table("audio"), root),
        speech=_speech(raw.table("speech"), root),
        reading=_reading(raw.table("reading"), root),
        network=load_network(raw, root),
    )
    raw.done()
    return settings


def _optional_path(table: Table, key: str, root: Path, must_exist: bool = True) -> Path | None:
    value = table.get(key, str, "")
    if not value:
        return None
    path = (root / value).resolve()
    if must_exist and not path.exists():
        raise RadioError(f"{table.field(key)}: {value} does not exist (looked in {path})")
    return path


def _program(t: Table, root: Path) -> ProgramSettings:
    program = ProgramSettings(
        name=t.get("name", str, "Chuyên mục Cải cách hành chính"),
        centre=t.get("centre", str, "Trung tâm Truyền thông – Văn hóa – Thể thao thị xã Đức Phổ"),
        town=t.get("town", str, "thị xã Đức Phổ"),
        hotline=t.get("hotline", str, "0255.3859.123"),
        min_minutes=t.get("min_minutes", float, 10.0),
        max_minutes=t.get("max_minutes", float, 15.0),
        target_minutes=t.get("target_minutes", float, 12.5),
        templates_dir=_optional_path(t, "templates", root),
        episodes_dir=root / t.get("episodes", str, "episodes"),
    )
    t.done()
    if not 0 < program.min_minutes <= program.target_minutes <= program.max_minutes:
        raise RadioError(
            f"{t.where}: need 0 < min_minutes ≤ target_minutes ≤ max_minutes, got "
            f"{program.min_minutes}, {program.target_minutes}, {program.max_minutes}")
    return program


def _audio(t: Table, root: Path) -> AudioSettings:
    audio = AudioSettings(
        target_lufs=t.get("target_lufs", float, -16.0),
        true_peak_dbtp=t.get("true_peak_dbtp", float, -1.0),
        tolerance_lu=t.get("tolerance_lu", float, 1.0),
        sample_rate=t.get("sample_rate", int, 44100),
        channels=t.get("channels", int, 1),
        bitrate_kbps=t.get("bitrate_kbps", int, 96),
        pause_ms=t.get("pause_ms", int, 700),
        jingle_open=_optional_path(t, "jingle_open", root),
        jingle_close=_optional_path(t, "jingle_close", root),
    )
    t.done()
    if not -40 <= audio.target_lufs <= -5:
        raise RadioError(f"{t.field('target_lufs')}: {audio.target_lufs} is outside -40..-5 LUFS")
    if audio.true_peak_dbtp > 0:
        raise RadioError(f"{t.field('true_peak_dbtp')}: must be at most 0 dBTP")
    if audio.channels not in (1, 2):
        raise RadioError(f"{t.field('channels')}: 1 (mono) or 2 (stereo)")
    if audio.sample_rate not in (22050, 32000, 44100, 48000):
        raise RadioError(f"{t.field('sample_rate')}: one of 22050, 32000, 44100, 48000")
    if audio.bitrate_kbps not in (32, 48, 64, 80, 96, 112, 128, 160, 192, 256, 320):
        raise RadioError(f"{t.field('bitrate_kbps')}: an MP3 bitrate such as 64, 96 or 128")
    return audio


def _speech(t: Table, root: Path) -> SpeechSettings:
    speech = SpeechSettings(
        engine=t.choice("engine", ENGINES, "auto"),
        concurrency=t.get("concurrency", int, 4),
        timeout_s=t.get("timeout_s", float, 10.0),
        retries=t.get("retries", int, 4),
        gtts_tld=t.get("gtts_tld", str, "com.vn"),
        espeak_voice=t.get("espeak_voice", str, "vi"),
        espeak_rate_wpm=t.get("espeak_rate_wpm", int, 150),
        cache_dir=root / t.get("cache", str, ".radio/cache"),
    )
    t.done()
    if not 1 <= speech.concurrency <= 16:
        raise RadioError(f"{t.field('concurrency')}: between 1 and 16")
    return speech


def _reading(t: Table, root: Path) -> ReadingSettings:
    reading = ReadingSettings(
        codes=t.choice("codes", CODE_READINGS, "expand"),
        lexicon=_optional_path(t, "lexicon", root),
    )
    t.done()
    return reading
