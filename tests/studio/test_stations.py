"""Đài in the Studio: health columns and the problem filter, current names, the public key, report
tokens created and rotated from the browser, and the set-up sheet."""

from __future__ import annotations

import re
import shlex
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

from starlette.testclient import TestClient

from radio.cli.station_setup import init
from radio.config import load_settings
from radio.lifecycle.stations import Trouble, display_name, station_overview
from radio.server.reports import Answer, token_station
from radio.store.db import open_engine, transaction
from radio.store.publications import claim_release
from radio.store.stations import save_status
from radio.store.tables import StationStatusRow
from radio.studio.auth import audit_log
from tests.studio.conftest import sign_in


def _status(station: str, now: datetime, **fields: object) -> StationStatusRow:
    values: dict[str, object] = dict(
        station_id=station, received_at=now - timedelta(minutes=5), station_clock=now, clock_offset_s=1.0,
        agent_version="1.4.0", held_sequence=1, newest_sequence=1, items=1, items_held=1, items_verified=1,
        free_disk_bytes=20_000_000_000, problems=[])
    values.update(fields)
    return StationStatusRow(**values)


def _row(html: str, station: str) -> str:
    found = re.search(rf'<tr id="st-{station}">(.*?)</tr>', html, re.S)
    assert found, station
    return found[1]


def _cell(row: str, name: str) -> str:
    found = re.search(rf'<td class="[^"]*\b{name}\b[^"]*">(.*?)</td>', row, re.S)
    assert found, name
    return re.sub(r"<[^>]+>", "", unescape(found[1])).strip()


def test_health_columns_and_the_problem_filter(app, client: TestClient, clock, db_url: str) -> None:
    now = clock()
    ids = [s.id for s in app.state.studio.settings().network.stations]
    engine = open_engine(db_url)
    with transaction(engine) as session:
        claim_release(session, now - timedelta(days=1), ["2024-05"])
        save_status(session, _status(ids[0], now))
        save_status(session, _status(ids[1], now, clock_offset_s=-95.0))
        save_status(session, _status(ids[2], now, free_disk_bytes=100_000_000))
        save_status(session, _status(ids[3], now, received_at=now - timedelta(hours=3)))
    engine.dispose()
    sign_in(client, "viewer")
    html = client.get("/stations").text
    fine = _row(html, ids[0])
    assert _cell(fine, "clock") == "+1 s" and _cell(fine, "disk") == "20 GB"
    assert _cell(fine, "version") == "1.4.0" and "trực tuyến" in _cell(fine, "state")
    assert "bad" in re.search(r'<td class="n clock[^"]*"', _row(html, ids[1]))[0]  # type: ignore[index]
    assert _cell(_row(html, ids[2]), "disk") == "0,1 GB"
    assert "mất kết nối" in _cell(_row(html, ids[3]), "state")
    assert "/token" not in html  # the viewer sees no token buttons

    def listed(show: str) -> set[str]:
        return set(re.findall(r'<tr id="st-([^"]+)">', client.get(f"/stations?show={show}").text))

    assert listed("clock") == {ids[1]} and listed("disk") == {ids[2]}
    assert ids[3] in listed("offline") and ids[0] not in listed("offline")
    assert ids[0] not in listed("any") and {ids[1], ids[2], ids[3]} <= listed("any")
    assert listed("nonsense") == set(ids)  # an unknown filter shows every station


def test_stations_are_named_by_the_unit_they_serve_today(workspace: Path) -> None:
    network = load_settings(workspace / "schedule.toml").network
    pho_an = network.station("st-02")
    assert display_name(pho_an, datetime(2025, 6, 30, 16, 59, tzinfo=UTC)) == "Đài truyền thanh xã Phổ An"
    # 01/7/2025 00:00 in Asia/Ho_Chi_Minh is still 30/6 in UTC: the local day decides.
    assert display_name(pho_an, datetime(2025, 6, 30, 17, 0, tzinfo=UTC)) == \
        "Đài truyền thanh phường Trà Câu (xã Phổ An cũ)"


def test_every_page_names_a_station_by_its_current_unit(app, client: TestClient, clock) -> None:
    clock.advance(days=365 * 2 + 250)  # January 2027
    sign_in(client, "admin")
    current = "Đài truyền thanh phường Trà Câu (xã Phổ An cũ)"
    for path in ("/stations", "/publish", "/schedule/2027-01"):
        page = unescape(client.get(path).text)
        assert current in page and "Đài truyền thanh xã Phổ An<" not in page, path
    rows = station_overview(app.state.studio.engine, app.state.studio.settings().network, clock())
    assert next(r for r in rows if r.id == "st-02").unit == "phường Trà Câu"


def test_the_admin_sees_the_public_key_and_sets_a_station_up(app, client: TestClient, clock) -> None:
    studio = app.state.studio
    network = studio.settings().network
    csrf = sign_in(client, "admin")
    assert "Chưa có khóa ký" in client.get("/stations").text
    created = client.post("/keys", data={"csrf": csrf})
    assert created.headers["location"].startswith("/stations")  # where the public key is shown
    line = network.public_key.read_text(encoding="utf-8").splitlines()[-1].strip()
    page = client.get("/stations").text
    assert f'<code id="public-key">{line}</code>' in page and 'data-copy="public-key"' in page

    sheet = client.post("/stations/st-02/token", data={"csrf": csrf})
    assert sheet.status_code == 200 and sheet.headers["cache-control"] == "no-store"
    token = re.search(r'<code id="sheet-token">([^<]+)</code>', sheet.text)[1]  # type: ignore[index]
    assert token_station(studio.engine, f"Bearer {token}") == "st-02"
    text = unescape(sheet.text)
    assert "Đài truyền thanh phường Trà Câu (xã Phổ An cũ)" not in text  # April 2024: still xã Phổ An
    assert "xã Phổ An" in text and network.centre_url in text and line in text
    command = shlex.split(unescape(re.search(r'<pre class="command" id="init-line">([^<]+)</pre>',
                                             sheet.text)[1]))  # type: ignore[index]
    assert command[:3] == ["radio", "station", "init"]
    parsed = init.make_context("init", command[3:])  # the line is one `radio station init` accepts
    assert (parsed.params["centre"], parsed.params["station_id"], parsed.params["public_key"],
            parsed.params["token"]) == (network.centre_url, "st-02", line, token)
    assert "đồng bộ lần đầu" in text and "station-data" in text and "radio station status" in text

    # Shown once: the sheet printed later hides it; rotating makes the old one stop working.
    later = client.get("/stations/st-02/sheet").text
    assert token not in later and 'id="sheet-token-hidden"' in later and "--token TOKEN" in later
    rotated = client.post("/stations/st-02/token", data={"csrf": csrf}).text
    assert token not in rotated
    assert isinstance(token_station(studio.engine, f"Bearer {token}"), Answer)
    entries = [e for e in audit_log(studio.engine) if e.action == "token"]
    assert [e.target for e in entries] == ["st-02", "st-02"] and all(token not in e.detail for e in entries)
    assert "Cấp mã mới" in _row(client.get("/stations").text, "st-02")
    assert client.post("/stations/st-99/token", data={"csrf": csrf}).status_code == 404


def test_overview_flags_match_the_filter_enum(app, clock) -> None:
    rows = station_overview(app.state.studio.engine, app.state.studio.settings().network, clock())
    assert all(r.has(Trouble.OFFLINE) and r.has(Trouble.ANY) for r in rows)  # nobody seen yet


def test_last_sync_moves_with_every_sync_not_only_a_new_release(workspace: Path, db_url: str) -> None:
    """A sync that brought nothing new sends no `synced` report, only its status: the report's
    "Đồng bộ lần cuối" follows the status too (never beyond the report's as-of)."""
    from radio.report import make_report, policy_for
    from radio.store.plays import add_report
    from radio.store.tables import PlayReportRow

    settings = load_settings(workspace / "schedule.toml")
    synced = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)
    status_at = datetime(2024, 5, 14, 3, 0, tzinfo=UTC)
    engine = open_engine(db_url)
    with transaction(engine) as session:
        claim_release(session, synced - timedelta(days=1), ["2024-05"])
        add_report(session, PlayReportRow(report_id="s1", station_id="st-03", event="synced", item_id=None,
                                          manifest_sequence=1, at=synced, received_at=synced))
        save_status(session, _status("st-03", status_at, received_at=status_at))
    policy = policy_for(settings.program, settings.audio, settings.network.timezone, "2024-05", 7,
                        timedelta(minutes=30))

    def last_sync(as_of: datetime) -> datetime | None:
        report = make_report(engine, "2024-05", [("st-03", "st-03")], policy, as_of)
        return next(s for s in report.stations if s.station_id == "st-03").last_synced

    assert last_sync(datetime(2024, 5, 20, tzinfo=UTC)) == status_at  # moved with the status
    assert last_sync(datetime(2024, 5, 10, tzinfo=UTC)) == synced  # the status came after as-of
    engine.dispose()


def test_radio_stations_and_the_page_read_one_health(workspace: Path, db_url: str) -> None:
    """One database, both views: the same online state and the same agent version per station."""
    from tests.studio.test_lifecycle import _radio, _studio_page

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    ids = [s.id for s in load_settings(workspace / "schedule.toml").network.stations]
    engine = open_engine(db_url)
    with transaction(engine) as session:
        claim_release(session, now - timedelta(days=1), ["2026-12"])
        save_status(session, _status(ids[0], now, agent_version="1.4.0"))
        save_status(session, _status(ids[1], now, agent_version="1.3.2", received_at=now - timedelta(hours=2)))
        save_status(session, _status(ids[2], now, agent_version="1.4.1", clock_offset_s=120.0))
    engine.dispose()
    lines = {line.split()[0]: line for line in _radio(workspace, "stations").splitlines()[1:-1]}
    cli = {station: (" online " in lines[station],
                     next((v for v in ("1.4.0", "1.3.2", "1.4.1") if f" {v} " in lines[station]), "—"))
           for station in ids}
    html = _studio_page(workspace, now, "/stations")
    studio = {station: ("trực tuyến" in _cell(_row(html, station), "state") or
                        "online" in _cell(_row(html, station), "state"), _cell(_row(html, station), "version"))
              for station in ids}
    assert {s: cli[s][0] for s in ids} == {s: studio[s][0] for s in ids}
    assert [studio[s] for s in ids[:3]] == [(True, "1.4.0"), (False, "1.3.2"), (True, "1.4.1")]
    assert {s: cli[s][1] for s in ids} == {s: studio[s][1] for s in ids}
