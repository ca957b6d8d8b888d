"""Safe actions and the office's files: publish and emergency confirmed, an emergency heard first and
recalled, releases by title, the month's summary to paste, the print view of the approved script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from radio.core import ffmpeg
from radio.core.hashing import file_sha256
from radio.store.db import transaction
from radio.store.publications import recent_releases
from radio.store.tables import EpisodeRow as Episode
from radio.studio.auth import audit_log
from tests.studio.conftest import sign_in
from tests.studio.test_flows import fake_build


@pytest.fixture
def espeak(workspace: Path) -> Path:
    """Typed emergencies spoken by espeak-ng (offline, quick), as a centre without Piper would."""
    settings = workspace / "schedule.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('engine = "auto"', 'engine = "espeak"', 1),
                        encoding="utf-8")
    return workspace


def _approved_and_scheduled(app, client: TestClient, workspace: Path) -> str:
    fake_build(app, workspace)
    with transaction(app.state.studio.engine) as session:  # publishing checks the file's hash
        episode = session.scalars(select(Episode).where(Episode.month == "2024-05")).one()
        episode.sha256 = file_sha256(workspace / "episodes" / "2024-05" / "episode.mp3")
    approver = sign_in(client, "approver")
    client.post("/review/2024-05", data={"csrf": approver, "decision": "approve", "script": "a" * 64})
    client.post("/logout", data={"csrf": approver})
    token = sign_in(client, "admin")
    client.post("/keys", data={"csrf": token})
    done = client.post("/schedule/2024-05", data={"csrf": token})
    assert done.status_code == 303
    return token


def _flash(client: TestClient, answer) -> str:  # type: ignore[no-untyped-def]
    return client.get(answer.headers["location"]).text


def test_publishing_shows_what_goes_where_and_needs_that_confirmation(
    app, client: TestClient, workspace: Path
) -> None:
    token = _approved_and_scheduled(app, client, workspace)
    unconfirmed = client.post("/publish/2024-05", data={"csrf": token})
    assert "phát hành cần xác nhận" in _flash(client, unconfirmed)
    summary = client.get("/publish/2024-05")
    assert summary.status_code == 200
    page = summary.text
    assert "Chương trình tháng 5/2024" in page and "16 đài" in page and "approver" in page
    assert "Đài truyền thanh xã Phổ An" in page  # May 2024: the commune's name then and now
    confirm = re.search(r'name="confirm" value="([^"]+)"', page)[1]  # type: ignore[index]
    wrong = client.post("/publish/2024-05", data={"csrf": token, "confirm": "0" * 24})
    assert "hãy xem lại bản tóm tắt" in _flash(client, wrong)
    done = client.post("/publish/2024-05", data={"csrf": token, "confirm": confirm})
    shown = _flash(client, done)
    assert "Đã phát hành bản 1" in shown, re.findall(r'class="flash" role="status">([^<]*)', shown)
    again = client.post("/publish/2024-05", data={"csrf": token, "confirm": confirm})  # a second click
    assert "hãy xem lại bản tóm tắt" in _flash(client, again)
    with transaction(app.state.studio.engine) as session:
        assert [r.sequence for r in recent_releases(session, 5)] == [1]
    listing = client.get("/publish").text
    assert "Chương trình tháng 5/2024" in listing


def test_a_typed_emergency_is_heard_then_sent_then_recalled(
    espeak: Path, app, client: TestClient, clock
) -> None:
    token = sign_in(client, "admin")
    client.post("/keys", data={"csrf": token})
    prepared = client.post("/emergency", data={"csrf": token, "title": "Bão số 9", "to": ["sa-huynh"],
                                               "text": "Bão số 9 đổ bộ lúc 14 giờ, người dân ở trong nhà.",
                                               "hours": "12"})
    assert prepared.status_code == 303 and prepared.headers["location"].startswith("/emergency/")
    draft = prepared.headers["location"].rsplit("/", 1)[1]
    with transaction(app.state.studio.engine) as session:
        assert recent_releases(session, 5) == []  # nothing is sent by preparing it
    page = client.get(f"/emergency/{draft}").text
    assert "Bão số 9" in page and "2 đài" in page and f"/emergency/{draft}/audio" in page
    audio = client.get(f"/emergency/{draft}/audio")
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert audio.content[:3] == b"ID3" or audio.content[0] == 0xFF
    sent = client.post(f"/emergency/{draft}/send", data={"csrf": token})
    assert "Đã gửi tin khẩn cấp tới 2 đài trong bản phát hành 1" in _flash(client, sent)
    twice = client.post(f"/emergency/{draft}/send", data={"csrf": token})
    assert "đã được gửi" in _flash(client, twice)  # the same draft never goes out twice
    listing = client.get("/publish").text
    assert "Khẩn cấp: Bão số 9 — 28/04/2024 10:00" in listing and "emergency-" not in listing.split(
        "Bản phát hành")[-1].split("<form")[0]
    item = re.search(r'action="/recall/(emergency-[^"]+)"', listing)[1]  # type: ignore[index]
    clock.advance(minutes=30)
    recalled = client.post(f"/recall/{item}", data={"csrf": token})
    assert "Đã thu hồi “Bão số 9”: bản phát hành 2" in _flash(client, recalled)
    with transaction(app.state.studio.engine) as session:
        newest = recent_releases(session, 1)[0]
    assert newest.sequence == 2 and item not in newest.items
    assert f"/recall/{item}" not in client.get("/publish").text
    entries = audit_log(app.state.studio.engine)
    assert entries[0].action == "recall" and entries[0].target == item and "Bão số 9" in entries[0].detail
    again = client.post(f"/recall/{item}", data={"csrf": token})
    assert "không có tin khẩn cấp nào như vậy đang hiệu lực" in _flash(client, again)


def test_an_uploaded_mp3_is_played_back_as_it_was_sent(app, client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "admin")
    client.post("/keys", data={"csrf": token})
    mp3 = workspace / "bao.mp3"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "sine=frequency=600:duration=3", "-c:a", "libmp3lame", str(mp3)])
    prepared = client.post("/emergency", data={"csrf": token, "title": "Bão số 4", "hours": "12"},
                           files={"file": ("bao.mp3", mp3.read_bytes(), "audio/mpeg")})
    draft = prepared.headers["location"].rsplit("/", 1)[1]
    assert client.get(f"/emergency/{draft}/audio").content == mp3.read_bytes()
    assert "Tất cả các đài (16)" in client.get(f"/emergency/{draft}").text
    text = workspace / "notice.mp3"
    text.write_text("not audio", encoding="utf-8")
    refused = client.post("/emergency", data={"csrf": token, "title": "X", "hours": "1"},
                          files={"file": ("notice.mp3", text.read_bytes(), "audio/mpeg")})
    assert "không phải bản ghi âm MP3" in _flash(client, refused)


def test_a_month_has_its_summary_to_paste_and_the_approved_script_prints(
    app, client: TestClient, workspace: Path
) -> None:
    _approved_and_scheduled(app, client, workspace)
    page = client.get("/reports?period=2024-05").text
    summary = re.search(r'id="month-summary" readonly>([^<]*)<', page)[1]  # type: ignore[index]
    assert "tháng 5/2024 “T”, thời lượng 12,5 phút" in summary
    assert "đã được phát trên hệ thống truyền thanh của 0/16 đài" in summary
    assert "do approver duyệt lúc 10:00 ngày 28/04/2024" in summary
    assert 'data-copy="month-summary"' in page and "/print/2024-05" in page
    printed = client.get("/print/2024-05")
    assert printed.status_code == 200
    html = printed.text
    assert "Kịch bản chương trình" in html and "Người duyệt" in html and "approver" in html
    assert "Chủ Nhật, 28/04/2024 10:00" in html or "28/04/2024 10:00" in html
    assert "Kính thưa UBND" in html and "@media print" in html
    fake_build(app, workspace, script="c" * 64)  # rebuilt: the paper must not claim an approval
    assert "cần duyệt lại" in client.get("/print/2024-05").text
    assert client.get("/print/2024-07").status_code == 404


def test_the_workbook_downloads_from_the_reports_page(app, client: TestClient, workspace: Path) -> None:
    import io

    from openpyxl import load_workbook

    _approved_and_scheduled(app, client, workspace)
    answer = client.get("/reports/2024.xlsx")
    assert answer.status_code == 200 and "spreadsheetml" in answer.headers["content-type"]
    assert 'filename="bao-cao-2024.xlsx"' in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames[:3] == ["Tóm tắt", "Tổng hợp", "Thời lượng"]
    csv = client.get("/reports/2024.csv")
    assert csv.content.startswith("\ufeffPhần,Tháng".encode())


def test_radio_recall_ends_an_emergency_from_the_command_line(workspace: Path, db_url: str) -> None:
    from datetime import UTC, datetime

    from click.testing import CliRunner

    from radio.cli import main
    from radio.config import load_settings
    from radio.lifecycle.emergency import create_signing_key, send_emergency
    from radio.store.db import open_engine

    settings = load_settings(workspace / "schedule.toml")
    engine = open_engine(db_url)
    create_signing_key(engine, settings.network)
    mp3 = workspace / "bao.mp3"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "sine=frequency=600:duration=2", "-c:a", "libmp3lame", str(mp3)])
    sent = send_emergency(engine, settings, "Bão số 4", settings.network.stations, datetime.now(UTC), audio=mp3)
    config = ["--lang", "vi", "--config", str(workspace / "schedule.toml")]
    result = CliRunner(mix_stderr=False).invoke(main, [*config, "recall", sent.item.id, "--by", "Nguyễn Văn A"])
    assert result.exit_code == 0, result.stderr
    assert f"Đã thu hồi {sent.item.id} (Bão số 4)" in result.stdout and "Bản phát hành 2" in result.stdout
    entries = audit_log(engine)
    assert (entries[0].user, entries[0].action, entries[0].target) == ("Nguyễn Văn A", "recall", sent.item.id)
    again = CliRunner(mix_stderr=False).invoke(main, [*config, "recall", sent.item.id])
    assert again.exit_code == 1 and "không có tin khẩn cấp nào như vậy" in again.stderr
    assert "Traceback" not in again.stderr
    engine.dispose()


def test_a_recall_whose_release_fails_leaves_the_emergency_live(
    workspace: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    import radio.lifecycle.emergency as lifecycle
    from radio.config import load_settings
    from radio.core.errors import RadioError
    from radio.lifecycle.emergency import create_signing_key, live_emergencies, recall_emergency, send_emergency
    from radio.store.db import open_engine

    settings = load_settings(workspace / "schedule.toml")
    engine = open_engine(db_url)
    create_signing_key(engine, settings.network)
    mp3 = workspace / "bao.mp3"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "sine=frequency=600:duration=2", "-c:a", "libmp3lame", str(mp3)])
    now = datetime.now(UTC)
    sent = send_emergency(engine, settings, "Bão số 4", settings.network.stations, now, audio=mp3)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise RadioError("publish: no space left on device")

    monkeypatch.setattr(lifecycle, "publish", disk_full)
    with pytest.raises(RadioError, match="no space"):
        recall_emergency(engine, settings, sent.item.id, now, by="kythuat")
    assert [e.id for e in live_emergencies(engine, now)] == [sent.item.id]  # as the live release says
    engine.dispose()
