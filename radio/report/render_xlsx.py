"""The report as an Excel workbook: one sheet per table of the report, in Vietnamese, figures as numbers.

The tables are the ones the Markdown and HTML reports show (radio.report.tables); a cell that is a
plain number in Vietnamese style ("12,5", "1.234") is stored as a number, so that the office can sum
and chart it; ratios ("3/4") and words stay text. A year report starts with the summary to paste.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from radio.report.figures import Report
from radio.report.narrative import Narrative
from radio.report.tables import Section, empty_message, sections, title

# Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
SHEETS = {
    "totals": "Tổng hợp",
    "durations": "Thời lượng",
    "topics": "Nội dung",
    "matrix": "Lượt phát theo đài",
    "stations": "Đài",
    "months": "Theo tháng",
    "units": "Theo đơn vị",
    "emergencies": "Khẩn cấp",
}
_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$")


def render_xlsx(report: Report, story: Narrative | None = None) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has one sheet
    book.remove(first)
    if report.empty or story:
        sheet = book.create_sheet("Tóm tắt")
        sheet.append([title(report)])
        sheet["A1"].font = Font(bold=True, size=13)
        lines = [empty_message(report)] if report.empty else [*story.paragraphs] if story else []
        if story and story.not_done:
            lines += ["Chưa thực hiện được:", *(f"- {item}" for item in story.not_done)]
        for line in lines:
            sheet.append([line])
        sheet.column_dimensions["A"].width = 120
        for row in sheet.iter_rows(min_row=2):
            row[0].alignment = Alignment(wrap_text=True, vertical="top")
    if not report.empty:
        for section in sections(report):
            _sheet(book.create_sheet(SHEETS[section.key]), section)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(sheet: Worksheet, section: Section) -> None:
    sheet.append([section.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(section.headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in section.rows:
        sheet.append([cell_value(c) for c in row])
    for note in section.notes:
        sheet.append([note])
    sheet.freeze_panes = "B3"
    for index, header in enumerate(section.headers, start=1):
        longest = max([len(header), *(len(r[index - 1]) for r in section.rows)], default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 6), 60)


def cell_value(text: str) -> str | int | float:
    """'12,5' → 12.5, '1.234' → 1234, '3/4' and words → as written."""
    if not _NUMBER.match(text):
        return text
    number = text.replace(".", "").replace(",", ".")
    return float(number) if "." in number else int(number)
