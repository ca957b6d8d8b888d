"""Issue 22, Studio: what strangers and bursts cannot wear down. A real uvicorn on 127.0.0.1 for
the login burst and streamed bodies, the ASGI app for the rest; a long MP3 made by ffmpeg."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from starlette.testclient import TestClient

from radio.core import ffmpeg
from radio.studio import create_app
from radio.studio.auth import LOGIN_FAILURES, add_user, audit_log, list_users
from radio.studio.guard import ANONYMOUS_BODY, Security, allowed_hosts
from tests.studio.conftest import PASSWORD, ROLES, TEST_SECURITY, csrf_of, sign_in
from tests.studio.test_month import fields

# ---------------------------------------------------------------- a real server


@contextlib.contextmanager
def served(app: Any) -> Iterator[str]:
    """`app` on a free port of 127.0.0.1 in a thread, as `radio studio` runs it; its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           proxy_headers=False, limit_concurrency=200))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def real_app(workspace: Path, clock):
    """The Studio as `radio studio` makes it (its own Host list), accounts added."""
    application = create_app(workspace / "schedule.toml", clock, Security(allowed_hosts("127.0.0.1")))
    for role in ROLES:
        add_user(application.state.studio.engine, role, role, PASSWORD, clock())
    yield application
    application.state.studio.engine.dispose()


def login_form(base: str) -> tuple[str, dict[str, str]]:
    page = httpx.get(f"{base}/login")
    return csrf_of(page.text), dict(page.cookies)


def test_a_burst_of_logins_checks_at_most_the_limit_and_the_right_one_last_is_refused(
        real_app) -> None:
    with served(real_app) as base:
        token, cookies = login_form(base)
        answers: list[int] = []
        lock = threading.Lock()
        start = threading.Barrier(39)

        def guess(password: str, wait: bool) -> None:
            if wait:
                start.wait()
            with httpx.Client(cookies=cookies, timeout=60) as http:
                answer = http.post(f"{base}/login", data={"name": "editor", "password": password,
                                                          "csrf": token, "next": "/"})
            with lock:
                answers.append(answer.status_code)

        wrong = [threading.Thread(target=guess, args=(f"sai-{i}", True)) for i in range(39)]
        for thread in wrong:
            thread.start()
        time.sleep(0.3)  # the burst is under way: the right password comes last
        right = threading.Thread(target=guess, args=(PASSWORD, False))
        right.start()
        for thread in [*wrong, right]:
            thread.join(timeout=120)
    assert len(answers) == 40
    assert answers.count(401) <= LOGIN_FAILURES and 303 not in answers, sorted(answers)
    assert answers.count(429) >= 40 - LOGIN_FAILURES
    failed = [e for e in audit_log(real_app.state.studio.engine) if e.action == "login-failed"]
    assert len(failed) <= LOGIN_FAILURES  # at most the limit of passwords were checked


def test_forwarded_for_is_believed_only_from_a_listed_proxy(workspace: Path, clock) -> None:
    def locked_out_after_spoofing(security: Security) -> bool:
        app = create_app(workspace / "schedule.toml", clock, security)
        add_user(app.state.studio.engine, f"user{len(security.trusted_proxies)}", "editor", PASSWORD,
                 clock())
        name = f"user{len(security.trusted_proxies)}"
        try:
            with served(app) as base:
                token, cookies = login_form(base)
                with httpx.Client(cookies=cookies) as http:
                    for i in range(LOGIN_FAILURES + 1):  # each guess claims another address
                        answer = http.post(f"{base}/login", headers={"X-Forwarded-For": f"10.9.9.{i}"},
                                           data={"name": name, "password": "sai", "csrf": token})
                return answer.status_code == 429
        finally:
            app.state.studio.engine.dispose()

    assert locked_out_after_spoofing(Security(allowed_hosts("127.0.0.1")))  # none trusted by default
    # behind a listed proxy each forwarded address is its own client
    assert not locked_out_after_spoofing(Security(allowed_hosts("127.0.0.1"), ("127.0.0.1",)))


def test_radio_studio_tells_uvicorn_not_to_trust_proxy_headers(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from radio.cli import main

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options, app=app))
    done = CliRunner(mix_stderr=False).invoke(main, ["--config", str(workspace / "schedule.toml"),
                                                     "studio", "--no-browser", "--port", "8799"])
    assert done.exit_code == 0, done.stderr
    assert seen["proxy_headers"] is False
    wrong = CliRunner(mix_stderr=False).invoke(main, [
        "--config", str(workspace / "schedule.toml"), "studio", "--no-browser",
        "--trusted-proxy", "proxy.lan"])
    assert wrong.exit_code != 0 and "proxy.lan" in wrong.stderr and "Traceback" not in wrong.stderr


# ---------------------------------------------------------------- bodies capped as they stream


def test_a_huge_chunked_body_to_login_is_not_read(real_app) -> None:
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        block = b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n" \
            + b"\0" * (1 << 16)
        for _ in range(150 * 16):  # 150 MB, chunked (no Content-Length)
            sent += len(block)
            yield block

    with served(real_app) as base:
        token, cookies = login_form(base)
        status = None
        with contextlib.suppress(httpx.TransportError):  # the server may close on us mid-send
            answer = httpx.post(f"{base}/login", cookies=cookies, content=body(), timeout=60,
                                headers={"Content-Type": "multipart/form-data; boundary=x"})
            status = answer.status_code
    assert status in (413, None)
    assert sent < 20 * 1024 * 1024  # stopped by the server, not sent whole (socket buffers aside)


def asgi_post(app: Any, path: str, headers: dict[str, str], total: int,
              block: bytes = b"a" * 65536) -> tuple[int, int]:
    """POST `total` bytes chunked to the ASGI app; (status, bytes the app pulled)."""
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled >= total:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(block)
        return {"type": "http.request", "body": block, "more_body": pulled < total}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8765),
             "headers": [(k.lower().encode(), v.encode()) for k, v in
                         {"host": "testserver", "transfer-encoding": "chunked", **headers}.items()]}
    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start"), pulled


def test_chunked_bodies_stop_at_their_cap_anonymous_and_signed_in(app, client: TestClient) -> None:
    multipart = {"content-type": "multipart/form-data; boundary=x"}
    status, pulled = asgi_post(app, "/login", multipart, 150 * 1024 * 1024)
    assert status == 413 and pulled <= ANONYMOUS_BODY + 65536

    sign_in(client, "editor")
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    from radio.studio.files import MAX_UPLOAD

    part = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n'
    status, pulled = asgi_post(app, "/month/2024-05/upload", {**multipart, "cookie": cookie},
                               3 * MAX_UPLOAD, part + b"a" * (65536 - len(part)))
    assert status == 413 and pulled <= MAX_UPLOAD + 64 * 1024 + 65536
    status, pulled = asgi_post(app, "/month/2024-05", {**multipart, "cookie": cookie},
                               3 * MAX_UPLOAD, part + b"a" * (65536 - len(part)))  # no upload: 4 MB
    assert status == 413 and pulled <= 5 * 1024 * 1024
    lying = client.post("/login", content=b"x" * 100_000,
                        headers={"content-length": "10", "content-type": "application/x-www-form-urlencoded"})
    assert lying.status_code in (400, 403, 413)  # read as announced: 10 bytes, no token


# ---------------------------------------------------------------- uploads


def test_a_long_low_bitrate_mp3_is_refused_without_decoding_it(client: TestClient, workspace: Path,
                                                               tmp_path: Path) -> None:
    long_mp3 = tmp_path / "ba-gio.mp3"
    ffmpeg.run(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=10800",
                "-ac", "1", "-b:a", "8k", "-y", str(long_mp3)], what="making the test MP3",
                timeout_s=600)
    assert long_mp3.stat().st_size > 10_000_000  # three hours at 8 kbit/s
    token = sign_in(client, "editor")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with long_mp3.open("rb") as data:
        answer = client.post("/month/2024-05/upload", data={"segment": "greeting", "csrf": token},
                             files={"file": ("ba-gio.mp3", data, "audio/mpeg")})
    assert answer.status_code == 400 and "dài 180 phút" in answer.text, answer.text[-500:]
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100 * 1024  # not the 348 MB a whole decode took (at most the upload's bytes)
    assert not (workspace / "episodes" / "2024-05" / "ghi-am").exists()


def test_an_upload_is_kept_as_the_wav_we_decoded_never_as_sent(client: TestClient, workspace: Path,
                                                              tmp_path: Path) -> None:
    token = sign_in(client, "editor")
    month = workspace / "episodes" / "2024-05"
    concat = b"ffconcat version 1.0\nfile '/etc/passwd'\n"
    refused = client.post("/month/2024-05/upload", data={"segment": "greeting", "csrf": token},
                          files={"file": ("loi-chao.mp3", concat, "audio/mpeg")})
    assert refused.status_code == 400
    assert not (month / "ghi-am").exists() or not any((month / "ghi-am").iterdir())
    mp3 = tmp_path / "chao.mp3"
    ffmpeg.run(["-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-y", str(mp3)], what="test")
    good = client.post("/month/2024-05/upload", data={"segment": "greeting", "csrf": token},
                       files={"file": ("chao.mp3", mp3.read_bytes(), "audio/mpeg")})
    assert good.status_code == 303, good.text
    stored = month / "ghi-am" / "greeting.wav"
    assert stored.read_bytes()[:4] == b"RIFF" and not (month / "ghi-am" / "greeting.mp3").exists()
    assert 'greeting = "ghi-am/greeting.wav"' in (month / "episode.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["/etc/passwd", "/etc/no-such-file-here", "../../schedule.toml",
                                   "ghi-am/../../../etc/passwd", "ghi-am\\..\\x.wav"])
def test_a_recording_outside_the_month_folder_is_refused_alike_whether_it_exists(
        client: TestClient, workspace: Path, value: str) -> None:
    token = sign_in(client, "editor")
    path = workspace / "episodes" / "2024-05" / "episode.toml"
    before = path.read_text(encoding="utf-8")
    answer = client.post("/month/2024-05", data=fields(path, csrf=token, **{"rec-greeting": value}))
    assert answer.status_code == 400
    assert "Tệp ghi âm phải nằm trong thư mục của tháng" in answer.text
    assert path.read_text(encoding="utf-8") == before


# ---------------------------------------------------------------- hosts, cookies, accounts, forms


def test_an_unknown_host_is_refused(client: TestClient) -> None:
    assert client.get("/login", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/login", headers={"host": "localhost:8765"}).status_code == 200


def test_cookies_are_secure_over_https_or_with_the_https_option(workspace: Path, clock, app) -> None:
    def cookie_headers(client: TestClient) -> list[str]:
        page = client.get("/login")
        token = csrf_of(page.text)
        answer = client.post("/login", data={"name": "editor", "password": PASSWORD, "csrf": token})
        assert answer.status_code == 303
        return page.headers.get_list("set-cookie") + answer.headers.get_list("set-cookie")

    with TestClient(app, follow_redirects=False) as plain:
        assert not any("secure" in h.lower() for h in cookie_headers(plain))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as tls:
        headers = cookie_headers(tls)
        assert headers and all("Secure" in h for h in headers)
    behind = create_app(workspace / "schedule.toml", clock, Security(TEST_SECURITY.allowed_hosts, https=True))
    try:  # plain HTTP to the Studio (TLS ended at the proxy): a browser would not send these back
        with TestClient(behind, follow_redirects=False) as proxied:
            headers = [*proxied.get("/login").headers.get_list("set-cookie"),
                       *proxied.get("/lang/en").headers.get_list("set-cookie")]
            assert len(headers) == 2 and all("Secure" in h for h in headers)
    finally:
        behind.state.studio.engine.dispose()


def test_the_last_admin_cannot_disable_themselves(client: TestClient, app) -> None:
    token = sign_in(client, "admin")
    refused = client.post("/users/admin/active", data={"active": "0", "csrf": token})
    assert refused.status_code == 400 and "tài khoản kỹ thuật cuối cùng" in refused.text
    assert all(u.active for u in list_users(app.state.studio.engine) if u.name == "admin")
    add_user(app.state.studio.engine, "admin2", "admin", PASSWORD, app.state.studio.clock())
    assert client.post("/users/admin2/active", data={"active": "0", "csrf": token}).status_code == 303


GARBAGE: dict[str, Any] = {
    "topics": ["x", "99999999999999999999", "-1"], "notes": "\0", "version": "zz", "raw": "[[[",
    "fig-0-name": "Bad Name", "fig-0-value": "", "news-99999999999999999999-title": "a",
    "qa-0-question": "q", "qa-0-answer": "a", "qa-0-topic": "1e9", "rec-../x": "a",
    "segment": "../x", "comment": "c" * 5000, "decision": "maybe", "sha256": "nothing",
    "slots": "25:99\nthứ tám", "station": "no-such", "title": "", "to": "nowhere", "hours": "1e308",
    "priority": "loud", "name": "x" * 300, "role": "king", "password": "", "active": "2",
    "word": "", "reading": "", "password2": "x", "month": "2024-13", "next": "//evil",
}


def test_every_malformed_form_gets_a_4xx_never_a_500(client: TestClient, workspace: Path) -> None:
    from radio.studio.pages import PAGES

    failures = []
    for role in ("editor", "approver", "admin"):
        client.cookies.clear()
        token = sign_in(client, role)
        for page in PAGES:
            if page.method != "POST" or page.path in ("/login", "/logout"):
                continue
            path = (page.path.replace("{month:str}", "2024-05").replace("{name}", "viewer"))
            variants: list[tuple[dict[str, Any], dict[str, Any]]] = [
                ({**GARBAGE, "csrf": token}, {"file": ("x.mp3", b"junk", "audio/mpeg")}),
                ({**GARBAGE, "csrf": token, "hours": "nan", "title": "t"}, {}),
                ({"csrf": token}, {}),
                ({"csrf": token},  # text fields sent as files
                 {name: ("x.txt", b"x", "text/plain") for name in ("raw", "text", "slots", "name")}),
            ]
            for data, files in variants:
                answer = client.post(path, data=data, files=files or None)
                if answer.status_code >= 500:
                    failures.append((role, path, answer.status_code))
    for path in ("/year/99999999999", "/year/x", "/month/2024-13", "/review/0000-00", "/reports/x.y",
                 "/reports/2024-99.csv", "/schedule/2024-1", "/build/2024-05/progress?since=x"):
        client.cookies.clear()
        sign_in(client, "admin" if path.startswith(("/reports", "/schedule")) else "approver")
        if client.get(path).status_code >= 500:
            failures.append(("get", path, 500))
    assert not failures


def test_paragraphs_typed_in_a_browser_stay_and_a_long_address_is_never_split(
        client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "editor")
    path = workspace / "episodes" / "2024-05" / "episode.toml"
    address = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=" \
        + "1.001234-rat-dai-khong-co-khoang-trang" * 3
    first = " ".join(["Đoạn thứ nhất của tin, đủ dài để phải xuống dòng khi ghi vào tệp."] * 3)
    text = f"{first}\r\n\r\nĐoạn thứ hai: xem {address} để biết thêm."
    answer = client.post("/month/2024-05", data=fields(path, csrf=token, **{
        "news-9-title": "Tin mới", "news-9-source": "UBND tỉnh", "news-9-text": text}))
    assert answer.status_code == 303, answer.text[-800:]
    from radio.studio.months import form_from_text

    saved = form_from_text(path.read_text(encoding="utf-8")).news[-1].text
    assert saved == text.replace("\r\n", "\n")
    assert address in saved and saved.count("\n\n") == 1
