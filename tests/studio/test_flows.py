"""Approval tied to the account, the schedule's slots, publish and emergency, withdraw, lexicon, audit."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from starlette.testclient import TestClient

from radio.core import ffmpeg
from radio.store.approvals import latest_approval as latest_of
from radio.store.db import transaction
from radio.store.tables import EpisodeRow as Episode
from radio.studio.auth import audit_log
from tests.studio.conftest import sign_in


def fake_build(app, workspace: Path, month: str = "2024-05", script: str = "a" * 64) -> None:
    """An episode record and files as a build leaves them, without minutes of speech."""
    folder = workspace / "episodes" / month
    mp3 = folder / "episode.mp3"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "libmp3lame", str(mp3)])
    segment = {
        "id": "01-greeting",
        "kind": "greeting",
        "topic": None,
        "title": "Lời chào",
        "engine": "espeak",
        "start_s": 0,
        "duration_s": 1,
        "predicted_s": 1,
        "text": "Kính thưa UBND",
        "reading": "Kính thưa Ủy ban nhân dân",
    }
    facts = {
        "month": month,
        "title": "T",
        "duration_s": 750,
        "predicted_duration_s": 749,
        "loudness_lufs": -16,
        "true_peak_dbtp": -1.5,
        "topics": [5],
        "sha256": "b" * 64,
        "script_sha256": script,
        "engines": {},
        "built_at": "2024-04-28T03:00:00+00:00",
        "segments": [segment],
    }
    (folder / "build.json").write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    with transaction(app.state.studio.engine) as session:
        for old in session.scalars(select(Episode).where(Episode.month == month)):
            session.delete(old)
        session.flush()
        session.add(
            Episode(
                month=month,
                title="T",
                duration_s=750,
                predicted_s=749,
                loudness_lufs=-16,
                true_peak_dbtp=-1.5,
                sha256="b" * 64,
                script_sha256=script,
                mp3_path=str(mp3),
                built_at=datetime(2024, 4, 28, 3, 0, tzinfo=UTC),
            )
        )


def latest_approval(app, month: str):
    with transaction(app.state.studio.engine) as session:
        return latest_of(session, month)


def test_approval_is_the_accounts_and_a_rebuild_sends_it_back(
    app, client: TestClient, workspace: Path
) -> None:
    fake_build(app, workspace)
    token = sign_in(client, "editor")
    assert client.post("/month/2024-05/submit", data={"csrf": token}).status_code == 303
    client.post("/logout", data={"csrf": token})
    token = sign_in(client, "approver")
    page = client.get("/review/2024-05")
    assert (
        page.status_code == 200
        and "Kính thưa Ủy ban nhân dân" in page.text
        and "editor trình duyệt" in page.text
    )
    no_comment = client.post(
        "/review/2024-05", data={"csrf": token, "decision": "return", "script": "a" * 64}
    )
    assert "ghi rõ cần sửa gì" in client.get(no_comment.headers["location"]).text
    client.post(
        "/review/2024-05",
        data={"csrf": token, "decision": "return", "script": "a" * 64, "comment": "Sửa tin 2"},
    )
    assert "Bị trả lại" in client.get("/review").text
    stale = client.post("/review/2024-05", data={"csrf": token, "decision": "approve", "script": "c" * 64})
    assert "dựng lại" in client.get(stale.headers["location"]).text
    assert latest_approval(app, "2024-05") is None
    client.post("/review/2024-05", data={"csrf": token, "decision": "approve", "script": "a" * 64})
    approval = latest_approval(app, "2024-05")
    assert approval is not None and approval.approved_by == "approver" and approval.script_sha256 == "a" * 64
    assert "Đã duyệt" in client.get("/review").text
    fake_build(app, workspace, script="d" * 64)  # rebuilt with a change after the approval
    assert "Chờ duyệt" in client.get("/review").text
    assert [e.action for e in audit_log(app.state.studio.engine)][:3] == ["approve", "return", "login"]


def test_slots_are_checked_like_the_file_and_keep_its_comments(
    app, client: TestClient, workspace: Path
) -> None:
    token = sign_in(client, "admin")
    path = workspace / "schedule.toml"
    before = path.read_text(encoding="utf-8")
    form = {"csrf": token, "station": "st-03", "month": "2024-05"}
    bad = client.post("/slots", data=form | {"days-0": ["0"], "time-0": "25:99"})
    assert "Chưa lưu được khung giờ" in client.get(bad.headers["location"]).text
    assert path.read_text(encoding="utf-8") == before
    no_day = client.post("/slots", data=form | {"time-0": "05:30"})
    assert "hãy đánh dấu ít nhất một thứ" in client.get(no_day.headers["location"]).text
    good = client.post(
        "/slots", data=form | {"days-0": ["0", "2", "4"], "time-0": "05:45", "days-1": ["5"], "time-1": "16:30",
                               "time-2": ""},
    )
    page = client.get(good.headers["location"]).text
    assert "Đã lưu khung giờ" in page and "Thứ Hai, Thứ Tư, Thứ Sáu 05:45 · Thứ Bảy 16:30" in page
    after = path.read_text(encoding="utf-8")
    assert '"Mon Wed Fri 05:45", "Sat 16:30"' in after and "# Each station is a physical loudspeaker" in after
    assert app.state.studio.settings().network.station("st-03").slots  # the Studio reads the new file


def test_publish_needs_approval_and_an_emergency_goes_out_at_once(
    app, client: TestClient, workspace: Path
) -> None:
    fake_build(app, workspace)
    token = sign_in(client, "admin")
    client.post("/keys", data={"csrf": token})
    assert (workspace / ".radio" / "keys" / "minisign.key").is_file()
    refused = client.post("/publish/2024-05", data={"csrf": token})
    assert "Chưa phát hành được" in client.get(refused.headers["location"]).text
    mp3 = workspace / "bao.mp3"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "sine=frequency=600:duration=3", "-c:a", "libmp3lame", str(mp3)])
    prepared = client.post(
        "/emergency",
        data={"csrf": token, "title": "Bão số 4", "to": ["sa-huynh"], "hours": "12"},
        files={"file": ("bao.mp3", mp3.read_bytes(), "audio/mpeg")},
    )
    sent = client.post(prepared.headers["location"] + "/send", data={"csrf": token})  # heard, confirmed
    assert "Đã gửi tin khẩn cấp tới 2 đài trong bản phát hành 1" in client.get(sent.headers["location"]).text
    assert any(e.action == "emergency" and "Bão số 4" in e.detail for e in audit_log(app.state.studio.engine))
    report = client.get("/reports/2024.json").json()
    assert report["totals"]["stations"] == 16


def test_a_test_build_is_withdrawn_and_stops_counting(app, client: TestClient, workspace: Path) -> None:
    fake_build(app, workspace)
    token = sign_in(client, "admin")
    assert client.get("/reports/2024.json").json()["totals"]["programmes"] == 1
    done = client.post("/withdraw/2024-05", data={"csrf": token, "reason": "bản thử"})
    assert "không còn tính trong báo cáo" in client.get(done.headers["location"]).text
    assert client.get("/reports/2024.json").json()["totals"]["programmes"] == 0
    assert (workspace / "episodes" / "2024-05" / "episode.mp3").is_file()  # files stay


def test_fixing_a_reading_writes_the_editors_lexicon(app, client: TestClient, workspace: Path) -> None:
    fake_build(app, workspace)
    token = sign_in(client, "editor")
    answer = client.post(
        "/lexicon", data={"csrf": token, "month": "2024-05", "written": "UBND", "reading": "Ủy ban"}
    )
    assert "chỉ 1 đoạn có từ này được đọc lại" in client.get(answer.headers["location"]).text
    assert '"UBND" = "Ủy ban"' in (workspace / "lexicon.toml").read_text(
        encoding="utf-8"
    ) or 'UBND = "Ủy ban"' in (workspace / "lexicon.toml").read_text(encoding="utf-8")
    settings = app.state.studio.settings()
    assert settings.reading.lexicon == (workspace / "lexicon.toml").resolve()
    from radio.reading import Normalizer

    assert "Ủy ban" in Normalizer(settings.reading).read("UBND thị xã")
