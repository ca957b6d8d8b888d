"""What a month's build knows beyond its own input: the year's planning and what to warn about.

The past is fixed: months already built (their build.json) keep their topics, and the saved year
plan keeps the months not built yet stable. Warnings name what must be confirmed or fixed before
air: example facts in the settings or the plan, a year without a plan of its own, and text that
speaks of another year as the present (an error with `strict`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from radio.config import Settings
from radio.content.compiler import Programmes
from radio.content.facts import FactKind
from radio.content.plan import PlanInForce
from radio.content.planning import YearPlanning, earlier_planning, year_planning
from radio.content.script import Script
from radio.content.settings import FROM_REGISTER
from radio.content.staleness import stale_lines
from radio.content.warnings import (
    BuildWarning,
    WarningCode,
    fact_warnings,
    text_warnings,
    warning,
)
from radio.core.errors import RadioError
from radio.core.i18n import N_, Joined, Text
from radio.core.month import Month
from radio.pipeline.facts import built_months
from radio.pipeline.variants import local_segments


def build_planning(settings: Settings, month: Month, *, replan: bool = False,
                   save: bool = True) -> YearPlanning:
    """The year's planning with every built month fixed; saved so unbuilt months stay stable.

    It carries the years before it (as far as plans go): a month looks back twelve months."""
    program = settings.program
    return year_planning(program, month.year, built_months(program.episodes_dir, month.year),
                         replan=replan, save=save, month=month.month,
                         previous=earlier_planning(
                             program, month.year - 1,
                             lambda year: built_months(program.episodes_dir, year)))


def confirm_warnings(settings: Settings, month: Month, planning: YearPlanning) -> list[BuildWarning]:
    """Example fields of settings older than the facts register, an example plan, a borrowed one.

    The register's facts are checked on the compiled script (`script_warnings`): a fact warns
    only when the programme speaks it."""
    found = []
    identity = settings.program.identity_of(month)
    in_register = settings.program.register.on(date(month.year, month.month, 1))
    for name in identity.confirm:  # a schedule.toml that still names its examples with `confirm`
        if FROM_REGISTER.get(name) not in in_register:
            found.append(warning(WarningCode.UNCONFIRMED_FACT, fact=name,
                                 value=identity.variables().get(name, ""),
                                 source=f"{settings.path.name} [[program.identity]]"))
    plan = planning.in_force.plan
    if plan.confirm:
        found.append(warning(WarningCode.EXAMPLE_PLAN, plan=plan.year, fields=", ".join(plan.confirm)))
    if planning.in_force.borrowed:
        found.append(borrowed_notice(planning.in_force))
    return found


def borrowed_notice(in_force: PlanInForce) -> BuildWarning:
    """For a year without a communication plan of its own: whose plan is used, what to do."""
    return warning(WarningCode.BORROWED_PLAN, year=in_force.year, plan_year=in_force.plan.year,
                   file=in_force.plan.path.name)


def script_warnings(settings: Settings, script: Script) -> list[BuildWarning]:
    """Unconfirmed or expired facts the script speaks, invented stories, illustrative figures and
    names of the dissolved level after 07/2025."""
    editorial = [s.id for s in script.segments if _EDITORIAL.match(s.id)]
    return (fact_warnings(script, settings.program.register)
            + text_warnings(script, editorial))


def unit_warnings(settings: Settings, programmes: Programmes) -> list[BuildWarning]:
    """What each unit's local part speaks that must be checked (its unconfirmed one-stop address,
    hotline), each naming the unit; the core's warnings are the whole area's programme's."""
    found: list[BuildWarning] = []
    local = local_segments(programmes)
    for variant in programmes.variants:
        part = replace(variant.script, segments=tuple(local[variant.unit.key]), notes="")
        editorial = [s.id for s in part.segments if _EDITORIAL.match(s.id)]
        for item in (fact_warnings(part, settings.program.register, variant.unit.key)
                     + text_warnings(part, editorial)):
            found.append(replace(item, params=(*item.params, ("unit", variant.unit.name))))
    return found


_EDITORIAL = re.compile(r"^\d+-(news|qa)-\d+$")  # written from episode.toml, not a template


def measured_years(settings: Settings, month: Month) -> frozenset[int]:
    """Years the register's rankings in force measure: "Năm 2024, tỉnh xếp thứ …" is data."""
    facts = settings.program.register.on(date(month.year, month.month, 1)).values()
    return frozenset(f.measured for f in facts if f.kind == FactKind.RANKING)


def staleness_warnings(script: Script, planning: YearPlanning, strict: bool,
                       settings: Settings) -> list[BuildWarning]:
    """Sentences speaking of another year as the present; with `strict`, an error instead."""
    month_input = planning.month_input(script.month.month)
    figures = month_input.figures.values() if month_input else ()
    given = frozenset(int(v) for v in figures if v.isdigit() and len(v) == 4) | measured_years(
        settings, script.month)
    found = stale_lines(script, planning.in_force.plan.year, given)
    if not found:
        return []
    lines = [Text.of(N_("{segment}: «{sentence}» speaks of {year}"), segment=line.segment_id,
                     sentence=line.sentence, year=line.year) for line in found]
    if strict:
        raise RadioError(N_("{month}: {count} sentence(s) speak of another year as the present "
                            "(fix the template or episode.toml, or build without --strict): {lines}"),
                         month=str(script.month), count=len(lines), lines=Joined(tuple(lines)))
    return [warning(WarningCode.STALE_TEXT, segment=line.segment_id, year=line.year,
                    sentence=line.sentence) for line in found]
