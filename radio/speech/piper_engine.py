"""Piper (piper-tts: a VITS voice in ONNX Runtime, espeak-ng phonemes inside): offline, natural.

Optional: `pip install 'radio[piper]'`. The voice is loaded on first synthesis (a cached rebuild
never loads it), with ONNX Runtime's threads set explicitly: its default of one thread per core
fights the other processes of a two-core office PC. One synthesis runs at a time; its threads use
the cores. Phonemes the voice's map lacks (tone digits in some Vietnamese voices, rhasspy/piper#60)
are dropped and logged, never a crash.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pydub import AudioSegment

from radio.content.pace import Pace
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.speech.engine import SpeechUnavailable
from radio.speech.kinds import Voice
from radio.speech.settings import SpeechSettings
from radio.speech.voices import InstalledVoice, best_vietnamese, find_voice

log = logging.getLogger("radio.speech.piper")
SENTENCE_GAP_MS = 200  # Piper speaks sentence by sentence with no pause between: we add one
# One inference's memory grows with its length (~22 MB per second of speech): a long sentence
# (15 s: 330 MB) is spoken clause by clause, cut after a comma, so the build stays small.
MAX_PHONEMES = 160
_CLAUSE_ENDS = (",", ";", ":")
INSTALL_HINT = "install it with: pip install 'radio[piper]'"


@functools.cache
def piper_version() -> str | None:
    try:
        return version("piper-tts")
    except PackageNotFoundError:
        return None


def scaled_pace(pace: Pace, speed: float) -> Pace:
    """The pace at another speed: Piper's length scale stretches sounds and pauses alike."""
    return Pace(round(pace.syllables_per_s * speed, 3), round(pace.comma_pause_s / speed, 3),
                round(pace.sentence_pause_s / speed, 3))


class PiperEngine:
    """One Piper voice at one speed."""

    name = Voice.PIPER
    by_sentence = True  # local: a fixed word re-speaks one sentence (radio/speech/sentences.py)
    parallel = False  # one synthesis at a time: its ONNX threads already fill the cores

    def __init__(self, model: Path, config: Path, *, label: str, model_sha256: str,
                 pace: Pace, speed: float = 1.0, threads: int = 2) -> None:
        self.model = model
        self.config = config
        self.label = label
        self.model_sha256 = model_sha256
        self.speed = speed
        self.length_scale = round(1 / speed, 4)
        self.threads = threads
        self.pace = scaled_pace(pace, speed)
        self.dropped: Counter[str] = Counter()  # phonemes the voice lacks, over this engine's life
        self._voice: Any = None
        self._lock = threading.Lock()

    @classmethod
    def for_voice(cls, voice: InstalledVoice, speed: float = 1.0, threads: int = 2) -> PiperEngine:
        return cls(voice.model, voice.config, label=voice.name, model_sha256=voice.model_sha256,
                   pace=voice.pace, speed=speed, threads=threads)

    @classmethod
    def from_settings(cls, settings: SpeechSettings, voice: str | None = None) -> PiperEngine:
        if piper_version() is None:
            raise RadioError(N_("the piper engine needs the piper-tts package; install it with: pip install "
                                "'radio[piper]'"))
        return cls.for_voice(resolve_voice(settings, voice), settings.piper_speed,
                             settings.piper_threads)

    @classmethod
    def unavailable(cls, settings: SpeechSettings, voice: str | None = None) -> str | None:
        if piper_version() is None:
            return f"piper-tts is not installed ({INSTALL_HINT})"
        name = voice or settings.voice
        if name:
            return None if (settings.voices_dir / name).is_dir() else f"voice {name} is not installed"
        if best_vietnamese(settings.voices_dir) is None:
            return (f"no Vietnamese voice in {settings.voices_dir} "
                    "(radio voices install vi_VN-vais1000-medium)")
        return None

    def identity(self) -> str:
        return (f"piper {piper_version()} voice={self.label} model={self.model_sha256[:16]} "
                f"length_scale={self.length_scale} gap={SENTENCE_GAP_MS} clause={MAX_PHONEMES}")

    def describe(self) -> str:
        return f"piper {self.label} (speed {self.speed:g})"

    def synthesize(self, text: str) -> AudioSegment:
        with self._lock:  # one at a time: its ONNX threads already fill the cores
            voice = self._load()
            return self._speak(voice, text)

    def warm(self) -> None:
        """Start loading the voice in the background (about a second of CPU, mostly outside the
        GIL) while the build does its other work; the first synthesis waits for it. Not a daemon
        thread: ONNX Runtime aborts the process ("terminate called without an active exception")
        when it exits during a session's creation. A voice that does not load says so at the
        first synthesis, as without warming."""
        threading.Thread(target=self._warm, name="piper-load").start()

    def _warm(self) -> None:
        with self._lock, contextlib.suppress(SpeechUnavailable):
            self._load()

    def _load(self) -> Any:
        if self._voice is None:
            import json

            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            # Memory patterns plan buffers for one input shape; every sentence has its own length.
            # Measured on the joe voice, 40 sentences: peak RSS 340 MB without, 366 MB with (and
            # the arena stays: without it 598 MB, glibc keeping the fragmented buffers).
            options.enable_mem_pattern = False
            # Basic graph optimisations only: the full set costs ~0.25 s more CPU at every load
            # (a one-word fix waits for the load) and bought no faster synthesis here (joe voice,
            # 3 sentences: 2.26 s CPU basic, 2.36 s all; load 0.46 s against 0.63 s).
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
            try:
                config = PiperConfig.from_dict(json.loads(self.config.read_text(encoding="utf-8")))
                session = onnxruntime.InferenceSession(str(self.model), sess_options=options,
                                                       providers=["CPUExecutionProvider"])
            except Exception as err:  # noqa: BLE001 — ONNX Runtime raises its own types for a damaged model
                raise SpeechUnavailable(N_("{file}: the Piper voice does not load ({problem}); remove and install "
                                           "it again"), file=str(self.model), problem=str(err)) from None
            self._voice = PiperVoice(session=session, config=config)
        return self._voice

    def _speak(self, voice: Any, text: str) -> AudioSegment:
        import numpy as np
        from piper.config import SynthesisConfig

        id_map = voice.config.phoneme_id_map
        rate = voice.config.sample_rate
        synthesis = SynthesisConfig(length_scale=self.length_scale)
        gap = np.zeros(round(rate * SENTENCE_GAP_MS / 1000), dtype=np.int16)
        parts: list[Any] = []
        dropped: Counter[str] = Counter()
        for sentence in voice.phonemize(text):
            kept = [p for p in sentence if p in id_map]
            dropped.update(p for p in sentence if p not in id_map)
            if not any(p.strip() for p in kept):
                continue
            clauses = [voice.phoneme_ids_to_audio(voice.phonemes_to_ids(clause), synthesis)
                       for clause in split_long(kept)]
            audio = np.concatenate(clauses)
            peak = float(np.max(np.abs(audio))) if audio.size else 0.0
            if peak > 1e-8:
                audio = audio / peak  # as piper does: each sentence to full scale
            if parts:
                parts.append(gap)
            parts.append((np.clip(audio, -1.0, 1.0) * 32767).astype(np.int16))
        if dropped:
            self.dropped.update(dropped)
            log.warning("voice %s lacks phoneme(s) %s: dropped from %r", self.label,
                        ", ".join(f"{p!r}×{n}" for p, n in sorted(dropped.items())), text[:60])
        if not parts:
            raise RadioError(N_("piper voice {voice}: nothing to say in {text!r} (no phoneme of the text is in "
                                "the voice)"), voice=self.label, text=text[:60])
        pcm = np.concatenate(parts).tobytes()
        return AudioSegment(data=pcm, sample_width=2, frame_rate=rate, channels=1)


def split_long(phonemes: list[str], limit: int = MAX_PHONEMES) -> list[list[str]]:
    """A sentence's phonemes in pieces of at most `limit`, cut after a comma (or ; :) where
    possible, else at a space; a short sentence is one piece."""
    if len(phonemes) <= limit:
        return [phonemes]
    pieces: list[list[str]] = []
    rest = phonemes
    while len(rest) > limit:
        window = rest[:limit]
        cut = max((i + 1 for i, p in enumerate(window) if p in _CLAUSE_ENDS), default=0)
        if cut < limit // 3:  # no comma in reach: the last word boundary
            cut = max((i + 1 for i, p in enumerate(window) if p == " "), default=limit)
        pieces.append(rest[:cut])
        rest = rest[cut:]
        while rest and rest[0] == " ":
            rest = rest[1:]
    if rest:
        pieces.append(rest)
    return pieces


def resolve_voice(settings: SpeechSettings, name: str | None = None) -> InstalledVoice:
    """--voice, else [speech].voice, else the best installed Vietnamese voice."""
    name = name or settings.voice
    if name:
        return find_voice(settings.voices_dir, name)
    best = best_vietnamese(settings.voices_dir)
    if best is None:
        raise RadioError(N_("{folder}: no Vietnamese Piper voice installed; run `radio voices install "
                            "vi_VN-vais1000-medium` (or import one)"), folder=str(settings.voices_dir))
    return best
