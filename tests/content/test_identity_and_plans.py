"""The dated programme identity and the year plans: right for the month a programme airs in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from radio.config import load_settings
from radio.content.plan import load_plan, plan_in_force
from radio.core.errors import RadioError
from radio.core.month import Month
from tests.content.conftest import REPO, compile_for

SHIPPED = load_settings(REPO / "schedule.toml")


def test_the_identity_of_a_month_is_the_period_in_force_on_its_first_day() -> None:
    program = SHIPPED.program
    assert program.identity_of(Month(2025, 6)).area == "thị xã Đức Phổ"
    late = program.identity_of(Month(2025, 7))
    assert late.area.startswith("các phường Đức Phổ, Trà Câu, Sa Huỳnh")
    assert late.province == "tỉnh Quảng Ngãi"  # carried over from the period before
    # the producer after 01/7/2025 comes from the facts register, where it is an example
    assert late.centre == "Đài truyền thanh phường Đức Phổ"
    assert not program.register.on(date(2025, 7, 1))["producer"].confirmed
    assert program.identity_on(date(2026, 12, 1)) == late


def _schedule(tmp_path: Path, periods: str) -> Path:
    path = tmp_path / "schedule.toml"
    path.write_text("[program]\n" + periods, encoding="utf-8")
    return path


def test_identity_periods_must_be_in_order_and_complete(tmp_path: Path) -> None:
    first = ('[[program.identity]]\nfrom = 2025-07-01\ncentre = "A"\narea = "B"\narea_kind = "C"\n'
             'local_units = "D"\none_stop = "E"\nprovince = "F"\nhotline = "1"\nportal = "G"\n')
    with pytest.raises(RadioError, match=r"identity\[1\]\.from: 2024-01-01 is not after"):
        load_settings(_schedule(tmp_path, first + '[[program.identity]]\nfrom = 2024-01-01\n'))
    with pytest.raises(RadioError, match=r"identity\[0\]\.area: required field is missing"):
        load_settings(_schedule(tmp_path, first.replace('area = "B"\n', "")))
    with pytest.raises(RadioError, match=r"identity\[0\]\.confirm\[0\]: 'phone' is not one of"):
        load_settings(_schedule(tmp_path, first + 'confirm = ["phone"]\n'))
    empty = load_settings(_schedule(tmp_path, ""))
    with pytest.raises(RadioError, match=r"no \[\[program.identity\]\] period"):
        empty.program.identity_of(Month(2026, 12))


def test_a_year_without_its_own_plan_uses_the_latest_earlier_one_and_says_so() -> None:
    assert not plan_in_force(2024).borrowed and plan_in_force(2024).notice() == ""
    in_force = plan_in_force(2025, month=6)  # the 2024 plan until 30/6/2025, then 2025's
    assert in_force.borrowed and in_force.plan.year == 2024
    assert "2025 has no communication plan of its own: the 2024 plan" in in_force.notice()
    assert not plan_in_force(2025, month=7).borrowed
    assert plan_in_force(2026).plan.templates == "plan-2026"
    with pytest.raises(RadioError, match="no communication plan for 2023 or an earlier year"):
        plan_in_force(2023)


def test_the_2024_plan_keeps_the_seed_references_exactly() -> None:
    plan = plan_in_force(2024).plan
    assert plan.report_deadline == date(2024, 11, 25) and (plan.min_minutes, plan.max_minutes) == (10, 15)
    assert plan.hotline_area == 11 and plan.area_ids == tuple(range(1, 12))
    seed = (REPO.parent / "shared" / "seed" / "ke-hoach-tuyen-truyen-cchc-2024.md")
    if seed.is_file():  # shared/ sits beside the repository here and in CI
        # The seed breaks one code over two lines ("3916/KH-" / "UBND"): join such breaks.
        text = " ".join(seed.read_text(encoding="utf-8").split()).replace("- ", "-")
        for area in plan.areas:
            for reference in area.references:
                number = reference.split(" ngày ")[0].removeprefix("Nghị quyết số ")
                assert number.split()[-1] in text, reference


def test_a_users_plan_replaces_the_shipped_one_and_is_checked(tmp_path: Path) -> None:
    shipped = (REPO / "radio/content/plans/2026.toml").read_text(encoding="utf-8")
    (tmp_path / "2027.toml").write_text(shipped.replace("year = 2026", "year = 2027"), encoding="utf-8")
    assert plan_in_force(2027, tmp_path).plan.path == tmp_path / "2027.toml"
    (tmp_path / "2028.toml").write_text(shipped, encoding="utf-8")
    with pytest.raises(RadioError, match=r"2028\.toml\.year: 2026, but the file is named 2028\.toml"):
        load_plan(tmp_path / "2028.toml")


def test_december_2026_speaks_of_the_units_and_plan_in_force(make_settings) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(extra='[[program.identity]]\nfrom = 2025-07-01\ncentre = "Đài truyền '
                             'thanh phường Đức Phổ"\narea = "các phường Đức Phổ, Trà Câu, Sa Huỳnh và '
                             'các xã Nguyễn Nghiêm, Khánh Cường"\narea_kind = "phường, xã"\n'
                             'local_units = "các phường, xã"\none_stop = "Trung tâm Phục vụ hành '
                             'chính công của phường, xã"\n')
    from tests.content.conftest import GTTS_PACE

    script = compile_for(Month(2026, 12), settings, GTTS_PACE)
    text = "\n".join(s.text for s in script.segments)
    assert "thị xã" not in text and "Đức Phổ, Trà Câu, Sa Huỳnh" in text
    assert "Đài truyền thanh phường Đức Phổ" in script.segments[1].text  # the greeting
