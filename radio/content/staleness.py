"""A programme for month M must speak of M's year as the present: find text that does not.

The check reads the script as written (before the normaliser) and names each offending sentence
with its segment, so the editor can fix the template or the month's input. A year after M (a
target: "đến năm 2030") is fine; an earlier year is fine after a word that places it in the past
("từ năm 2021", "giai đoạn", "trước năm …"). Anything else ("Riêng năm 2024, …", "Kế hoạch cải
cách hành chính năm 2024" in a 2026 programme) speaks of another year as if it were now — except
the title of a document cited in the same sentence with that year's date ("Nghị quyết số 1677/
NQ-UBTVQH15 ngày 16/6/2025 về … năm 2025"), unless the title is a plan's: a plan of another year
is not in force. Years the editor gave as the month's figures are data, not staleness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from radio.content.script import Script

_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
# A sentence ends at . ! ? followed by a space or the end: "6.842" and "1.241" stay whole.
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]?")
# Words right before "năm YYYY" that place an earlier year in the past or in a span.
_PAST_CUES = ("từ", "kể từ", "sau", "trước", "đến", "giai đoạn", "cuối", "đầu", "vào", "qua",
              "nhìn lại", "tổng kết", "kết quả", "cả")
# Words right after "năm YYYY" that name it as past: "năm 2026 vừa qua", "năm 2026 đã qua".
_PAST_AFTER = re.compile(r"^\s*(vừa qua|đã qua|qua\b|vừa rồi|trước\b)", re.IGNORECASE)
_PLAN = re.compile(r"\bkế hoạch\b[^,;:]{0,60}$", re.IGNORECASE)  # "Kế hoạch … năm 2025"


@dataclass(frozen=True)
class StaleLine:
    segment_id: str
    year: int
    sentence: str

    def __str__(self) -> str:
        return f"{self.segment_id}: «{self.sentence}» speaks of {self.year}"


def stale_lines(script: Script, plan_year: int | None = None,
                given: frozenset[int] = frozenset()) -> tuple[StaleLine, ...]:
    """Sentences speaking of a year other than the script's own as the present.

    `plan_year`: the year of the plan the script follows; when it is not the script's year (a
    year without its own plan), the plan's year is reported wherever it is named as the present.
    `given`: years the editor wrote as the month's figures (last year's index, say).
    """
    own = script.month.year
    found: list[StaleLine] = []
    for segment in script.segments:
        for sentence in _SENTENCE.findall(segment.text):
            for match in _YEAR.finditer(sentence):
                year = int(match[1])
                if year == own or year > own and year != plan_year or year in given:
                    continue
                before = sentence[:match.start()].rstrip().lower()
                if year < own and _PAST_AFTER.match(sentence[match.end():]):
                    continue  # a review of a past year that says it is past
                if year < own and year != plan_year and (
                        before.endswith(_PAST_CUES)
                        or f"/{year}" in sentence[:match.start()] and not _PLAN.search(before)):
                    continue
                found.append(StaleLine(segment.id, year, " ".join(sentence.split())))
    return tuple(found)
