from __future__ import annotations

from radio.content.episode import load_year_inputs
from radio.content.yearplan import plan_year
from tests.content.conftest import SHIPPED_EPISODES

TOPIC_IDS = tuple(range(1, 12))  # the 2024 plan's areas; 11 is the hotline


def _covered(plan) -> set[int]:  # type: ignore[no-untyped-def]
    return {11}.union(*(m.topics for m in plan.months))


def test_without_inputs_all_areas_are_covered() -> None:
    plan = plan_year(2024, TOPIC_IDS, 11, {})
    assert [str(m.month) for m in plan.months][0] == "2024-01" and len(plan.months) == 12
    assert _covered(plan) == set(TOPIC_IDS) and plan.uncovered == ()
    for month in plan.months:
        assert 2 <= len(month.topics) <= 4 and not month.editorial
        assert 11 not in month.topics  # the hotline segment covers item 11 every month
    assert plan == plan_year(2024, TOPIC_IDS, 11, {})  # deterministic


def test_months_share_at_most_one_area_and_neighbours_rarely_any() -> None:
    """Two months sharing two areas would say two core texts twice; next months differ."""
    plan = plan_year(2024, TOPIC_IDS, 11, {})
    sets = [set(m.topics) for m in plan.months]
    assert all(len(a & b) <= 1 for i, a in enumerate(sets) for b in sets[i + 1:])
    assert sum(len(a & b) for a, b in zip(sets, sets[1:], strict=False)) <= 2  # of 11 turns of the month


def test_shipped_inputs_are_kept_and_the_rest_fills_the_gaps() -> None:
    inputs = load_year_inputs(SHIPPED_EPISODES, 2024)
    plan = plan_year(2024, TOPIC_IDS, 11, {m: i.topics for m, i in inputs.items()})
    for number, month_input in inputs.items():
        assert plan.topics(number) == tuple(sorted(month_input.topics))
        assert plan.months[number - 1].chosen
    assert _covered(plan) == set(TOPIC_IDS) and plan.uncovered == ()


def test_areas_editors_leave_out_go_to_free_months() -> None:
    editorial = {m: (5, 6) for m in range(1, 11)}  # ten months all on the same two areas
    plan = plan_year(2024, TOPIC_IDS, 11, editorial)
    assert _covered(plan) == set(TOPIC_IDS)
    assert set(plan.topics(11)) | set(plan.topics(12)) >= {1, 2, 3, 4, 7, 8, 9, 10}
    assert all(len(plan.topics(m)) <= 4 for m in (11, 12))


def test_input_without_topics_is_planned_but_marked() -> None:
    plan = plan_year(2024, TOPIC_IDS, 11, {4: ()})
    assert plan.months[3].editorial and not plan.months[3].chosen and plan.topics(4)


def test_uncovered_areas_are_reported() -> None:
    editorial = {m: (5, 6) for m in range(1, 12)}  # one free month cannot take eight areas
    plan = plan_year(2024, TOPIC_IDS, 11, editorial)
    assert len(plan.topics(12)) == 4
    assert len(plan.uncovered) == 4 and plan.uncovered == tuple(sorted(plan.uncovered))
    assert set(plan.uncovered) | set(plan.topics(12)) == {1, 2, 3, 4, 7, 8, 9, 10}
