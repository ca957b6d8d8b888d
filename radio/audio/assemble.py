"""Joining levelled segments and deliberate pauses into one programme, with its chapters.

Nothing is joined with pydub's `+`/`append` (quadratic copies, and `append` crossfades 100 ms by
default): the programme keeps its parts, each encoded on its own and joined as MP3 frames
(radio/audio/frames.py, encoded.py); `audio()` joins the raw bytes once for callers who need one
AudioSegment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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
class Programme:
    """Levelled segments in order, each with the silence it is encoded with (radio/audio/frames.py).

    Segment i is one MP3 piece: `edges[i].lead` samples of silence, the segment, `edges[i].trail`
    of silence, a whole number of frames; it decodes to that plus EXTRA samples (DELAY before).
    The programme is those pieces back to back, so its length and every chapter are exact.
    """

    sample_rate: int
    segments: tuple[Levelled, ...]
    edges: tuple[Edges, ...]
    chapters: tuple[Chapter, ...]

    @property
    def frames(self) -> int:
        return sum(self.piece_frames(i) for i in range(len(self.segments)))

    def piece_frames(self, index: int) -> int:
        """Samples piece `index` decodes to."""
        edge = self.edges[index]
        return edge.lead + self.segments[index].frames + edge.trail + EXTRA

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate

    @property
    def loudness_lufs(self) -> float:
        """Predicted integrated loudness; the encoding pass measures the real one."""
        return combined_lufs([(s.lufs, s.duration_s) for s in self.segments])

    def piece_chunks(self, index: int) -> Iterator[bytes]:
        """Mono 16-bit PCM the encoder is given for piece `index`."""
        edge = self.edges[index]
        yield bytes(2 * edge.lead)
        yield self.segments[index].pcm
        yield bytes(2 * edge.trail)

    def chunks(self) -> Iterator[bytes]:
        """Mono 16-bit PCM as the joined pieces decode to it (priming and tails as silence)."""
        for i in range(len(self.segments)):
            yield bytes(2 * DELAY)
            yield from self.piece_chunks(i)
            yield bytes(2 * (EXTRA - DELAY))

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
            raise RadioError(N_("segment {id} ({title}) has no audio; it was not spoken — rebuild to "
                                "synthesise it"), id=segment.id, title=segment.title)
        sources.append(item)
    levelled = level_all([(s.segment_id, s.audio) for s in sources], settings, cache_dir)
    return lay_out(script, [s.engine for s in sources], levelled, settings)


def lay_out(script: Script, engines: Sequence[str], levelled: Sequence[Levelled],
            settings: AudioSettings) -> Programme:
    """The script's already levelled segments (and who made each) as one programme: a unit's
    programme reuses the levelled segments it shares with the others (issue 21)."""
    pause = round(settings.pause_ms * settings.sample_rate / 1000)
    last = len(levelled) - 1
    layout = [edges(part.frames, pause, settings.sample_rate, first=i == 0, last=i == last)
              for i, part in enumerate(levelled)]
    chapters, position = [], 0
    for segment, engine, part, edge in zip(script.segments, engines, levelled, layout, strict=True):
        chapters.append(Chapter(segment.id, segment.title, engine,
                                (position + DELAY + edge.lead) / settings.sample_rate,
                                part.duration_s))
        position += edge.lead + part.frames + edge.trail + EXTRA
    return Programme(settings.sample_rate, tuple(levelled), tuple(layout), tuple(chapters))
