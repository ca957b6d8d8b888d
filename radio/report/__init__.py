"""Report: duration and coverage of what was made and aired.

    period → load_report_data (one read) → build_report (pure figures) → narrative → render_<format>
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from radio.content.plan import plan_in_force
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.report.data import load_report_data
from radio.report.figures import Policy, Report, build_report
from radio.report.narrative import Narrative, narrative

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from radio.audio.settings import AudioSettings
    from radio.content.settings import ProgramSettings

# Renderers are imported on demand: the HTML one pulls in matplotlib, which a text report needs not.
FORMATS = {name: f"radio.report.render_{name}:render_{name}" for name in ("text", "md", "html", "csv", "json")}


def period_months(text: str) -> tuple[str, tuple[Month, ...]]:
    """'2024' → the year's 12 months; '2024-05' → that month."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return text, tuple(Month(int(text), m) for m in range(1, 13))
    try:
        return text, (Month.parse(text),)
    except RadioError:
        raise RadioError(N_("period {text!r}: give a year (2024) or a month (2024-05)"), text=text) from None


def policy_for(program: ProgramSettings, audio: AudioSettings, tz: ZoneInfo, period: str,
               stale_days: int, match_tolerance: timedelta) -> Policy:
    """The programme window, loudness targets, zone and area of the period, with tolerances."""
    last = period_months(period)[1][-1]
    identity = program.identity_of(last)  # as the period ended
    plan = plan_in_force(last.year, program.plans_dir).plan
    return Policy(min_s=program.window_s[0], max_s=program.window_s[1], target_lufs=audio.target_lufs,
                  tolerance_lu=audio.tolerance_lu, true_peak_max_dbtp=audio.true_peak_dbtp,
                  tz=tz, stale_days=stale_days, match_tolerance=match_tolerance,
                  area=identity.area,
                  areas=tuple((a.id, a.title) for a in plan.areas))


def make_report(engine: Engine, period: str, stations: Sequence[tuple[str, str]], policy: Policy,
                as_of: datetime) -> Report:
    """`as_of` must be aware (any zone): figures are as things stood at that moment."""
    label, months = period_months(period)
    return build_report(label, load_report_data(engine, months, as_of), stations, policy)


def render(report: Report, fmt: str, program: ProgramSettings, language: str = "vi") -> str:
    """The report in one format; a year report carries the Vietnamese narrative for the official report.

    The terminal summary (text) speaks `language`; the documents (md, html, csv, json) stay in
    Vietnamese, the language of the official report they feed.
    """
    story = story_of(report, program)
    if fmt == "text":
        from radio.report.render_text import render_text

        return render_text(report, story, language)
    return renderer(fmt)(report, story)


def render_workbook(report: Report, program: ProgramSettings) -> bytes:
    """The report's tables as an Excel workbook (.xlsx), Vietnamese, figures as numbers."""
    from radio.report.render_xlsx import render_xlsx  # openpyxl only when a workbook is asked for

    return render_xlsx(report, story_of(report, program))


def story_of(report: Report, program: ProgramSettings) -> Narrative | None:
    """The paste-ready Vietnamese summary of a year report (None for a month), by the centre then."""
    centre = program.identity_of(period_months(report.period)[1][-1]).centre
    return narrative(report, centre, program.name) if report.kind == "year" else None


def renderer(fmt: str) -> Callable[[Report, Narrative | None], str]:
    if fmt not in FORMATS:
        raise RadioError(N_("format {fmt!r}: one of {listed}"), fmt=fmt, listed=", ".join(FORMATS))
    module, function = FORMATS[fmt].split(":")
    render_fn: Callable[[Report, Narrative | None], str] = getattr(importlib.import_module(module), function)
    return render_fn
