"""The month's editorial input: episodes/YYYY-MM/episode.toml, read once into typed values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from radio.content.template import VARIABLE_NAME
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.core.tomlfile import Table, load_toml

INPUT_NAME = "episode.toml"
MIN_TOPICS, MAX_TOPICS = 2, 4


def check_topic_id(value: object, where: str) -> int:
    """A content-area number; whether the year's plan has it is checked with the plan."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RadioError(N_("{where}: {value!r} is not a content area; use its number in the year's plan "
                            "(see `radio plan YEAR`)"), where=where, value=value)
    return value


@dataclass(frozen=True)
class NewsItem:
    title: str
    source: str  # the office the news comes from, read on air ("Theo Phòng Nội vụ …")
    text: str
    units: tuple[str, ...] = ()  # the units (keys of [network.groups]) it is for; empty: all
    where: str = ""              # its `units` field, for messages


@dataclass(frozen=True)
class QAItem:
    question: str
    answer: str
    topic: int | None = None


@dataclass(frozen=True)
class MonthInput:
    path: Path
    month: Month
    topics: tuple[int, ...] = ()  # empty: the year plan chooses
    news: tuple[NewsItem, ...] = ()
    qa: tuple[QAItem, ...] = ()
    figures: dict[str, str] = field(default_factory=dict)  # template variables
    recorded: dict[str, Path] = field(default_factory=dict)  # segment key → announcer's file
    notes: str = ""  # for the editor and the approver; never read on air


def input_path(episodes_dir: Path, month: Month) -> Path:
    return episodes_dir / str(month) / INPUT_NAME


def load_month_input(episodes_dir: Path, month: Month) -> MonthInput | None:
    """The month's input, or None when the month has no episode.toml."""
    path = input_path(episodes_dir, month)
    if not path.is_file():
        return None
    raw = Table(load_toml(path), str(path))
    month_input = MonthInput(
        path=path,
        month=month,
        topics=_topics(raw),
        news=tuple(_news(t) for t in raw.tables("news")),
        qa=tuple(_qa(t) for t in raw.tables("qa")),
        figures=_figures(raw.table("figures")),
        recorded=_recorded(raw.table("recorded"), path.parent),
        notes=raw.get("notes", str, ""),
    )
    raw.done()
    return month_input


def load_year_inputs(episodes_dir: Path, year: int) -> dict[int, MonthInput]:
    """Every month of `year` that has an episode.toml, by month number."""
    inputs = {m: load_month_input(episodes_dir, Month(year, m)) for m in range(1, 13)}
    return {m: value for m, value in inputs.items() if value is not None}


def _topics(raw: Table) -> tuple[int, ...]:
    values = raw.get("topics", list, [])
    where = raw.field("topics")
    topics = tuple(check_topic_id(v, f"{where}[{i}]") for i, v in enumerate(values))
    if len(set(topics)) != len(topics):
        raise RadioError(N_("{where}: a topic is listed twice ({topics})"), where=where, topics=topics)
    if topics and not MIN_TOPICS <= len(topics) <= MAX_TOPICS:
        raise RadioError(N_("{where}: choose {low} to {high} topics, got {count}; or leave `topics` out to "
                            "let the year plan choose"), where=where, low=MIN_TOPICS, high=MAX_TOPICS,
                         count=len(topics))
    return topics


def _text(t: Table, key: str) -> str:
    """A text field as paragraphs: lines of one paragraph joined, as in the templates."""
    paragraphs = re.split(r"\n\s*\n", t.get(key, str).strip())
    value = "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
    if not value:
        raise RadioError(N_("{field}: is empty"), field=t.field(key))
    return value


def _news(t: Table) -> NewsItem:
    units = t.get("units", list, [])
    for i, key in enumerate(units):
        if not isinstance(key, str) or not key.strip():
            raise RadioError(N_("{field}[{i}]: {key!r} is not a unit's key; write the keys of "
                                "[network.groups] in schedule.toml, e.g. units = [\"sa-huynh\"]"),
                             field=t.field("units"), i=i, key=key)
    item = NewsItem(title=_text(t, "title"), source=_text(t, "source"), text=_text(t, "text"),
                    units=tuple(dict.fromkeys(units)), where=t.field("units"))
    t.done()
    return item


def _qa(t: Table) -> QAItem:
    topic = t.get("topic", int, None)
    item = QAItem(question=_text(t, "question"), answer=_text(t, "answer"),
                  topic=None if topic is None else check_topic_id(topic, t.field("topic")))
    t.done()
    return item


def _figures(t: Table) -> dict[str, str]:
    figures: dict[str, str] = {}
    for name in t:  # a free-form table: every key is a variable
        if not VARIABLE_NAME.match(name):
            raise RadioError(N_("{field}: a figure name uses lower-case letters, digits and _ (it becomes "
                                "the template variable ${name})"), field=t.field(name), name=name)
        value: str | float = t.get(name, (str, float))  # a TOML whole number arrives as a float
        figures[name] = value if isinstance(value, str) else _number(value)
    t.done()
    return figures


def _number(value: float) -> str:
    """Vietnamese decimal comma: 98.6 → "98,6"; thousands dots from five digits: 150000000 →
    "150.000.000", which the reader says as a count (it reads nine bare digits as a code).
    Write the figure as text for any other form."""
    if not value.is_integer():
        return repr(value).replace(".", ",")
    whole = int(value)
    return f"{whole:,}".replace(",", ".") if abs(whole) >= 10_000 else str(whole)


def _recorded(t: Table, folder: Path) -> dict[str, Path]:
    recorded: dict[str, Path] = {}
    for key in t:  # segment keys, checked against the script by the compiler
        value = t.get(key, str)
        path = (folder / value).resolve()
        if not path.is_file():
            raise RadioError(N_("{field}: recorded file {value} not found (looked for {path}); put the file "
                                "there or remove the line"), field=t.field(key), value=value, path=str(path))
        recorded[key] = path
    t.done()
    return recorded
