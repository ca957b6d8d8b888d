"""`radio plan YEAR`: which topics each month's programme covers, and how much months repeat."""

from __future__ import annotations

import click

from radio.cli import settings_from
from radio.config import load_settings
from radio.content.plan import new_plan_text
from radio.content.planning import YearPlanning
from radio.core.atomic import write_text_atomic
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.pipeline.context import build_planning
from radio.pipeline.repeats import repeat_report


@click.command("plan")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--replan", is_flag=True,
              help="Plan the months not built yet again (built months never change).")
@click.option("--new", "new", is_flag=True,
              help="Start YEAR's plan from the last one (plans/YEAR.toml beside schedule.toml), "
                   "to edit when the province issues it.")
@click.pass_context
def plan(ctx: click.Context, year: int, replan: bool, new: bool) -> None:
    """Show the year's topic plan: month → content areas of the year's plan.

    Built months keep their topics; months whose episodes/YYYY-MM/episode.toml chooses topics keep
    them; the other months keep the saved plan (episodes/plan-YYYY.toml) or get topics so that the
    year covers every area. Example: radio plan 2026
    """
    settings = settings_from(ctx)
    if new:
        folder = settings.program.plans_dir or settings.root / "plans"
        target = folder / f"{year}.toml"
        if target.exists():
            raise RadioError(f"{target}: already exists; edit it, or remove it to start again")
        text = new_plan_text(year, settings.program.plans_dir)
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, text)
        click.echo(f"Started {target} from the last plan: replace its title, issuer, areas and "
                   "references with the province's, then remove them from `confirm`.")
        settings = load_settings(settings.path)  # the new folder and plan are read now
    planning = build_planning(settings, Month(year, 1), replan=replan)
    click.echo(format_plan(planning))
    click.echo(repeat_report(settings, planning))


def format_plan(planning: YearPlanning) -> str:
    year_plan, in_force = planning.year_plan, planning.in_force
    plan = in_force.plan
    lines = [f"Topic plan {year_plan.year}: {plan.title} ({plan.path.name})"]
    if in_force.borrowed:
        lines.append(f"NOTE: {in_force.notice()}")
    lines += ["", f"{'month':<8} {'topics':<12} source"]
    for month in year_plan.months:
        source = ("episode.toml" if month.chosen
                  else "built (fixed)" if month.fixed
                  else "year plan (episode.toml without topics)" if month.editorial
                  else "year plan")
        lines.append(f"{str(month.month):<8} {', '.join(map(str, month.topics)):<12} {source}")
    lines += ["", "Areas:"]
    lines += [f"{a.id:>3}  {a.title}" for a in plan.areas]
    if plan.hotline_area is not None:
        lines += ["", f"Area {plan.hotline_area} (the hotline) is in every programme's hotline segment."]
    if year_plan.uncovered:
        missing = ", ".join(map(str, year_plan.uncovered))
        lines.append(f"NOT covered this year: {missing}. Add them to `topics` in a month's "
                     f"episode.toml, or run `radio plan {year_plan.year} --replan`.")
    else:
        lines.append(f"All {len(plan.areas)} areas are covered this year.")
    lines.append(f"Saved plan: {planning.saved_path}")
    return "\n".join(lines)


COMMANDS: list[click.Command] = [plan]
