"""A month's episode.toml as the Studio edits it: form values in, the same file out, comments kept.

The file stays the source of truth. It is edited with tomlkit in place — existing tables keep their
comments, new ones are appended — validated by the same loader `radio build` uses, and written
atomically only when the file on disk is still the one the form was opened from.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT
from tomlkit.items import Table as TomlTable

from radio.content.episode import INPUT_NAME, MAX_TOPICS, MIN_TOPICS, input_path, load_month_input
from radio.content.template import VARIABLE_NAME
from radio.core.atomic import write_text_atomic
from radio.core.errors import RadioError
from radio.core.hashing import text_sha256
from radio.core.i18n import N_
from radio.core.month import Month

NEW_FILE = (
    "# Đầu vào biên tập chuyên mục Cải cách hành chính tháng {month}.\n"
    "# Soạn trong Studio; có thể sửa tay (xem radio/content/templates/README.md).\n"
)
_TOML_POSITION = re.compile(r"line (\d+), column (\d+)")
_SEGMENT_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
_PLAIN_NAME = re.compile(r"^[\w][\w .-]{0,120}$")


class ChangedSinceOpened(RadioError):
    """The file changed on disk after the form was opened: saving would lose someone's edit."""


@dataclass
class NewsForm:
    title: str = ""
    source: str = ""
    text: str = ""


@dataclass
class QAForm:
    question: str = ""
    answer: str = ""
    topic: str = ""


@dataclass
class MonthForm:
    """What the month page shows and posts back; `errors` maps a field name to its message key."""

    topics: list[int] = field(default_factory=list)
    notes: str = ""
    figures: list[tuple[str, str]] = field(default_factory=list)
    news: list[NewsForm] = field(default_factory=list)
    qa: list[QAForm] = field(default_factory=list)
    recorded: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InputFile:
    path: Path
    text: str  # "" when the month has no file yet
    version: str  # hash of the text: a save must come from this version
    error: str  # why the file does not load ("" when it does), in English (its line and column are read)
    failure: RadioError | None = None  # the same, to show in the reader's language


def open_input(episodes_dir: Path, month: Month) -> InputFile:
    """The month's file as it is; a malformed one comes back with its error, untouched."""
    path = input_path(episodes_dir, month)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    error, failure = "", None
    if text:
        try:
            load_month_input(episodes_dir, month)
        except RadioError as err:
            error, failure = str(err), err
    return InputFile(path, text, text_sha256(text), error, failure)


def form_from_text(text: str) -> MonthForm:
    """The form's values from the file's text (which must parse as TOML)."""
    doc = tomlkit.parse(text).unwrap() if text else {}
    return MonthForm(
        topics=[int(t) for t in doc.get("topics", [])],
        notes=_plain(doc.get("notes", "")),
        figures=[(str(k), str(v)) for k, v in doc.get("figures", {}).items()],
        news=[
            NewsForm(_plain(n.get("title")), _plain(n.get("source")), _plain(n.get("text")))
            for n in doc.get("news", [])
        ],
        qa=[
            QAForm(
                _plain(q.get("question")),
                _plain(q.get("answer")),
                str(q["topic"]) if q.get("topic") is not None else "",
            )
            for q in doc.get("qa", [])
        ],
        recorded={str(k): str(v) for k, v in doc.get("recorded", {}).items()},
    )


def form_from_fields(fields: dict[str, list[str]]) -> MonthForm:
    """The posted form: repeated rows are `news-0-title`, `qa-1-answer`, `fig-2-name`…; blank rows dropped."""

    def one(name: str) -> str:
        value = (fields.get(name) or [""])[0]
        if not isinstance(value, str):  # a file sent where text belongs
            return ""
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()  # browsers send CRLF

    def rows(prefix: str) -> list[int]:
        found = {int(m[1]) for name in fields if (m := re.match(rf"^{prefix}-(\d+)-", name))}
        return sorted(found)

    form = MonthForm(notes=one("notes"))
    for value in fields.get("topics", []):
        if isinstance(value, str) and value.isdigit() and len(value) < 6:
            form.topics.append(int(value))
    for i in rows("fig"):
        name, value = one(f"fig-{i}-name"), one(f"fig-{i}-value")
        if name or value:
            form.figures.append((name, value))
    for i in rows("news"):
        item = NewsForm(one(f"news-{i}-title"), one(f"news-{i}-source"), one(f"news-{i}-text"))
        if item.title or item.source or item.text:
            form.news.append(item)
    for i in rows("qa"):
        question = QAForm(one(f"qa-{i}-question"), one(f"qa-{i}-answer"), one(f"qa-{i}-topic"))
        if question.question or question.answer:
            form.qa.append(question)
    for name in fields:
        if (m := re.match(r"^rec-(.+)$", name)) and one(name):
            form.recorded[m[1]] = one(name)
    return form


def check_form(form: MonthForm, area_ids: tuple[int, ...]) -> dict[str, str]:
    """Field → message id, for the mistakes the form can name beside the field; `area_ids` are the
    content areas of the year's plan."""
    errors: dict[str, str] = {}
    if form.topics and not MIN_TOPICS <= len(form.topics) <= MAX_TOPICS:
        errors["topics"] = N_("Choose 2 to 4 topics, or none to let the year plan choose.")
    if any(t not in area_ids for t in form.topics):
        errors["topics"] = N_("A topic number must be one of the plan's content areas.")
    for i, (name, value) in enumerate(form.figures):
        if not VARIABLE_NAME.match(name):
            errors[f"fig-{i}-name"] = N_("A figure name uses lower-case letters, digits and _.")
        elif not value:
            errors[f"fig-{i}-value"] = N_("This field is empty.")
    for i, item in enumerate(form.news):
        for key in ("title", "source", "text"):
            if not getattr(item, key):
                errors[f"news-{i}-{key}"] = N_("This field is empty.")
    for i, qa in enumerate(form.qa):
        for key in ("question", "answer"):
            if not getattr(qa, key):
                errors[f"qa-{i}-{key}"] = N_("This field is empty.")
        if qa.topic and (not qa.topic.isdigit() or int(qa.topic) not in area_ids):
            errors[f"qa-{i}-topic"] = N_("A topic number must be one of the plan's content areas.")
    for key, value in form.recorded.items():
        if not _SEGMENT_KEY.match(key) or not inside_month(value):
            errors["recorded"] = N_(
                "A recording must be a file in this month's folder, such as ghi-am/greeting.wav."
            )
    return errors


def inside_month(value: str) -> bool:
    """A recording's path as written in episode.toml: relative, downward only, plain names.

    Judged by its shape alone, before any look at the disk: the answer must not tell an editor
    which files exist elsewhere on the server.
    """
    parts = value.split("/")
    return all(_PLAIN_NAME.match(part) for part in parts) and not any(p in (".", "..") for p in parts)


def apply_form(text: str, form: MonthForm, month: Month) -> str:
    """The file's text with the form's values, keeping every comment and table it can keep.

    tomlkit groups [[news]] and [[qa]] tables written interleaved; a save with no change returns
    the text exactly as it was.
    """
    if text and form_from_text(text) == replace(form, errors={}):
        return text
    doc = tomlkit.parse(text or NEW_FILE.format(month=f"{month.month}/{month.year}"))
    _set(doc, "topics", form.topics, lambda v: bool(v))
    if _plain(doc.get("notes")) != form.notes:
        _set(doc, "notes", _long(form.notes) if form.notes else None, lambda v: v is not None)
    figures = _table(doc, "figures")
    for key in [k for k in figures if k not in dict(form.figures)]:
        del figures[key]
    for name, value in form.figures:
        figures[name] = value
    _rows(doc, "news", [{"title": n.title, "source": n.source, "text": _long(n.text)} for n in form.news])
    _rows(
        doc,
        "qa",
        [
            {
                "question": q.question,
                "answer": _long(q.answer),
                **({"topic": int(q.topic)} if q.topic else {}),
            }
            for q in form.qa
        ],
    )
    recorded = _table(doc, "recorded")
    for key in [k for k in recorded if k not in form.recorded]:
        del recorded[key]
    for key, value in form.recorded.items():
        recorded[key] = value
    for name in ("figures", "recorded"):
        if not doc[name]:
            del doc[name]
    return tomlkit.dumps(doc)


def validate_text(text: str, episodes_dir: Path, month: Month) -> RadioError | None:
    """None when the text loads as the month's input (recorded files looked up beside the real one),
    else the refusal, naming the month's file rather than the temporary copy."""
    with tempfile.TemporaryDirectory(prefix="radio-studio-") as temp:
        folder = Path(temp) / str(month)
        folder.mkdir()
        (folder / INPUT_NAME).write_text(text, encoding="utf-8")
        real = episodes_dir / str(month)
        if real.is_dir():  # recorded files are referenced relative to the month's folder
            for child in real.iterdir():
                if child.is_dir() and child.name != "calendar":
                    shutil.copytree(child, folder / child.name)
        try:
            load_month_input(Path(temp), month)
        except RadioError as err:
            return RadioError(err.text.replace(str(folder / INPUT_NAME), INPUT_NAME))
    return None


def toml_position(message: str) -> tuple[int, int] | None:
    match = _TOML_POSITION.search(message)
    return (int(match[1]), int(match[2])) if match else None


def save_text(path: Path, text: str, version: str) -> str:
    """Write the new text if the file is still at `version`; returns the new version."""
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if text_sha256(current) != version:
        raise ChangedSinceOpened(N_("{file}: changed since you opened it"), file=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return text_sha256(text)


def _plain(value: object) -> str:
    """A text field as the form shows it: paragraphs kept, lines of one paragraph joined."""
    paragraphs = re.split(r"\n\s*\n", str(value or "").strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def _long(text: str) -> object:
    """Long text as a multi-line string wrapped near 100 columns, as the shipped files are."""
    if len(text) <= 90 and "\n" not in text:
        return text
    # never inside a word: a web address split over two lines reads back with a space in it
    wrapped = "\n\n".join(
        textwrap.fill(p, 100, break_long_words=False, break_on_hyphens=False) for p in text.split("\n\n")
    )
    escaped = wrapped.replace("\\", "\\\\").replace('"""', '""\\"')
    return tomlkit.parse(f'v = """\n{escaped}\n"""\n')["v"]  # opening line break as in the shipped files


def _normal(rows: Iterable[Any]) -> list[dict[str, str]]:
    return [{str(k): _plain(v.unwrap() if hasattr(v, "unwrap") else v) for k, v in row.items()}
            for row in rows]


def _set(doc: tomlkit.TOMLDocument, key: str, value: object, keep: Callable[[object], bool]) -> None:
    if keep(value):
        doc[key] = value
    elif key in doc:
        del doc[key]


def _table(doc: tomlkit.TOMLDocument, key: str) -> TomlTable:
    if key not in doc:
        doc[key] = tomlkit.table()
    return doc[key]


def _rows(doc: tomlkit.TOMLDocument, key: str, rows: list[dict[str, object]]) -> None:
    """Update [[key]] tables in place (their comments stay), append new ones, drop the extra."""
    existing = doc.get(key)
    if _normal(existing.unwrap() if existing is not None else []) == _normal(rows):
        return  # untouched: interleaved [[news]]/[[qa]] stay where the author put them
    if not rows:
        if key in doc:
            del doc[key]
        return
    if not isinstance(existing, AoT):
        doc[key] = tomlkit.aot()
        existing = doc[key]
    for i, row in enumerate(rows):
        if i < len(existing):
            table = existing[i]
            for name in [n for n in table if n not in row]:
                del table[name]
            for name, value in row.items():
                if _plain(table.get(name)) != _plain(value):  # untouched text keeps its layout
                    table[name] = value
        else:
            table = tomlkit.table()
            for name, value in row.items():
                table[name] = value
            existing.append(table)
    while len(existing) > len(rows):
        existing.pop()


@dataclass(frozen=True)
class FigureUse:
    """A figure (template variable) an optional block of a topic needs: the month's [figures] give it."""

    name: str
    topic: int
    block: str  # the block's title, what the figure adds to the programme


def figures_wanted(topic_templates: Iterable[tuple[int, Any]], known: Iterable[str]) -> list[FigureUse]:
    """Every figure the topics' optional blocks need that is not `known` (built in, or a fact of the
    register), once each, in topic order: what the editor may fill in under "Số liệu"."""
    known_names, seen, wanted = set(known), set(), []
    for topic, template in topic_templates:
        for block in template.blocks:
            for name in block.needs:
                if name not in known_names and name not in seen:
                    seen.add(name)
                    wanted.append(FigureUse(name, topic, block.title))
    return wanted
