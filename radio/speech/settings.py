"""`[speech]` of schedule.toml: which engine and voice speak, how hard to try, where takes are kept."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.tomlfile import Table
from radio.speech.registry import AUTO_ORDER, ENGINE_NAMES, MODES

# The espeak-ng voice that suits the listeners' region (espeak-ng ships these three for Vietnamese).
REGION_VOICES = {"north": "vi", "central": "vi-vn-x-central", "south": "vi-vn-x-south"}
# Where the Piper voices repository keeps its files (rhasspy/piper-voices, as piper's downloader)
VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main"


@dataclass(frozen=True)
class SpeechSettings:
    engine: str  # auto | piper | gtts | espeak | fptai
    concurrency: int
    timeout_s: float
    retries: int
    gtts_tld: str
    espeak_voice: str
    espeak_rate_wpm: int
    cache_dir: Path
    voices_dir: Path = Path(".radio/voices")
    voice: str = ""               # the Piper voice; "" = the best installed Vietnamese one
    order: tuple[str, ...] = AUTO_ORDER  # what `auto` tries, first available at build start
    region: str = "north"
    piper_speed: float = 1.0      # > 1 speaks faster: Piper's length scale is 1 / speed
    piper_threads: int = 2        # ONNX Runtime threads (one per core on the office PC)
    voices_url: str = VOICES_URL  # base of `radio voices install` downloads
    fptai_voice: str = "banmai"
    fptai_speed: int = 0          # FPT.AI's −3..+3


def parse_speech(t: Table, root: Path) -> SpeechSettings:
    region = t.choice("region", tuple(REGION_VOICES), "north")
    order = tuple(t.get("order", list, list(AUTO_ORDER)))
    speech = SpeechSettings(
        engine=t.choice("engine", MODES, "auto"),
        concurrency=t.get("concurrency", int, 4),
        timeout_s=t.get("timeout_s", float, 10.0),
        retries=t.get("retries", int, 4),
        gtts_tld=t.get("gtts_tld", str, "com.vn"),
        espeak_voice=t.get("espeak_voice", str, REGION_VOICES[region]),
        espeak_rate_wpm=t.get("espeak_rate_wpm", int, 150),
        cache_dir=root / t.get("cache", str, ".radio/cache"),
        voices_dir=root / t.get("voices", str, ".radio/voices"),
        voice=t.get("voice", str, ""),
        order=order,
        region=region,
        piper_speed=t.get("piper_speed", float, 1.0),
        piper_threads=t.get("piper_threads", int, 2),
        voices_url=t.get("voices_url", str, VOICES_URL).rstrip("/"),
        fptai_voice=t.get("fptai_voice", str, "banmai"),
        fptai_speed=t.get("fptai_speed", int, 0),
    )
    t.done()
    for key, value, low, high in (("concurrency", speech.concurrency, 1, 16),
                                  ("timeout_s", speech.timeout_s, 1, 300),
                                  ("retries", speech.retries, 0, 10),
                                  ("espeak_rate_wpm", speech.espeak_rate_wpm, 80, 450),
                                  ("piper_speed", speech.piper_speed, 0.5, 2.0),
                                  ("piper_threads", speech.piper_threads, 1, 16),
                                  ("fptai_speed", speech.fptai_speed, -3, 3)):
        if not low <= value <= high:
            raise RadioError(f"{t.field(key)}: {value} is outside {low}..{high}")
    unknown = [name for name in order if name not in ENGINE_NAMES]
    if unknown or not order:
        raise RadioError(f"{t.field('order')}: {unknown or 'an empty list'} — list engines among "
                         f"{', '.join(ENGINE_NAMES)}, most wanted first")
    return speech
