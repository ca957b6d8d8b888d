"""The route × role matrix of issue 10, enforced on the server for every route."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from radio.studio.auth import GRANTS, Can, Role
from radio.studio.pages import PAGES
from tests.studio.conftest import sign_in

VALUES = {"month": "2024-05", "year": "2024", "name": "viewer", "period": "2024", "fmt": "json", "code": "vi",
          "segment": "01-greeting", "draft": "0" * 32, "item": "emergency-0",
          "station": "st-03", "unit": "sa-huynh"}
# Allowed GETs that answer other than 200 with nothing built or prepared yet.
NOT_THERE = {"/audio/": 404, "/print/": 404, "/emergency/": 404, "/publish/": 303}  # nothing built or prepared
GUARDED = [p for p in PAGES if p.need is not None]


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: VALUES[m[1]], path)


def test_every_route_is_declared_with_what_it_needs() -> None:
    assert {p.need for p in GUARDED} == set(Can)
    # Issue 10's table: what each role can do.
    assert GRANTS[Role.EDITOR] == {Can.EDIT}
    assert GRANTS[Role.APPROVER] == {Can.EDIT, Can.APPROVE}
    assert GRANTS[Role.ADMIN] == {Can.ADMIN, Can.WATCH}
    assert GRANTS[Role.VIEWER] == {Can.WATCH}


@pytest.mark.parametrize("page", GUARDED, ids=lambda p: f"{p.method} {p.path}")
def test_anonymous_users_are_sent_to_the_login(client: TestClient, page) -> None:
    answer = client.request(page.method, concrete(page.path), data={} if page.method == "POST" else None)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_the_routes_it_may_not_use(client: TestClient, role: Role) -> None:
    token = sign_in(client, role.value)
    for page in GUARDED:
        path = concrete(page.path)
        allowed = page.need is Can.ANY or page.need in GRANTS[role]
        if page.method == "GET":
            answer = client.get(path)
            if allowed:
                expected = next((code for start, code in NOT_THERE.items() if path.startswith(start)), 200)
                if "/recording/" in path:
                    expected = 404  # no recording uploaded
                if path.startswith("/emergency/") and not path.endswith("/audio"):
                    expected = 303  # a draft sent or never prepared: back to the publish page, said why
                assert answer.status_code == expected, (role, path, answer.status_code, answer.text[:500])
            else:
                assert answer.status_code == 403, (role, path)
                assert "không được mở trang này" in answer.text
        elif not allowed:  # allowed POSTs do real work: their own tests exercise them
            answer = client.post(path, data={"csrf": token})
            assert answer.status_code == 403, (role, path)


def test_a_spoken_segment_is_playable_before_the_programme_is_built(
        client: TestClient, workspace: Path) -> None:
    from radio.config import load_settings
    from radio.speech.takes import keep_take
    from tests.audio.conftest import speechlike

    sign_in(client, Role.EDITOR.value)
    assert client.get("/audio/2024-05/01-greeting").status_code == 404  # not spoken yet
    assert client.get("/audio/2024-05/..%2Fschedule.toml").status_code == 404
    cache = load_settings(workspace / "schedule.toml").speech.cache_dir
    keep_take(cache, "2024-05", "01-greeting", "key", speechlike(0.5))
    answer = client.get("/audio/2024-05/01-greeting")
    assert answer.status_code == 200 and answer.content[:4] == b"RIFF"
