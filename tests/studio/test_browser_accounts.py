"""Accounts in a real browser (issue 20): an admin creates an approver with a Vietnamese display
name; the approver sees the notification badge once a month is sent for approval, approves, and
the approval names them; one user's wrong passwords do not lock a colleague out from the same
address, and the admin lifts the lock; a reset password opens only the password page; a user
changes their password. Screenshots go to test-artefacts/studio/accounts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from radio.studio.auth import LOGIN_FAILURES, add_user
from tests.studio.conftest import PASSWORD, REPO
from tests.studio.test_browser import Person, browser, studio_url  # noqa: F401 — fixtures
from tests.studio.test_flows import fake_build

SHOTS = REPO / "test-artefacts" / "studio" / "accounts"


def shot(person: Person, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    person.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def badge(person: Person) -> str:
    found = person.page.locator("#notice-count")
    return found.inner_text().strip() if found.count() else ""


def new_password(person: Person, old: str, new: str, repeat: str) -> None:
    """Fill and send the password page's form."""
    person.page.fill("input[name=old]", old)
    person.page.fill("input[name=new]", new)
    person.page.fill("input[name=repeat]", repeat)
    person.page.click("#password-form button")


def try_login(browser, base: str, name: str, password: str):  # noqa: F811
    """A fresh browser tab (same address: 127.0.0.1) submitting the login form once."""
    context = browser.new_context(viewport={"width": 1280, "height": 700}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("form.stack button")
    page.wait_for_load_state()
    return context, page


@pytest.mark.slow
def test_accounts_names_notifications_locks_and_passwords(
    app, workspace: Path, studio_url: str, browser, clock  # noqa: F811
) -> None:
    studio = app.state.studio
    add_user(studio.engine, "kythuat", "admin", PASSWORD, clock())
    if SHOTS.exists():
        shutil.rmtree(SHOTS)

    admin = Person(browser, studio_url, "kythuat")
    admin.page.on("dialog", lambda dialog: dialog.accept())
    for name, role, shown in (("lanhdao", "approver", "Nguyễn Văn A"), ("bientap", "editor", "Lê Thị Biên")):
        admin.open("/users")
        admin.page.fill("#new-user input[name=display_name]", shown)
        admin.page.fill("#new-user input[name=name]", name)
        admin.page.select_option("#new-user select[name=role]", role)
        admin.page.fill("#new-user input[name=password]", PASSWORD)
        admin.page.click("#new-user button")
        assert "Đã tạo tài khoản" in admin.page.content()
    users = admin.page.locator("#users").inner_text()
    assert "Nguyễn Văn A" in admin.page.locator("tr[data-user=lanhdao] input[name=display_name]").input_value()
    assert "lanhdao" in users and "bientap" in users
    shot(admin, "01-users-display-names")

    approver = Person(browser, studio_url, "lanhdao")
    assert "Nguyễn Văn A" in approver.page.locator(".who").inner_text()
    assert badge(approver) == ""  # nothing waits yet

    fake_build(app, workspace)  # a built May 2024 (a real build is test_browser.py's)
    editor = Person(browser, studio_url, "bientap")
    editor.open("/build/2024-05")
    editor.page.fill("form[action$='/submit'] input[name=comment]", "Xin anh duyệt giúp")
    editor.page.click("form[action$='/submit'] button")
    assert "Đã trình duyệt" in editor.page.content()

    approver.open("/review")
    assert badge(approver) == "1"
    shot(approver, "02-badge-for-the-approver")
    approver.page.click("a.bell")
    notices = approver.page.locator("ul.notices").inner_text()
    assert "05/2024" in notices and "Lê Thị Biên" in notices and "Xin anh duyệt giúp" in notices
    shot(approver, "03-notifications")
    approver.page.click("ul.notices a[href='/review/2024-05']")
    approver.page.click("button[value=approve]")
    content = approver.page.content()
    assert "Nguyễn Văn A đã duyệt lúc" in content and badge(approver) == ""
    shot(approver, "04-approved-by-display-name")

    # The editor mistypes five times from this address: only bientap is locked, not lanhdao.
    tabs = []
    for _ in range(LOGIN_FAILURES):
        context, page = try_login(browser, studio_url, "bientap", "sai-mat-khau")
        assert "Sai tên đăng nhập hoặc mật khẩu" in page.content()
        tabs.append(context)
    context, locked = try_login(browser, studio_url, "bientap", PASSWORD)
    assert "15 phút" in locked.content() and "/login" in locked.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    locked.screenshot(path=str(SHOTS / "05-editor-locked.png"))
    tabs.append(context)
    colleague = Person(browser, studio_url, "lanhdao")  # asserts it got past /login
    colleague.close()

    admin.open("/users")
    locks = admin.page.locator("#locks").inner_text()
    assert "bientap" in locks and "127.0.0.1" in locks
    shot(admin, "06-users-locks")
    admin.page.click("#locks button")
    assert "Không có đăng nhập nào bị khóa" in admin.page.locator("#locks").inner_text()
    unlocked = Person(browser, studio_url, "bientap")
    unlocked.close()

    # A reset gives a temporary password, shown once; it opens only the password page.
    admin.open("/users")
    admin.page.click("tr[data-user=bientap] form[action$='/reset'] button")
    temporary = admin.page.locator("#temporary-password code").inner_text().strip()
    assert len(temporary) >= 8
    shot(admin, "07-temporary-password")
    reset = Person(browser, studio_url, "bientap", temporary)
    assert reset.page.url.endswith("/password")
    reset.open("/year/2024")
    assert reset.page.url.endswith("/password")
    shot(reset, "08-must-change-password")
    new_password(reset, temporary, "bien-tap-2027", "bien-tap-2027")
    assert "Đã đổi mật khẩu" in reset.page.content()

    # The approver changes their own password; the rules are in Vietnamese; a mismatch is refused.
    approver.open("/password")
    assert "ít nhất 8 ký tự" in approver.page.content()
    new_password(approver, PASSWORD, "lanh-dao-moi-1", "lanh-dao-moi-2")
    assert "không giống nhau" in approver.page.content()
    shot(approver, "09-password-mismatch")
    new_password(approver, PASSWORD, "lanh-dao-moi-1", "lanh-dao-moi-1")
    assert "Đã đổi mật khẩu" in approver.page.content()
    again = Person(browser, studio_url, "lanhdao", "lanh-dao-moi-1")
    again.close()

    for context in tabs:
        context.close()
    for person in (admin, approver, editor, reset):
        person.close()
