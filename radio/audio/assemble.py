"""Joining levelled segments and deliberate pauses into one programme, with its chapters.

Nothing is joined with pydub's `+`/`append` (quadratic copies, and `append` crossfades 100 ms by
default): the programme keeps its parts and streams them to the encoder; `audio()` joins the raw
bytes once for callers who need one AudioSegment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydub import AudioSegment

from radio.audio.jingles import load_jingle
from radio.audio.level import Levelled, level_all
from radio.audio.loudness import combined_lufs
from radio.audio.settings import AudioSettings
from radio.content.script import JINGLE_KINDS, Script
from radio.core.errors import RadioError
from radio.speech.engine import SpokenSegment
from radio.speech.kinds import Voice


@dataclass(frozen=True)
class Chapter:
    segment_id: str
    title: str
    engine: str       # who made the audio: gtts, espeak, recorded, jingle
    start_s: float    # where the segment's sound starts in the programme
    duration_s: float  # the segment's sound, without the pause after it


@dataclass(frozen=True)
class Programme:
    """Levelled segments in order, `pause_frames` of silence between consecutive ones."""

    sample_rate: int
    segments: tuple[Levelled, ...]
    pause_frames: int
    chapters: tuple[Chapter, ...]

    @property
    def frames(self) -> int:
        pauses = self.pause_frames * max(0, len(self.segments) - 1)
        return sum(segment.frames for segment in self.segments) + pauses

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate

    @property
    def loudness_lufs(self) -> float:
        """Predicted integrated loudness; the encoding pass measures the real one."""
        return combined_lufs([(s.lufs, s.duration_s) for s in self.segments])

    def chunks(self) -> Iterator[bytes]:
        """Mono 16-bit PCM, part after part, without copying any of them."""
        pause = bytes(2 * self.pause_frames)
        for i, segment in enumerate(self.segments):
            if i:
                yield pause
            yield segment.pcm

    def audio(self) -> AudioSegment:
        """The whole programme as one AudioSegment: the parts joined once."""
        return AudioSegment(data=b"".join(self.chunks()), sample_width=2,
                            frame_rate=self.sample_rate, channels=1)

    @property
    def true_peak_dbtp(self) -> float:
        """The loudest segment's true peak: pauses are silence, so none lies between segments."""
        return max((s.true_peak_dbtp for s in self.segments), default=float("-inf"))


def assemble(script: Script, spoken: Iterable[SpokenSegment], settings: AudioSettings,
             cache_dir: Path | None = None,
             jingles: Mapping[str, AudioSegment] | None = None) -> Programme:
    """The script's segments in order: speech from `spoken` (by segment id), jingles by kind from
    `jingles` when the caller already decoded them, else from settings.

    Every segment is levelled to the target (cached in `cache_dir` when given) and separated from
    the next by `settings.pause_ms` of silence.
    """
    by_id = {item.segment_id: item for item in spoken}
    decoded = jingles or {}
    sources: list[SpokenSegment] = []
    for segment in script.segments:
        item = by_id.get(segment.id)
        if item is None and segment.kind in JINGLE_KINDS:
            audio = (decoded[segment.kind] if segment.kind in decoded
                     else load_jingle(segment.kind, settings))
            item = SpokenSegment(segment.id, Voice.JINGLE, audio)
        if item is None:
            raise RadioError(f"segment {segment.id} ({segment.title}) has no audio; "
                             "it was not spoken — rebuild to synthesise it")
        sources.append(item)
    levelled = level_all([(s.segment_id, s.audio) for s in sources], settings, cache_dir)
    pause_frames = round(settings.pause_ms * settings.sample_rate / 1000)
    chapters, position = [], 0
    for segment, source, part in zip(script.segments, sources, levelled, strict=True):
        chapters.append(Chapter(segment.id, segment.title, source.engine,
                                position / settings.sample_rate, part.duration_s))
        position += part.frames + pause_frames
    return Programme(settings.sample_rate, tuple(levelled), pause_frames, tuple(chapters))
