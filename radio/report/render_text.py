"""The terminal summary: aligned plain-text tables."""

from __future__ import annotations

import unicodedata

from radio.core.i18n import DEFAULT_LANGUAGE, N_, translate
from radio.report.figures import Report
from radio.report.narrative import Narrative
from radio.report.tables import Section, empty_message, is_figure, sections, title


def render_text(report: Report, story: Narrative | None = None,
                language: str = DEFAULT_LANGUAGE) -> str:
    """The tables in `language`; the narrative stays Vietnamese (it is pasted into the official
    report)."""
    heading = title(report, language)
    lines = [heading, "=" * _width(heading), ""]
    if report.empty:
        return "\n".join([*lines, empty_message(report, language), ""])
    for section in sections(report, language):
        lines += [*_table(section), ""]
    if story:
        summary = translate(language, N_("Summary (to paste into the report)"))
        lines += [summary, "-" * _width(summary), *story.paragraphs, ""]
        if story.not_done:
            lines += [translate(language, N_("Not achieved:")),
                      *(f"- {item}" for item in story.not_done), ""]
    return "\n".join(lines)


def _table(section: Section) -> list[str]:
    columns = list(zip(section.headers, *section.rows, strict=True)) if section.rows else \
        [(h,) for h in section.headers]
    widths = [max(_width(cell) for cell in column) for column in columns]
    lines = [section.title, "-" * _width(section.title)]
    if section.rows:
        lines.append(_line(section.headers, widths))
        lines.append("  ".join("-" * width for width in widths))
        lines += [_line(row, widths) for row in section.rows]
    return lines + list(section.notes)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    parts = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        pad = " " * (width - _width(cell))
        # Labels read left to right; figures line up on the right.
        parts.append(pad + cell if index and is_figure(cell) else cell + pad)
    return "  ".join(parts).rstrip()


def _width(text: str) -> int:
    """Columns on screen: Vietnamese may arrive decomposed, and combining marks take no column."""
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))
