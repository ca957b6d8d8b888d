"""Which topics each month's programme covers, so that a year covers all of its plan's areas.

The past is fixed: a month already built keeps its topics whatever later months choose, and a
saved plan keeps the months not built yet stable until an explicit re-plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations

from radio.content.episode import MAX_TOPICS
from radio.core.month import Month

# Tie-break when topics are equally used: what citizens and businesses gain most from first.
PREFERENCE: tuple[int, ...] = (5, 6, 3, 10, 2, 4, 8, 1, 7, 9)
TOPICS_PER_MONTH = 3
REFINE_PASSES = 3  # passes of the planner after its greedy one


@dataclass(frozen=True)
class PlannedMonth:
    month: Month
    topics: tuple[int, ...]
    editorial: bool      # the month has an episode.toml
    chosen: bool         # its topics were chosen in that episode.toml, not by the plan
    fixed: bool = False  # built already: its topics no longer change


@dataclass(frozen=True)
class YearPlan:
    year: int
    months: tuple[PlannedMonth, ...]
    uncovered: tuple[int, ...]  # areas no programme covers (editors' choices left no room)

    def topics(self, month: int) -> tuple[int, ...]:
        return self.months[month - 1].topics

    def saved_form(self) -> dict[int, tuple[int, ...]]:
        return {planned.month.month: planned.topics for planned in self.months}


def plan_year(year: int, areas: Sequence[int], hotline: int | None,
              editorial: Mapping[int, tuple[int, ...]],
              fixed: Mapping[int, tuple[int, ...]] | None = None,
              saved: Mapping[int, tuple[int, ...]] | None = None,
              before: Mapping[int, tuple[int, ...]] | None = None) -> YearPlan:
    """Topics for the 12 months of `year`, from the plan's `areas`.

    `fixed` maps months already built to the topics they were built with: kept whatever else
    changed, unless that month's own episode.toml now chooses others. `editorial` maps each month
    with an episode.toml to the topics it chose (empty: let the plan choose). `saved` is the plan
    saved earlier: its months not fixed or chosen keep their topics. The remaining months first
    take the areas nobody covers yet (spread one per month), then are filled up to
    TOPICS_PER_MONTH with the set that shares two topics with the fewest other months (their core
    texts would be said twice), then the fewest areas of the month
    before and after, then the least-used areas. `before` maps the previous year's months to their
    topics: a month looks back twelve months, across the year boundary, so it is not last year's
    same month again. The hotline area is covered by every programme's hotline segment, so it is
    never planned as a topic. Deterministic.
    """
    fixed = dict(fixed or {})
    chosen = {m: t for m, t in editorial.items() if t}  # an editor's explicit choice always wins
    kept = {m: t for m, t in (saved or {}).items()
            if m not in fixed and m not in chosen and t and set(t) <= set(areas)}
    given = {**kept, **fixed, **chosen}
    free = [m for m in range(1, 13) if m not in given]
    topics: dict[int, list[int]] = {m: list(t) for m, t in given.items()}
    topics.update({m: [] for m in free})
    plannable = [a for a in areas if a != hotline]
    order = [a for a in PREFERENCE if a in plannable] + [a for a in plannable if a not in PREFERENCE]
    covered = {hotline}.union(*given.values())
    missing = [t for t in order if t not in covered]
    before = before or {}
    for topic_id in missing[:MAX_TOPICS * len(free)]:
        # the round of months with the fewest areas given, where this area aired least in the
        # twelve months before (last year's same month and after)
        fewest = min(len(topics[m]) for m in free)
        open_months = [m for m in free if len(topics[m]) == fewest]
        month = min(open_months, key=lambda m: (
            sum(topic_id in before.get(k, ()) for k in range(m, 13)), open_months.index(m)))
        topics[month].append(topic_id)
    size = min(TOPICS_PER_MONTH, len(order))
    topics = _fill(topics, free, order, size, before)
    months = tuple(
        PlannedMonth(Month(year, m), tuple(sorted(topics[m])), m in editorial, m in chosen, m in fixed)
        for m in range(1, 13))
    all_covered = {hotline}.union(*(p.topics for p in months))
    return YearPlan(year, months, tuple(t for t in areas if t not in all_covered))


def _fill(given: Mapping[int, list[int]], free: Sequence[int], order: Sequence[int],
          size: int, before: Mapping[int, tuple[int, ...]]) -> dict[int, list[int]]:
    """Fill the free months in the order given, each with the best set of areas for it; months
    of the previous year within twelve months count as others (and December as January's
    neighbour)."""
    topics = {m: list(t) for m, t in given.items()}
    starts = {m: list(topics[m]) for m in free}  # areas nobody covered yet, given to the month
    used = Counter(t for ts in topics.values() for t in ts)
    used.update(t for ts in before.values() for t in ts)
    # A greedy pass, then passes that choose each month again knowing all the others (a month
    # chosen early could not see the later ones); stops when nothing changes.
    for attempt in range(1 + REFINE_PASSES):
        changed = False
        for m in free:
            neighbours = set(topics.get(m - 1, ())) | set(topics.get(m + 1, ()))
            if m == 1:
                neighbours |= set(before.get(12, ()))
            others = [set(ts) for month, ts in topics.items() if month != m and ts]
            others += [set(ts) for month, ts in before.items() if month >= m]
            start = starts[m]
            if attempt:
                used.subtract(t for t in topics[m] if t not in start)
            rest = [t for t in order if t not in start]
            best = min(combinations(rest, max(size - len(start), 0)),
                       key=partial(_cost, start, others, neighbours, used, order))
            changed |= set(topics[m]) != {*start, *best}
            topics[m] = [*start, *best]
            used.update(best)
        if attempt and not changed:
            break
    return topics


def _cost(start: Sequence[int], others: Sequence[set[int]], neighbours: set[int],
          used: Counter[int], order: Sequence[int], extra: tuple[int, ...],
          ) -> tuple[int, int, int, int, list[int]]:
    """How bad adding `extra` to `start` is: months sharing two areas, neighbours, areas shared
    with other months at all, use, order."""
    chosen = {*start, *extra}
    # two areas in common already repeats much of a month's core text; three, all of it
    shared_pairs = sum(max(0, len(other & chosen) - 1) ** 2 for other in others)
    shared = sum(len(other & chosen) for other in others)
    return (shared_pairs, len(chosen & neighbours), shared, sum(used[t] for t in extra),
            sorted(order.index(t) for t in extra))
