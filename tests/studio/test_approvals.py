"""Issue 20: the build's warnings where a person decides, approval accepting facts by name, the facts
register and a new year's plan kept by the admin in the Studio."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from starlette.testclient import TestClient

from radio.content.warnings import WarningCode, warning
from radio.store.db import transaction
from radio.store.tables import EpisodeRow
from radio.studio.auth import audit_log
from tests.studio.conftest import sign_in
from tests.studio.test_flows import fake_build, latest_approval

HOTLINE = warning(WarningCode.UNCONFIRMED_FACT, fact="hotline", value="0255.3859.123", source="ví dụ")
PRODUCER = warning(WarningCode.UNCONFIRMED_FACT, fact="producer", value="Đài truyền thanh phường Đức Phổ",
                   source="ví dụ")
BORROWED = warning(WarningCode.BORROWED_PLAN, year=2027, plan_year=2026, file="2026.toml")


def warned_build(app, workspace: Path, month: str = "2024-05", script: str = "a" * 64) -> None:
    """A fake build whose build.json and episode record carry an unconfirmed hotline and producer."""
    fake_build(app, workspace, month, script)
    raws = [w.as_json() | {"message": w.message()} for w in (BORROWED, HOTLINE, PRODUCER)]
    path = workspace / "episodes" / month / "build.json"
    facts = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(facts | {"warnings": raws}, ensure_ascii=False), encoding="utf-8")
    with transaction(app.state.studio.engine) as session:
        episode = session.scalars(select(EpisodeRow).where(EpisodeRow.month == month)).one()
        episode.warnings = [w.as_json() for w in (BORROWED, HOTLINE, PRODUCER)]


def test_the_approver_sees_every_warning_and_accepts_each_fact_by_name(
    app, client: TestClient, workspace: Path
) -> None:
    warned_build(app, workspace)
    token = sign_in(client, "approver")
    page = client.get("/review/2024-05").text
    assert "Cần kiểm tra trước khi phê duyệt" in page
    assert "0255.3859.123" in page and "Đài truyền thanh phường Đức Phổ" in page
    assert "chưa có kế hoạch tuyên truyền riêng" in page or "2026.toml" in page  # the borrowed plan
    assert page.count('name="accept"') == 2
    assert 'value="hotline"' in page and 'value="producer"' in page

    refused = client.post("/review/2024-05", data={"csrf": token, "decision": "approve", "script": "a" * 64,
                                                   "accept": ["hotline"]})
    shown = client.get(refused.headers["location"]).text
    assert "Chưa duyệt" in shown and "producer" in shown
    assert latest_approval(app, "2024-05") is None

    client.post("/review/2024-05", data={"csrf": token, "decision": "approve", "script": "a" * 64,
                                         "accept": ["hotline", "producer"]})
    approval = latest_approval(app, "2024-05")
    assert approval is not None and approval.accepted == ["hotline", "producer"]
    page = client.get("/review/2024-05").text
    assert "đã chấp nhận: hotline, producer" in page and "đã chấp nhận đích danh" in page


def test_an_accepted_name_the_programme_does_not_speak_is_refused(
    app, client: TestClient, workspace: Path
) -> None:
    warned_build(app, workspace)
    token = sign_in(client, "approver")
    answer = client.post("/review/2024-05", data={"csrf": token, "decision": "approve", "script": "a" * 64,
                                                  "accept": ["hotline", "producer", "portal"]})
    assert "Chưa duyệt" in client.get(answer.headers["location"]).text
    assert latest_approval(app, "2024-05") is None


def test_the_build_and_publish_pages_list_the_warnings(app, client: TestClient, workspace: Path) -> None:
    warned_build(app, workspace)
    token = sign_in(client, "editor")
    build = client.get("/build/2024-05").text
    assert "Cần kiểm tra trước khi phê duyệt" in build and "0255.3859.123" in build
    client.post("/logout", data={"csrf": token})
    token = sign_in(client, "approver")
    client.post("/review/2024-05", data={"csrf": token, "decision": "approve", "script": "a" * 64,
                                         "accept": ["hotline", "producer"]})
    client.post("/logout", data={"csrf": token})
    sign_in(client, "admin")
    publish = client.get("/publish").text
    assert "0255.3859.123" in publish and "đã chấp nhận: hotline, producer" in publish


def test_a_month_without_warnings_shows_no_block(app, client: TestClient, workspace: Path) -> None:
    fake_build(app, workspace)
    sign_in(client, "approver")
    page = client.get("/review/2024-05").text
    assert "Cần kiểm tra trước khi phê duyệt" not in page and 'name="accept"' not in page


def test_the_admin_confirms_the_hotline_and_the_register_file_keeps_its_comments(
    app, client: TestClient, workspace: Path
) -> None:
    token = sign_in(client, "admin")
    page = client.get("/facts").text
    assert "Sổ dữ kiện" in page and "0255.3859.123" in page and "ví dụ, cần kiểm chứng" in page
    assert "trụ sở Ủy ban nhân dân phường Trà Câu" in page  # a unit's own one-stop centre
    index = _index_of("area.toml", "hotline")
    answer = client.post("/facts", data={"csrf": token, "file": "area.toml", "index": str(index),
                                         "name": "hotline", "value": "0255.3811.000",
                                         "source": "Công văn số 12/UBND ngày 01/12/2026",
                                         "confirmed": "yes"})
    assert answer.status_code == 303
    assert "Đã lưu: hotline" in client.get(answer.headers["location"]).text
    written = (workspace / "facts" / "area.toml").read_text(encoding="utf-8")
    assert 'value = "0255.3811.000"' in written and "# Facts of the area that age" in written
    settings = app.state.studio.settings()
    hotline = settings.program.register.on(__import__("datetime").date(2027, 1, 1))["hotline"]
    assert hotline.value == "0255.3811.000" and hotline.confirmed
    entries = [e for e in audit_log(app.state.studio.engine) if e.action == "fact"]
    assert entries and entries[0].target == "hotline" and "0255.3811.000" in entries[0].detail


def test_a_one_stop_centres_hours_are_set_for_its_unit(app, client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "admin")
    index = _index_of("units.toml", "one_stop", unit="tra-cau")
    client.post("/facts", data={"csrf": token, "file": "units.toml", "index": str(index), "name": "one_stop",
                                "value": "Trung tâm Phục vụ hành chính công phường Trà Câu",
                                "address": "số 1 đường Phạm Văn Đồng, phường Trà Câu",
                                "hours": "từ 7 giờ đến 17 giờ, thứ Hai đến thứ Sáu",
                                "source": "UBND phường Trà Câu, 02/12/2026", "confirmed": "yes"})
    page = client.get("/facts").text
    assert "số 1 đường Phạm Văn Đồng" in page


def test_a_confirmed_fact_needs_its_source_and_nothing_is_written(
    app, client: TestClient, workspace: Path
) -> None:
    token = sign_in(client, "admin")
    answer = client.post("/facts", data={"csrf": token, "file": "area.toml",
                                         "index": str(_index_of("area.toml", "hotline")), "name": "hotline",
                                         "value": "0255.3811.000", "source": "", "confirmed": "yes"})
    shown = client.get(answer.headers["location"]).text
    assert "Chưa lưu" in shown and "source" in shown
    assert not (workspace / "facts" / "area.toml").exists()
    stale = client.post("/facts", data={"csrf": token, "file": "area.toml", "index": "0", "name": "hotline",
                                        "value": "x", "source": "y", "confirmed": "yes"})
    assert "mở lại trang sổ dữ kiện" in client.get(stale.headers["location"]).text


def test_only_the_admin_keeps_the_register(client: TestClient) -> None:
    sign_in(client, "editor")
    assert client.get("/facts").status_code == 403


def _index_of(file: str, name: str, unit: str = "") -> int:
    from radio.content.facts import SHIPPED_FACTS, load_register

    register = load_register(None)
    return next(f.index for f in register.facts
                if f.file == SHIPPED_FACTS / file and f.name == name and f.unit == unit and f.valid_to is None)


def test_the_2027_plan_is_started_from_2026_and_edited(app, client: TestClient, workspace: Path,
                                                       clock) -> None:
    token = sign_in(client, "admin")
    page = client.get("/plans/2027").text
    assert "Tạo kế hoạch năm 2027 từ năm 2026" in page
    answer = client.post("/plans/2027/new", data={"csrf": token})
    assert "Đã tạo kế hoạch năm 2027" in client.get(answer.headers["location"]).text
    target = workspace / "plans" / "2027.toml"
    assert target.is_file() and "STARTED FROM 2026.toml" in target.read_text(encoding="utf-8")
    again = client.post("/plans/2027/new", data={"csrf": token})
    assert "2027.toml: đã có" in client.get(again.headers["location"]).text

    page = client.get("/plans/2027").text
    assert page.count("(cần kiểm chứng)") == 4  # title, issuer, deadline, areas
    from radio.content.plan import load_plan

    plan = load_plan(target)
    form = {"csrf": token, "title": "Kế hoạch tuyên truyền CCHC năm 2027 của UBND tỉnh",
            "issuer": plan.issuer, "deadline": plan.report_deadline.isoformat()}
    for area in plan.areas:
        form |= {f"area-{area.id}-title": area.title, f"area-{area.id}-spoken": area.spoken,
                 f"area-{area.id}-references": "\n".join(area.references)}
    form["area-2-references"] = "Quyết định số 99/QĐ-UBND ngày 05/01/2027 của UBND tỉnh"
    saved = client.post("/plans/2027", data=form)
    assert "Đã lưu" in client.get(saved.headers["location"]).text
    plan = load_plan(target)
    assert plan.title.endswith("năm 2027 của UBND tỉnh") and "title" not in plan.confirm
    assert set(plan.confirm) == {"issuer", "report.deadline", "areas"}
    assert plan.area(2).references == ("Quyết định số 99/QĐ-UBND ngày 05/01/2027 của UBND tỉnh",)
    assert "# STARTED FROM" in target.read_text(encoding="utf-8")  # comments kept
    form |= {"confirmed-issuer": "yes", "confirmed-areas": "yes", "deadline": "2027-11-20"}
    client.post("/plans/2027", data=form)
    assert load_plan(target).confirm == ()
    assert app.state.studio.settings().program.plans_dir == workspace / "plans"
