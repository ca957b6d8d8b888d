"""Issue 20: the library under the Studio's facts register and plan pages."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from radio.content.fact_edit import FactChange, changed_text
from radio.content.facts import SHIPPED_FACTS, FactKind, load_register
from radio.content.plan import load_plan
from radio.content.plan_edit import AreaEdit, PlanEdit, edited_plan_text, start_plan
from radio.content.warnings import WarningCode, warning
from radio.core.errors import RadioError, SettingsError
from radio.lifecycle.facts import FactState, change_fact, register_entries
from radio.pipeline.unchanged import warnings_changed
from radio.studio.auth import audit_log

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def _texts() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(SHIPPED_FACTS.glob("*.toml"))}


def _index(name: str, unit: str = "") -> int:
    return next(f.index for f in load_register().facts if f.name == name and f.unit == unit
                and f.valid_to is None)


def test_a_change_keeps_the_comments_and_the_other_facts() -> None:
    texts = _texts()
    target = SHIPPED_FACTS / "area.toml"
    text, fact = changed_text(texts, target, _index("hotline"), "hotline",
                              FactChange("0255.3811.000", "Công văn 12/UBND", True))
    assert fact.value == "0255.3811.000" and fact.confirmed
    assert text.startswith("# Facts of the area that age")
    before, after = tomllib.loads(texts[target])["facts"], tomllib.loads(text)["facts"]
    assert len(before) == len(after)
    assert [f for f in after if f["name"] != "hotline"] == [f for f in before if f["name"] != "hotline"]


def test_a_one_stop_centres_address_and_hours_and_a_blank_one_removed() -> None:
    texts = _texts()
    target = SHIPPED_FACTS / "units.toml"
    index = _index("one_stop", "sa-huynh")
    _, fact = changed_text(texts, target, index, "one_stop",
                           FactChange("Trung tâm Phục vụ hành chính công phường Sa Huỳnh", "UBND phường",
                                      True, address="số 2 Quốc lộ 1", hours="7 giờ đến 17 giờ"))
    assert (fact.kind, fact.address, fact.hours) == (FactKind.ONE_STOP, "số 2 Quốc lộ 1", "7 giờ đến 17 giờ")
    text, fact = changed_text(texts, target, index, "one_stop",
                              FactChange(fact.value, "UBND phường", False, address="", hours=""))
    assert fact.address == "" and "hours" not in tomllib.loads(text)["facts"][index]


@pytest.mark.parametrize("change, words", [
    (FactChange("0255.3811.000", "", True), "source"),
    (FactChange("  ", "x", False), "value"),
])
def test_an_invalid_change_is_refused_naming_the_field(change: FactChange, words: str) -> None:
    with pytest.raises(SettingsError, match=words):
        changed_text(_texts(), SHIPPED_FACTS / "area.toml", _index("hotline"), "hotline", change)


def test_a_fact_moved_since_the_page_was_opened_is_refused() -> None:
    with pytest.raises(SettingsError, match="no longer the fact hotline"):
        changed_text(_texts(), SHIPPED_FACTS / "area.toml", 0, "hotline", FactChange("x", "y", True))


def test_change_fact_writes_the_users_copy_and_audits_it(tmp_path: Path, db) -> None:
    fact = change_fact(db, None, tmp_path, "area.toml", _index("hotline"), "hotline",
                       FactChange("0255.3811.000", "Công văn 12/UBND", True), "kythuat", NOW)
    register = load_register(tmp_path / "facts")
    assert register.on(date(2027, 1, 1))["hotline"].value == "0255.3811.000" == fact.value
    assert "0255.3811.000" not in (SHIPPED_FACTS / "area.toml").read_text(encoding="utf-8")
    entry = audit_log(db)[0]
    assert (entry.user, entry.action, entry.target) == ("kythuat", "fact", "hotline")
    with pytest.raises(SettingsError):
        change_fact(db, tmp_path / "facts", tmp_path, "nothing.toml", 0, "x", FactChange("x", "y", True),
                    "kythuat", NOW)


def test_the_register_lists_examples_first_and_history_last() -> None:
    entries = register_entries(load_register().facts, None, date(2026, 12, 7))
    states = [e.state for e in entries]
    assert states[0] == FactState.EXAMPLE and states[-1] == FactState.HISTORY
    hotline = next(e for e in entries if e.fact.name == "hotline")
    assert hotline.state == FactState.EXAMPLE and hotline.key.startswith("area.toml:")
    producer_2024 = next(e for e in entries if e.fact.name == "producer" and e.fact.valid_to)
    assert producer_2024.state == FactState.HISTORY


def test_start_plan_refuses_an_existing_file_and_edits_keep_confirm_until_edited(tmp_path: Path) -> None:
    path = start_plan(None, tmp_path, 2027)
    assert path == tmp_path / "plans" / "2027.toml"
    with pytest.raises(RadioError, match="already exists"):
        start_plan(tmp_path / "plans", tmp_path, 2027)
    plan = load_plan(path)
    assert set(plan.confirm) == {"title", "issuer", "report.deadline", "areas"}
    areas = tuple(AreaEdit(a.id, a.title, a.spoken, a.references) for a in plan.areas)
    edit = PlanEdit(plan.title, "UBND tỉnh Quảng Ngãi", plan.report_deadline, areas)
    text, edited = edited_plan_text(path.read_text(encoding="utf-8"), path, edit)
    assert set(edited.confirm) == {"title", "report.deadline", "areas"} and "# STARTED FROM" in text
    text, edited = edited_plan_text(text, path, PlanEdit(plan.title, "UBND tỉnh Quảng Ngãi",
                                                         plan.report_deadline, areas,
                                                         frozenset({"title", "areas"})))
    assert edited.confirm == ("report.deadline",)
    with pytest.raises(SettingsError, match="no content area 99"):
        edited_plan_text(text, path, PlanEdit(plan.title, "x", plan.report_deadline,
                                              (AreaEdit(99, "t", "s", ()),)))


def test_warnings_changed_follows_build_json(tmp_path: Path) -> None:
    hotline = warning(WarningCode.UNCONFIRMED_FACT, fact="hotline", value="0255", source="ví dụ")
    (tmp_path / "build.json").write_text(json.dumps({"warnings": [hotline.as_json()]}), encoding="utf-8")
    assert not warnings_changed(tmp_path, [hotline])
    assert warnings_changed(tmp_path, [])
    (tmp_path / "build.json").write_text("{", encoding="utf-8")
    assert warnings_changed(tmp_path, [hotline])
