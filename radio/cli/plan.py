"""`radio plan YEAR`: which topics each month's programme covers, and how much months repeat."""

from __future__ import annotations

import click

from radio.cli import _, language, settings_from
from radio.cli.params import YEAR
from radio.config import load_settings
from radio.content.plan_edit import start_plan
from radio.content.planning import YearPlanning
from radio.core.i18n import N_
from radio.core.month import Month
from radio.pipeline.context import borrowed_notice, build_planning
from radio.pipeline.repeats import repeat_report


@click.command("plan")
@click.argument("year", type=YEAR)
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
        target = start_plan(settings.program.plans_dir, settings.root, year)
        click.echo(_(N_("Started {file} from the last plan: replace its title, issuer, areas and "
                        "references with the province's, then remove them from `confirm`."),
                     file=str(target)))
        settings = load_settings(settings.path)  # the new folder and plan are read now
    planning = build_planning(settings, Month(year, 1), replan=replan)
    click.echo(format_plan(planning))
    click.echo(repeat_report(settings, planning, language()))


def format_plan(planning: YearPlanning) -> str:
    year_plan, in_force = planning.year_plan, planning.in_force
    plan = in_force.plan
    lines = [_(N_("Topic plan {year}: {title} ({file})"), year=year_plan.year, title=plan.title,
               file=plan.path.name)]
    if in_force.borrowed:
        lines.append(_(N_("NOTE: {notice}"), notice=borrowed_notice(in_force)))
    heads = _(N_("month")), _(N_("topics")), _(N_("source"))
    lines += ["", "{:<8} {:<12} {}".format(*heads)]
    for month in year_plan.months:
        source = (_(N_("episode.toml")) if month.chosen
                  else _(N_("built (fixed)")) if month.fixed
                  else _(N_("year plan (episode.toml without topics)")) if month.editorial
                  else _(N_("year plan")))
        lines.append(f"{str(month.month):<8} {', '.join(map(str, month.topics)):<12} {source}")
    lines += ["", _(N_("Areas:"))]
    lines += [f"{a.id:>3}  {a.title}" for a in plan.areas]
    if plan.hotline_area is not None:
        lines += ["", _(N_("Area {area} (the hotline) is in every programme's hotline segment."),
                        area=plan.hotline_area)]
    if year_plan.uncovered:
        lines.append(_(N_("NOT covered this year: {missing}. Add them to `topics` in a month's "
                          "episode.toml, or run `radio plan {year} --replan`."),
                       missing=", ".join(map(str, year_plan.uncovered)), year=year_plan.year))
    else:
        lines.append(_(N_("All {count} areas are covered this year."), count=len(plan.areas)))
    lines.append(_(N_("Saved plan: {path}"), path=planning.saved_path))
    return "\n".join(lines)


COMMANDS: list[click.Command] = [plan]
