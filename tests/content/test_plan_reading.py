"""The plan in force is parsed once per change of its file (the Studio asks a dozen times a page)."""

from __future__ import annotations

from pathlib import Path

from radio.content import plan as plans
from radio.content.plan import plan_in_force

REPO = Path(__file__).resolve().parents[2]


def test_a_plan_is_read_again_only_when_its_file_changes(tmp_path: Path, monkeypatch) -> None:
    shipped = (REPO / "radio/content/plans/2026.toml").read_text(encoding="utf-8")
    path = tmp_path / "2027.toml"
    path.write_text(shipped.replace("year = 2026", "year = 2027"), encoding="utf-8")
    reads: list[Path] = []
    real = plans.load_plan
    monkeypatch.setattr(plans, "load_plan", lambda p: reads.append(p) or real(p))
    first = plan_in_force(2027, tmp_path).plan
    assert plan_in_force(2027, tmp_path).plan is first and reads.count(path) == 1
    path.write_text(shipped.replace("year = 2026", "year = 2027").replace("per_month = 1", "per_month = 2"),
                    encoding="utf-8")
    again = plan_in_force(2027, tmp_path).plan
    assert reads.count(path) == 2 and (first.per_month, again.per_month) == (1, 2)
