"""The office's safe actions and files in a real browser (Debian's chromium, Playwright).

The admin publishes through the confirmation summary, types an emergency, hears it (the audio
element loads the spoken preview), confirms and sends it, then recalls it; the month's report gives
the summary to paste and the .xlsx (opened with openpyxl); the approved script prints. Screenshots
go to test-artefacts/studio/office/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from radio.broadcast.schedule import schedule_month
from radio.core.hashing import file_sha256
from radio.core.month import Month
from radio.lifecycle.emergency import create_signing_key
from radio.lifecycle.review import approve
from radio.store.db import transaction
from radio.store.tables import EpisodeRow
from radio.studio.auth import add_user, audit_log
from tests.studio.conftest import PASSWORD
from tests.studio.test_browser import (  # noqa: F401 (fixtures)
    ARTEFACTS,
    Person,
    browser,
    espeak_workspace,
    studio_url,
)
from tests.studio.test_flows import fake_build

SHOTS = ARTEFACTS / "office"


def _month_ready(app, workspace: Path, clock) -> None:  # type: ignore[no-untyped-def]
    """May 2024 built (a short stand-in), approved by name and scheduled, and a signing key."""
    studio = app.state.studio
    fake_build(app, workspace)
    with transaction(studio.engine) as session:
        episode = session.scalars(select(EpisodeRow).where(EpisodeRow.month == "2024-05")).one()
        episode.sha256 = file_sha256(workspace / "episodes" / "2024-05" / "episode.mp3")
    approve(studio.engine, "2024-05", "Nguyễn Văn A", clock())
    settings = studio.settings()
    schedule_month(studio.engine, settings, Month(2024, 5), clock())
    create_signing_key(studio.engine, settings.network)


@pytest.mark.slow
def test_the_office_confirms_hears_recalls_and_takes_its_files(
    espeak_workspace: Path,  # noqa: F811
    app,
    studio_url: str,  # noqa: F811
    browser,  # noqa: F811
    clock,
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    studio = app.state.studio
    _month_ready(app, espeak_workspace, clock)
    add_user(studio.engine, "kythuat", "admin", PASSWORD, clock())
    SHOTS.mkdir(parents=True, exist_ok=True)
    admin = Person(browser, studio_url, "kythuat")
    page = admin.page

    def shot(name: str) -> None:
        admin.shot(f"office/{name}")

    # Publish asks first: the summary, then the confirmation.
    admin.open("/publish")
    shot("01-publish")
    page.click("form[action='/publish/2024-05'] button")
    assert "/publish/2024-05" in page.url
    summary = page.content()
    assert "Chương trình tháng 5/2024" in summary and "16 đài" in summary and "Nguyễn Văn A" in summary
    shot("02-publish-confirm")
    page.click("form[action='/publish/2024-05'] button")
    assert "Đã phát hành bản 1" in page.content()

    # A typed emergency: prepared, heard, confirmed, sent.
    page.fill("input[name=title]", "Bão số 9")
    page.fill("textarea[name=text]", "Bão số 9 đổ bộ vào chiều nay. Người dân ở trong nhà, không ra biển.")
    page.click("form[action='/emergency'] button")
    assert "/emergency/" in page.url
    page.wait_for_function("(() => { const a = document.querySelector('audio.preview');"
                           " return a && a.readyState >= 1 && a.duration > 1; })()", timeout=30_000)
    heard = page.evaluate("document.querySelector('audio.preview').duration")
    assert 2 < heard < 60, heard
    assert "Tất cả các đài (16)" in page.content()
    shot("03-emergency-hear")
    page.click("form[action$='/send'] button")
    sent = page.content()
    assert "Đã gửi tin khẩn cấp tới 16 đài trong bản phát hành 2" in sent
    releases = page.locator("table.releases").inner_text()
    assert "Khẩn cấp: Bão số 9 — 28/04/2024 10:00" in releases and "emergency-" not in releases
    shot("04-emergency-sent")

    # Recalled: the browser's confirm() is accepted, a new release without it goes out.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[action^='/recall/'] button")
    assert "Đã thu hồi “Bão số 9”: bản phát hành 3" in page.content()
    assert page.locator("form[action^='/recall/']").count() == 0
    assert audit_log(studio.engine)[0].action == "recall"
    shot("05-emergency-recalled")

    # The month's summary to paste, and the workbook.
    admin.open("/reports?period=2024-05")
    summary_text = page.input_value("#month-summary")
    assert "do Nguyễn Văn A duyệt lúc 10:00 ngày 28/04/2024" in summary_text
    page.click("button[data-copy]")
    page.wait_for_function("document.querySelector('button[data-copy]').textContent === 'Đã sao chép'")
    shot("06-reports-month")
    with page.expect_download() as download:
        page.click("a[href='/reports/2024-05.xlsx']")
    saved = tmp_path / "bao-cao.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved)
    assert book.sheetnames == ["Tổng hợp", "Thời lượng", "Nội dung", "Lượt phát theo đài", "Đài",
                               "Theo tháng", "Khẩn cấp"]
    stations = book["Đài"]
    assert [c.value for c in stations[2]][:4] == ["Đài", "Theo lịch", "Tháng đã nhận", "Đã phát"]
    assert stations["A3"].value.startswith("Đài") and isinstance(stations["B3"].value, int)
    assert book["Khẩn cấp"]["A3"].value == "Không có tin khẩn cấp nào trong kỳ."  # sent in April

    # The approved script on paper.
    admin.open("/print/2024-05")
    assert "Nguyễn Văn A" in page.locator("#approval").inner_text()
    page.emulate_media(media="print")
    shot("07-print")
    admin.close()
