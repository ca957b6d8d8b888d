"""Script → spoken segments: normalise, look up the cache, synthesise (in parallel), one voice.

One engine speaks a whole programme. The candidates are fixed when the Speaker is made: the
chosen engine, or for `auto` the engines of `[speech].order` that can speak here at all (Piper
only with a Vietnamese voice installed, FPT.AI only with its key), less those found unreachable
within the outage hold time (radio/speech/outages.py), the last one always kept. When the engine
speaking fails part-way, `speak_script` raises EngineFailed and the caller re-speaks the whole
script with the next candidate (radio/pipeline/build.py refits it to that engine's pace first):
a programme never mixes voices. Per spoken segment:
1. a recorded file replaces synthesis (cached by the file's content);
2. otherwise the text is normalised by the reading rules and this engine's take of it is reused
   from the cache, or synthesised and cached.
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

from pydub import AudioSegment

from radio.content.script import JINGLE_KINDS, Script, Segment
from radio.core.errors import RadioError
from radio.core.i18n import N_, Text
from radio.core.keylock import KeyedLocks
from radio.reading import Normalizer
from radio.reading.settings import ReadingSettings
from radio.speech.cache import SpeechCache, cache_key
from radio.speech.engine import Engine, Pace, SpeechUnavailable, SpokenSegment
from radio.speech.kinds import Voice
from radio.speech.outages import Outages
from radio.speech.recorded import load_recording, recording_identity
from radio.speech.registry import AUTO, MODES, engine_for, unavailable_reason
from radio.speech.sentences import VERSION as SENTENCES_VERSION
from radio.speech.sentences import gap_frames, join_sentences, joined_takes, split_sentences
from radio.speech.settings import SpeechSettings
from radio.speech.takes import keep_take, take_path
from radio.speech.trim import TRIM_VERSION, trim_silence

Progress = Callable[[SpokenSegment], None]
_SPEAKABLE = re.compile(r"\w")


class EngineFailed(RadioError):
    """The engine speaking could not finish: the caller may re-speak all with the next one."""

    def __init__(self, engine: str, label: str | Text, why: str | Text) -> None:
        super().__init__(N_("{label}: {engine} cannot speak now ({why}); try --engine espeak (offline)"),
                         label=label, engine=engine, why=why)
        self.engine = engine
        self.why = str(why)  # English: the outage record and the progress event's detail
        self.reason = why if isinstance(why, Text) else Text(why)  # what a person reads


class _Skipped(Exception):
    """A segment not tried because another one's failure already stopped the engine."""


@dataclass(frozen=True)
class SpeechResult:
    segments: tuple[SpokenSegment, ...]  # spoken segments in script order (no jingles)
    fallbacks: tuple[str | Text, ...] = ()      # engines passed over or abandoned, and why; for the summary
    engine: str = ""                     # the one engine that spoke (recorded segments aside)
    voice: str = ""                      # that engine's voice, as the summary names it

    @property
    def engine_counts(self) -> dict[str, int]:
        return dict(Counter(spoken.engine for spoken in self.segments))


@dataclass(frozen=True)
class _Job:
    segment_id: str
    label: Text               # how errors name the segment, in the reader's language
    text: str                 # normalised
    recorded: Path | None


class Speaker:
    """Speaks scripts and sentences with one mode (auto or an engine) and one cache."""

    def __init__(self, speech: SpeechSettings, reading: ReadingSettings, sample_rate: int,
                 mode: str | None = None, *, voice: str | None = None,
                 engines: Mapping[str, Engine] | None = None,
                 cache: SpeechCache | None = None, outages: Outages | None = None,
                 normalizer: Normalizer | None = None) -> None:
        self.mode = mode or speech.engine
        if self.mode not in MODES:
            raise RadioError(N_("unknown speech engine {name!r}; use one of {engines}"), name=self.mode,
                             engines=", ".join(MODES))
        given = dict(engines or {})  # tests and benchmarks pass engines; otherwise the registry
        self._notes: list[str] = []
        self._no_natural_voice = False  # auto, and Piper cannot speak here: say so plainly
        if self.mode == AUTO:
            order = [name for name in speech.order if name in given or not self._passed_over(
                name, unavailable_reason(name, speech, voice))]
            self._no_natural_voice = Voice.PIPER in speech.order and Voice.PIPER not in order
            if not order:
                raise RadioError(N_("speech.order: no engine of {engines} can speak here ({reasons})"),
                                 engines=", ".join(speech.order), reasons="; ".join(self._notes))
        else:
            order = [self.mode]
        self._normalizer = normalizer or Normalizer(reading)
        self._cache = cache or SpeechCache(speech.cache_dir / "speech")
        self._takes = speech.cache_dir  # each segment's own audio: radio/speech/takes.py
        self._recorded_rate = sample_rate
        self._concurrency = speech.concurrency
        self._outages = outages or Outages(speech.cache_dir / "outages.json")
        self._outage_lock = threading.Lock()
        self._sentences = KeyedLocks()  # a sentence being synthesised, by its cache key
        self._recorded_outages: set[str] = set()
        # an engine found unreachable lately is skipped where another one follows it
        down = self._outages.current() if self.mode == AUTO else {}
        self.candidates = tuple(name for name in order[:-1]
                                if not self._passed_over(name, down.get(name))) + (order[-1],)
        self._engines = {name: given.get(name) or engine_for(name, speech, voice)
                         for name in self.candidates}

    def warm_up(self) -> None:
        """Start readying the expected engine now (Piper loads its voice in the background), so
        that a fixed word is not also waiting for the model when its sentence is spoken."""
        warm = getattr(self._engines[self.expected_engine], "warm", None)
        if warm is not None:
            warm()

    def _passed_over(self, name: str, why: str | None) -> bool:
        if why:
            self._notes.append(f"{name}: {why}")
        return bool(why)

    @property
    def expected_engine(self) -> str:
        """The engine that will speak unless it fails."""
        return self.candidates[0]

    def pace_of(self, name: str) -> Pace:
        """The calibrated pace of one of this speaker's engines, for fitting the script to it."""
        return self._engines[name].pace

    def voice_of(self, name: str) -> str:
        return self._engines[name].describe()

    def speak_script(self, script: Script, progress: Progress | None = None,
                     engine: str | None = None) -> SpeechResult:
        """Every spoken segment in script order, all by `engine` (default: the expected one);
        `progress` is called (in this thread) per segment. EngineFailed when it cannot finish."""
        name = engine or self.expected_engine
        jobs = [self._job(segment) for segment in script.segments
                if segment.kind not in JINGLE_KINDS]
        spoken: list[SpokenSegment | None] = [None] * len(jobs)
        failed = threading.Event()  # once one segment fails, the others are not even tried

        def speak(job: _Job) -> SpokenSegment:
            if failed.is_set():
                raise _Skipped()
            try:
                done = self._speak(job, name)
            except EngineFailed:
                failed.set()
                raise
            # the segment's own audio, playable now, while the rest is spoken and joined
            keep_take(self._takes, str(script.month), job.segment_id,
                      self._take_key(job, name), done.audio)
            return done

        # an engine that runs one synthesis at a time anyway (Piper) gets one thread: more would
        # only wait on its lock, each with its own malloc arena holding memory
        workers = self._concurrency if getattr(self._engines[name], "parallel", True) else 1
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="speech")
        try:
            futures = {pool.submit(speak, job): i for i, job in enumerate(jobs)}
            for future in as_completed(futures):
                try:
                    done = future.result()
                except _Skipped:
                    continue  # the failure that caused it is raised when its future comes
                spoken[futures[future]] = done
                if progress:
                    progress(done)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # on error: drop what has not started
        return SpeechResult(tuple(s for s in spoken if s is not None),
                            (*self._robot_note(name), *self._notes, *self._dropped_note(name)),
                            name, self.voice_of(name))

    def _robot_note(self, name: str) -> tuple[Text, ...]:
        if name != Voice.ESPEAK or not self._no_natural_voice:
            return ()
        return (Text.of(N_("the robot voice (espeak-ng) spoke because no natural voice is installed; "
                           "install one once: radio voices install vi_VN-vais1000-medium (or, "
                           "offline, radio voices import from a USB stick; see the README)")),)

    def speak_text(self, text: str) -> SpokenSegment:
        """One sentence (e.g. `radio say`), through the same normaliser and cache; the next
        candidate speaks it when one fails."""
        job = self._prepared("say", Text(N_("the text")), text, None)
        for name in self.candidates:
            try:
                return self._speak(job, name)
            except EngineFailed:
                if name == self.candidates[-1]:
                    raise
        raise AssertionError("unreachable: candidates is never empty")

    def segment_keys(self, script: Script, engine: str) -> list[tuple[str, str]]:
        """(segment id, cache key) of every spoken segment: what its audio would be, unspoken."""
        jobs = [self._job(s) for s in script.segments if s.kind not in JINGLE_KINDS]
        return [(job.segment_id, self._take_key(job, engine)) for job in jobs]

    def _take_key(self, job: _Job, name: str) -> str:
        if job.recorded is not None:
            return cache_key(recording_identity(job.recorded, self._recorded_rate), "")
        return self._key(job, name)

    def take_path(self, month: str, segment_id: str) -> Path:
        """The file where the segment's own audio is as soon as it is spoken (radio/speech/takes.py)."""
        return take_path(self._takes, month, segment_id)

    def _dropped_note(self, name: str) -> tuple[str, ...]:
        dropped = getattr(self._engines[name], "dropped", None)
        if not dropped:
            return ()
        listed = ", ".join(f"{p!r}×{n}" for p, n in sorted(dropped.items()))
        return (f"{self.voice_of(name)}: the voice lacks phoneme(s) {listed}; they were dropped",)

    def _job(self, segment: Segment) -> _Job:
        return self._prepared(segment.id, Text.of(N_("segment {id} ({title})"), id=segment.id,
                                                  title=segment.title), segment.text,
                              segment.recorded)

    def _prepared(self, segment_id: str, label: Text, text: str, recorded: Path | None) -> _Job:
        if recorded is not None:
            return _Job(segment_id, label, "", recorded)
        normalised = self._normalizer.read(text)  # before any engine and before the cache key
        if not _SPEAKABLE.search(normalised):
            raise RadioError(N_("{label}: no words to speak; give it text or a recorded file"), label=label)
        return _Job(segment_id, label, normalised, None)

    def _by_sentence(self, name: str) -> bool:
        """Local engines speak sentence by sentence (radio/speech/sentences.py); online ones get
        whole segments, packed into as few requests as their limits allow."""
        return bool(getattr(self._engines[name], "by_sentence", False))

    def _identity(self, name: str) -> str:
        engine = self._engines[name]
        if self._by_sentence(name):
            return f"{engine.identity()} {TRIM_VERSION} {SENTENCES_VERSION}"
        return f"{engine.identity()} {TRIM_VERSION}"

    def _key(self, job: _Job, name: str) -> str:
        """What the segment's audio is made from: its text, or its sentences and their pause."""
        if self._by_sentence(name):
            pause = self._engines[name].pace.sentence_pause_s
            return cache_key(f"{self._identity(name)} pause={pause}",
                             "\n".join(split_sentences(job.text)))
        return cache_key(self._identity(name), job.text)

    def _speak(self, job: _Job, name: str) -> SpokenSegment:
        if job.recorded is not None:
            return self._recording(job.segment_id, job.recorded)
        if self._by_sentence(name):
            return self._speak_sentences(job, name)
        key = self._key(job, name)
        cached = self._cache.get(key)
        if cached is not None:
            return SpokenSegment(job.segment_id, Voice(name), cached, cached=True)
        audio = self._synthesized(job, name, job.text)
        self._cache.put(key, audio)
        return SpokenSegment(job.segment_id, Voice(name), audio)

    def _speak_sentences(self, job: _Job, name: str) -> SpokenSegment:
        takes, all_cached = [], True
        for sentence in split_sentences(job.text):
            key = cache_key(self._identity(name), sentence)
            # segments spoken side by side share sentences (every unit's greeting opens with the
            # same one): one synthesis, and every segment the same take. espeak-ng's output
            # differs from one call to the next, so two takes would make two pieces, and a
            # rebuild from the cache would then differ from the build
            with self._sentences.hold(key):
                take = self._cache.get(key)
                if take is None:
                    all_cached = False
                    take = self._synthesized(job, name, sentence)
                    self._cache.put(key, take)
            takes.append(take)
        pause = self._engines[name].pace.sentence_pause_s
        audio = join_sentences(takes, pause)
        return SpokenSegment(job.segment_id, Voice(name), audio, cached=all_cached,
                             takes=joined_takes(audio, takes, pause),
                             gap_s=gap_frames(pause, audio.frame_rate) / audio.frame_rate)

    def _synthesized(self, job: _Job, name: str, text: str) -> AudioSegment:
        try:
            return trim_silence(self._engines[name].synthesize(text))
        except SpeechUnavailable as err:
            if self.mode == AUTO and name != self.candidates[-1]:
                self._remember_outage(name, str(err))
            raise EngineFailed(name, job.label, err.text) from None

    def _remember_outage(self, name: str, why: str) -> None:
        with self._outage_lock:  # concurrent segments fail together: one record, not one each
            if name not in self._recorded_outages:
                self._recorded_outages.add(name)
                self._outages.record(name, why)

    def _recording(self, segment_id: str, path: Path) -> SpokenSegment:
        key = cache_key(recording_identity(path, self._recorded_rate), "")
        cached = self._cache.get(key)
        if cached is not None:
            return SpokenSegment(segment_id, Voice.RECORDED, cached, cached=True)
        audio = load_recording(path, self._recorded_rate)
        self._cache.put(key, audio)
        return SpokenSegment(segment_id, Voice.RECORDED, audio)

    def identity_of(self, name: str) -> str:
        """Engine `name`'s identity (engine, voice, every setting that changes the sound): what an
        approval of the programme it spoke covers."""
        return self._engines[name].identity()
