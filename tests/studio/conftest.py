"""A Studio over a copy of the shipped settings and inputs, with a clock the tests move."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from radio.studio import create_app
from radio.studio.auth import add_user
from radio.studio.guard import Security, allowed_hosts
from tests.station.helpers import FakeClock

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-1"
ROLES = ("editor", "approver", "admin", "viewer")
TEST_SECURITY = Security(allowed_hosts("127.0.0.1", ("testserver",)))  # TestClient's Host


Clock = FakeClock  # the station tests' clock: now, advance(**delta)


@pytest.fixture
def workspace(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch, db) -> Path:
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    shutil.copytree(
        REPO / "episodes",
        tmp_path / "episodes",
        ignore=shutil.ignore_patterns("*.mp3", "build.json", "script.md", "calendar"),
    )
    monkeypatch.setenv("RADIO_DB", db_url)
    return tmp_path


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2's real cost (~0.2 s a hash) on every account of every test would dominate the suite."""
    from argon2 import PasswordHasher

    import radio.studio.auth

    monkeypatch.setattr(
        radio.studio.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2024, 4, 28, 3, 0, tzinfo=UTC))


@pytest.fixture
def app(workspace: Path, clock: Clock):
    application = create_app(workspace / "schedule.toml", clock, TEST_SECURITY)
    for role in ROLES:
        add_user(application.state.studio.engine, role, role, PASSWORD, clock())
    yield application
    application.state.studio.engine.dispose()


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]  # type: ignore[index]


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Signs in and returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"name": name, "password": password, "csrf": token, "next": "/"})
    assert answer.status_code == 303, answer.text
    home = client.get("/", follow_redirects=True)
    return csrf_of(home.text)
