"""Is a rebuild needed? Every input of the programme hashed into one digest kept in build.json.

The inputs are the script as it will be read, each spoken segment's audio identity (the speech
cache key: engine, voice, settings and the words; a recording's content), both jingles' content,
the settings that shape the audio and tags, and the voice. When the digest equals the one
build.json recorded, episode.mp3 still has its recorded sha256 and the database records that
episode, the build has nothing to do.
"""

from __future__ import annotations

import json
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Engine

from radio import __version__
from radio.audio.jingles import jingle_path, load_jingle
from radio.config import Settings
from radio.content.compiler import Programmes, compile_programmes
from radio.content.planning import YearPlanning
from radio.content.script import JINGLE_KINDS, Script, SegmentKind
from radio.content.warnings import BuildWarning
from radio.core.hashing import file_sha256, text_sha256
from radio.core.i18n import N_, Text
from radio.core.month import Month
from radio.pipeline.facts import script_digest
from radio.pipeline.variants import local_script
from radio.speech.speaker import Speaker
from radio.store.db import transaction
from radio.store.episodes import find_episode

FORMAT = "inputs1"  # change when what is hashed changes


def inputs_digest(script: Script, speaker: Speaker, engine: str, settings: Settings,
                  programmes: Programmes | None = None) -> str:
    """`programmes`: with units, each unit's script, stations and local segments count too."""
    document: dict[str, object] = {
        "format": FORMAT,
        "radio": __version__,
        "script": script_digest(script),
        "pace": repr(speaker.pace_of(engine)),  # the predicted timings script.md shows
        "segments": speaker.segment_keys(script, engine),
        "jingles": [file_sha256(jingle_path(kind, settings.audio)) for kind in JINGLE_KINDS],
        "settings": [repr(settings.audio), repr(settings.program), repr(settings.reading)],
        "voice": speaker.voice_of(engine),
    }
    if programmes is not None and programmes.variants:  # a month of one programme: as before
        document["variants"] = [[v.unit.key, v.unit.name, list(v.unit.stations),
                                 script_digest(v.script)] for v in programmes.variants]
        document["local"] = speaker.segment_keys(local_script(programmes), engine)
    return text_sha256(json.dumps(document, ensure_ascii=False, sort_keys=True))


def recorded_digest(folder: Path) -> str | None:
    """The inputs digest of the episode in `folder`, when its MP3 is still the one recorded."""
    try:
        facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
        if file_sha256(folder / "episode.mp3") != facts["sha256"]:
            return None
        for variant in facts.get("variants", ()):  # each unit's file still the one built
            if file_sha256(folder / variant["file"]) != variant["sha256"]:
                return None
        return facts.get("inputs_sha256") or None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_missing(db: Engine, month: Month, folder: Path) -> Text | None:
    """None when the database holds the record of the episode in `folder`; else why it does not
    (another database, a restored backup, a build whose commit was lost): then it is built again."""
    try:
        facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
        sha256 = str(facts["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        return Text.of(N_("{file} is unreadable; building again"), file=str(folder / "build.json"))
    with transaction(db) as session:
        record = find_episode(session, str(month))
        recorded = None if record is None else record.sha256
    database = db.url.render_as_string()
    if recorded is None:
        return Text.of(N_("{month}: the database ({database}) has no record of the episode; building "
                          "again so that approve and publish find it"), month=str(month), database=database)
    if recorded != sha256:
        return Text.of(N_("{month}: the database ({database}) records another episode.mp3 (sha256 "
                          "{recorded}…, the file is {file}…); building again"), month=str(month),
                       database=database, recorded=recorded[:12], file=sha256[:12])
    return None


def unchanged_script(month: Month, settings: Settings, speaker: Speaker,
                     read: Callable[[str], str], folder: Path,
                     planning: YearPlanning) -> Programmes | None:
    """The scripts, when the episode in `folder` was made from exactly the inputs this build
    would use; else None."""
    recorded = recorded_digest(folder)
    if recorded is None:
        return None
    engine = speaker.expected_engine
    programmes = compile_programmes(month, settings.program, speaker.pace_of(engine), read,
                                    (_jingle_s(SegmentKind.JINGLE_OPEN, settings),
                                     _jingle_s(SegmentKind.JINGLE_CLOSE, settings)),
                                    pause_s=settings.audio.pause_ms / 1000, planning=planning)
    digest = inputs_digest(programmes.main, speaker, engine, settings, programmes)
    return programmes if digest == recorded else None


def _jingle_s(kind: SegmentKind, settings: Settings) -> float:
    """A jingle's length without decoding it when it is a WAV (the check must stay quick)."""
    path = jingle_path(kind, settings.audio)
    try:
        with wave.open(str(path), "rb") as audio:
            return round(audio.getnframes() * 1000 / audio.getframerate()) / 1000
    except (OSError, EOFError, wave.Error):
        return len(load_jingle(kind, settings.audio)) / 1000


def warnings_changed(folder: Path, warnings: Sequence[BuildWarning]) -> bool:
    """Whether the build's warnings differ from build.json's: a fact confirmed (or newly an example)
    in the register changes no word, yet the record and the approval gate must follow it."""
    try:
        recorded = json.loads((folder / "build.json").read_text(encoding="utf-8")).get("warnings", [])
        before = [BuildWarning.from_json(raw) for raw in recorded]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return True
    return before != list(warnings)
