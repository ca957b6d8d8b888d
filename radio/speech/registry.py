"""Speech engines by name. Adding one (a commercial API, another voice family): a module + a line here.

Entries are "module:class" strings imported on first use, so reading the names (settings
validation, --help) does not load gTTS, pydub, ONNX Runtime or libespeak-ng. Each class implements
the Engine protocol and has `from_settings(SpeechSettings)` and `available(SpeechSettings)`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.speech.kinds import Voice

if TYPE_CHECKING:
    from radio.speech.engine import Engine
    from radio.speech.settings import SpeechSettings

_ENGINES: dict[str, str] = {
    Voice.PIPER: "radio.speech.piper_engine:PiperEngine",
    Voice.GTTS: "radio.speech.gtts_engine:GttsEngine",
    Voice.ESPEAK: "radio.speech.espeak_engine:EspeakEngine",
    Voice.FPTAI: "radio.speech.fptai_engine:FptaiEngine",
}
ENGINE_NAMES = tuple(_ENGINES)
AUTO = "auto"
# auto: a Piper voice if one for Vietnamese is installed, else Google, else espeak-ng (offline).
# FPT.AI is not in it: it costs money and sends the text out; list it in [speech].order to use it.
AUTO_ORDER = (Voice.PIPER, Voice.GTTS, Voice.ESPEAK)
MODES = (AUTO, *ENGINE_NAMES)


def engine_class(name: str) -> Any:
    if name not in _ENGINES:
        raise RadioError(N_("unknown speech engine {name!r}; use one of {engines}"), name=name,
                         engines=", ".join(MODES))
    module, cls = _ENGINES[name].split(":")
    return getattr(importlib.import_module(module), cls)


def engine_for(name: str, settings: SpeechSettings, voice: str | None = None) -> Engine:
    """The named engine; `voice` (--voice) overrides the settings' Piper voice."""
    cls = engine_class(name)
    engine: Engine = (cls.from_settings(settings, voice) if name == Voice.PIPER
                      else cls.from_settings(settings))
    return engine


def unavailable_reason(name: str, settings: SpeechSettings, voice: str | None = None) -> str | None:
    """Why `name` cannot speak at all here (no voice installed, no API key), or None; no network."""
    why: str | None = engine_class(name).unavailable(settings, voice)
    return why
