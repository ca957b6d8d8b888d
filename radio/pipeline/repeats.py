"""`radio plan`'s repeat table: how much each month's programme repeats an earlier month's."""

from __future__ import annotations

from radio.config import Settings
from radio.content.compiler import compile_script, compile_year
from radio.content.planning import YearPlanning
from radio.content.repeats import shared_fraction
from radio.content.script import Script
from radio.core.errors import RadioError
from radio.core.i18n import DEFAULT_LANGUAGE, N_, translate
from radio.core.month import Month
from radio.reading import Normalizer
from radio.speech.speaker import Speaker

LIMIT = 0.30  # no two programmes within twelve months share more than this of their own text


def year_scripts(settings: Settings, planning: YearPlanning) -> dict[int, Script | RadioError]:
    """Each month's script as the build would compile it now, or why it cannot be compiled."""
    speaker = Speaker(settings.speech, settings.reading, settings.audio.sample_rate)
    pace, read = speaker.pace_of(speaker.expected_engine), Normalizer(settings.reading).read
    pause_s = settings.audio.pause_ms / 1000
    compiled = compile_year(settings.program, pace, read, pause_s=pause_s, planning=planning)
    scripts: dict[int, Script | RadioError] = {}
    for month in range(1, 13):
        if month in compiled:
            scripts[month] = compiled[month]
            continue
        try:  # built, or failed within the year: compile it alone to show it or say why
            scripts[month] = compile_script(Month(planning.year_plan.year, month), settings.program,
                                            pace, read, pause_s=pause_s, planning=planning)
        except RadioError as err:
            scripts[month] = err
    return scripts


def repeat_report(settings: Settings, planning: YearPlanning, language: str = DEFAULT_LANGUAGE) -> str:
    """For each month, the earlier month it repeats most, and how much (limit 30%)."""
    scripts = year_scripts(settings, planning)
    before = year_scripts(settings, planning.previous) if planning.previous else {}
    lines = ["", translate(language, N_("Repeats (share of a month's own text already said in the "
                                        "twelve months before; limit {limit:.0f}%):"),
                           {"limit": LIMIT * 100})]
    for month, script in scripts.items():
        if isinstance(script, RadioError):
            lines.append(translate(language, N_("  {month:02d}  cannot be compiled: {why}"),
                                   {"month": month, "why": script.text}))
            continue
        earlier = [(shared_fraction(script, other), m) for m, other in scripts.items()
                   if m < month and isinstance(other, Script)]
        earlier += [(shared_fraction(script, other), m - 12) for m, other in before.items()
                    if m >= month and isinstance(other, Script)]
        if not earlier:
            lines.append(f"  {month:02d}  —")
            continue
        share, worst = max(earlier)
        values = {"month": month, "share": share * 100, "worst": worst % 12 or 12}
        if worst > 0:
            message = (N_("  {month:02d}  {share:3.0f}% of it as in {worst:02d}  TOO MUCH") if share > LIMIT
                       else N_("  {month:02d}  {share:3.0f}% of it as in {worst:02d}"))
        else:
            message = (N_("  {month:02d}  {share:3.0f}% of it as in {worst:02d} of last year  TOO MUCH")
                       if share > LIMIT else N_("  {month:02d}  {share:3.0f}% of it as in {worst:02d} of last year"))
        lines.append(translate(language, message, values))
    return "\n".join(lines)
