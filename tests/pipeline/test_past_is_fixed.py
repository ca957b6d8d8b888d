"""The past is fixed: a built month keeps its topics and its script whatever later months choose."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result


def _facts(workspace: Path, month: str) -> dict:  # type: ignore[type-arg]
    return json.loads((workspace / "episodes" / month / "build.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_adding_topics_to_december_does_not_change_a_built_january(
        radio: Callable[..., Result], workspace: Path) -> None:
    assert radio("build", "2024-01", "--engine", "espeak").exit_code == 0
    january = _facts(workspace, "2024-01")
    assert january["material"]  # what it used is recorded, so later months use something else

    december = workspace / "episodes" / "2024-12"
    december.mkdir(parents=True, exist_ok=True)
    chosen = [t for t in range(1, 11) if t not in january["topics"]][:2] + january["planned_topics"][:1]
    (december / "episode.toml").write_text(f"topics = {chosen}\n", encoding="utf-8")
    plan = radio("plan", "2024", "--replan")
    assert plan.exit_code == 0, plan.stderr
    assert "2024-01  " + ", ".join(map(str, january["planned_topics"])) in plan.stdout
    assert "built (fixed)" in plan.stdout.splitlines()[3]

    again = radio("build", "2024-01", "--engine", "espeak")
    assert again.exit_code == 0, again.stderr
    rebuilt = _facts(workspace, "2024-01")
    assert rebuilt["planned_topics"] == january["planned_topics"]
    assert rebuilt["script_sha256"] == january["script_sha256"]


@pytest.mark.slow
def test_an_unbuilt_month_keeps_its_saved_topics_until_a_replan(
        radio: Callable[..., Result], workspace: Path) -> None:
    first = radio("plan", "2024")
    assert first.exit_code == 0, first.stderr
    saved = workspace / "episodes" / "plan-2024.toml"
    line = next(line for line in first.stdout.splitlines() if line.startswith("2024-02"))
    # An editor gives December topics; February (not built) keeps its saved plan.
    (workspace / "episodes" / "2024-12").mkdir(parents=True, exist_ok=True)
    (workspace / "episodes" / "2024-12" / "episode.toml").write_text("topics = [1, 2, 4]\n",
                                                                    encoding="utf-8")
    second = radio("plan", "2024")
    assert line in second.stdout.splitlines() and saved.is_file()
    assert "2024-12  1, 2, 4" in second.stdout
