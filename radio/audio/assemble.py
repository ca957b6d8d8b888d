"""Joining levelled segments and deliberate pauses into one programme, with its chapters.

Nothing is joined with pydub's `+`/`append` (quadratic copies, and `append` crossfades 100 ms by
default): the programme keeps its parts, each encoded on its own and joined as MP3 frames
(radio/audio/frames.py, encoded.py); `audio()` joins the raw bytes once for callers who need one
AudioSegment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydub import AudioSegment

from radio.audio.frames import DELAY, EXTRA, Edges, edges
from radio.audio.jingles import load_jingle
from radio.audio.level import Levelled, level_all
from radio.audio.loudness import combined_lufs
from radio.audio.settings import AudioSettings
from radio.content.script import JINGLE_KINDS, Script
from radio.core.errors import RadioError
from radio.core.i18n import N_
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
class SegmentSound:
    """A segment's levelled audio: one part, or its sentences levelled one by one with `gap`
    samples of silence between each two (a unit's local segment: radio/pipeline/variants.py)."""

    parts: tuple[Levelled, ...]
    gap: int = 0


@dataclass(frozen=True)
class Programme:
    """Levelled segments in order, each part with the silence it is encoded with (frames.py).

    A segment is one part or several (SegmentSound); part i is one MP3 piece: `edges[i].lead`
    samples of silence, the part, `edges[i].trail` of silence, a whole number of frames; it
    decodes to that plus EXTRA samples (DELAY before). The programme is those pieces back to
    back, so its length and every chapter are exact.
    """

    sample_rate: int
    sounds: tuple[SegmentSound, ...]  # one per chapter
    edges: tuple[Edges, ...]          # one per part
    chapters: tuple[Chapter, ...]

    @cached_property
    def parts(self) -> tuple[Levelled, ...]:
        return tuple(part for sound in self.sounds for part in sound.parts)

    @cached_property
    def names(self) -> tuple[str, ...]:
        """Each part as errors name it: its segment's id, and its sentence when it has several."""
        return tuple(chapter.segment_id if len(sound.parts) == 1 else
                     f"{chapter.segment_id} ({n}/{len(sound.parts)})"
                     for chapter, sound in zip(self.chapters, self.sounds, strict=True)
                     for n in range(1, len(sound.parts) + 1))

    @property
    def frames(self) -> int:
        return sum(self.piece_frames(i) for i in range(len(self.parts)))

    def piece_frames(self, index: int) -> int:
        """Samples piece `index` decodes to."""
        edge = self.edges[index]
        return edge.lead + self.parts[index].frames + edge.trail + EXTRA

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate

    @property
    def loudness_lufs(self) -> float:
        """Predicted integrated loudness; the encoding pass measures the real one."""
        return combined_lufs([(s.lufs, s.duration_s) for s in self.parts])

    def piece_chunks(self, index: int) -> Iterator[bytes]:
        """Mono 16-bit PCM the encoder is given for piece `index`."""
        edge = self.edges[index]
        yield bytes(2 * edge.lead)
        yield self.parts[index].pcm
        yield bytes(2 * edge.trail)

    def chunks(self) -> Iterator[bytes]:
        """Mono 16-bit PCM as the joined pieces decode to it (priming and tails as silence)."""
        for i in range(len(self.parts)):
            yield bytes(2 * DELAY)
            yield from self.piece_chunks(i)
            yield bytes(2 * (EXTRA - DELAY))

    def audio(self) -> AudioSegment:
        """The whole programme as one AudioSegment: the parts joined once."""
        return AudioSegment(data=b"".join(self.chunks()), sample_width=2,
                            frame_rate=self.sample_rate, channels=1)

    @property
    def true_peak_dbtp(self) -> float:
        """The loudest part's true peak: pauses are silence, so none lies between parts."""
        return max((s.true_peak_dbtp for s in self.parts), default=float("-inf"))


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
            raise RadioError(N_("segment {id} ({title}) has no audio; it was not spoken — rebuild to "
                                "synthesise it"), id=segment.id, title=segment.title)
        sources.append(item)
    levelled = level_all([(s.segment_id, s.audio) for s in sources], settings, cache_dir)
    return lay_out(script, [s.engine for s in sources], levelled, settings)


def lay_out(script: Script, engines: Sequence[str], sounds: Sequence[Levelled | SegmentSound],
            settings: AudioSettings) -> Programme:
    """The script's already levelled segments (and who made each) as one programme: a unit's
    programme reuses the levelled segments it shares with the others (issue 21)."""
    pause = round(settings.pause_ms * settings.sample_rate / 1000)
    whole = tuple(s if isinstance(s, SegmentSound) else SegmentSound((s,)) for s in sounds)
    # the pause before each part: the programme's pause between segments, a sentence's gap inside
    before = [0 if i == 0 and n == 0 else (pause if n == 0 else sound.gap)
              for i, sound in enumerate(whole) for n in range(len(sound.parts))]
    flat = [part for sound in whole for part in sound.parts]
    layout = [edges(part.frames, ahead, after, settings.sample_rate)
              for part, ahead, after in zip(flat, before, [*before[1:], 0], strict=True)]
    chapters, position, index = [], 0, 0
    for segment, engine, sound in zip(script.segments, engines, whole, strict=True):
        start = position + DELAY + layout[index].lead
        for part in sound.parts:
            edge = layout[index]
            end = position + DELAY + edge.lead + part.frames
            position += edge.lead + part.frames + edge.trail + EXTRA
            index += 1
        chapters.append(Chapter(segment.id, segment.title, engine, start / settings.sample_rate,
                                (end - start) / settings.sample_rate))
    return Programme(settings.sample_rate, whole, tuple(layout), tuple(chapters))
