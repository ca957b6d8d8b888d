"""Script → spoken segments: normalise, look up the cache, synthesise (in parallel), fall back.

Per spoken segment:
1. a recorded file replaces synthesis (cached by the file's content);
2. otherwise the text is normalised by the reading rules, and any engine of the mode that already
   spoke this exact text is reused from the cache (a rebuild never re-synthesises);
3. otherwise engines are tried in order (auto: gTTS, then espeak-ng). An engine that raises
   SpeechUnavailable is not tried again for the rest of the run, nor by later runs within the
   outage hold time (radio/speech/outages.py): one unreachable Google costs one round of
   timeouts, not one per segment or per rebuild.
Jingles are not speech: the audio stage adds them.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from radio.content.script import JINGLE_KINDS, Script, Segment
from radio.core.errors import RadioError
from radio.reading import Normalizer
from radio.reading.settings import ReadingSettings
from radio.speech.cache import SpeechCache, cache_key
from radio.speech.engine import Engine, Pace, SpeechUnavailable, SpokenSegment
from radio.speech.kinds import Voice
from radio.speech.outages import Outages
from radio.speech.recorded import load_recording, recording_identity
from radio.speech.registry import MODES, engine_for, engine_order
from radio.speech.settings import SpeechSettings
from radio.speech.trim import TRIM_VERSION, trim_silence

Progress = Callable[[SpokenSegment], None]
_SPEAKABLE = re.compile(r"\w")


@dataclass(frozen=True)
class SpeechResult:
    segments: tuple[SpokenSegment, ...]  # spoken segments in script order (no jingles)
    fallbacks: tuple[str, ...] = ()      # why an engine was abandoned mid-run, for the summary

    @property
    def engine_counts(self) -> dict[str, int]:
        return dict(Counter(spoken.engine for spoken in self.segments))


@dataclass(frozen=True)
class _Job:
    segment_id: str
    label: str                # how errors name the segment
    text: str                 # normalised
    recorded: Path | None


class Speaker:
    """Speaks scripts and sentences with one mode (auto, gtts, espeak) and one cache."""

    def __init__(self, speech: SpeechSettings, reading: ReadingSettings, sample_rate: int,
                 mode: str | None = None, *,
                 engines: Mapping[str, Engine] | None = None,
                 cache: SpeechCache | None = None, outages: Outages | None = None,
                 normalizer: Normalizer | None = None) -> None:
        self.mode = mode or speech.engine
        if self.mode not in MODES:
            raise RadioError(f"unknown speech engine {self.mode!r}; use one of {', '.join(MODES)}")
        self._order = engine_order(self.mode)
        given = dict(engines or {})  # tests and benchmarks pass engines; otherwise the registry
        self._engines = {name: given.get(name) or engine_for(name, speech)
                         for name in self._order}
        self._normalizer = normalizer or Normalizer(reading)
        self._cache = cache or SpeechCache(speech.cache_dir / "speech")
        self._recorded_rate = sample_rate
        self._concurrency = speech.concurrency
        self._outages = outages or Outages(speech.cache_dir / "outages.json")
        # engine → why it is not tried; an engine is skipped only where another one follows it
        self._down: dict[str, str] = {name: why for name, why in self._outages.current().items()
                                      if name in self._order[:-1]}
        self._down_lock = threading.Lock()

    @property
    def expected_engine(self) -> str:
        """The engine that will speak unless it fails: the first one not known to be down."""
        return next(name for name in self._order if name not in self._down)

    def pace_of(self, name: str) -> Pace:
        """The calibrated pace of one of this speaker's engines, for fitting the script to it."""
        return self._engines[name].pace

    def speak_script(self, script: Script, progress: Progress | None = None) -> SpeechResult:
        """Every spoken segment in script order; `progress` is called (in this thread) per segment."""
        jobs = [self._job(segment) for segment in script.segments
                if segment.kind not in JINGLE_KINDS]
        spoken: list[SpokenSegment | None] = [None] * len(jobs)
        pool = ThreadPoolExecutor(max_workers=self._concurrency, thread_name_prefix="speech")
        try:
            futures = {pool.submit(self._speak, job): i for i, job in enumerate(jobs)}
            for future in as_completed(futures):
                done = future.result()
                spoken[futures[future]] = done
                if progress:
                    progress(done)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # on error: drop what has not started
        return SpeechResult(tuple(s for s in spoken if s is not None),
                            tuple(f"{name}: {why}" for name, why in self._down.items()))

    def speak_text(self, text: str) -> SpokenSegment:
        """One sentence (e.g. `radio say`), through the same normaliser, cache and fallback."""
        return self._speak(self._prepared("say", "the text", text, None))

    def _job(self, segment: Segment) -> _Job:
        return self._prepared(segment.id, f"segment {segment.id} ({segment.title})", segment.text,
                              segment.recorded)

    def _prepared(self, segment_id: str, label: str, text: str, recorded: Path | None) -> _Job:
        if recorded is not None:
            return _Job(segment_id, label, "", recorded)
        normalised = self._normalizer.read(text)  # before any engine and before the cache key
        if not _SPEAKABLE.search(normalised):
            raise RadioError(f"{label}: no words to speak; give it text or a recorded file")
        return _Job(segment_id, label, normalised, None)

    def _speak(self, job: _Job) -> SpokenSegment:
        if job.recorded is not None:
            return self._recording(job.segment_id, job.recorded)
        keys = {name: cache_key(f"{engine.identity()} {TRIM_VERSION}", job.text)
                for name, engine in self._engines.items()}
        for name in self._order:
            cached = self._cache.get(keys[name])
            if cached is not None:
                return SpokenSegment(job.segment_id, name, cached, cached=True)
        for name in self._order[:-1]:
            if name not in self._down:
                try:
                    return self._synthesized(job, name, keys[name])
                except SpeechUnavailable as err:
                    self._give_up_on(name, str(err))
        last = self._order[-1]
        try:
            return self._synthesized(job, last, keys[last])
        except SpeechUnavailable as err:
            raise RadioError(f"{job.label}: {last} cannot speak now ({err}); "
                             "try --engine espeak (offline)") from None

    def _synthesized(self, job: _Job, name: str, key: str) -> SpokenSegment:
        audio = trim_silence(self._engines[name].synthesize(job.text))
        self._cache.put(key, audio)
        return SpokenSegment(job.segment_id, name, audio)

    def _recording(self, segment_id: str, path: Path) -> SpokenSegment:
        key = cache_key(recording_identity(path, self._recorded_rate), "")
        cached = self._cache.get(key)
        if cached is not None:
            return SpokenSegment(segment_id, Voice.RECORDED, cached, cached=True)
        audio = load_recording(path, self._recorded_rate)
        self._cache.put(key, audio)
        return SpokenSegment(segment_id, Voice.RECORDED, audio)

    def _give_up_on(self, name: str, why: str) -> None:
        with self._down_lock:
            if name not in self._down:
                self._down[name] = why
                self._outages.record(name, why)

