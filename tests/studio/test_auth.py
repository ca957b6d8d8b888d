"""Accounts: password hashing, sessions that expire, CSRF refusal, the login rate limit, audit."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from radio.core.errors import RadioError
from radio.studio.auth import add_user, audit_log, check_password, hash_password
from tests.studio.conftest import PASSWORD, csrf_of, sign_in


def test_passwords_are_stored_as_salted_argon2_hashes() -> None:
    first, second = hash_password("mat-khau-1"), hash_password("mat-khau-1")
    assert first.startswith("$argon2id$") and first != second and "mat-khau-1" not in first
    assert check_password(first, "mat-khau-1") and not check_password(first, "mat-khau-2")
    assert not check_password("not a hash", "mat-khau-1")


def test_accounts_refuse_short_passwords_unknown_roles_and_twins(app, clock) -> None:
    engine = app.state.studio.engine
    with pytest.raises(RadioError, match="8 characters"):
        add_user(engine, "ngan", "editor", "short", clock())
    with pytest.raises(RadioError, match="role"):
        add_user(engine, "ngan", "boss", PASSWORD, clock())
    with pytest.raises(RadioError, match="already exists"):
        add_user(engine, "editor", "editor", PASSWORD, clock())


def test_sign_in_and_the_session_expires_when_idle(client: TestClient, clock) -> None:
    sign_in(client, "editor")
    assert client.get("/year/2024").status_code == 200
    clock.advance(hours=7)
    assert client.get("/year/2024").status_code == 200  # still in use: the idle clock restarts
    clock.advance(hours=8, minutes=1)
    answer = client.get("/year/2024")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_a_session_ends_after_a_day_even_in_use(client: TestClient, clock) -> None:
    sign_in(client, "editor")
    for _ in range(5):
        clock.advance(hours=5)
        client.get("/year/2024")
    assert client.get("/year/2024").status_code == 303


def test_signing_out_ends_the_session(client: TestClient) -> None:
    token = sign_in(client, "viewer")
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    assert client.get("/stations").status_code == 303


def test_a_tampered_cookie_is_anonymous(client: TestClient) -> None:
    sign_in(client, "admin")
    cookie = client.cookies.get("radio_session")
    client.cookies.set("radio_session", cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"))
    assert client.get("/publish").status_code == 303


def test_forms_without_the_sessions_csrf_token_are_refused(client: TestClient, workspace) -> None:
    token = sign_in(client, "admin")
    for data in ({}, {"csrf": "forged"}, {"csrf": token[:-1]}):
        answer = client.post("/users", data={"name": "moi", "role": "editor", "password": PASSWORD, **data})
        assert answer.status_code == 403
        assert "Biểu mẫu đã hết hạn" in answer.text
    assert (
        client.post(
            "/users", data={"name": "moi", "role": "editor", "password": PASSWORD, "csrf": token}
        ).status_code
        == 303
    )
    # A header token works too (the page's scripts send it with fetch).
    assert (
        client.post(
            "/users",
            data={"name": "moi2", "role": "editor", "password": PASSWORD},
            headers={"X-CSRF-Token": token},
        ).status_code
        == 303
    )


def test_the_login_form_needs_its_own_token(client: TestClient) -> None:
    client.get("/login")
    answer = client.post("/login", data={"name": "editor", "password": PASSWORD})
    assert answer.status_code == 403


def test_logins_are_rate_limited_and_audited(client: TestClient, clock, app) -> None:
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        answer = client.post("/login", data={"name": "editor", "password": "sai-mat-khau", "csrf": token})
        assert answer.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in answer.text
    blocked = client.post("/login", data={"name": "editor", "password": PASSWORD, "csrf": token})
    assert blocked.status_code == 429 and "15 phút" in blocked.text
    clock.advance(minutes=16)
    assert (
        client.post("/login", data={"name": "editor", "password": PASSWORD, "csrf": token}).status_code == 303
    )
    actions = [e.action for e in audit_log(app.state.studio.engine)]
    assert actions.count("login-failed") == 5 and actions[0] == "login"


def test_pages_are_vietnamese_by_default_and_english_on_request(client: TestClient) -> None:
    assert "Đăng nhập" in client.get("/login").text
    client.get("/lang/en?next=/login")
    assert ">Sign in<" in client.get("/login").text
    assert client.get("/lang/en?next=//evil.example").headers["location"] == "/"


def test_error_pages_are_vietnamese_and_never_a_traceback(client: TestClient) -> None:
    sign_in(client, "editor")
    missing = client.get("/month/2024-13")
    assert missing.status_code == 404 and "Trang này không tồn tại" in missing.text
    assert "Traceback" not in missing.text
