"""`[speech]` of schedule.toml: which engine and voice speak, how hard to try, where takes are kept."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from radio.core.errors import SettingsError
from radio.core.i18n import N_, Text
from radio.core.tomlfile import Table, folder, read_section, setting
from radio.speech.registry import AUTO_ORDER, ENGINE_NAMES, MODES

# The espeak-ng voice that suits the listeners' region (espeak-ng ships these three for Vietnamese).
REGION_VOICES = {"north": "vi", "central": "vi-vn-x-central", "south": "vi-vn-x-south"}
# Where the Piper voices repository keeps its files (rhasspy/piper-voices, as piper's downloader)
VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main"


@dataclass(frozen=True)
class SpeechSettings:
    """Each field is declared once here: default, type and allowed values (read by read_section)."""

    engine: str = setting("auto", choices=MODES)  # auto | piper | gtts | espeak | fptai
    concurrency: int = setting(4, low=1, high=16)
    timeout_s: float = setting(10.0, low=1, high=300)
    retries: int = setting(4, low=0, high=10)
    gtts_tld: str = setting("com.vn")
    espeak_voice: str = setting("")  # "" in the file: the region's voice (REGION_VOICES)
    espeak_rate_wpm: int = setting(150, low=80, high=450)
    cache_dir: Path = folder(".radio/cache", key="cache")
    voices_dir: Path = folder(".radio/voices", key="voices")
    voice: str = setting("")      # the Piper voice; "" = the best installed Vietnamese one
    order: tuple[str, ...] = setting(AUTO_ORDER, kind=list)  # what `auto` tries, first available
    region: str = setting("north", choices=tuple(REGION_VOICES))
    piper_speed: float = setting(1.0, low=0.5, high=2.0)  # > 1 speaks faster: length scale 1 / speed
    piper_threads: int = setting(2, low=1, high=16)  # ONNX Runtime threads (one per core)
    voices_url: str = setting(VOICES_URL)  # base of `radio voices install` downloads
    fptai_voice: str = setting("banmai")
    fptai_speed: int = setting(0, low=-3, high=3)  # FPT.AI's −3..+3


def parse_speech(t: Table, root: Path) -> SpeechSettings:
    speech = read_section(t, SpeechSettings, root)
    order = tuple(speech.order)
    unknown = [name for name in order if name not in ENGINE_NAMES]
    if unknown or not order:
        raise SettingsError(N_("{field}: {value} — list engines among {engines}, most wanted first"),
                            field=t.field("order"), value=str(unknown) if unknown else Text(N_("an empty list")),
                            engines=", ".join(ENGINE_NAMES))
    return replace(speech, order=order, voices_url=speech.voices_url.rstrip("/"),
                   espeak_voice=speech.espeak_voice or REGION_VOICES[speech.region])
