"""Compile a month's Script: year plan → topics, templates + month input → pieces, fit → segments.

The frame is fixed: opening jingle, greeting, the month's news items, 2–4 topic segments (each
followed by the optional stories and Q&A of its template), the editor's Q&A items, the hotline
segment, closing, closing jingle. The hotline segment carries the plan's hotline area (publicising
the hotline), so every programme covers it; an editor may still choose that area for a fuller
segment on how to give feedback, placed last among the topics, right before the hotline segment.
Optional material (template blocks) is added in round-robin order across the month's topics until
the prediction is nearest the target; editorial items and recorded segments are never dropped.
Each time a topic airs again in the year, its optional material starts further on, so months
without editorial input do not repeat each other. Who speaks and for which area comes from the
programme identity in force in the month; the area templates from the year's plan.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import mutagen

from radio.content.episode import MonthInput
from radio.content.fit import FitItem, FitWindow, fit
from radio.content.pace import Pace
from radio.content.plan import CommunicationPlan
from radio.content.planning import YearPlanning, earlier_planning, year_planning
from radio.content.script import JINGLE_KINDS, Script, Segment, SegmentKind
from radio.content.settings import ProgramSettings
from radio.content.template import BlockKind, Template, load_template
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month

DEFAULT_JINGLE_S = 8.0  # shipped jingles' length; the caller passes the real one
# A template's stories are illustrations, not events: the listener is told so before each.
STORY_LEAD = "Chúng ta cùng nghe một câu chuyện minh họa."
NEWS_LEAD = "Sau đây là một số tin về cải cách hành chính trong tháng."
NEWS_LEAD_ONE = "Sau đây là tin về cải cách hành chính trong tháng."


@dataclass(frozen=True)
class Extra:
    """An optional paragraph appended to its topic segment when the fit keeps it."""

    key: str
    text: str
    rank: int  # position among its template's optional blocks: the template author's preference


@dataclass(frozen=True)
class Piece:
    """A candidate segment before the fit."""

    key: str  # segment id without its position: "greeting", "topic-05", "qa-05-1", "news-2"
    kind: SegmentKind
    title: str
    text: str
    topic: int | None = None
    optional: bool = False
    recorded: Path | None = None
    extras: tuple[Extra, ...] = ()
    rank: int = 0  # for optional pieces: position among its template's optional blocks


def compile_script(month: Month, program: ProgramSettings, pace: Pace,
                   read: Callable[[str], str] = lambda text: text,
                   jingle_seconds: float | tuple[float, float] = DEFAULT_JINGLE_S, *,
                   pause_s: float, planning: YearPlanning | None = None) -> Script:
    """The month's script with optional material chosen so the prediction fits the window.

    `read` turns written text into reading text (the normaliser) before prediction;
    `jingle_seconds` is the length of both jingles, or (opening, closing); `pause_s` the silence
    the audio stage puts between segments; `planning` the year as the build sees it (which months
    are built, and with which material), else planned afresh from the episode.toml files.
    """
    planning = planning or year_planning(program, month.year,
                                         previous=earlier_planning(program, month.year - 1))
    return compile_year(program, pace, read, jingle_seconds, pause_s=pause_s, planning=planning,
                        until=month.month)[month.month]


def compile_year(program: ProgramSettings, pace: Pace, read: Callable[[str], str],
                 jingle_seconds: float | tuple[float, float] = DEFAULT_JINGLE_S, *,
                 pause_s: float, planning: YearPlanning, until: int = 12) -> dict[int, Script]:
    """The scripts of months 1..`until`, in order, each preferring material earlier months left.

    A month uses the optional blocks its topics' earlier airings this year used least: the
    material of built months is what their build recorded; unbuilt months are compiled here.
    Months before `until` that cannot be compiled are skipped (their own build says why).
    """
    uses: Counter[str] = Counter()
    scripts: dict[int, Script] = {}
    before = _previous_material(program, pace, read, jingle_seconds, pause_s, planning)
    for number in range(1, until + 1):
        if number in planning.built_material and number != until:
            uses.update(planning.built_material[number])
            continue
        # twelve months back: this year's earlier months and last year's from this month on
        window = uses + Counter(key for m, keys in before.items() if m >= number for key in keys)
        try:
            script = _compile_month(Month(planning.year_plan.year, number), program, pace, read,
                                    jingle_seconds, pause_s, planning, window)
        except RadioError:
            if number == until:
                raise
            continue
        scripts[number] = script
        uses.update(script.material)
    return scripts


def _previous_material(program: ProgramSettings, pace: Pace, read: Callable[[str], str],
                       jingle_seconds: float | tuple[float, float], pause_s: float,
                       planning: YearPlanning) -> dict[int, tuple[str, ...]]:
    """The optional material each month of the previous year used: recorded by its build, else
    compiled as its build would (itself looking back a year)."""
    previous = planning.previous
    if previous is None:
        return {}
    compiled = compile_year(program, pace, read, jingle_seconds, pause_s=pause_s,
                            planning=previous)
    found = {m: s.material for m, s in compiled.items()}
    return found | dict(previous.built_material)


def _compile_month(month: Month, program: ProgramSettings, pace: Pace, read: Callable[[str], str],
                   jingle_seconds: float | tuple[float, float], pause_s: float,
                   planning: YearPlanning, uses: Mapping[str, int]) -> Script:
    plan = planning.plan_of(month.month).plan
    month_input = planning.month_input(month.month)
    topics = planning.year_plan.topics(month.month)
    topics = tuple(sorted(topics, key=lambda t: t == plan.hotline_area))  # hotline area leads into it
    variables = month_variables(month, program, plan, topics, month_input)
    expired = frozenset(program.register.expired(date(month.year, month.month, 1)))
    repeated = frozenset(t for t in topics if planning.aired_before(month.month, t))
    pieces = build_pieces(topics, month_input, variables, program.templates_dir, plan, uses,
                          expired, repeated)
    jingle_open, jingle_close = (jingle_seconds if isinstance(jingle_seconds, tuple)
                                 else (jingle_seconds, jingle_seconds))
    fixed_s = {"jingle-open": jingle_open, "jingle-close": jingle_close}
    fixed_s.update({p.key: recorded_seconds(p.recorded) for p in pieces if p.recorded})
    where = month_input.path if month_input else "no episode.toml, topics from the year plan"
    script = arrange(
        month=month,
        title=f"{program.name} tháng {month.month} năm {month.year}",
        pieces=pieces,
        seconds=lambda text: pace.predict_s(read(text)),
        fixed_s=fixed_s,
        pause_s=pause_s,
        window=FitWindow(program.min_minutes * 60, program.target_minutes * 60,
                         program.max_minutes * 60),
        context=f"{month} ({where})",
        notes=month_input.notes if month_input else "",
    )
    return replace(script, planned=planning.year_plan.topics(month.month))


def month_variables(month: Month, program: ProgramSettings, plan: CommunicationPlan,
                    topics: Sequence[int], month_input: MonthInput | None,
                    unit: str = "") -> dict[str, str]:
    """Template variables: the identity and the register's facts in force (a `unit`'s own first),
    the month, its topics and its figures."""
    following = month.next()
    spoken = [plan.area(t).spoken for t in topics]
    variables = {
        "program_name": program.name,
        **program.register.variables(date(month.year, month.month, 1), unit),
        **program.identity_of(month).variables(),
        "month": str(month.month),
        "year": str(month.year),
        "month_name": f"tháng {month.month}",
        "next_month_name": f"tháng {following.month}",
        "next_year": str(following.year),
        "topic_list": "; ".join(spoken[:-1]) + ("; và " if len(spoken) > 1 else "") + spoken[-1],
    }
    variables["preview"] = preview(variables["topic_list"], month_input)
    if month_input is None:
        return variables
    for name, value in month_input.figures.items():
        if name in variables:
            raise RadioError(N_("{file}: figures.{name}: {name} is a built-in template variable; choose "
                                "another name"), file=str(month_input.path), name=name)
        variables[name] = value
    return variables


def preview(topic_list: str, month_input: MonthInput | None) -> str:
    """What the greeting announces: the month's news, its topics and the listeners' questions."""
    news = month_input.news if month_input else ()
    parts = []
    if news:
        titles = [item.title[0].lower() + item.title[1:] for item in news]
        joined = ", ".join(titles[:-1]) + (" và " if len(titles) > 1 else "") + titles[-1]
        parts.append(f"nghe một số tin trong tháng: {joined}")
    parts.append(f"cùng tìm hiểu về {topic_list}")
    if month_input and month_input.qa:
        parts.append("nghe giải đáp những câu hỏi quý vị quan tâm")
    return "; ".join(parts[:-1]) + ("; rồi " if len(parts) > 1 else "") + parts[-1]


def sourced(text: str, source: str) -> str:
    """The item's text with its source inside the first sentence: "…, theo Phòng Nội vụ."."""
    text = text.strip()
    match = _SENTENCE_END.search(text)
    end = match.start() if match else len(text.rstrip(".!?"))
    if not source.strip():
        return text
    return f"{text[:end].rstrip(',')}, theo {source.strip()}{text[end:] or '.'}"


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")  # not the dot of "6.842"


def build_pieces(topics: Sequence[int], month_input: MonthInput | None,
                 variables: Mapping[str, str], templates_dir: Path | None,
                 plan: CommunicationPlan, uses: Mapping[str, int],
                 expired: frozenset[str] = frozenset(),
                 repeated: frozenset[int] = frozenset()) -> list[Piece]:
    """Every candidate segment in programme order, from the templates and the month's input.

    Optional blocks needing an `expired` fact are not offered: a month never adds out-of-date
    material of its own accord (a core text citing one still builds, and the build warns)."""

    def frame(key: str, kind: SegmentKind, name: str, extra_vars: Mapping[str, str] | None = None,
              topic_id: int | None = None) -> Piece:
        template = load_template(name, templates_dir)
        values = {**variables, **(extra_vars or {})}
        return Piece(key, kind, template.render_title(values),
                     template.render(template.core, values), topic=topic_id)

    news = month_input.news if month_input else ()
    qa = month_input.qa if month_input else ()
    pieces = [Piece("jingle-open", SegmentKind.JINGLE_OPEN, "Nhạc hiệu mở đầu", ""),
              frame("greeting", SegmentKind.GREETING, "greeting.md")]
    lead = NEWS_LEAD if len(news) > 1 else NEWS_LEAD_ONE
    pieces += [frame(f"news-{i}", SegmentKind.NEWS, "news.md", {
        "news_title": item.title, "news_source": item.source, "news_text": item.text,
        "news_lead": lead if i == 1 else "", "news_body": sourced(item.text, item.source)})
        for i, item in enumerate(news, start=1)]
    # what the editor said in the news and Q&A is not said again by the topics' material
    said = " ".join([*(n.text for n in news), *(f"{q.question} {q.answer}" for q in qa)])
    given = frozenset(v for v in (month_input.figures.values() if month_input else ())
                      if len(v) >= 2 and v in said)
    questions = [frame(f"qa-{i}", SegmentKind.QA, "qa.md", {
        "qa_question": item.question, "qa_answer": item.answer}, item.topic)
        for i, item in enumerate(qa, start=1)]
    for topic_id in topics:
        template = load_template(f"{plan.templates}/topic-{topic_id:02d}.md", templates_dir)
        pieces += _topic_pieces(topic_id, template, variables, uses, expired,
                                topic_id in repeated, given)
        pieces += [q for q in questions if q.topic == topic_id]  # a question beside its topic
    pieces += [q for q in questions if q.topic not in topics]
    pieces += [frame("hotline", SegmentKind.HOTLINE, "hotline.md", topic_id=plan.hotline_area),
               frame("closing", SegmentKind.CLOSING, "closing.md"),
               Piece("jingle-close", SegmentKind.JINGLE_CLOSE, "Nhạc hiệu kết thúc", "")]
    return _with_recordings(pieces, month_input)


def _topic_pieces(topic_id: int, template: Template, variables: Mapping[str, str],
                  uses: Mapping[str, int], expired: frozenset[str] = frozenset(),
                  repeated: bool = False, given: frozenset[str] = frozenset()) -> list[Piece]:
    """The topic segment and its optional material, least used earlier in the year first.

    Blocks that use the month's own figures come first; then the template's order, passing over
    what earlier months already said (keys are stable: kind, topic, number within the template).
    """
    extras: list[Extra] = []
    others: list[Piece] = []
    numbers = dict.fromkeys(BlockKind, 0)
    keyed = []
    current = {name: value for name, value in variables.items()
               if name not in expired and not any(name.startswith(f"{gone}_") for gone in expired)}
    for block in template.offered(current):
        numbers[block.kind] += 1
        keyed.append((f"{block.kind}-{topic_id:02d}-{numbers[block.kind]}", block))
    preference = sorted(range(len(keyed)),
                        key=lambda i: (not keyed[i][1].needs, uses.get(keyed[i][0], 0), i))
    rank_of = {position: rank for rank, position in enumerate(preference)}
    for position, (key, block) in enumerate(keyed):
        rank = rank_of[position]
        text = template.render(block.lines, variables)
        if any(figure in text for figure in given):  # the editor's news already says it
            continue
        if block.kind == BlockKind.EXTRA:
            extras.append(Extra(key, text, rank))
        else:
            kind = SegmentKind.QA if block.kind == BlockKind.QA else SegmentKind.STORY
            if kind == SegmentKind.STORY:  # a template's story is invented: say so on air
                text = f"{STORY_LEAD} {text}"
            others.append(Piece(key, kind, block.title, text, topic=topic_id, optional=True,
                                rank=rank))
    core_text = template.render(template.core, variables)
    opening, _, rest = core_text.partition("\n\n")
    if repeated and rest:  # heard within the year: a reminder, the rest only when least used
        key = f"core-{topic_id:02d}"
        extras.append(Extra(key, rest, rank=len(keyed) if uses.get(key, 0) else -1))
        core_text = opening
    core = Piece(f"topic-{topic_id:02d}", SegmentKind.TOPIC, template.render_title(variables),
                 core_text, topic=topic_id, extras=tuple(extras))
    return [core, *others]


def _with_recordings(pieces: list[Piece], month_input: MonthInput | None) -> list[Piece]:
    """Attach the announcer's files; a recorded piece is always kept and takes no extras."""
    if month_input is None:
        return pieces
    recorded = month_input.recorded
    keys = [p.key for p in pieces if p.kind not in JINGLE_KINDS]
    for key in recorded:
        if key not in keys:
            raise RadioError(N_("{file}: recorded.{key}: no segment {key!r} in this month's script; segments "
                                "are: {keys}"), file=str(month_input.path), key=key, keys=", ".join(keys))
    return [replace(p, recorded=recorded[p.key], optional=False, extras=())
            if p.key in recorded else p for p in pieces]


def recorded_seconds(path: Path) -> float:
    """Length of an announcer's audio file, read from its header."""
    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError as err:
        raise RadioError(N_("{file}: cannot read this audio file ({problem}); use MP3 or WAV"), file=str(path),
                         problem=str(err)) from None
    if audio is None or not getattr(audio.info, "length", 0):
        raise RadioError(N_("{file}: not an audio file radio can read; use MP3 or WAV"), file=str(path))
    return float(audio.info.length)


def arrange(month: Month, title: str, pieces: Sequence[Piece], seconds: Callable[[str], float],
            fixed_s: Mapping[str, float], pause_s: float, window: FitWindow, context: str,
            notes: str = "") -> Script:
    """Fit the optional material and number the segments (pure).

    `seconds(text)` predicts spoken text; `fixed_s` gives the known length of jingles and
    recordings by piece key.
    """
    def length(piece: Piece) -> float:
        return fixed_s[piece.key] if piece.key in fixed_s else seconds(piece.text)

    gap = [0.0] + [pause_s] * (len(pieces) - 1)  # the pause before each piece
    fixed = [FitItem(p.key, p.title, length(p) + g) for p, g in zip(pieces, gap, strict=True)
             if not p.optional]
    result = fit(fixed, _options(pieces, length, seconds, pause_s), window, context)
    chosen = set(result.chosen)
    segments: list[Segment] = []
    for piece in pieces:
        if piece.optional and piece.key not in chosen:
            continue
        text = "\n\n".join([piece.text] + [e.text for e in piece.extras if e.key in chosen])
        segments.append(Segment(
            id=f"{len(segments) + 1:02d}-{piece.key}", kind=piece.kind, title=piece.title,
            text=text, topic=piece.topic,
            predicted_s=fixed_s[piece.key] if piece.key in fixed_s else seconds(text),
            recorded=piece.recorded, optional=piece.optional))
    return Script(month, title, tuple(segments), pause_s=pause_s, notes=notes,
                  material=tuple(sorted(chosen)))


def _options(pieces: Sequence[Piece], length: Callable[[Piece], float],
             seconds: Callable[[str], float], pause_s: float) -> list[FitItem]:
    """Optional material best first: each topic's first block, then each topic's second, …"""
    by_topic: dict[int | None, list[tuple[int, FitItem]]] = {}
    for piece in pieces:
        ranked = by_topic.setdefault(piece.topic, [])
        # An extra joins its topic segment (no pause); a story or Q&A is a segment of its own.
        ranked += [(e.rank, FitItem(e.key, piece.title, seconds(e.text))) for e in piece.extras]
        if piece.optional:
            ranked.append((piece.rank, FitItem(piece.key, piece.title, length(piece) + pause_s)))
    lists = [[item for _, item in sorted(ranked, key=lambda r: r[0])]
             for ranked in by_topic.values()]
    rounds = max((len(items) for items in lists), default=0)
    return [items[r] for r in range(rounds) for items in lists if r < len(items)]
