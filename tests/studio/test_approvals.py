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
