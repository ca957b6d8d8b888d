"""What a month's build knows beyond its own input: the year's planning and what to warn about.

The past is fixed: months already built (their build.json) keep their topics, and the saved year
plan keeps the months not built yet stable. Warnings name what must be confirmed or fixed before
air: example facts in the settings or the plan, a year without a plan of its own, and text that
speaks of another year as the present (an error with `strict`).
"""

from __future__ import annotations

from radio.config import Settings
from radio.content.planning import YearPlanning, year_planning
from radio.content.script import Script
from radio.content.staleness import stale_lines
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.pipeline.facts import built_months


def build_planning(settings: Settings, month: Month, *, replan: bool = False,
                   save: bool = True) -> YearPlanning:
    """The year's planning with every built month fixed; saved so unbuilt months stay stable."""
    program = settings.program
    return year_planning(program, month.year, built_months(program.episodes_dir, month.year),
                         replan=replan, save=save)


def confirm_warnings(settings: Settings, month: Month, planning: YearPlanning) -> list[str]:
    """Example facts the month's programme would air, and a plan borrowed from an earlier year."""
    warnings = []
    identity = settings.program.identity_of(month)
    if identity.confirm:
        warnings.append(
            f"{settings.path.name} [[program.identity]] from {identity.valid_from}: "
            f"{', '.join(identity.confirm)} are examples and must be confirmed before air "
            "(then remove them from `confirm`)")
    plan = planning.in_force.plan
    if plan.confirm:
        warnings.append(f"{plan.path.name}: the {plan.year} plan's {', '.join(plan.confirm)} are "
                        "examples and must be confirmed before air")
    if planning.in_force.borrowed:
        warnings.append(planning.in_force.notice())
    return warnings


def staleness_warnings(script: Script, planning: YearPlanning, strict: bool) -> list[str]:
    """Sentences speaking of another year as the present; with `strict`, an error instead."""
    month_input = planning.month_input(script.month.month)
    figures = month_input.figures.values() if month_input else ()
    given = frozenset(int(v) for v in figures if v.isdigit() and len(v) == 4)
    found = stale_lines(script, planning.in_force.plan.year, given)
    if not found:
        return []
    lines = [str(line) for line in found]
    if strict:
        raise RadioError(f"{script.month}: {len(lines)} sentence(s) speak of another year as the "
                         "present (fix the template or episode.toml, or build without --strict): "
                         + "; ".join(lines))
    return [f"{script.month}: speaks of another year as the present — {line}" for line in lines]
