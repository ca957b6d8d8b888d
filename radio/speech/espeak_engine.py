"""espeak-ng (from the espeakng-loader wheel) through ctypes: offline Vietnamese speech.

The library is process-global and not thread-safe, so one lock guards every call, and it is
initialised once with the wheel's data path and espeakINITIALIZE_DONT_EXIT: a bad path must return
an error, never call exit() inside our process.
"""

from __future__ import annotations

import ctypes
import functools
import threading
from importlib.metadata import version

import espeakng_loader
from pydub import AudioSegment

from radio.content.pace import Pace
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.speech.kinds import Voice
from radio.speech.pace import espeak_pace
from radio.speech.settings import SpeechSettings

VOICES = ("vi", "vi-vn-x-central", "vi-vn-x-south")
RATE_RANGE = (80, 450)  # words per minute espeak-ng accepts
SAMPLE_RATE = 22_050

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_PARAM_RATE = 1
_EE_OK = 0

# int callback(short *wav, int numsamples, espeak_EVENT *events)
_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                  ctypes.c_void_p)


class _Library:
    """The one loaded libespeak-ng of this process; use only while holding LOCK."""

    def __init__(self) -> None:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_Synth.restype = ctypes.c_int

        data_path = espeakng_loader.get_data_path().encode()
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, _INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise RadioError(N_("espeak-ng could not start with its data at {folder} (error {code}); reinstall "
                                "the espeakng-loader package"), folder=data_path.decode(), code=rate)
        if rate != SAMPLE_RATE:
            raise RadioError(N_("espeak-ng reports {rate} Hz, expected {expected}; reinstall the espeakng-loader "
                                "package"), rate=rate, expected=SAMPLE_RATE)
        self._lib = lib
        self._chunks: list[bytes] = []
        # ctypes frees a callback nobody references; the library would then call freed memory.
        self._callback = _SynthCallback(self._collect)
        lib.espeak_SetSynthCallback(self._callback)
        self._voice: str | None = None

    def _collect(self, wav: ctypes._Pointer, count: int, _events: int) -> int:
        if count > 0 and wav:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = carry on

    def synthesize(self, text: str, voice: str, rate_wpm: int) -> bytes:
        if voice != self._voice:
            if self._lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
                raise RadioError(N_("speech.espeak_voice: espeak-ng has no voice {voice!r}; use one of {voices}"),
                                 voice=voice, voices=", ".join(VOICES))
            self._voice = voice
        self._lib.espeak_SetParameter(_PARAM_RATE, rate_wpm, 0)
        data = text.encode("utf-8")
        self._chunks = []
        status = self._lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8,
                                        None, None)
        if status != _EE_OK:
            raise RadioError(N_("espeak-ng failed to synthesise (error {code}); reinstall the espeakng-loader "
                                "package or use --engine gtts"), code=status)
        return b"".join(self._chunks)


LOCK = threading.Lock()
_library: _Library | None = None


def _synthesize(text: str, voice: str, rate_wpm: int) -> bytes:
    global _library
    with LOCK:
        if _library is None:
            _library = _Library()
        return _library.synthesize(text, voice, rate_wpm)


@functools.cache
def _loader_version() -> str:
    return version("espeakng-loader")


class EspeakEngine:
    """espeak-ng speaking Vietnamese at 22050 Hz mono 16-bit."""

    name = Voice.ESPEAK
    by_sentence = True  # local: a fixed word re-speaks one sentence (radio/speech/sentences.py)

    def __init__(self, voice: str, rate_wpm: int, pace: Pace | None = None) -> None:
        if voice not in VOICES:
            raise RadioError(N_("speech.espeak_voice: {voice!r} is not a Vietnamese espeak-ng voice; use one of "
                                "{voices}"), voice=voice, voices=", ".join(VOICES))
        if not RATE_RANGE[0] <= rate_wpm <= RATE_RANGE[1]:
            raise RadioError(N_("speech.espeak_rate_wpm: {rate} is outside {low}–{high} words per minute"),
                             rate=rate_wpm, low=RATE_RANGE[0], high=RATE_RANGE[1])
        self.voice = voice
        self.rate_wpm = rate_wpm
        self.pace = pace or espeak_pace(voice, rate_wpm)

    @classmethod
    def from_settings(cls, settings: SpeechSettings) -> EspeakEngine:
        return cls(settings.espeak_voice, settings.espeak_rate_wpm)

    @classmethod
    def unavailable(cls, settings: SpeechSettings, voice: str | None = None) -> str | None:
        return None  # in the wheel: the last resort is always there

    def describe(self) -> str:
        return f"espeak-ng {self.voice} {self.rate_wpm} wpm"

    def identity(self) -> str:
        # The wheel's version stands for the library and its voice data.
        return (f"espeak-ng loader={_loader_version()} voice={self.voice} "
                f"rate={self.rate_wpm} sr={SAMPLE_RATE}")

    def synthesize(self, text: str) -> AudioSegment:
        pcm = _synthesize(text, self.voice, self.rate_wpm)
        return AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE, channels=1)
