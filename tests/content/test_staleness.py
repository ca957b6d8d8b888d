"""The staleness check: a programme speaks of its own year as the present."""

from __future__ import annotations

from radio.content.script import Script, Segment, SegmentKind
from radio.content.staleness import stale_lines
from radio.core.month import Month


def _script(year: int, *texts: str) -> Script:
    return Script(Month(year, 12), "t", tuple(
        Segment(f"{i:02d}-topic-0{i}", SegmentKind.TOPIC, "x", text) for i, text in enumerate(texts, 1)))


def test_another_year_as_the_present_is_named_with_its_segment() -> None:
    found = stale_lines(_script(2026, "Riêng năm 2024, thị xã ban hành kế hoạch. Câu khác.",
                                "Kế hoạch cải cách hành chính năm 2025 của tỉnh đặt nhiệm vụ mới."))
    assert [(f.segment_id, f.year) for f in found] == [("01-topic-01", 2024), ("02-topic-02", 2025)]
    assert str(found[0]) == "01-topic-01: «Riêng năm 2024, thị xã ban hành kế hoạch.» speaks of 2024"


def test_own_year_targets_spans_and_dates_are_fine() -> None:
    assert stale_lines(_script(
        2026, "Kế hoạch năm 2026 của tỉnh.", "Định hướng đến năm 2030, tầm nhìn đến năm 2045.",
        "Từ năm 2021 đến nay, giai đoạn năm 2021 - 2030.", "Quyết định số 393/QĐ-UBND ngày 14/7/2025.",
        "Sau năm 2025, bộ máy tinh gọn hơn.")) == ()


def test_a_borrowed_plans_year_is_stale_even_as_a_target() -> None:
    script = _script(2025, "Mục tiêu đến năm 2030.", "Cải cách hành chính năm 2024 của thị xã.")
    assert [f.year for f in stale_lines(script, plan_year=2024)] == [2024]


def test_a_cited_documents_own_title_is_a_reference_but_a_past_plan_is_not() -> None:
    title = ("Nghị quyết số 1677/NQ-UBTVQH15 ngày 16/6/2025 về việc sắp xếp các đơn vị hành chính "
             "cấp xã của tỉnh năm 2025.")
    plan = "Quyết định số 393/QĐ-UBND ngày 14/7/2025 về Kế hoạch cải cách hành chính năm 2025."
    assert [f.segment_id for f in stale_lines(_script(2026, title, plan))] == ["02-topic-02"]


def test_years_the_editor_gave_as_figures_are_data() -> None:
    script = _script(2024, "Năm 2023, chỉ số cải cách hành chính đạt 86,12 điểm.")
    assert stale_lines(script, given=frozenset({2023})) == ()
    assert [f.year for f in stale_lines(script)] == [2023]
