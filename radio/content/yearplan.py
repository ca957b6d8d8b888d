"""Which topics each month's programme covers, so that a year covers all 11 content areas."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from radio.content.episode import MAX_TOPICS
from radio.content.topics import HOTLINE_TOPIC, TOPIC_IDS
from radio.core.month import Month

# Tie-break when topics are equally used: what citizens and businesses gain most from first.
PREFERENCE: tuple[int, ...] = (5, 6, 3, 10, 2, 4, 8, 1, 7, 9)
TOPICS_PER_MONTH = 3


@dataclass(frozen=True)
class PlannedMonth:
    month: Month
    topics: tuple[int, ...]
    editorial: bool  # the month has an episode.toml
    chosen: bool     # its topics were chosen in that episode.toml, not by the plan


@dataclass(frozen=True)
class YearPlan:
    year: int
    months: tuple[PlannedMonth, ...]
    uncovered: tuple[int, ...]  # areas no programme covers (editors' choices left no room)

    def topics(self, month: int) -> tuple[int, ...]:
        return self.months[month - 1].topics


def plan_year(year: int, editorial: Mapping[int, tuple[int, ...]]) -> YearPlan:
    """Topics for the 12 months of `year`.

    `editorial` maps each month with an episode.toml to the topics it chose (empty: let the plan
    choose). Chosen months are kept as they are; the other months first take the areas nobody
    chose yet (spread one per month), then are filled up to TOPICS_PER_MONTH with the least-used
    areas, avoiding the areas of the month before and after. Item 11 (the hotline) is covered by
    every programme's hotline segment, so it is never planned as a topic. Deterministic.
    """
    chosen = {m: t for m, t in editorial.items() if t}
    free = [m for m in range(1, 13) if m not in chosen]
    topics: dict[int, list[int]] = {m: list(t) for m, t in chosen.items()}
    topics.update({m: [] for m in free})
    covered = {HOTLINE_TOPIC}.union(*chosen.values())
    missing = [t for t in PREFERENCE if t not in covered]
    for i, topic_id in enumerate(missing[:MAX_TOPICS * len(free)]):
        topics[free[i % len(free)]].append(topic_id)
    used = Counter(t for ts in topics.values() for t in ts)
    for m in free:
        neighbours = set(topics.get(m - 1, ())) | set(topics.get(m + 1, ()))
        while len(topics[m]) < TOPICS_PER_MONTH:
            candidates = [t for t in PREFERENCE if t not in topics[m]]
            best = min(candidates, key=lambda t: (t in neighbours, used[t], PREFERENCE.index(t)))
            topics[m].append(best)
            used[best] += 1
    months = tuple(
        PlannedMonth(Month(year, m), tuple(sorted(topics[m])), m in editorial, m in chosen)
        for m in range(1, 13))
    all_covered = {HOTLINE_TOPIC}.union(*(p.topics for p in months))
    return YearPlan(year, months, tuple(t for t in TOPIC_IDS if t not in all_covered))
