"""No reruns: twelve months without editorial input differ, and the year still covers every area."""

from __future__ import annotations

import shutil
from itertools import combinations
from pathlib import Path

import pytest

from radio.config import load_settings
from radio.content.compiler import compile_year
from radio.content.planning import earlier_planning, year_planning
from radio.content.repeats import shared_fraction
from radio.reading import Normalizer
from radio.speech.pace import espeak_pace
from tests.content.conftest import GTTS_PACE, REPO

LIMIT = 0.30


# A fast voice says more in 12.5 minutes, so it needs the most material: the offline voice.
FAST = espeak_pace("vi", 150)


@pytest.mark.slow
@pytest.mark.parametrize("year", [2024, 2026])
def test_months_without_input_share_at_most_30_percent_pairwise(make_settings, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                year: int) -> None:
    settings = make_settings(episodes=tmp_path / "no-episodes")
    planning = year_planning(settings.program, year)
    scripts = compile_year(settings.program, FAST, Normalizer(settings.reading).read,
                           pause_s=settings.audio.pause_ms / 1000, planning=planning)
    assert sorted(scripts) == list(range(1, 13))
    covered = {topic for script in scripts.values() for topic in script.topics}
    assert covered == set(planning.in_force.plan.area_ids)
    shares = {(a, b): shared_fraction(scripts[a], scripts[b]) for a, b in combinations(scripts, 2)}
    worst = max(shares, key=shares.__getitem__)
    assert shares[worst] <= LIMIT, f"months {worst} share {shares[worst]:.0%} of their own text"


def test_the_measure_ignores_the_frame_and_counts_shared_paragraphs(make_settings,  # type: ignore[no-untyped-def]
                                                                    tmp_path: Path) -> None:
    settings = make_settings(episodes=tmp_path / "none")
    planning = year_planning(settings.program, 2024)
    scripts = compile_year(settings.program, GTTS_PACE, lambda text: text, pause_s=0.7,
                           planning=planning, until=2)
    assert shared_fraction(scripts[1], scripts[1]) == 1.0
    assert shared_fraction(scripts[1], scripts[2]) < 0.2  # no topic in common, same frame


def test_no_two_programmes_within_twelve_months_share_more_than_30_percent_across_years(
        tmp_path: Path) -> None:
    """Built with no episode.toml: January 2027 is neither January 2026 nor December 2026 again,
    and no month of 2026–2027 repeats one of the twelve months before it."""
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    (tmp_path / "episodes").mkdir()
    program = load_settings(tmp_path / "schedule.toml").program
    scripts = {}
    for year in (2026, 2027):
        planning = year_planning(program, year, previous=earlier_planning(program, year - 1))
        compiled = compile_year(program, GTTS_PACE, lambda text: text, pause_s=0.7,
                                planning=planning)
        scripts |= {(year, m): s for m, s in compiled.items()}
    assert shared_fraction(scripts[2027, 1], scripts[2026, 1]) <= 0.30
    assert shared_fraction(scripts[2027, 1], scripts[2026, 12]) <= 0.30
    assert scripts[2027, 1].topics != scripts[2026, 1].topics
    months = sorted(scripts)
    for i, later in enumerate(months):
        for earlier in months[max(0, i - 12):i]:
            share = shared_fraction(scripts[later], scripts[earlier])
            assert share <= 0.30, (later, earlier, share)
