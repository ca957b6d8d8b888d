"""Issue 20 in Chromium: the admin edits a station's slots with the weekday checkboxes on Lịch phát
and reads them back in Vietnamese; the audit log says what was done in words. Screenshots go to
test-artefacts/studio/vietnamese/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.studio.test_browser import ARTEFACTS, Person, browser, studio_url  # noqa: F401 (fixtures)

SHOTS = ARTEFACTS / "vietnamese"


@pytest.mark.slow
def test_a_slot_is_edited_with_the_weekday_checkboxes(app, studio_url: str, browser, workspace: Path) -> None:  # noqa: F811
    admin = Person(browser, studio_url, "admin")
    page = admin.open("/schedule/2024-05?station=st-03#slots-form")
    form = page.locator("#slots-form")
    assert "Thứ Hai, Thứ Tư, Thứ Sáu 05:30" in page.inner_text("table.grid")
    first = form.locator("tr.slot-row").nth(0)
    first.locator("input[aria-label='Thứ Tư']").uncheck()
    first.locator("input[aria-label='Thứ Bảy']").check()
    first.locator("input[type=time]").fill("06:15")
    empty = form.locator("tr.slot-row").last  # the row for a new slot
    empty.locator("input[aria-label='Chủ nhật']").check()
    empty.locator("input[type=time]").fill("19:00")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "slots-editing.png"), full_page=True)
    form.locator("button").click()
    page.wait_for_load_state()
    notice = page.inner_text(".flash")
    assert "Đã lưu khung giờ" in notice, notice
    row = page.locator("table.grid tr", has_text="st-03").inner_text()
    assert "Thứ Hai, Thứ Sáu, Thứ Bảy 06:15" in row and "Chủ nhật 19:00" in row, row
    toml = (workspace / "schedule.toml").read_text(encoding="utf-8")
    assert '"Mon Fri Sat 06:15"' in toml and '"Sun 19:00"' in toml  # the file keeps its format
    page.screenshot(path=str(SHOTS / "slots-saved.png"), full_page=True)
    page = admin.open("/audit")
    log = page.inner_text("table.grid")
    assert "Đổi khung giờ phát" in log and "Thứ Hai, Thứ Sáu, Thứ Bảy 06:15" in log, log
    page.screenshot(path=str(SHOTS / "audit.png"), full_page=True)
    admin.close()


@pytest.mark.slow
def test_the_month_page_names_segments_and_figures(app, studio_url: str, browser) -> None:  # noqa: F811
    editor = Person(browser, studio_url, "editor")
    page = editor.open("/month/2024-05")
    options = page.locator("select[name=segment] option").all_inner_texts()
    assert "Lời chào" in options and not any(o[:2].isdigit() for o in options), options
    assert "ho_so_tiep_nhan" in page.inner_text("ul.figures-wanted")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "month.png"), full_page=True)
    editor.close()
