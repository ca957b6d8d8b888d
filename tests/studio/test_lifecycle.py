"""The CLI and the Studio over one database: the same station health, month state and key rule."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from radio.cli import main
from radio.config import load_settings
from radio.core.errors import RadioError
from radio.store.db import open_engine, transaction
from radio.store.episodes import replace_episode
from radio.store.plays import add_report
from radio.store.publications import claim_release, live_emergencies
from radio.store.stations import save_status
from radio.store.tables import EpisodeRow, PlayReportRow, StationStatusRow
from radio.studio import create_app
from radio.studio.auth import add_user
from tests.studio.conftest import PASSWORD, TEST_SECURITY, sign_in


def _radio(workspace: Path, *args: str) -> str:
    result = CliRunner(mix_stderr=False).invoke(main, ["--config", str(workspace / "schedule.toml"), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _studio_page(workspace: Path, now: datetime, path: str, form: dict[str, str] | None = None) -> str:
    """The page at `path` as the admin sees it; with `form`, posted first and the page it leads to."""
    app = create_app(workspace / "schedule.toml", lambda: now, TEST_SECURITY)
    with contextlib.suppress(RadioError):  # the account from an earlier page of the same test
        add_user(app.state.studio.engine, "kythuat", "admin", PASSWORD, now)
    try:
        with TestClient(app, follow_redirects=False) as client:
            token = sign_in(client, "kythuat")
            if form is not None:
                sent = client.post(path, data={"csrf": token, **form})
                assert sent.status_code == 303
                path = sent.headers["location"]
            page = client.get(path)
            assert page.status_code == 200
            return page.text
    finally:
        app.state.studio.engine.dispose()


def _report(station: str, event: str, at: datetime, n: int) -> PlayReportRow:
    return PlayReportRow(report_id=f"r{n}", station_id=station, event=event, item_id="2026-12",
                         manifest_sequence=1, at=at, received_at=at)


def test_radio_stations_and_the_stations_page_agree(workspace: Path, db_url: str) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    ids = [s.id for s in load_settings(workspace / "schedule.toml").network.stations]
    fresh, sync_only, quiet, silent = ids[:4]
    engine = open_engine(db_url)
    with transaction(engine) as session:
        claim_release(session, now - timedelta(days=1), ["2026-12"])
        for station, age in ((fresh, 5), (quiet, 180)):
            save_status(session, StationStatusRow(
                station_id=station, received_at=now - timedelta(minutes=age), station_clock=now,
                agent_version="0.1", held_sequence=1, items=1, items_held=1, items_verified=1, problems=[]))
        # An agent's sync report with no status message: seen all the same.
        add_report(session, _report(sync_only, "synced", now - timedelta(minutes=10), 1))
        # A play report two hours ago: the Studio used to call this station online for a day.
        add_report(session, _report(quiet, "played", now - timedelta(hours=2), 2))
    engine.dispose()

    cli: dict[str, tuple[bool, str]] = {}
    for line in _radio(workspace, "stations").splitlines():
        found = re.match(r"(\S+) .*? (online|OFFLINE)\s+(\d\d/\d\d \d\d:\d\d|never) ", line)
        if found:
            cli[found[1]] = (found[2] == "online", found[3])
    html = _studio_page(workspace, now, "/stations")
    studio: dict[str, tuple[bool, str]] = {}
    for station, state, seen in re.findall(
        r'<tr id="st-([^"]+)">.*?<td class="state"><span class="(ok|bad)">.*?<td class="seen">([^<]*)</td>',
        html, re.S,
    ):
        when = re.match(r"(\d\d/\d\d)/\d{4} (\d\d:\d\d)", seen)
        studio[station] = (state == "ok", f"{when[1]} {when[2]}" if when else "never")
    assert set(studio) == set(ids) and set(ids) <= set(cli)
    assert {station: cli[station] for station in ids} == studio
    assert [studio[s][0] for s in (fresh, sync_only, quiet, silent)] == [True, True, False, False]
    assert studio[silent][1] == "never" and studio[quiet][1] != "never"


def _build(db_url: str, month: str, now: datetime) -> None:
    engine = open_engine(db_url)
    with transaction(engine) as session:
        replace_episode(session, EpisodeRow(
            month=month, title="CCHC", duration_s=750.0, predicted_s=750.0, loudness_lufs=-16.0,
            true_peak_dbtp=-1.5, sha256="b" * 64, script_sha256="a" * 64, mp3_path="x.mp3", built_at=now,
            inputs=[]))
    engine.dispose()


def test_radio_status_and_return_with_a_reason_in_vietnamese(
    workspace: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RADIO_LANG", "vi")
    now = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    before = _radio(workspace, "status", "2027-01")
    assert before.splitlines()[0] in ("Tháng 01/2027: Chưa có đầu vào", "Tháng 01/2027: Bản nháp")
    assert before.splitlines()[-1].startswith("Tiếp theo:")
    _build(db_url, "2027-01", now)
    returned = _radio(workspace, "approve", "2027-01", "--by", "lanhdao", "--return", "Sửa số đường dây nóng")
    assert "“Sửa số đường dây nóng”" in returned and "radio build 2027-01" in returned
    status = _radio(workspace, "status", "2027-01").splitlines()
    assert status[0] == "Tháng 01/2027: Bị trả lại"
    assert "Bị lanhdao trả lại: “Sửa số đường dây nóng”" in status
    assert status[-1] == "Tiếp theo: Sửa theo lý do, rồi dựng lại. radio build 2027-01"
    _radio(workspace, "approve", "2027-01", "--by", "lanhdao")
    status = _radio(workspace, "status", "2027-01").splitlines()
    assert status[0] == "Tháng 01/2027: Đã duyệt" and status[-1].endswith("radio schedule 2027-01")
    # The Studio's approval list shows the same state and its audit log the CLI's decisions.
    html = _studio_page(workspace, now, "/publish")
    assert "s-approved" in html
    audit = _studio_page(workspace, now, "/audit")
    assert audit.count("lanhdao") >= 2


def test_the_studio_never_offers_a_new_key_once_releases_were_signed(workspace: Path, db_url: str) -> None:
    now = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    assert 'action="/keys"' in _studio_page(workspace, now, "/publish")  # first set-up: create one
    engine = open_engine(db_url)
    with transaction(engine) as session:
        claim_release(session, now, [])
    engine.dispose()
    html = _studio_page(workspace, now, "/publish")
    assert 'action="/keys"' not in html and "khôi phục" in html
    # Neither the button nor a hand-made request makes a new key, and an emergency is refused with
    # the CLI's advice before anything is recorded.
    assert "khôi phục" in _studio_page(workspace, now, "/keys", {})
    assert not (workspace / ".radio" / "keys" / "minisign.key").exists()
    refused = _studio_page(workspace, now, "/emergency", {"title": "Bão số 4", "text": "Bão sắp vào."})
    assert "khôi phục từ bản sao lưu ngoại tuyến" in refused and "radio keygen" in refused
    engine = open_engine(db_url)
    with transaction(engine) as session:
        assert live_emergencies(session, now) == []
    engine.dispose()
