"""A new year's plan started from the last one, and edited when the province issues it.

`start_plan` is `radio plan YEAR --new` and the Studio's "start the plan" button; `edited_plan_text`
is the Studio's plan form: the file's text rewritten with its comments kept (tomlkit) and checked
as a build reads it. A field stays in the plan's `confirm` list (an example, warned about at every
build) until it is edited or ticked as confirmed as it is.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Table

from radio.content.plan import CommunicationPlan, new_plan_text, plan_of
from radio.core.atomic import write_text_atomic
from radio.core.errors import RadioError, SettingsError
from radio.core.i18n import N_


def plan_path(plans_dir: Path | None, root: Path, year: int) -> Path:
    """Where the user's plan of `year` is (or would be) written: the plans folder beside schedule.toml."""
    return (plans_dir or root / "plans") / f"{year}.toml"


def start_plan(plans_dir: Path | None, root: Path, year: int) -> Path:
    """Write `year`'s plan started from the last one; refused when the file exists."""
    target = plan_path(plans_dir, root, year)
    if target.exists():
        raise RadioError(N_("{file}: already exists; edit it, or remove it to start again"), file=str(target))
    text = new_plan_text(year, plans_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, text)
    return target


@dataclass(frozen=True)
class AreaEdit:
    id: int
    title: str
    spoken: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class PlanEdit:
    title: str
    issuer: str
    deadline: date
    areas: tuple[AreaEdit, ...]
    confirmed: frozenset[str] = frozenset()  # fields ticked as right as they are (CONFIRMABLE names)


def edited_plan_text(text: str, path: Path, edit: PlanEdit) -> tuple[str, CommunicationPlan]:
    """The plan file's new text with `edit` made, and the plan as it now reads."""
    doc = tomlkit.parse(text)
    confirm = [str(name) for name in doc.get("confirm", [])]
    report = doc.get("report")
    if not isinstance(report, Table):
        raise SettingsError(N_("{file}: the plan has no [report] table"), file=str(path))
    done = set(edit.confirmed)
    for name, table, key, value in (("title", doc, "title", edit.title.strip()),
                                    ("issuer", doc, "issuer", edit.issuer.strip()),
                                    ("report.deadline", report, "deadline", edit.deadline)):
        if table.get(key) != value:
            table[key] = value
            done.add(name)
    areas = doc.get("areas")
    by_id = {int(t["id"]): t for t in areas} if isinstance(areas, AoT) else {}
    # "areas" stays in `confirm` until ticked: one area edited does not confirm the others
    for area in edit.areas:
        found = by_id.get(area.id)
        if found is None:
            raise SettingsError(N_("{file}: the plan has no content area {area}"), file=str(path), area=area.id)
        for key, text in (("title", area.title), ("spoken", area.spoken)):
            if found.get(key) != text.strip():
                found[key] = text.strip()
        references = [r.strip() for r in area.references if r.strip()]
        if list(found.get("references", [])) != references:
            found["references"] = _array(references)
    doc["confirm"] = [name for name in confirm if name not in done]
    new_text = tomlkit.dumps(doc)
    return new_text, plan_of(tomllib.loads(new_text), path)


def _array(items: list[str]) -> tomlkit.items.Array:
    array = tomlkit.array()
    array.extend(items)
    return array.multiline(len(items) > 1)
