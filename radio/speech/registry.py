"""Speech engines by name. Adding one (a Piper voice, a commercial API): a module + a line here.

Entries are "module:class" strings imported on first use, so reading the names (settings
validation, --help) does not load gTTS, pydub or libespeak-ng. Each class implements the Engine
protocol and has `from_settings(SpeechSettings)`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from radio.core.errors import RadioError
from radio.speech.kinds import Voice

if TYPE_CHECKING:
    from radio.speech.engine import Engine
    from radio.speech.settings import SpeechSettings

_ENGINES = {
    Voice.GTTS: "radio.speech.gtts_engine:GttsEngine",
    Voice.ESPEAK: "radio.speech.espeak_engine:EspeakEngine",
}
ENGINE_NAMES = tuple(_ENGINES)
AUTO = "auto"
# auto: Google, then espeak-ng (offline) when Google is unreachable
AUTO_ORDER = (Voice.GTTS, Voice.ESPEAK)
MODES = (AUTO, *ENGINE_NAMES)


def engine_order(mode: str) -> tuple[Voice, ...]:
    """The engines a mode tries, in order; the last one is the fallback of last resort."""
    return AUTO_ORDER if mode == AUTO else (Voice(mode),)


def engine_for(name: str, settings: SpeechSettings) -> Engine:
    if name not in _ENGINES:
        raise RadioError(f"unknown speech engine {name!r}; use one of {', '.join(MODES)}")
    module, cls = _ENGINES[name].split(":")
    return getattr(importlib.import_module(module), cls).from_settings(settings)
