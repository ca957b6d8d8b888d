"""`radio plan YEAR`: which topics each month's programme covers."""

from __future__ import annotations

import click

from radio.cli import settings_from
from radio.content.episode import load_year_inputs
from radio.content.topics import HOTLINE_TOPIC, TOPICS
from radio.content.yearplan import YearPlan, plan_year


@click.command("plan")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.pass_context
def plan(ctx: click.Context, year: int) -> None:
    """Show the year's topic plan: month → content areas (items of plan section II).

    Months whose episodes/YYYY-MM/episode.toml chooses topics keep them; the other months get
    topics so that the year covers all 11 areas. Example: radio plan 2024
    """
    settings = settings_from(ctx)
    inputs = load_year_inputs(settings.program.episodes_dir, year)
    click.echo(format_plan(plan_year(year, {m: i.topics for m, i in inputs.items()})))


def format_plan(year_plan: YearPlan) -> str:
    lines = [f"Topic plan {year_plan.year} (content areas of plan section II)", "",
             f"{'month':<8} {'topics':<12} source"]
    for month in year_plan.months:
        source = ("episode.toml" if month.chosen
                  else "year plan (episode.toml without topics)" if month.editorial
                  else "year plan")
        lines.append(f"{str(month.month):<8} {', '.join(map(str, month.topics)):<12} {source}")
    lines += ["", "Areas:"]
    lines += [f"{t.id:>3}  {t.title}" for t in TOPICS]
    lines += ["", f"Area {HOTLINE_TOPIC} (the hotline) is in every programme's hotline segment."]
    if year_plan.uncovered:
        missing = ", ".join(map(str, year_plan.uncovered))
        lines.append(f"NOT covered this year: {missing}. Add them to `topics` in a month's "
                     "episode.toml, or remove `topics` from a month to let the plan choose.")
    else:
        lines.append(f"All {len(TOPICS)} areas are covered this year.")
    return "\n".join(lines)


COMMANDS: list[click.Command] = [plan]
