"""What a month's build knows beyond its own input: the year's planning and what to warn about.

The past is fixed: months already built (their build.json) keep their topics, and the saved year
plan keeps the months not built yet stable. Warnings name what must be confirmed or fixed before
air: example facts in the settings or the plan, a year without a plan of its own, and text that
speaks of another year as the present (an error with `strict`).
"""

from __future__ import annotations

from radio.config import Settings
from radio.content.plan import PlanInForce
from radio.content.planning import YearPlanning, year_planning
from radio.content.script import Script
from radio.content.staleness import stale_lines
from radio.core.errors import RadioError
from radio.core.i18n import N_, Joined, Text
from radio.core.month import Month
from radio.pipeline.facts import built_months


def build_planning(settings: Settings, month: Month, *, replan: bool = False,
                   save: bool = True) -> YearPlanning:
    """The year's planning with every built month fixed; saved so unbuilt months stay stable."""
    program = settings.program
    return year_planning(program, month.year, built_months(program.episodes_dir, month.year),
                         replan=replan, save=save)


def confirm_warnings(settings: Settings, month: Month, planning: YearPlanning) -> list[Text]:
    """Example facts the month's programme would air, and a plan borrowed from an earlier year."""
    warnings = []
    identity = settings.program.identity_of(month)
    if identity.confirm:
        warnings.append(Text.of(
            N_("{file} [[program.identity]] from {day}: {fields} are examples and must be "
               "confirmed before air (then remove them from `confirm`)"),
            file=settings.path.name, day=str(identity.valid_from), fields=", ".join(identity.confirm)))
    plan = planning.in_force.plan
    if plan.confirm:
        warnings.append(Text.of(N_("{file}: the {year} plan's {fields} are examples and must be "
                                   "confirmed before air"),
                                file=plan.path.name, year=plan.year, fields=", ".join(plan.confirm)))
    if planning.in_force.borrowed:
        warnings.append(borrowed_notice(planning.in_force))
    return warnings


def borrowed_notice(in_force: PlanInForce) -> Text:
    """For a year without a communication plan of its own: whose plan is used, what to add."""
    return Text.of(N_("{year} has no communication plan of its own: the {used} plan ({file}) is "
                      "used; add plans/{year}.toml"),
                   year=in_force.year, used=in_force.plan.year, file=in_force.plan.path.name)


def staleness_warnings(script: Script, planning: YearPlanning, strict: bool) -> list[Text]:
    """Sentences speaking of another year as the present; with `strict`, an error instead."""
    month_input = planning.month_input(script.month.month)
    figures = month_input.figures.values() if month_input else ()
    given = frozenset(int(v) for v in figures if v.isdigit() and len(v) == 4)
    found = stale_lines(script, planning.in_force.plan.year, given)
    if not found:
        return []
    lines = [Text.of(N_("{segment}: «{sentence}» speaks of {year}"), segment=line.segment_id,
                     sentence=line.sentence, year=line.year) for line in found]
    if strict:
        raise RadioError(N_("{month}: {count} sentence(s) speak of another year as the present "
                            "(fix the template or episode.toml, or build without --strict): {lines}"),
                         month=str(script.month), count=len(lines), lines=Joined(tuple(lines)))
    return [Text.of(N_("{month}: speaks of another year as the present — {line}"),
                    month=str(script.month), line=line) for line in lines]

