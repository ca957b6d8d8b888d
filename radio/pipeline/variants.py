"""The units' programmes of a month (issue 21): their local parts spoken once, the core reused.

The whole area's programme is spoken, levelled and encoded as before. A unit's programme differs
from it only in its local segments (greeting and thanks in its station's name, its one-stop
centre, its news): those are spoken and levelled once for all units together, and each unit's
programme is laid out from the levelled segments, the shared ones taken as they are. Its encoded
pieces are then found in the piece cache by their levelled key, so the shared audio is never
encoded again: only the local pieces are, and each unit's file is those pieces joined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from radio.audio.assemble import Programme, lay_out
from radio.audio.level import Levelled, level_all
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
    made: dict[tuple[str, str, str], tuple[Levelled, str]] = {
        identity(segment): (levelled, chapter.engine)
        for segment, levelled, chapter in zip(main_script.segments, main.segments, main.chapters,
                                              strict=True)}
    script = local_script(programmes)
    by_id = {s.segment_id: s for s in spoken}
    sources = [by_id[segment.id] for segment in script.segments]
    levelled = level_all([(s.segment_id, s.audio) for s in sources], settings, cache_dir)
    for segment, source, part in zip(script.segments, sources, levelled, strict=True):
        made[identity(segment)] = (part, source.engine)
    return [_built(variant, made, main_script, settings) for variant in programmes.variants]


def _built(variant: Variant, made: dict[tuple[str, str, str], tuple[Levelled, str]],
           main_script: Script, settings: AudioSettings) -> BuiltVariant:
    parts = [made[identity(segment)] for segment in variant.script.segments]
    programme = lay_out(variant.script, [engine for _, engine in parts],
                        [levelled for levelled, _ in parts], settings)
    shared = {identity(s) for s in main_script.segments}
    local = tuple(s.id for s in variant.script.segments if identity(s) not in shared)
    return BuiltVariant(variant.unit, variant.script, programme, local)


def variant_file(mp3: Path, unit: Unit) -> Path:
    """A unit's MP3 beside the whole area's: episode.mp3 → episode-sa-huynh.mp3."""
    return mp3.with_name(f"{mp3.stem}-{unit.key}{mp3.suffix}")
