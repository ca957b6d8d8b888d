"""`radio build YYYY-MM`: compile → speak → assemble → check → render → files and record.

Outputs are staged beside their targets and renamed together only after everything succeeded,
inside the transaction that records them, with a journal beside them (radio.pipeline.journal): a
failed build leaves the last good episode and its record untouched, and a killed one is finished
or undone by the next build of that month, so files and record always agree.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from radio.audio.assemble import Chapter, Programme, assemble
from radio.audio.jingles import load_jingles
from radio.audio.render import Rendered, render
from radio.audio.tags import episode_tags
from radio.config import Settings
from radio.content.compiler import compile_script
from radio.content.planning import YearPlanning
from radio.content.script import JINGLE_KINDS, Script, SegmentKind
from radio.content.settings import ProgramSettings
from radio.core.atomic import Staging, ensure_writable_dir, exclusive, staging
from radio.core.crashpoint import crash_point
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.pipeline import journal as build_journal
from radio.pipeline.context import build_planning, confirm_warnings, staleness_warnings
from radio.pipeline.facts import EpisodeFacts, SegmentFacts, build_json, clock, script_digest, script_markdown
from radio.pipeline.record import record_episode
from radio.reading import Normalizer
from radio.speech.kinds import Voice
from radio.speech.speaker import Speaker, SpeechResult
from radio.store.db import database_url, open_engine, transaction

Say = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    facts: EpisodeFacts
    folder: Path
    fallbacks: tuple[str, ...]  # why an engine was abandoned during the build
    cached_segments: int        # spoken segments reused from the cache
    warnings: tuple[str, ...] = ()  # to confirm or fix before air (examples, stale text)


def build_month(month: Month, settings: Settings, *, mode: str | None = None,
                say: Say = lambda _message: None,
                on_segment: Callable[[int, int], None] | None = None,
                speaker: Speaker | None = None, now: datetime | None = None,
                strict: bool = False) -> BuildResult:
    """Build one month's episode; `say` reports stages, `on_segment(done, total)` speech progress.

    `strict`: text speaking of another year as the present is an error, not a warning.
    """
    folder = settings.program.episodes_dir / str(month)
    ensure_writable_dir(folder)
    db = open_engine(database_url(settings.root))  # opened first: a wrong RADIO_DB fails early
    with ExitStack() as cleanup:
        cleanup.callback(db.dispose)  # a failed build too: one process (tests, a scheduler) may build many
        cleanup.enter_context(exclusive(folder / ".build.lock", f"another `radio build {month}` is running"))
        for notice in build_journal.recover(folder, db):  # what a killed build of this month left
            say(notice)
        normalizer = Normalizer(settings.reading)
        speaker = speaker or Speaker(settings.speech, settings.reading, settings.audio.sample_rate,
                                     mode, normalizer=normalizer)
        read = normalizer.read

        planning = build_planning(settings, month)
        warnings = confirm_warnings(settings, month, planning)
        script, speech, programme = assemble_month(month, settings, speaker, read, say, on_segment,
                                                   planning=planning, strict=strict,
                                                   warnings=warnings)
        check_duration(programme, script, settings.program)

        say("Encoding and measuring the MP3")
        mp3 = folder / "episode.mp3"
        with staging() as staged:
            rendered = render(programme, mp3, episode_tags(settings.program, month),
                              settings.audio, staged)
            facts = episode_facts(script, programme.chapters, rendered, read,
                                  now or datetime.now(UTC))
            staged.path_for(folder / "build.json").write_text(build_json(facts), encoding="utf-8")
            staged.path_for(folder / "script.md").write_text(
                script_markdown(facts, settings.program.window_s), encoding="utf-8")
            crash_point("build:staged")
            _commit(db, folder, staged, facts, mp3,
                    {a.id: a.title for a in planning.in_force.plan.areas})
    return BuildResult(facts, folder, speech.fallbacks,
                       sum(1 for s in speech.segments if s.cached), tuple(warnings))


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


def assemble_month(month: Month, settings: Settings, speaker: Speaker,
                   read: Callable[[str], str], say: Say,
                   on_segment: Callable[[int, int], None] | None = None, *,
                   planning: YearPlanning | None = None, strict: bool = False,
                   warnings: list[str] | None = None) -> tuple[Script, SpeechResult, Programme]:
    """The month's script, its speech, and the programme audio assembled and levelled.

    `warnings` collects what must be fixed before air (stale text; with `strict`, an error).
    """
    planning = planning or build_planning(settings, month, save=False)
    say("Compiling the script")
    jingles = load_jingles(settings.audio)  # decoded once: their lengths fit the script
    lengths = (len(jingles[SegmentKind.JINGLE_OPEN]) / 1000, len(jingles[SegmentKind.JINGLE_CLOSE]) / 1000)
    script, speech = _speak_fitted(month, settings, speaker, read, say, on_segment, lengths,
                                   planning, strict, warnings if warnings is not None else [])
    say("Assembling and levelling")
    programme = assemble(script, speech.segments, settings.audio,
                         cache_dir=settings.speech.cache_dir / "levelled", jingles=jingles)
    return script, speech, programme


def _speak_fitted(month: Month, settings: Settings, speaker: Speaker, read: Callable[[str], str],
                  say: Say, on_segment: Callable[[int, int], None] | None,
                  jingle_s: tuple[float, float], planning: YearPlanning, strict: bool,
                  warnings: list[str]) -> tuple[Script, SpeechResult]:
    """Fit with the pace of the engine expected to speak; refit once if another one had to.

    Offline, `auto` falls back from Google to espeak-ng, which speaks at another pace: the script is
    fitted again for espeak-ng and spoken again (what was already spoken comes from the cache).
    """
    pace_engine = speaker.expected_engine
    for _attempt in range(2):
        script = compile_script(month, settings.program, speaker.pace_of(pace_engine), read, jingle_s,
                                pause_s=settings.audio.pause_ms / 1000, planning=planning)
        if _attempt == 0:  # checked before minutes of speech; the refit says the same words
            warnings += staleness_warnings(script, planning, strict)
        spoken_count = sum(1 for s in script.segments if s.kind not in JINGLE_KINDS)
        say(f"Speaking {spoken_count} segments ({speaker.mode}; predicted {clock(script.predicted_s)})")
        done = itertools.count(1)
        speech = speaker.speak_script(
            script, (lambda _spoken: on_segment(next(done), spoken_count)) if on_segment else None)
        synthesised = {s.engine for s in speech.segments} - {Voice.RECORDED}
        if synthesised <= {pace_engine}:  # also when nothing was synthesised
            break
        pace_engine = max(synthesised, key=lambda name: sum(s.engine == name for s in speech.segments))
        say(f"{pace_engine} spoke instead of the expected engine: fitting the script to its pace")
    return script, speech


def check_duration(programme: Programme, script: Script, program: ProgramSettings) -> None:
    """Refuse a programme outside the window, saying by how much and what is longest."""
    low, high = program.window_s
    actual = programme.duration_s
    if low <= actual <= high:
        return
    longest = sorted(programme.chapters, key=lambda c: c.duration_s, reverse=True)[:3]
    named = ", ".join(f"{c.segment_id} {clock(c.duration_s)}" for c in longest)
    if actual > high:
        verdict = f"{actual - high:.0f} s over the {clock(high)} maximum"
        advice = "shorten the longest segments or lower [program].target_minutes"
    else:
        verdict = f"{low - actual:.0f} s under the {clock(low)} minimum"
        advice = "add news, Q&A or a topic in the month's episode.toml, or raise target_minutes"
    raise RadioError(
        f"{script.month}: the programme is {clock(actual)} (predicted {clock(script.predicted_s)}), "
        f"{verdict}; longest segments: {named}; {advice}. The last good episode.mp3 is untouched.")


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
