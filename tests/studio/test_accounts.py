"""Accounts of issue 20: display names, password change and reset, the login lock per (name,
address) with an admin's unlock, "published by" the publisher, and the notifications badge."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from radio.core.errors import RadioError
from radio.core.month import Month
from radio.lifecycle.months import month_status
from radio.lifecycle.notifications import NoticeKind, network_health, programme_notices, station_notices
from radio.store.db import transaction
from radio.store.tables import ApprovalRow, PlayReportRow, PublicationRow
from radio.studio.auth import (
    ADDRESS_FAILURES,
    LOGIN_FAILURES,
    LoginLimiter,
    add_user,
    change_password,
    display_names,
    set_display_name,
    sign_in,
)
from tests.studio.conftest import PASSWORD, csrf_of
from tests.studio.conftest import sign_in as browser_sign_in
from tests.studio.test_flows import fake_build

NOW = datetime(2024, 4, 28, 3, 0, tzinfo=UTC)


def badge(html: str) -> int:
    found = re.search(r'id="notice-count">(\d+)<', html)
    return int(found[1]) if found else 0


def login(client: TestClient, name: str, password: str) -> int:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf": token}).status_code


def test_a_display_name_is_set_at_creation_edited_and_shown_for_the_login(app, clock) -> None:
    engine = app.state.studio.engine
    add_user(engine, "lanhdao", "approver", PASSWORD, clock(), "  Nguyễn   Văn A ")
    assert display_names(engine)["lanhdao"] == "Nguyễn Văn A"  # spaces tidied
    set_display_name(engine, "lanhdao", "Trần Thị Bích")
    assert display_names(engine)["lanhdao"] == "Trần Thị Bích"
    with pytest.raises(RadioError, match="2-64 letters"):
        add_user(engine, "Nguyễn", "editor", PASSWORD, clock())  # the login stays ASCII
    with pytest.raises(RadioError, match="user name"):
        add_user(engine, "bientap1", "editor", "BienTap1", clock())
    with pytest.raises(RadioError, match="does not exist"):
        set_display_name(engine, "nobody", "Ai đó")


def test_approval_review_and_audit_show_the_display_name(app, client: TestClient, workspace: Path) -> None:
    engine = app.state.studio.engine
    set_display_name(engine, "approver", "Nguyễn Văn A")
    set_display_name(engine, "editor", "Lê Thị Biên")
    fake_build(app, workspace)
    token = browser_sign_in(client, "editor")
    client.post("/month/2024-05/submit", data={"csrf": token})
    client.post("/logout", data={"csrf": token})
    token = browser_sign_in(client, "approver")
    assert "Nguyễn Văn A" in client.get("/review").text  # the header names the person
    client.post("/review/2024-05", data={"csrf": token, "decision": "approve", "script": "a" * 64})
    page = client.get("/review/2024-05").text
    assert "Nguyễn Văn A đã duyệt lúc" in page
    with transaction(engine) as session:
        assert session.query(ApprovalRow).one().approved_by == "approver"  # the login is what is stored
    client.post("/logout", data={"csrf": token})
    browser_sign_in(client, "admin")
    audit = client.get("/audit").text
    assert "Nguyễn Văn A" in audit and "Lê Thị Biên" in audit


def test_the_admin_creates_and_renames_an_account_from_the_users_page(app, client: TestClient) -> None:
    token = browser_sign_in(client, "admin")
    page = client.get("/users").text
    assert "chữ không dấu" in page  # the form says the login is ASCII
    client.post("/users", data={"csrf": token, "name": "lanhdao", "role": "approver", "password": PASSWORD,
                                "display_name": "Nguyễn Văn A"})
    assert "Nguyễn Văn A" in client.get("/users").text
    client.post("/users/lanhdao/name", data={"csrf": token, "display_name": "Nguyễn Văn Á"})
    assert display_names(app.state.studio.engine)["lanhdao"] == "Nguyễn Văn Á"


def test_a_user_changes_their_password_and_other_browsers_are_signed_out(app, clock) -> None:
    other = TestClient(app, follow_redirects=False)
    with TestClient(app, follow_redirects=False) as client:
        browser_sign_in(other, "editor")
        token = browser_sign_in(client, "editor")
        wrong = client.post("/password", data={"csrf": token, "old": "sai", "new": "mat-khau-moi",
                                               "repeat": "mat-khau-moi"})
        assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng" in wrong.text
        differ = client.post("/password", data={"csrf": token, "old": PASSWORD, "new": "mat-khau-moi",
                                                "repeat": "mat-khau-khac"})
        assert differ.status_code == 400 and "không giống nhau" in differ.text
        short = client.post("/password", data={"csrf": token, "old": PASSWORD, "new": "ngan",
                                               "repeat": "ngan"})
        assert short.status_code == 400 and "ít nhất 8 ký tự" in short.text
        done = client.post("/password", data={"csrf": token, "old": PASSWORD, "new": "mat-khau-moi",
                                              "repeat": "mat-khau-moi"})
        assert done.status_code == 303
        assert client.get("/year/2024").status_code == 200  # this browser stays signed in
        assert other.get("/year/2024").status_code == 303  # the other one is signed out
    engine = app.state.studio.engine
    assert sign_in(engine, "editor", PASSWORD, clock()) is None
    assert sign_in(engine, "editor", "mat-khau-moi", clock()) is not None
    with pytest.raises(RadioError, match="differ from the current"):
        change_password(engine, "editor", "mat-khau-moi", "mat-khau-moi", "mat-khau-moi", "")


def test_a_reset_password_opens_only_the_password_page_until_changed(app, client: TestClient) -> None:
    token = browser_sign_in(client, "admin")
    answer = client.post("/users/editor/reset", data={"csrf": token})
    temporary = re.search(r'<code class="once">([^<]+)</code>', answer.text)[1]
    assert "chỉ hiện một lần" in answer.text and temporary not in client.get("/users").text
    assert temporary not in str([e.detail for e in _audit(app)])
    client.post("/logout", data={"csrf": token})
    assert login(client, "editor", PASSWORD) == 401
    assert login(client, "editor", temporary) == 303
    forced = client.get("/year/2024")
    assert forced.status_code == 303 and forced.headers["location"] == "/password"
    page = client.get("/password").text
    assert "đặt lại" in page
    token = csrf_of(page)
    client.post("/password", data={"csrf": token, "old": temporary, "new": "mat-khau-rieng",
                                   "repeat": "mat-khau-rieng"})
    assert client.get("/year/2024").status_code == 200


def _audit(app):
    from radio.studio.auth import audit_log

    return audit_log(app.state.studio.engine)


def test_one_users_wrong_passwords_lock_only_that_user_and_the_admin_unlocks(app, client: TestClient) -> None:
    for _ in range(LOGIN_FAILURES):
        assert login(client, "editor", "sai-mat-khau") == 401
    assert login(client, "editor", PASSWORD) == 429  # the same name from the same address: locked
    assert login(client, "approver", PASSWORD) == 303  # a colleague behind the same address is not
    client.cookies.clear()
    token = browser_sign_in(client, "admin")
    page = client.get("/users").text
    assert "editor" in page.split('id="locks"')[1] and "testclient" in page
    client.post("/users/unlock", data={"csrf": token, "name": "editor", "address": "testclient"})
    assert "Không có đăng nhập nào bị khóa" in client.get("/users").text
    client.cookies.clear()
    assert login(client, "editor", PASSWORD) == 303


def test_the_limiter_lists_and_forgets_locks(clock) -> None:
    limiter = LoginLimiter()
    for _ in range(LOGIN_FAILURES):
        assert limiter.attempt("Editor", "10.0.0.1", clock()) is not None
    assert limiter.attempt("editor", "10.0.0.1", clock()) is None
    assert limiter.attempt("editor", "10.0.0.2", clock()) is not None  # another address
    assert limiter.attempt("approver", "10.0.0.1", clock()) is not None  # another name
    [lock] = limiter.locks(clock())
    assert (lock.name, lock.address, lock.failures) == ("editor", "10.0.0.1", LOGIN_FAILURES)
    assert limiter.unlock("editor", "10.0.0.1") and limiter.locks(clock()) == []
    assert limiter.attempt("editor", "10.0.0.1", clock()) is not None
    for i in range(ADDRESS_FAILURES):  # one machine guessing through many names: the address locks
        limiter.attempt(f"name{i}", "10.0.0.9", clock())
    assert limiter.attempt("approver", "10.0.0.9", clock()) is None
    assert ("", "10.0.0.9") in [(lock.name, lock.address) for lock in limiter.locks(clock())]
    assert limiter.unlock("", "10.0.0.9") and limiter.attempt("approver", "10.0.0.9", clock()) is not None


def test_published_by_names_the_publisher_not_the_approver(app, workspace: Path) -> None:
    engine = app.state.studio.engine
    fake_build(app, workspace)
    with transaction(engine) as session:
        session.add(ApprovalRow(month="2024-05", script_sha256="a" * 64, approved_by="approver",
                                approved_at=NOW))
        session.add(PublicationRow(sequence=1, published_at=NOW, items=["2024-05"], published_by="admin"))
        session.add(PublicationRow(sequence=2, published_at=NOW, items=["2024-05"], published_by="other"))
    settings = app.state.studio.settings()
    status = month_status(engine, settings.program.episodes_dir, settings.network, Month(2024, 5))
    assert (status.published_by, status.approved_by) == ("admin", "approver")


def test_the_year_page_says_who_published(app, client: TestClient, workspace: Path) -> None:
    engine = app.state.studio.engine
    set_display_name(engine, "admin", "Phạm Kỹ Thuật")
    set_display_name(engine, "approver", "Nguyễn Văn A")
    fake_build(app, workspace)
    with transaction(engine) as session:
        session.add(ApprovalRow(month="2024-05", script_sha256="a" * 64, approved_by="approver",
                                approved_at=NOW))
        session.add(PublicationRow(sequence=1, published_at=NOW, items=["2024-05"], published_by="admin"))
    browser_sign_in(client, "editor")
    row = client.get("/year/2024").text.split('href="/month/2024-05"')[1].split("</tr>")[0]
    assert "bởi Phạm Kỹ Thuật" in row and "duyệt: Nguyễn Văn A" in row


def test_notifications_follow_the_programme_to_whoever_it_waits_on(
    app, client: TestClient, workspace: Path, clock
) -> None:
    engine = app.state.studio.engine
    fake_build(app, workspace)
    token = browser_sign_in(client, "editor")
    assert badge(client.get("/year/2024").text) == 0
    client.post("/month/2024-05/submit", data={"csrf": token, "comment": "Xin duyệt"})
    client.post("/logout", data={"csrf": token})
    token = browser_sign_in(client, "approver")
    assert badge(client.get("/review").text) == 1
    listed = client.get("/notifications").text
    assert "05/2024" in listed and "gửi để bạn duyệt" in listed and "/review/2024-05" in listed
    client.post("/review/2024-05", data={"csrf": token, "decision": "return", "script": "a" * 64,
                                         "comment": "Sửa tin 2"})
    assert badge(client.get("/review").text) == 0
    [notice] = programme_notices(engine, "editor", False, True, clock())
    assert notice.kind is NoticeKind.RETURNED and notice.comment == "Sửa tin 2" and notice.by == "approver"
    assert programme_notices(engine, "someone-else", False, True, clock()) == []  # returned to its sender
    client.post("/logout", data={"csrf": token})
    browser_sign_in(client, "editor")
    assert badge(client.get("/year/2024").text) == 1 and "Sửa tin 2" in client.get("/notifications").text
    fake_build(app, workspace, script="e" * 64)  # rebuilt: no longer waiting on the editor
    assert badge(client.get("/year/2024").text) == 0


def test_the_admin_is_told_of_stations_offline(app, client: TestClient) -> None:
    stations = [s.id for s in app.state.studio.settings().network.stations]
    [offline] = station_notices(network_health(app.state.studio.engine, stations, NOW))
    assert offline.kind is NoticeKind.OFFLINE and len(offline.stations) == len(stations)  # never seen
    browser_sign_in(client, "admin")
    assert badge(client.get("/users").text) == 1
    assert f"{len(stations)} đài đang mất kết nối" in client.get("/notifications").text


def test_the_badge_follows_a_station_that_reports(app, client: TestClient, clock) -> None:
    stations = [s.id for s in app.state.studio.settings().network.stations]
    browser_sign_in(client, "admin")
    assert f"{len(stations)} đài đang mất kết nối" in client.get("/notifications").text
    with transaction(app.state.studio.engine) as session:  # st-03 syncs: the cached health is stale
        session.add(PlayReportRow(report_id="r-1", station_id="st-03", event="synced", at=clock(),
                                  received_at=clock(), detail=""))
    assert f"{len(stations) - 1} đài đang mất kết nối" in client.get("/notifications").text


def test_radio_studio_adduser_takes_the_full_name(workspace: Path, db_url: str) -> None:
    from click.testing import CliRunner

    from radio.cli import main
    from radio.store.db import open_engine

    result = CliRunner(mix_stderr=False).invoke(main, [
        "--config", str(workspace / "schedule.toml"), "studio", "adduser", "kythuat", "--role", "admin",
        "--full-name", "Phạm Văn Kỹ"], input="mat-khau-dai\n")
    assert result.exit_code == 0, result.stderr
    engine = open_engine(db_url)
    assert display_names(engine) == {"kythuat": "Phạm Văn Kỹ"}
    engine.dispose()
