"""The report as titled tables of display strings, shared by the text, Markdown and HTML renderers.

Every word comes from the catalogs in the reader's language (Vietnamese by default: the report is
an official document); numbers in that language's style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from radio.core import i18n
from radio.core.i18n import DEFAULT_LANGUAGE, N_
from radio.report import wording as w
from radio.report.figures import Report

WINDOW_WORDS = {"ok": N_("within"), "short": N_("short"), "long": N_("long")}
_FIGURE = re.compile(r"^[-+\d.,/*]*$")


@dataclass(frozen=True)
class Section:
    key: str                             # stable anchor: totals, durations, topics, stations, ...
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


class _Words:
    """The catalog in one language, and its number and list style."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, message: str, /, **params: object) -> str:
        return i18n.translate(self.language, message, params)

    def number(self, value: float, digits: int = 1) -> str:
        return i18n.number(value, digits, self.language)

    def join(self, items: Iterable[str]) -> str:
        parts = list(items)
        if len(parts) <= 1:
            return "".join(parts)
        return self(N_("{items} and {last}"), items=", ".join(parts[:-1]), last=parts[-1])

    def window(self, min_s: float, max_s: float) -> str:
        return self(N_("{low}–{high} min"), low=self.number(min_s / 60), high=self.number(max_s / 60))


def title(report: Report, language: str = DEFAULT_LANGUAGE) -> str:
    return _Words(language)(N_("Duration and coverage report of the CCHC programme, {period}"),
                            period=_period(report, _Words(language)))


def empty_message(report: Report, language: str = DEFAULT_LANGUAGE) -> str:
    """Said plainly when the period has nothing recorded, instead of a page of zeros."""
    t = _Words(language)
    return t(N_("No data yet for {period}: no programme has been made and there is no schedule or "
                "broadcast report (as of {moment}). Run `radio build` and `radio schedule` for the "
                "month to report on."), period=_period(report, t), moment=w.moment(report.as_of))


def _period(report: Report, t: _Words) -> str:
    """'năm 2024' or 'tháng 5/2024'."""
    return (t(N_("year {year}"), year=report.period) if report.kind == "year"
            else t(N_("month {month}"), month=w.month_long(report.period)))


def sections(report: Report, language: str = DEFAULT_LANGUAGE) -> tuple[Section, ...]:
    t = _Words(language)
    units = (_units(report, t),) if report.units else ()  # only a period with a month built per unit
    return (_totals(report, t), _durations(report, t), _topics(report, t),
            _station_matrix(report, t), _stations(report, t), *units, _months(report, t),
            _emergencies(report, t))


def _units(report: Report, t: _Words) -> Section:
    """Each commune's or ward's own programme: its stations' airings and minutes."""
    rows = tuple((u.name, str(u.stations), str(u.scheduled), str(u.aired), str(u.on_time), str(u.missed),
                  str(u.upcoming), t.number(u.minutes)) for u in report.units)
    return Section("units", t(N_("By unit (each commune's or ward's own programme)")),
                   (t(N_("Unit")), t(N_("Stations")), t(N_("By schedule")), t(N_("Aired")),
                    t(N_("On time")), t(N_("Missed")), t(N_("To come")), t(N_("Minutes aired"))), rows)


def _emergencies(report: Report, t: _Words) -> Section:
    """Urgent items apart from the monthly programme: they are not airings of a slot."""
    rows = tuple(
        (e.title, t(N_("emergency")) if e.priority == "emergency" else t(N_("priority")),
         w.moment(e.valid_from), w.moment(e.valid_to), str(e.stations), str(e.stations_played))
        for e in report.emergencies)
    notes = () if rows else (t(N_("No emergency item in the period.")),)
    return Section("emergencies", t(N_("Emergency and priority items")),
                   (t(N_("Title")), t(N_("Level")), t(N_("Valid from")), t(N_("Until")),
                    t(N_("Stations sent to")), t(N_("Stations that played it"))), rows, notes)


def _totals(report: Report, t: _Words) -> Section:
    s = report.totals
    rows = (
        (t(N_("Programmes made")), f"{s.programmes}/{len(report.months)}"),
        (t(N_("Total programme length (minutes)")), t.number(s.programme_minutes)),
        (t(N_("Programmes within the length window")), f"{s.programmes_in_window}/{s.programmes}"),
        (t(N_("Content areas covered")), f"{s.topics_covered}/{s.topics_total}"),
        (t(N_("Stations that aired")), f"{s.stations_aired}/{s.stations}"),
        (t(N_("Scheduled airings")), str(s.scheduled)),
        (t(N_("Airings aired (stations' reports)")), str(s.aired)),
        (t(N_("Airings on time")), str(s.on_time)),
        (t(N_("Airings missed")), str(s.missed)),
        (t(N_("Airings to come")), str(s.upcoming)),
        (t(N_("Total broadcast time (minutes)")), t.number(s.broadcast_minutes)),
        (t(N_("Stations not synced for over {days} days"), days=report.policy.stale_days),
         str(s.stations_stale)),
        (t(N_("Stations never synced")), str(s.stations_never_synced)),
        (t(N_("Emergency and priority items sent")), str(len(report.emergencies))),
    )
    return Section("totals", t(N_("Summary (as of {moment})"), moment=w.moment(report.as_of)),
                   (t(N_("Indicator")), t(N_("Figure"))), rows)


def _durations(report: Report, t: _Words) -> Section:
    p = report.policy
    rows = tuple(
        (w.month_long(e.month), t.number(e.duration_s / 60, 2), t.number(e.predicted_s / 60, 2),
         t.number(e.predicted_error_s), t(WINDOW_WORDS[e.window]),
         t.number(e.loudness_lufs), t.number(e.loudness_delta_lu),
         t(N_("within")) if e.loudness_ok else t(N_("off")),
         t.number(e.true_peak_dbtp), t(N_("within")) if e.true_peak_ok else t(N_("over")))
        for e in report.episodes)
    notes = []
    if not report.episodes:
        notes.append(t(N_("No programme was made in the period.")))
    if report.missing_months:
        notes.append(t(N_("Months without a programme: {months}."),
                       months=t.join(w.month_long(m) for m in report.missing_months)))
    if report.months_left:
        notes.append(t(N_("Months not made yet (time remains): {months}."),
                       months=t.join(w.month_long(m) for m in report.months_left)))
    return Section(
        "durations",
        t(N_("Programme length (window {window}; loudness {lufs} LUFS ±{tolerance} LU; peak ≤ "
             "{peak} dBTP)"), window=t.window(p.min_s, p.max_s), lufs=t.number(p.target_lufs),
          tolerance=t.number(p.tolerance_lu), peak=t.number(p.true_peak_max_dbtp)),
        (t(N_("Month")), t(N_("Actual (min)")), t(N_("Predicted (min)")), t(N_("Difference (s)")),
         t(N_("Window")), t(N_("Loudness (LUFS)")), t(N_("Off by (LU)")), t(N_("Loudness")),
         t(N_("Peak (dBTP)")), t(N_("Peak"))),
        rows, tuple(notes))


def _topics(report: Report, t: _Words) -> Section:
    rows = tuple(
        (str(f.topic_id), short(f.title), *(t.number(m) if m else "" for m in f.minutes),
         t.number(f.total_minutes) if f.covered else t(N_("not yet")))
        for f in report.topics)
    notes: tuple[str, ...] = ()
    if report.uncovered_topics:
        left = (t(N_("; {count} month(s) left to add them: {months}"), count=len(report.months_left),
                  months=t.join(w.month_long(m) for m in report.months_left))
                if report.months_left else t(N_("; no month left in the period to add them")))
        notes = (t(N_("Content not covered yet: no. {numbers}{left}."),
                   numbers=t.join(str(i) for i in report.uncovered_topics), left=left),)
    return Section("topics", t(N_("Content covered (section II of the Plan) by month, in minutes")),
                   (t(N_("No.")), t(N_("Content")), *(_month_short(m, t) for m in report.months),
                    t(N_("Total"))), rows, notes)


def _month_short(month: str, t: _Words) -> str:
    """'2024-05' → 'T5' (column headings, where the year is in the title)."""
    return t(N_("M{month}"), month=int(month[5:]))


def _station_matrix(report: Report, t: _Words) -> Section:
    """Each cell: aired/scheduled, with '*' when the station never pulled that month's file."""
    cells = {(c.station_id, c.month): c for c in report.cells}
    rows = []
    for s in report.stations:
        row = []
        for m in report.months:
            c = cells[s.station_id, m]
            row.append("" if not (c.scheduled or c.aired) else f"{c.aired}/{c.scheduled}{'' if c.pulled else '*'}")
        rows.append((s.name, *row))
    return Section("matrix", t(N_("Airings aired / scheduled, by station and month")),
                   (t(N_("Station")), *(_month_short(m, t) for m in report.months)), tuple(rows),
                   (t(N_("* : the station has not received (synced) that month's programme file.")),))


def _stations(report: Report, t: _Words) -> Section:
    rows = tuple(
        (s.name, str(s.scheduled), str(s.months_pulled), str(s.aired), str(s.on_time), str(s.missed),
         str(s.upcoming), t.number(s.minutes),
         w.moment(s.last_synced) if s.last_synced else t(N_("never synced")),
         t(N_("overdue")) if s.stale else "")
        for s in report.stations)
    return Section("stations", t(N_("Radio stations")),
                   (t(N_("Station")), t(N_("By schedule")), t(N_("Months received")), t(N_("Aired")),
                    t(N_("On time")), t(N_("Missed")), t(N_("To come")), t(N_("Minutes aired")),
                    t(N_("Last sync")), t(N_("> {days} days"), days=report.policy.stale_days)), rows)


def _months(report: Report, t: _Words) -> Section:
    rows = tuple(
        (w.month_long(m.month), t(N_("yes")) if m.programme else t(N_("not made")), str(m.scheduled),
         str(m.aired), str(m.on_time), str(m.missed), str(m.upcoming), t.number(m.minutes),
         str(m.stations_pulled), str(m.stations_aired))
        for m in report.month_totals)
    return Section("months", t(N_("The whole {area} by month"), area=report.policy.area),
                   (t(N_("Month")), t(N_("Programme")), t(N_("By schedule")), t(N_("Aired")),
                    t(N_("On time")), t(N_("Missed")), t(N_("To come")), t(N_("Minutes aired")),
                    t(N_("Stations received")), t(N_("Stations aired"))), rows)


def short(text: str, limit: int = 60) -> str:
    """Plan titles run to paragraphs; tables show their opening words."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def is_figure(cell: str) -> bool:
    """Cells of numbers (12,5 · 3/4 · 0/2*) are set flush right; words flush left."""
    return bool(_FIGURE.match(cell))
