"""The units' programmes of a month (issue 21): their local parts spoken once, the core reused.

The whole area's programme is spoken, levelled and encoded as before. A unit's programme differs
from it only in its local segments (greeting and thanks in its station's name, its one-stop
centre, its news): those are spoken and levelled once for all units together, and each unit's
programme is laid out from the levelled segments, the shared ones taken as they are. A local
segment spoken sentence by sentence is levelled and encoded by sentence, so a sentence every unit
says is one piece for all. Encoded pieces are found in the piece cache by their levelled key, so
shared audio is never encoded again: only each unit's own pieces are, and its file is the pieces
joined.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pydub import AudioSegment

from radio.audio.assemble import Programme, SegmentSound, lay_out
from radio.audio.level import level_all
from radio.audio.settings import AudioSettings
from radio.content.compiler import Programmes, Variant
from radio.content.script import JINGLE_KINDS, Script, Segment
from radio.content.units import Unit
from radio.speech.engine import SpokenSegment


@dataclass(frozen=True)
class BuiltVariant:
    unit: Unit
    script: Script
    programme: Programme
    local: tuple[str, ...]  # ids of its segments that the whole area's programme does not have


def identity(segment: Segment) -> tuple[str, str, str]:
    """What makes a segment's audio: a jingle's kind, else its words or recorded file."""
    if segment.kind in JINGLE_KINDS:
        return (str(segment.kind), "", "")
    return ("", segment.text, str(segment.recorded or ""))


def local_id(segment: Segment, unit: Unit) -> str:
    """A local segment's id among all units' ("02-greeting-local@sa-huynh")."""
    return f"{segment.id}@{unit.key}"


def local_segments(programmes: Programmes) -> dict[str, list[Segment]]:
    """Each unit's segments that are not in the whole area's programme, by unit key."""
    shared = {identity(s) for s in programmes.main.segments}
    return {v.unit.key: [s for s in v.script.segments if identity(s) not in shared]
            for v in programmes.variants}


def local_script(programmes: Programmes) -> Script:
    """Every unit's local segments as one script to speak, each distinct text once; ids name the
    unit (`local_id`)."""
    seen: set[tuple[str, str, str]] = set()
    segments: list[Segment] = []
    local = local_segments(programmes)
    for variant in programmes.variants:
        for segment in local[variant.unit.key]:
            if identity(segment) not in seen:
                seen.add(identity(segment))
                segments.append(replace(segment, id=local_id(segment, variant.unit)))
    return Script(programmes.main.month, programmes.main.title, tuple(segments),
                  pause_s=programmes.main.pause_s)


def assemble_variants(programmes: Programmes, main: Programme, main_script: Script,
                      spoken: Sequence[SpokenSegment], settings: AudioSettings,
                      cache_dir: Path | None) -> list[BuiltVariant]:
    """Each unit's programme from the whole area's levelled segments and the local ones
    (`spoken`: the local script's speech), levelled here once."""
    made: dict[tuple[str, str, str], tuple[SegmentSound, str]] = {
        identity(segment): (sound, chapter.engine)
        for segment, sound, chapter in zip(main_script.segments, main.sounds, main.chapters,
                                           strict=True)}
    script = local_script(programmes)
    by_id = {s.segment_id: s for s in spoken}
    sources = [by_id[segment.id] for segment in script.segments]
    for segment, source, sound in zip(script.segments, sources,
                                      _level_local(sources, settings, cache_dir), strict=True):
        made[identity(segment)] = (sound, source.engine)
    return [_built(variant, made, main_script, settings) for variant in programmes.variants]


MIN_TAKE_MS = 1000  # EBU R 128 gates 400 ms blocks: a second gives the loudness several


def _level_local(sources: Sequence[SpokenSegment], settings: AudioSettings,
                 cache_dir: Path | None) -> list[SegmentSound]:
    """Local segments levelled sentence by sentence where they were spoken so: the sentences every
    unit says ("Kính thưa quý vị và các bạn!", the month's farewell, the same opening hours) are
    levelled, and then encoded, once for all units; only each unit's own sentences add work."""
    split = [_takes_of(source) for source in sources]
    keyed = [[_sound_key(take) for take in takes] for takes in split]  # each take hashed once
    distinct: dict[bytes, tuple[str, AudioSegment]] = {}
    for source, takes, keys in zip(sources, split, keyed, strict=True):
        for n, (take, key) in enumerate(zip(takes, keys, strict=True), start=1):
            distinct.setdefault(key, (f"{source.segment_id} ({n})", take))
    levelled = dict(zip(distinct, level_all(list(distinct.values()), settings, cache_dir),
                        strict=True))
    return [SegmentSound(tuple(levelled[key] for key in keys),
                         round(source.gap_s * settings.sample_rate) if len(keys) > 1 else 0)
            for source, keys in zip(sources, keyed, strict=True)]


def _takes_of(source: SpokenSegment) -> tuple[AudioSegment, ...]:
    """The takes a local segment is levelled as: its sentences, or itself whole when spoken whole
    or when a sentence is too short for its loudness to be measured and set on its own."""
    if len(source.takes) > 1 and min(len(take) for take in source.takes) >= MIN_TAKE_MS:
        return source.takes
    return (source.audio,)


def _sound_key(audio: AudioSegment) -> bytes:
    return hashlib.sha256(audio.raw_data).digest() + audio.frame_rate.to_bytes(4, "big")


def _built(variant: Variant, made: dict[tuple[str, str, str], tuple[SegmentSound, str]],
           main_script: Script, settings: AudioSettings) -> BuiltVariant:
    parts = [made[identity(segment)] for segment in variant.script.segments]
    programme = lay_out(variant.script, [engine for _, engine in parts],
                        [sound for sound, _ in parts], settings)
    shared = {identity(s) for s in main_script.segments}
    local = tuple(s.id for s in variant.script.segments if identity(s) not in shared)
    return BuiltVariant(variant.unit, variant.script, programme, local)


def variant_file(mp3: Path, unit: Unit) -> Path:
    """A unit's MP3 beside the whole area's: episode.mp3 → episode-sa-huynh.mp3."""
    return mp3.with_name(f"{mp3.stem}-{unit.key}{mp3.suffix}")
