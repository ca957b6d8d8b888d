"""The report as Markdown (for the office's documents or a wiki)."""

from __future__ import annotations

from radio.report.figures import Report
from radio.report.narrative import Narrative
from radio.report.tables import Section, empty_message, sections, title


def render_md(report: Report, story: Narrative | None = None) -> str:
    lines = [f"# {title(report)}", ""]
    if report.empty:
        return "\n".join([*lines, empty_message(report), ""])
    if story:
        lines += ["## Tóm tắt", "", *(f"{p}\n" for p in story.paragraphs)]
        if story.not_done:
            lines += ["**Chưa thực hiện được:**", "", *(f"- {item}" for item in story.not_done), ""]
    for section in sections(report):
        lines += _table(section)
    return "\n".join(lines)


def _table(section: Section) -> list[str]:
    lines = [f"## {section.title}", ""]
    if section.rows:
        lines.append("| " + " | ".join(_cell(h) for h in section.headers) + " |")
        lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(section.headers))) + "|")
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.rows]
        lines.append("")
    return lines + [f"{note}\n" for note in section.notes]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*") or " "
