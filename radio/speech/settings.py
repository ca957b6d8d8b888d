"""`[speech]` of schedule.toml: which engine speaks, how hard to try, where takes are cached."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.tomlfile import Table
from radio.speech.registry import MODES


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


def parse_speech(t: Table, root: Path) -> SpeechSettings:
    speech = SpeechSettings(
        engine=t.choice("engine", MODES, "auto"),
        concurrency=t.get("concurrency", int, 4),
        timeout_s=t.get("timeout_s", float, 10.0),
        retries=t.get("retries", int, 4),
        gtts_tld=t.get("gtts_tld", str, "com.vn"),
        espeak_voice=t.get("espeak_voice", str, "vi"),
        espeak_rate_wpm=t.get("espeak_rate_wpm", int, 150),
        cache_dir=root / t.get("cache", str, ".radio/cache"),
    )
    t.done()
    for key, value, low, high in (("concurrency", speech.concurrency, 1, 16),
                                  ("timeout_s", speech.timeout_s, 1, 300),
                                  ("retries", speech.retries, 0, 10),
                                  ("espeak_rate_wpm", speech.espeak_rate_wpm, 80, 450)):
        if not low <= value <= high:
            raise RadioError(f"{t.field(key)}: {value} is outside {low}..{high}")
    return speech
