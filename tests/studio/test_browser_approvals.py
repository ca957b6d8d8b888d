"""Issue 20 in a real browser: the approver sees the build's warnings and accepts each fact by name.

January 2027 is built with the shipped files (espeak-ng, offline): its programme speaks the example
hotline and producer (to confirm) and borrows the 2026 plan. The approver sees every warning on the
review page; an approval without ticking them is refused in Vietnamese; ticking each by name
approves, and the page shows what was accepted. The admin then confirms the hotline in the facts
register, and the next build no longer warns about it; the 2027 plan is started from 2026 and
its issuer entered. Screenshots go to
test-artefacts/studio/approvals/.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.studio.conftest import REPO, Clock
from tests.studio.test_browser import Person, browser, studio_url  # noqa: F401  (fixtures)

ARTEFACTS = REPO / "test-artefacts" / "studio" / "approvals"
MONTH = "2027-01"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 7, 3, 0, tzinfo=UTC))


@pytest.fixture
def espeak_only(workspace: Path) -> Path:
    """The shipped settings and facts, spoken by espeak-ng (offline); nothing confirmed by hand."""
    settings = workspace / "schedule.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('engine = "auto"', 'engine = "espeak"', 1),
        encoding="utf-8",
    )
    return workspace


class Shots:
    def __init__(self) -> None:
        if ARTEFACTS.exists():
            shutil.rmtree(ARTEFACTS)
        ARTEFACTS.mkdir(parents=True)

    def __call__(self, person: Person, name: str) -> None:
        person.page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def _build(editor: Person, app) -> None:
    editor.open(f"/build/{MONTH}")
    editor.page.click("#build-button")
    app.state.studio.builds.wait(MONTH, 900)
    job = app.state.studio.builds.job(MONTH)
    assert job is not None and job.finished and not job.error, job and job.error
    editor.page.reload()
    editor.page.wait_for_selector("#player")


@pytest.mark.slow
def test_warnings_are_seen_and_accepted_by_name(espeak_only: Path, app, studio_url: str,  # noqa: F811
                                                browser) -> None:  # noqa: F811
    shots = Shots()
    editor = Person(browser, studio_url, "editor")
    _build(editor, app)
    warnings = editor.page.locator("#warnings")
    assert "Cần kiểm tra trước khi phê duyệt" in warnings.inner_text()
    assert "hotline" in warnings.inner_text()
    shots(editor, "01-build-warnings")
    editor.page.click(f"form[action='/month/{MONTH}/submit'] button")

    approver = Person(browser, studio_url, "approver")
    approver.open(f"/review/{MONTH}")
    block = approver.page.locator("#warnings").inner_text()
    assert "0255.3859.123" in block and "Đài truyền thanh phường Đức Phổ" in block
    assert "2026" in block  # the borrowed plan
    boxes = approver.page.locator("input[name=accept]")
    names = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
    assert {"hotline", "producer"} <= set(names)
    shots(approver, "02-review-warnings")

    approver.page.click("button[value=approve]")
    refused = approver.page.content()
    assert "Chưa duyệt: chương trình có dữ kiện chưa kiểm chứng" in refused and "Đã duyệt" not in refused
    shots(approver, "03-review-refused")

    for i in range(boxes.count()):
        boxes.nth(i).check()
    approver.page.click("button[value=approve]")
    approved = approver.page.content()
    assert "Đã duyệt" in approved and "Đã chấp nhận đích danh" in approved
    assert "đã chấp nhận: " + ", ".join(names) in approved
    shots(approver, "04-review-approved")

    admin = Person(browser, studio_url, "admin")
    admin.open("/publish")
    assert "đã chấp nhận: " + ", ".join(names) in admin.page.content()
    shots(admin, "05-publish-accepted")
    admin.open("/facts")
    row = admin.page.locator("tr", has_text="0255.3859.123").first
    row.locator("summary").click()
    row.locator("input[name=source]").fill("Công văn của UBND phường Đức Phổ ngày 01/12/2026")
    row.locator("input[name=confirmed]").check()
    shots(admin, "06-facts-edit")
    row.locator("button").click()
    assert "Đã kiểm chứng" in admin.page.content()
    shots(admin, "07-facts-confirmed")

    _build(editor, app)  # the words are the same: only the warnings change, from the cached speech
    block = editor.page.locator("#warnings").inner_text()
    assert "0255.3859.123" not in block and "producer" in block
    shots(editor, "08-build-after-confirming")

    admin.open("/plans/2027")
    admin.page.click("#plan-start button")
    assert "Đã tạo kế hoạch năm 2027" in admin.page.content()
    assert admin.page.locator(".to-confirm").count() == 4
    admin.page.fill("input[name=issuer]", "UBND tỉnh Quảng Ngãi")
    shots(admin, "09-plan-2027")
    admin.page.click("#plan-form > button")
    assert "Đã lưu" in admin.page.content() and admin.page.locator(".to-confirm").count() == 3
    for person in (editor, approver, admin):
        person.close()
