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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import mutagen

from radio.content.episode import MonthInput, NewsItem
from radio.content.fit import FitItem, FitWindow, fit
from radio.content.pace import Pace
from radio.content.plan import CommunicationPlan
from radio.content.planning import YearPlanning, earlier_planning, year_planning
from radio.content.script import JINGLE_KINDS, Script, Segment, SegmentKind
from radio.content.settings import ProgramSettings
from radio.content.template import BlockKind, Template, load_template
from radio.content.units import Unit
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


@dataclass(frozen=True)
class Variant:
    """One unit's programme: the shared core with the unit's local part."""

    unit: Unit
    script: Script


@dataclass(frozen=True)
class Programmes:
    """A month's programmes: the whole area's (`main`, episode.mp3) and one per unit (none before
    the units, or in a network of one)."""

    main: Script
    variants: tuple[Variant, ...] = ()


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
    return compile_programmes(month, program, pace, read, jingle_seconds, pause_s=pause_s,
                              planning=planning).main


def compile_programmes(month: Month, program: ProgramSettings, pace: Pace,
                       read: Callable[[str], str] = lambda text: text,
                       jingle_seconds: float | tuple[float, float] = DEFAULT_JINGLE_S, *,
                       pause_s: float, planning: YearPlanning | None = None) -> Programmes:
    """The month's programme and, when the month has units, each unit's (`compile_script`)."""
    planning = planning or year_planning(program, month.year,
                                         previous=earlier_planning(program, month.year - 1))
    return _compile_year(program, pace, read, jingle_seconds, pause_s=pause_s, planning=planning,
                         until=month.month, units=True)[month.month]


def compile_year(program: ProgramSettings, pace: Pace, read: Callable[[str], str],
                 jingle_seconds: float | tuple[float, float] = DEFAULT_JINGLE_S, *,
                 pause_s: float, planning: YearPlanning, until: int = 12) -> dict[int, Script]:
    """The scripts of months 1..`until`, in order, each preferring material earlier months left.

    A month uses the optional blocks its topics' earlier airings this year used least: the
    material of built months is what their build recorded; unbuilt months are compiled here.
    Months before `until` that cannot be compiled are skipped (their own build says why).
    """
    compiled = _compile_year(program, pace, read, jingle_seconds, pause_s=pause_s,
                             planning=planning, until=until)
    return {number: programmes.main for number, programmes in compiled.items()}


def _compile_year(program: ProgramSettings, pace: Pace, read: Callable[[str], str],
                  jingle_seconds: float | tuple[float, float] = DEFAULT_JINGLE_S, *,
                  pause_s: float, planning: YearPlanning, until: int = 12,
                  units: bool = False) -> dict[int, Programmes]:
    """`compile_year`; with `units`, month `until` with each unit's programme (the months before
    it are compiled for their material only, which the whole area's programme shows)."""
    uses: Counter[str] = Counter()
    scripts: dict[int, Programmes] = {}
    before = _previous_material(program, pace, read, jingle_seconds, pause_s, planning)
    for number in range(1, until + 1):
        if number in planning.built_material and number != until:
            uses.update(planning.built_material[number])
            continue
        # twelve months back: this year's earlier months and last year's from this month on
        window = uses + Counter(key for m, keys in before.items() if m >= number for key in keys)
        try:
            script = _compile_month(Month(planning.year_plan.year, number), program, pace, read,
                                    jingle_seconds, pause_s, planning, window,
                                    units and number == until)
        except RadioError:
            if number == until:
                raise
            continue
        scripts[number] = script
        uses.update(script.main.material)
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
                   planning: YearPlanning, uses: Mapping[str, int],
                   with_units: bool = True) -> Programmes:
    plan = planning.plan_of(month.month).plan
    month_input = planning.month_input(month.month)
    topics = planning.year_plan.topics(month.month)
    topics = tuple(sorted(topics, key=lambda t: t == plan.hotline_area))  # hotline area leads into it
    local_part = bool(program.units_of(month))  # a month of units is laid out for them
    units = program.units_of(month) if with_units else ()
    check_news_units(month_input, program.network.keys)
    news = _news_for(month_input, None if local_part else "")
    variables = month_variables(month, program, plan, topics, month_input, news=news)
    expired = frozenset(program.register.expired(date(month.year, month.month, 1)))
    repeated = frozenset(t for t in topics if planning.aired_before(month.month, t))
    pieces = build_pieces(topics, month_input, variables, program.templates_dir, plan, uses,
                          expired, repeated, local=local_part, news=news)
    local = {unit: unit_pieces(pieces, unit, month, program, plan, topics, month_input)
             for unit in units}
    jingle_open, jingle_close = (jingle_seconds if isinstance(jingle_seconds, tuple)
                                 else (jingle_seconds, jingle_seconds))
    fixed_s = {"jingle-open": jingle_open, "jingle-close": jingle_close}
    fixed_s.update({p.key: recorded_seconds(p.recorded) for p in pieces if p.recorded})
    where = month_input.path if month_input else "no episode.toml, topics from the year plan"
    title = f"{program.name} tháng {month.month} năm {month.year}"
    scripts = arrange_all(
        month=month, title=title, pieces=pieces,
        variants=[(f"{title} — {unit.name}", unit_list) for unit, unit_list in local.items()],
        seconds=lambda text: pace.predict_s(read(text)),
        fixed_s=fixed_s,
        pause_s=pause_s,
        window=FitWindow(program.min_minutes * 60, program.target_minutes * 60,
                         program.max_minutes * 60),
        context=f"{month} ({where})",
        notes=month_input.notes if month_input else "",
        kept=planning.built_material.get(month.month),  # a rebuild keeps what it had if it can
    )
    planned = planning.year_plan.topics(month.month)
    main, *rest = (replace(script, planned=planned) for script in scripts)
    return Programmes(main, tuple(Variant(unit, script) for unit, script in zip(units, rest, strict=True)))


def check_news_units(month_input: MonthInput | None, keys: Sequence[str]) -> None:
    """Every unit a news item is addressed to is a key of [network.groups]."""
    for item in month_input.news if month_input else ():
        for key in item.units:
            if key not in keys:
                raise RadioError(N_("{field}: {key!r} is not a unit; the units are the keys of "
                                    "[network.groups] in schedule.toml: {keys}"),
                                 field=item.where, key=key, keys=", ".join(keys) or "—")


def _news_for(month_input: MonthInput | None, unit: str | None) -> tuple[NewsItem, ...]:
    """The news a programme carries: `unit`'s (items for all units and those addressed to it);
    None: the whole area's programme in a month of units (items for all units only); "": every
    item (a month of one programme)."""
    news = month_input.news if month_input else ()
    if unit == "":
        return news
    return tuple(n for n in news if not n.units or (unit is not None and unit in n.units))


def unit_variables(month: Month, program: ProgramSettings, plan: CommunicationPlan,
                   topics: Sequence[int], month_input: MonthInput | None,
                   unit: Unit) -> dict[str, str]:
    """The variables of a unit's local part: its facts first, its station as the one speaking
    (unless the register names the unit's own producer), the unit as the area."""
    day = date(month.year, month.month, 1)
    variables = month_variables(month, program, plan, topics, month_input, unit=unit.key,
                                news=_news_for(month_input, unit.key))
    own = program.register.on(day, unit.key)
    for variable, name in (("centre", "producer"), ("producer", "producer"),
                           ("one_stop", "one_stop"), ("hotline", "hotline"), ("portal", "portal")):
        if name in own and own[name].unit == unit.key:
            variables[variable] = own[name].spoken()
    if "producer" not in own or own["producer"].unit != unit.key:
        variables["centre"] = variables["producer"] = f"Đài truyền thanh {unit.name}"
    variables["area"] = variables["unit_name"] = unit.name
    return variables


def own_hotline(program: ProgramSettings, month: Month, unit: Unit) -> bool:
    own = program.register.on(date(month.year, month.month, 1), unit.key)
    return "hotline" in own and own["hotline"].unit == unit.key


def month_variables(month: Month, program: ProgramSettings, plan: CommunicationPlan,
                    topics: Sequence[int], month_input: MonthInput | None,
                    unit: str = "", news: Sequence[NewsItem] | None = None) -> dict[str, str]:
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
    variables["preview"] = preview(variables["topic_list"], month_input, news)
    if month_input is None:
        return variables
    for name, value in month_input.figures.items():
        if name in variables:
            raise RadioError(N_("{file}: figures.{name}: {name} is a built-in template variable; choose "
                                "another name"), file=str(month_input.path), name=name)
        variables[name] = value
    return variables


def preview(topic_list: str, month_input: MonthInput | None,
            news: Sequence[NewsItem] | None = None) -> str:
    """What the greeting announces: the month's news (`news`: those of one programme), its
    topics and the listeners' questions."""
    news = (month_input.news if month_input else ()) if news is None else news
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


def frame_piece(key: str, kind: SegmentKind, name: str, variables: Mapping[str, str],
                templates_dir: Path | None, topic_id: int | None = None) -> Piece:
    """A frame segment (greeting, news, hotline, closing, a unit's local part) from its template."""
    template = load_template(name, templates_dir)
    return Piece(key, kind, template.render_title(variables),
                 template.render(template.core, variables), topic=topic_id)


def news_pieces(news: Sequence[NewsItem], variables: Mapping[str, str],
                templates_dir: Path | None) -> list[Piece]:
    lead = NEWS_LEAD if len(news) > 1 else NEWS_LEAD_ONE
    return [frame_piece(f"news-{i}", SegmentKind.NEWS, "news.md", {
        **variables, "news_title": item.title, "news_source": item.source, "news_text": item.text,
        "news_lead": lead if i == 1 else "", "news_body": sourced(item.text, item.source)},
        templates_dir) for i, item in enumerate(news, start=1)]


def build_pieces(topics: Sequence[int], month_input: MonthInput | None,
                 variables: Mapping[str, str], templates_dir: Path | None,
                 plan: CommunicationPlan, uses: Mapping[str, int],
                 expired: frozenset[str] = frozenset(),
                 repeated: frozenset[int] = frozenset(), *, local: bool = False,
                 news: Sequence[NewsItem] | None = None) -> list[Piece]:
    """Every candidate segment in programme order, from the templates and the month's input.

    Optional blocks needing an `expired` fact are not offered: a month never adds out-of-date
    material of its own accord (a core text citing one still builds, and the build warns).
    `local`: a month of units, whose greeting and closing keep the speaking station's words in
    short segments of their own (templates units/*.md) so each unit's programme replaces only
    those; `news`: the items this programme carries (default: all of the month's).
    """
    def frame(key: str, kind: SegmentKind, name: str, topic_id: int | None = None) -> Piece:
        return frame_piece(key, kind, name, variables, templates_dir, topic_id)

    all_news = month_input.news if month_input else ()
    news = all_news if news is None else news
    qa = month_input.qa if month_input else ()
    pieces = [Piece("jingle-open", SegmentKind.JINGLE_OPEN, "Nhạc hiệu mở đầu", "")]
    if local:
        pieces += [frame("greeting-local", SegmentKind.GREETING, "units/greeting-local.md"),
                   frame("greeting", SegmentKind.GREETING, "units/greeting.md")]
    else:
        pieces.append(frame("greeting", SegmentKind.GREETING, "greeting.md"))
    pieces += news_pieces(news, variables, templates_dir)
    # what the editor said in the news and Q&A is not said again by the topics' material
    said = " ".join([*(n.text for n in all_news), *(f"{q.question} {q.answer}" for q in qa)])
    given = frozenset(v for v in (month_input.figures.values() if month_input else ())
                      if len(v) >= 2 and v in said)
    questions = [frame_piece(f"qa-{i}", SegmentKind.QA, "qa.md", {
        **variables, "qa_question": item.question, "qa_answer": item.answer}, templates_dir,
        item.topic) for i, item in enumerate(qa, start=1)]
    for topic_id in topics:
        template = load_template(f"{plan.templates}/topic-{topic_id:02d}.md", templates_dir)
        pieces += _topic_pieces(topic_id, template, variables, uses, expired,
                                topic_id in repeated, given)
        pieces += [q for q in questions if q.topic == topic_id]  # a question beside its topic
    pieces += [q for q in questions if q.topic not in topics]
    pieces.append(frame("hotline", SegmentKind.HOTLINE, "hotline.md", topic_id=plan.hotline_area))
    if local:
        pieces += [frame("closing", SegmentKind.CLOSING, "units/closing.md"),
                   frame("closing-local", SegmentKind.CLOSING, "units/closing-local.md")]
    else:
        pieces.append(frame("closing", SegmentKind.CLOSING, "closing.md"))
    pieces.append(Piece("jingle-close", SegmentKind.JINGLE_CLOSE, "Nhạc hiệu kết thúc", ""))
    return _with_recordings(pieces, month_input)


def unit_pieces(pieces: Sequence[Piece], unit: Unit, month: Month, program: ProgramSettings,
                plan: CommunicationPlan, topics: Sequence[int],
                month_input: MonthInput | None) -> list[Piece]:
    """A unit's programme: the whole area's `pieces` (of a month of units) with the unit's local
    part: its station's greeting, its news, and at the end its one-stop centre (name, address,
    hours), its own hotline when it has one and its station's thanks, in one segment. Everything
    else is the same piece, said once."""
    own = unit_variables(month, program, plan, topics, month_input, unit)
    shared = {**_piece_variables(month, program, plan, topics, month_input), "preview": own["preview"]}
    folder = program.templates_dir
    closing = frame_piece("closing-local", SegmentKind.CLOSING, "units/closing-local.md", own, folder)
    if "one_stop_address" in own:  # the unit's one-stop centre (and own hotline) lead into its thanks
        texts = [frame_piece("one-stop", SegmentKind.CLOSING, "units/one-stop.md", own, folder).text]
        if own_hotline(program, month, unit):
            texts.append(frame_piece("hotline", SegmentKind.CLOSING, "units/hotline.md", own,
                                     folder).text)
        closing = replace(closing, text="\n\n".join([*texts, closing.text]))
    local = {"greeting-local": frame_piece("greeting-local", SegmentKind.GREETING,
                                           "units/greeting-local.md", own, folder),
             "greeting": frame_piece("greeting", SegmentKind.GREETING, "units/greeting.md",
                                     shared, folder),
             "closing-local": closing}
    news = news_pieces(_news_for(month_input, unit.key), shared, folder)
    result: list[Piece] = []
    for piece in pieces:
        if piece.kind == SegmentKind.NEWS:
            continue
        # an announcer's recording of a shared segment airs in every unit's programme
        result.append(piece if piece.recorded else local.get(piece.key, piece))
        if piece.key == "greeting":
            result += news
    return result


def _piece_variables(month: Month, program: ProgramSettings, plan: CommunicationPlan,
                     topics: Sequence[int], month_input: MonthInput | None) -> dict[str, str]:
    """The whole area's variables in a month of units (its news: the items for every unit)."""
    return month_variables(month, program, plan, topics, month_input, news=_news_for(month_input, None))


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
    return arrange_all(month, title, pieces, [], seconds, fixed_s, pause_s, window, context,
                       notes)[0]


def arrange_all(month: Month, title: str, pieces: Sequence[Piece],
                variants: Sequence[tuple[str, Sequence[Piece]]], seconds: Callable[[str], float],
                fixed_s: Mapping[str, float], pause_s: float, window: FitWindow, context: str,
                notes: str = "", kept: Collection[str] | None = None) -> list[Script]:
    """`arrange` for a programme and its units' `variants` (title, pieces): one choice of optional
    material (their shared core) that keeps every one of them within the window (pure); `kept`:
    the material of the month's last build, kept while it still fits (`fit`)."""
    predicted: dict[str, float] = {}  # units' programmes repeat the core's texts: predict each once

    def said(text: str) -> float:
        if text not in predicted:
            predicted[text] = seconds(text)
        return predicted[text]

    def length(piece: Piece) -> float:
        return fixed_s[piece.key] if piece.key in fixed_s else said(piece.text)

    def fixed_items(items: Sequence[Piece]) -> list[FitItem]:
        gap = [0.0] + [pause_s] * (len(items) - 1)  # the pause before each piece
        return [FitItem(p.key, p.title, length(p) + g) for p, g in zip(items, gap, strict=True)
                if not p.optional]

    fixed = fixed_items(pieces)
    base = sum(item.seconds for item in fixed)
    # how much longer or shorter each unit's local part makes its programme than the main one
    deltas = [0.0] + [sum(i.seconds for i in fixed_items(v)) - base for _, v in variants]
    low, high = min(deltas), max(deltas)
    shared = FitWindow(window.min_s - low, window.target_s - (low + high) / 2, window.max_s - high)
    if shared.min_s > shared.max_s:
        raise RadioError(N_("{context}: the units' local parts differ by {spread:.0f} s, more than the "
                            "window allows; shorten the longest unit's news or local facts"),
                         context=context, spread=high - low)
    result = fit(fixed, _options(pieces, length, said, pause_s), shared, context, kept)
    chosen = set(result.chosen)
    return [_numbered(month, heading, items, chosen, fixed_s, said, pause_s, notes)
            for heading, items in [(title, pieces), *variants]]


def _numbered(month: Month, title: str, pieces: Sequence[Piece], chosen: set[str],
              fixed_s: Mapping[str, float], seconds: Callable[[str], float], pause_s: float,
              notes: str) -> Script:
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
