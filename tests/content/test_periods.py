"""Plans by period, not by year: each month speaks the plan, units and documents in force on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from radio.cli import main
from radio.config import load_settings
from radio.content.plan import plan_in_force
from radio.content.warnings import outdated_word
from radio.core.month import Month
from tests.content.conftest import GTTS_PACE, REPO, compile_for

# The dissolved town's own documents and the provincial plans of 2024 and early 2025.
OLD_PLANS = ("14147/QĐ-UBND", "8353/QĐ-UBND", "3916/KH", "1879/QĐ-UBND", "1546/QĐ-UBND",
             "16-CT/TU", "158-KH/TU")


@pytest.fixture
def shipped(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The shipped schedule.toml with no episode.toml at all."""
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    (tmp_path / "episodes").mkdir()
    return load_settings(tmp_path / "schedule.toml")


def test_the_plan_in_force_follows_the_date_not_the_year() -> None:
    assert plan_in_force(2025, month=6).plan.year == 2024  # the town's plan until 30/6/2025
    second_half = plan_in_force(2025, month=7)
    assert second_half.plan.year == 2025 and not second_half.borrowed
    assert "393/QĐ-UBND" in second_half.plan.title
    assert plan_in_force(2026, month=1).plan.year == 2026
    assert plan_in_force(2027, month=1).borrowed


@pytest.mark.parametrize("month", ["2025-07", "2025-10", "2026-03", "2026-12", "2027-01", "2027-06"])
def test_after_july_2025_no_programme_names_the_dissolved_level_or_cites_an_old_plan(
        shipped, month: str) -> None:  # type: ignore[no-untyped-def]
    script = compile_for(Month.parse(month), shipped, GTTS_PACE)
    text = "\n".join(s.text for s in script.segments)
    for sentence in text.replace("\n", " ").split(". "):
        assert outdated_word(sentence) is None, sentence
    for word in ("thị xã", "Thị ủy", "Bộ phận Một cửa", "UBND thị xã"):
        assert word not in text
    for number in OLD_PLANS:
        assert number not in text, number


def test_a_2024_month_still_speaks_of_the_town(shipped) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(s.text for s in compile_for(Month(2024, 5), shipped, GTTS_PACE).segments)
    assert "thị xã Đức Phổ" in text


def test_the_gone_level_may_be_named_as_gone() -> None:
    assert outdated_word("Từ ngày 01/7/2025, không còn cấp huyện.") is None
    assert outdated_word("Xin liên hệ Ủy ban nhân dân huyện.") == "huyện"
    assert outdated_word("Theo UBND thị xã Đức Phổ, …") == "UBND thị xã"


def test_a_new_years_plan_starts_from_the_last_one(tmp_path: Path) -> None:
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    (tmp_path / "episodes").mkdir()
    config = ["--config", str(tmp_path / "schedule.toml")]
    result = CliRunner(mix_stderr=False).invoke(main, [*config, "plan", "2027", "--new"])
    assert result.exit_code == 0, result.stdout + result.stderr
    text = (tmp_path / "plans" / "2027.toml").read_text(encoding="utf-8")
    assert "year = 2027" in text and "năm 2027" in text and '"areas"' in text
    in_force = plan_in_force(2027, tmp_path / "plans", 1)
    assert in_force.plan.year == 2027 and not in_force.borrowed
    again = CliRunner(mix_stderr=False).invoke(main, [*config, "plan", "2027", "--new"])
    assert again.exit_code != 0 and "already exists" in again.stderr
