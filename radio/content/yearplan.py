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
              saved: Mapping[int, tuple[int, ...]] | None = None) -> YearPlan:
    """Topics for the 12 months of `year`, from the plan's `areas`.

    `fixed` maps months already built to the topics they were built with: kept whatever else
    changed, unless that month's own episode.toml now chooses others. `editorial` maps each month
    with an episode.toml to the topics it chose (empty: let the plan choose). `saved` is the plan
    saved earlier: its months not fixed or chosen keep their topics. The remaining months first
    take the areas nobody covers yet (spread one per month), then are filled up to
    TOPICS_PER_MONTH with the set that shares two topics with the fewest other months (their core
    texts would be said twice), then the fewest areas of the month
    before and after, then the least-used areas. The hotline area is covered by every programme's
    hotline segment, so it is never planned as a topic. Deterministic.
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
    for i, topic_id in enumerate(missing[:MAX_TOPICS * len(free)]):
        topics[free[i % len(free)]].append(topic_id)
    size = min(TOPICS_PER_MONTH, len(order))
    topics = _fill(topics, free, order, size)
    months = tuple(
        PlannedMonth(Month(year, m), tuple(sorted(topics[m])), m in editorial, m in chosen, m in fixed)
        for m in range(1, 13))
    all_covered = {hotline}.union(*(p.topics for p in months))
    return YearPlan(year, months, tuple(t for t in areas if t not in all_covered))


def _fill(given: Mapping[int, list[int]], free: Sequence[int], order: Sequence[int],
          size: int) -> dict[int, list[int]]:
    """Fill the free months in the order given, each with the best set of areas for it."""
    topics = {m: list(t) for m, t in given.items()}
    used = Counter(t for ts in topics.values() for t in ts)
    for m in free:
        neighbours = set(topics.get(m - 1, ())) | set(topics.get(m + 1, ()))
        others = [set(ts) for month, ts in topics.items() if month != m]
        start = topics[m]  # areas nobody covered yet, given to this month
        rest = [t for t in order if t not in start]
        best = min(combinations(rest, max(size - len(start), 0)),
                   key=partial(_cost, start, others, neighbours, used, order))
        topics[m] = [*start, *best]
        used.update(best)
    return topics



def _cost(start: Sequence[int], others: Sequence[set[int]], neighbours: set[int],
          used: Counter[int], order: Sequence[int], extra: tuple[int, ...],
          ) -> tuple[int, int, int, list[int]]:
    """How bad adding `extra` to `start` is: months sharing two areas, neighbours, use, order."""
    chosen = {*start, *extra}
    shared_pairs = sum(len(other & chosen) >= 2 for other in others)
    return (shared_pairs, len(chosen & neighbours), sum(used[t] for t in extra),
            sorted(order.index(t) for t in extra))
