"""`radio build YYYY-MM`: compile → speak → assemble → check → render → files and record.

Outputs are staged beside their targets and renamed together only after everything succeeded,
inside the transaction that records them, with a journal beside them (radio.pipeline.journal): a
failed build leaves the last good episode and its record untouched, and a killed one is finished
or undone by the next build of that month, so files and record always agree.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from radio.audio.assemble import Chapter, Programme, assemble
from radio.audio.jingles import jingle_path, load_jingles
from radio.audio.render import Rendered, render
from radio.audio.tags import episode_tags
from radio.config import Settings
from radio.content.compiler import Programmes, Variant, compile_programmes
from radio.content.planning import YearPlanning
from radio.content.script import JINGLE_KINDS, Script, SegmentKind
from radio.content.settings import ProgramSettings
from radio.content.warnings import BuildWarning
from radio.core.atomic import Staging, ensure_writable_dir, exclusive, staging
from radio.core.crashpoint import crash_point
from radio.core.errors import RadioError
from radio.core.hashing import file_sha256
from radio.core.i18n import N_, Joined, Text
from radio.core.month import Month
from radio.core.progress import (
    SILENT,
    Assembling,
    Compiling,
    Encoding,
    EngineSwitched,
    Recovered,
    Reporter,
    SegmentSpoken,
    Speaking,
    Unchanged,
    Warned,
)
from radio.pipeline import journal as build_journal
from radio.pipeline.context import (
    build_planning,
    confirm_warnings,
    script_warnings,
    staleness_warnings,
    unit_warnings,
)
from radio.pipeline.facts import (
    EpisodeFacts,
    SegmentFacts,
    VariantFacts,
    build_json,
    clock,
    heard_inputs,
    script_digest,
    script_markdown,
)
from radio.pipeline.record import record_episode
from radio.pipeline.snapshot import RecordingSnapshot
from radio.pipeline.unchanged import inputs_digest, record_missing, unchanged_script, warnings_changed
from radio.pipeline.variants import BuiltVariant, assemble_variants, local_script, variant_file
from radio.publish.approval import approval_digest
from radio.reading import Normalizer
from radio.reading.memo import ReadingMemo
from radio.speech.engine import SpokenSegment
from radio.speech.kinds import Voice
from radio.speech.speaker import EngineFailed, Speaker, SpeechResult
from radio.store.db import check_writable, database_url, open_engine, transaction

_UNIT_WORKERS = min(4, os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildResult:
    facts: EpisodeFacts | None  # None when nothing had changed (then nothing was written)
    folder: Path
    fallbacks: tuple[str | Text, ...]  # engines passed over or abandoned during the build, and why
    cached_segments: int        # spoken segments reused from the cache
    warnings: tuple[BuildWarning, ...] = ()  # to confirm or fix before air (also in build.json)
    unchanged: bool = False


def build_month(month: Month, settings: Settings, *, mode: str | None = None,
                voice: str | None = None, report: Reporter = SILENT,
                speaker: Speaker | None = None, now: datetime | None = None,
                strict: bool = False, force: bool = False) -> BuildResult:
    """Build one month's episode, reporting its stages and speech progress as events.

    `strict`: text speaking of another year as the present is an error, not a warning.
    `force`: build even when every input is as the last build recorded (else: "unchanged").
    """
    folder = settings.program.episodes_dir / str(month)
    ensure_writable_dir(folder)
    normalizer = Normalizer(settings.reading)
    speaker = speaker or Speaker(settings.speech, settings.reading, settings.audio.sample_rate,
                                 mode, voice=voice, normalizer=normalizer)
    # the compiler reads the year's earlier months too, the same texts again and again, and so
    # does every rebuild: readings are kept between runs (radio/reading/memo.py)
    memo = ReadingMemo(normalizer, settings.reading, settings.speech.cache_dir / "readings")
    read = memo.read
    db = open_engine(database_url(settings.root))  # opened first: a wrong RADIO_DB fails early
    with ExitStack() as cleanup:
        cleanup.callback(memo.save)
        cleanup.callback(db.dispose)  # a failed build too: one process (tests, a scheduler) may build many
        check_writable(db)  # a read-only or locked database fails now, not after minutes of speech
        done = None if force else _unchanged(month, settings, speaker, read, folder, strict, db, report)
        if done is not None:
            report.emit(Unchanged(folder / "build.json"))
            return done
        speaker.warm_up()  # something changed: Piper's voice loads while the script is compiled
        cleanup.enter_context(exclusive(folder / ".build.lock",
                                        Text.of(N_("another `radio build {month}` is running"),
                                                month=str(month))))
        for notice in build_journal.recover(folder, db):  # what a killed build of this month left
            report.emit(Recovered(notice))
        planning = build_planning(settings, month)
        warnings = confirm_warnings(settings, month, planning)
        for warning in warnings:  # before minutes of speech: a person may stop and fix it
            report.emit(Warned(warning.text()))
        snapshot = cleanup.enter_context(RecordingSnapshot())  # recordings as read, not after
        made = assemble_all(month, settings, speaker, read, report, planning=planning,
                            strict=strict, warnings=warnings, freeze=snapshot.freeze)
        script, speech, programme = made.programmes.main, made.speech, made.programme
        crash_point("build:spoken")
        check_duration(programme, script, settings.program)
        for built in made.variants:  # each unit's programme fits the window on its own
            check_duration(built.programme, built.script, settings.program)

        report.emit(Encoding())
        mp3 = folder / "episode.mp3"
        built_at = now or datetime.now(UTC)
        with staging() as staged:
            tags = episode_tags(settings.program, month)
            encoded = settings.speech.cache_dir / "encoded"
            rendered = render(programme, mp3, tags, settings.audio, staged, encoded)
            # each unit's file: its local pieces encoded, all pieces joined behind its tag; units
            # side by side, since one unit's work is short ffmpeg runs and file writes
            with ThreadPoolExecutor(max_workers=_UNIT_WORKERS) as pool:
                variants = tuple(pool.map(lambda built: _variant_facts(
                    built, render(built.programme, variant_file(mp3, built.unit),
                                  replace(tags, title=built.script.title), settings.audio,
                                  staged, encoded), read, built_at), made.variants))
            facts = replace(episode_facts(script, programme.chapters, rendered, read, built_at),
                            voice=speech.voice, warnings=tuple(warnings), variants=variants,
                            inputs_sha256=inputs_digest(script, speaker, speech.engine, settings,
                                                        made.programmes))
            facts = with_heard_inputs(facts, script, settings, speaker, snapshot.original)
            staged.path_for(folder / "build.json").write_text(build_json(facts), encoding="utf-8")
            staged.path_for(folder / "script.md").write_text(
                script_markdown(facts, settings.program.window_s), encoding="utf-8")
            crash_point("build:staged")
            _commit(db, folder, staged, facts, mp3,
                    {a.id: a.title for a in planning.in_force.plan.areas})
    return BuildResult(facts, folder, speech.fallbacks,
                       sum(1 for s in speech.segments if s.cached), tuple(warnings))


def _variant_facts(built: BuiltVariant, rendered: Rendered, read: Callable[[str], str],
                   built_at: datetime) -> VariantFacts:
    segments = episode_facts(built.script, built.programme.chapters, rendered, read,
                             built_at).segments
    return VariantFacts(unit=built.unit.key, unit_name=built.unit.name, file=rendered.path.name,
                        sha256=rendered.sha256, duration_s=rendered.duration_s,
                        stations=built.unit.stations, title=built.script.title,
                        loudness_lufs=rendered.loudness_lufs,
                        true_peak_dbtp=rendered.true_peak_dbtp, segments=segments,
                        local=built.local)


def _unchanged(month: Month, settings: Settings, speaker: Speaker, read: Callable[[str], str],
               folder: Path, strict: bool, db: Engine, report: Reporter) -> BuildResult | None:
    """The result of a build with nothing to do, or None. Not while a killed build's journal
    waits (the next build must reconcile it first), nor when the database lacks its record."""
    if (folder / build_journal.JOURNAL_NAME).exists():
        return None
    planning = build_planning(settings, month, save=False)
    script = unchanged_script(month, settings, speaker, read, folder, planning)
    if script is None:
        return None
    missing = record_missing(db, month, folder)
    if missing is not None:
        report.emit(Warned(missing))
        return None
    warnings = (confirm_warnings(settings, month, planning)
                + staleness_warnings(script.main, planning, strict, settings)
                + script_warnings(settings, script.main) + unit_warnings(settings, script))
    if warnings_changed(folder, warnings):  # a fact confirmed since: build.json and the gate follow
        return None
    return BuildResult(None, folder, (), 0, tuple(warnings), unchanged=True)


def with_heard_inputs(facts: EpisodeFacts, script: Script, settings: Settings,
                      speaker: Speaker,
                      original: Callable[[Path], Path] = lambda path: path) -> EpisodeFacts:
    """`facts` with what is heard: recorded files and jingles by content, each voice by its
    engine's identity, each spoken segment by its words as read; the approval digest covers all."""
    folder = settings.program.episodes_dir / facts.month
    recorded = {s.id: s.recorded for s in script.segments if s.recorded is not None}
    segments = tuple(
        replace(s, recording=_shown(original(recorded[s.id]), folder, settings.root),
                recording_sha256=file_sha256(recorded[s.id])) if s.id in recorded else s
        for s in facts.segments)
    jingles = {str(kind): file_sha256(jingle_path(kind, settings.audio)) for kind in JINGLE_KINDS}
    voices = {name: speaker.identity_of(name)
              for name in {s.engine for s in segments} - {Voice.RECORDED, Voice.JINGLE}}
    # each unit's local segments too, named with the unit: one approval covers every programme
    local = tuple(replace(s, id=f"{s.id}@{v.unit}") for v in facts.variants for s in v.segments
                  if s.id in v.local)
    inputs = heard_inputs(segments + local, jingles, voices)
    return replace(facts, segments=segments, inputs=inputs, script_sha256=approval_digest(inputs))


def _shown(path: Path, folder: Path, root: Path) -> str:
    """A recorded file as people name it: within the month's folder, else the settings' folder."""
    for base in (folder, root):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _commit(db: Engine, folder: Path, staged: Staging, facts: EpisodeFacts, mp3: Path,
            topic_titles: Mapping[int, str]) -> None:
    """Record flushed, journal written, files renamed, record committed, journal removed."""
    journal = None
    try:
        with transaction(db) as session:
            record_episode(session, facts, mp3, topic_titles)
            journal = build_journal.begin(folder, staged, facts, mp3, topic_titles)
            crash_point("build:journaled")
            staged.commit(after_each=lambda target: crash_point(f"build:renamed:{target.name}"))
            crash_point("build:before-commit")
    except BaseException:
        if journal is not None:  # the files moved: put them back unless the record did commit
            with suppress(Exception):  # the database is gone too: the next build reconciles
                build_journal.reconcile(journal, db, adopt=False)
        raise
    crash_point("build:committed")
    build_journal.finish(journal)


@dataclass(frozen=True)
class Assembled:
    programmes: Programmes               # the scripts: the whole area's and each unit's
    speech: SpeechResult                 # the whole area's programme as spoken
    programme: Programme                 # ... assembled and levelled
    variants: tuple[BuiltVariant, ...]   # each unit's programme, assembled (issue 21)


def assemble_month(month: Month, settings: Settings, speaker: Speaker,
                   read: Callable[[str], str], report: Reporter = SILENT, *,
                   planning: YearPlanning | None = None, strict: bool = False,
                   warnings: list[BuildWarning] | None = None,
                   freeze: Callable[[Script], Script] = lambda script: script,
                   ) -> tuple[Script, SpeechResult, Programme]:
    """The month's script, its speech, and the programme audio assembled and levelled.

    `warnings` collects what must be fixed before air (stale text; with `strict`, an error);
    `freeze` points the script's recordings at copies made as they are read.
    """
    made = assemble_all(month, settings, speaker, read, report, planning=planning, strict=strict,
                        warnings=warnings, freeze=freeze)
    return made.programmes.main, made.speech, made.programme


def assemble_all(month: Month, settings: Settings, speaker: Speaker,
                 read: Callable[[str], str], report: Reporter = SILENT, *,
                 planning: YearPlanning | None = None, strict: bool = False,
                 warnings: list[BuildWarning] | None = None,
                 freeze: Callable[[Script], Script] = lambda script: script) -> Assembled:
    """`assemble_month`, with each unit's programme of a month of units: the local segments
    spoken and levelled once, the shared ones reused as levelled (radio.pipeline.variants)."""
    planning = planning or build_planning(settings, month, save=False)
    report.emit(Compiling())
    # decoded once (and kept): their lengths fit the script
    jingles = load_jingles(settings.audio, settings.speech.cache_dir / "jingles")
    lengths = (len(jingles[SegmentKind.JINGLE_OPEN]) / 1000, len(jingles[SegmentKind.JINGLE_CLOSE]) / 1000)
    programmes, speech, local = _speak_fitted(month, settings, speaker, read, report, lengths,
                                              planning, strict,
                                              warnings if warnings is not None else [], freeze)
    report.emit(Assembling())
    levelled = settings.speech.cache_dir / "levelled"
    programme = assemble(programmes.main, speech.segments, settings.audio, cache_dir=levelled,
                         jingles=jingles)
    variants = assemble_variants(programmes, programme, programmes.main, local.segments,
                                 settings.audio, levelled) if programmes.variants else []
    return Assembled(programmes, speech, programme, tuple(variants))


def _speak_fitted(month: Month, settings: Settings, speaker: Speaker, read: Callable[[str], str],
                  report: Reporter, jingle_s: tuple[float, float], planning: YearPlanning, strict: bool,
                  warnings: list[BuildWarning],
                  freeze: Callable[[Script], Script]) -> tuple[Programmes, SpeechResult, SpeechResult]:
    """One voice for the whole programme: the first candidate engine speaks all of it (and
    every unit's local part: the third value).

    If it fails part-way, the script is fitted to the next candidate's pace and spoken again whole
    by that engine (what it spoke before comes from the cache); when the last one fails too, the
    build fails naming every engine's reason. Never a programme of mixed voices.
    """
    abandoned: list[Text] = []
    for attempt, name in enumerate(speaker.candidates):
        compiled = compile_programmes(month, settings.program, speaker.pace_of(name), read,
                                      jingle_s, pause_s=settings.audio.pause_ms / 1000,
                                      planning=planning)
        programmes = Programmes(freeze(compiled.main), tuple(
            Variant(v.unit, freeze(v.script)) for v in compiled.variants))
        script = programmes.main
        if attempt == 0:  # checked before minutes of speech; a refit says the same words
            found = (staleness_warnings(script, planning, strict, settings)
                     + script_warnings(settings, script) + unit_warnings(settings, programmes))
            for warning in found:
                report.emit(Warned(warning.text()))
            warnings += found
        local = local_script(programmes)
        spoken_count = sum(1 for s in script.segments if s.kind not in JINGLE_KINDS)
        total = spoken_count + len(local.segments)
        report.emit(Speaking(total, speaker.voice_of(name), script.predicted_s, name))
        progress = _progress(report, total)
        try:
            speech = speaker.speak_script(script, progress, engine=name)
            local_speech = speaker.speak_script(local, progress, engine=name)
        except EngineFailed as err:
            abandoned.append(Text.of(N_("{engine}: {why}"), engine=name, why=err.reason))
            if name == speaker.candidates[-1]:
                if len(abandoned) == 1:
                    raise
                raise RadioError(N_("No engine could speak the whole programme ({reasons}); the "
                                    "last good episode is untouched"),
                                 reasons=Joined(tuple(abandoned))) from None
            report.emit(EngineSwitched(name, speaker.candidates[attempt + 1], err.why, err.reason))
            continue
        return programmes, replace(speech, fallbacks=(*speech.fallbacks, *abandoned)), local_speech
    raise AssertionError("unreachable: a speaker always has a candidate")


def _progress(report: Reporter, total: int) -> Callable[[SpokenSegment], None]:
    done = itertools.count(1)
    return lambda spoken: report.emit(SegmentSpoken(next(done), total, spoken.segment_id,
                                                    spoken.cached))


def check_duration(programme: Programme, script: Script, program: ProgramSettings) -> None:
    """Refuse a programme outside the window, saying by how much and what is longest."""
    low, high = program.window_s
    actual = programme.duration_s
    if low <= actual <= high:
        return
    longest = sorted(programme.chapters, key=lambda c: c.duration_s, reverse=True)[:3]
    named = ", ".join(f"{c.segment_id} {clock(c.duration_s)}" for c in longest)
    values = {"month": str(script.month), "length": clock(actual),
              "predicted": clock(script.predicted_s), "longest": named}
    if actual > high:
        raise RadioError(N_(
            "{month}: the programme is {length} (predicted {predicted}), {seconds:.0f} s over the "
            "{limit} maximum; longest segments: {longest}; shorten the longest segments or lower "
            "[program].target_minutes. The last good episode.mp3 is untouched."),
            seconds=actual - high, limit=clock(high), **values)
    raise RadioError(N_(
        "{month}: the programme is {length} (predicted {predicted}), {seconds:.0f} s under the "
        "{limit} minimum; longest segments: {longest}; add news, Q&A or a topic in the month's "
        "episode.toml, or raise target_minutes. The last good episode.mp3 is untouched."),
        seconds=low - actual, limit=clock(low), **values)


def episode_facts(script: Script, chapters: tuple[Chapter, ...], rendered: Rendered,
                  read: Callable[[str], str], built_at: datetime) -> EpisodeFacts:
    by_id = {chapter.segment_id: chapter for chapter in chapters}
    segments = tuple(
        SegmentFacts(
            id=s.id, kind=s.kind, topic=s.topic, title=s.title, text=s.text,
            reading=read(s.text) if s.text and s.recorded is None else "",
            engine=by_id[s.id].engine, start_s=by_id[s.id].start_s,
            duration_s=by_id[s.id].duration_s, predicted_s=s.predicted_s)
        for s in script.segments)
    return EpisodeFacts(
        month=str(script.month), title=script.title, duration_s=rendered.duration_s,
        predicted_s=script.predicted_s, loudness_lufs=rendered.loudness_lufs,
        true_peak_dbtp=rendered.true_peak_dbtp, sha256=rendered.sha256,
        script_sha256=script_digest(script), topics=script.topics, segments=segments,
        built_at=built_at, material=script.material,
        planned=script.planned)
