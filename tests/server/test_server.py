"""`radio serve` over real HTTP: conditional GET, ranges, no escaping the tree, play reports."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import requests
from sqlalchemy import Engine, select

from radio.core.month import Month
from radio.protocol.kinds import ReportEvent
from radio.protocol.report import encode_report, new_report
from radio.publish.approval import approve
from radio.publish.publisher import publish
from radio.server.http import byte_range
from radio.server.reports import issue_token
from radio.store.db import transaction
from radio.store.tables import PlayReportRow
from tests.publish.network import APRIL, build_month, live_server, make_key, make_settings, schedule_month

NOW = datetime(2024, 5, 2, 0, 0, tzinfo=UTC)


@pytest.fixture
def served(tmp_path: Path, db: Engine) -> Iterator[tuple[str, Path, str]]:
    """(base URL, current tree, audio sha) of a published month behind a live server."""
    settings = make_settings(tmp_path)
    key = make_key(settings)
    episode = build_month(db, settings, "2024-05", audio=bytes(range(256)) * 400)
    schedule_month(db, settings, "2024-05")
    approve(db, "2024-05", episode.script_sha256, "B", APRIL)
    publish(db, settings, key, APRIL, Month(2024, 5))
    with live_server(settings.network.publish_dir, db, lambda: NOW) as base:
        yield base, settings.network.publish_dir / "current", episode.sha256


def test_byte_range_parsing() -> None:
    assert byte_range(None, 100) is None
    assert byte_range("bytes=10-19", 100) == (10, 19)
    assert byte_range("bytes=90-", 100) == (90, 99)
    assert byte_range("bytes=-5", 100) == (95, 99)
    assert byte_range("bytes=50-500", 100) == (50, 99)
    assert byte_range("bytes=100-", 100) is False
    assert byte_range("bytes=20-10", 100) is False
    assert byte_range("bytes=0-1,5-6", 100) is None  # multiple ranges: the whole file


def test_conditional_get_answers_304_without_body(served: tuple[str, Path, str]) -> None:
    base, root, _ = served
    first = requests.get(f"{base}/stations/st-01/manifest.json", timeout=5)
    assert first.status_code == 200
    assert first.content == (root / "stations/st-01/manifest.json").read_bytes()
    assert first.headers["Content-Type"].startswith("application/json")
    again = requests.get(f"{base}/stations/st-01/manifest.json", timeout=5,
                         headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    head = requests.head(f"{base}/stations/st-01/manifest.json", timeout=5)
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(first.content))


def test_range_resumes_audio(served: tuple[str, Path, str]) -> None:
    base, root, sha = served
    whole = (root / "audio" / f"{sha}.mp3").read_bytes()
    part = requests.get(f"{base}/audio/{sha}.mp3", headers={"Range": "bytes=90000-"}, timeout=5)
    assert part.status_code == 206
    assert part.content == whole[90000:]
    assert part.headers["Content-Range"] == f"bytes 90000-{len(whole) - 1}/{len(whole)}"
    stale = requests.get(f"{base}/audio/{sha}.mp3", timeout=5,
                         headers={"Range": "bytes=10-", "If-Range": '"not-the-etag"'})
    assert stale.status_code == 200 and stale.content == whole
    beyond = requests.get(f"{base}/audio/{sha}.mp3", headers={"Range": f"bytes={len(whole)}-"}, timeout=5)
    assert beyond.status_code == 416


@pytest.mark.parametrize("path", ["/", "/stations/", "/../schedule.toml", "/%2e%2e/schedule.toml",
                                  "/stations/..%2f..%2fschedule.toml", "/nothing.json"])
def test_no_listing_and_no_escape(served: tuple[str, Path, str], path: str) -> None:
    base, _, _ = served
    assert requests.get(base + path, timeout=5).status_code == 404


@pytest.mark.parametrize("path", ["/../../../schedule.toml", "/%2e%2e/%2e%2e/%2e%2e/schedule.toml",
                                  "/stations/..%2f..%2f..%2f..%2fschedule.toml"])
def test_a_path_reaching_a_real_file_outside_the_tree_is_refused(
        served: tuple[str, Path, str], path: str) -> None:
    base, root, _ = served
    # The path does lead to an existing file, so only the server's own checks can stop it.
    assert root.resolve().joinpath(*unquote(path).split("/")[1:]).resolve().is_file()
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=5)
    connection.request("GET", path)  # sent as is: requests would normalise the dots away
    assert connection.getresponse().status == 404
    connection.close()


def test_a_refused_post_body_is_not_read_as_the_next_request(served: tuple[str, Path, str]) -> None:
    base, _, _ = served
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=5)
    connection.request("POST", "/api/nothing", body=b"GET /stations/st-01/manifest.json HTTP/1.1\r\n\r\n")
    refused = connection.getresponse()
    assert refused.status == 404
    refused.read()
    connection.request("GET", "/minisign.pub")  # on a fresh connection if the server closed it
    answer = connection.getresponse()
    assert answer.status == 200 and answer.read().startswith(b"untrusted comment: minisign public key")
    connection.close()


def _report(station: str = "st-01", **changes: object) -> dict[str, object]:
    """A station's report as the protocol encodes it, with `changes` made to its JSON."""
    report = new_report(station, ReportEvent.PLAYED, datetime.fromisoformat("2024-05-02T05:30:01+07:00"),
                        item_id="2024-05", sha256="a" * 64, sequence=1, detail="ok")
    body: dict[str, object] = json.loads(encode_report(report))
    body.update(changes)
    return body


def test_reports_need_the_station_own_token_and_replays_are_ignored(
        served: tuple[str, Path, str], db: Engine) -> None:
    base, _, _ = served
    url = f"{base}/api/reports"
    token = issue_token(db, "st-01", NOW)
    other = issue_token(db, "st-02", NOW)
    auth = {"Authorization": f"Bearer {token}"}
    report = _report()
    assert requests.post(url, json=report, timeout=5).status_code == 401
    nope = {"Authorization": "Bearer nope"}
    assert requests.post(url, json=report, headers=nope, timeout=5).status_code == 401
    assert requests.post(url, json=report, headers={"Authorization": f"Bearer {other}"},
                         timeout=5).status_code == 403
    assert requests.post(url, json=report, headers=auth, timeout=5).status_code == 201
    assert requests.post(url, json=report, headers=auth, timeout=5).status_code == 200  # replay
    for bad in (_report(event="exploded"), _report(at="yesterday"), _report(at="2024-05-02T05:30:01"),
                _report(sha256="XYZ"), _report(report_id=""), _report(manifest_sequence="1"),
                _report(manifest_sequence=2**40), _report(manifest_sequence=-1)):
        assert requests.post(url, json=bad, headers=auth, timeout=5).status_code == 400
    assert requests.post(url, data=b"{not json", headers=auth, timeout=5).status_code == 400
    refused = requests.post(url, json=_report(sha256="XYZ"), headers=auth, timeout=5)
    assert refused.text.startswith("play report $.sha256: expected `str` matching regex")
    with transaction(db) as session:
        rows = session.scalars(select(PlayReportRow)).all()
    assert len(rows) == 1
    stored = rows[0]
    assert (stored.station_id, stored.event, stored.item_id, stored.manifest_sequence) == (
        "st-01", "played", "2024-05", 1)
    assert stored.at == datetime(2024, 5, 1, 22, 30, 1, tzinfo=UTC)
    assert stored.received_at == NOW


def test_rotating_a_token_revokes_the_old_one(served: tuple[str, Path, str], db: Engine) -> None:
    base, _, _ = served
    old = issue_token(db, "st-01", NOW)
    new = issue_token(db, "st-01", NOW)
    url = f"{base}/api/reports"
    for token, status in ((old, 401), (new, 201)):
        answer = requests.post(url, json=_report(), headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert answer.status_code == status
    with transaction(db) as session:
        stored = session.scalars(select(PlayReportRow)).one()
    assert stored.detail == "ok"


def test_deeply_nested_json_is_answered_400_not_a_recursion_error(
        served: tuple[str, Path, str], db: Engine) -> None:
    base, _, _ = served
    auth = {"Authorization": f"Bearer {issue_token(db, 'st-01', NOW)}"}
    for body in (b"[" * 30_000 + b"]" * 30_000,  # within the 64 KiB a report may have
                 b'{"station": "st-01", "x": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_001):
        answer = requests.post(f"{base}/api/reports", data=body, headers=auth, timeout=5)
        assert answer.status_code == 400, answer.text
        assert "nested too deeply" in answer.text or "expected `object`" in answer.text


@pytest.mark.parametrize(("changes", "why"), [
    ({"manifest_sequence": 7}, "release 7 was never published"),
    ({"item_id": "2019-01"}, "item 2019-01 is not in release 1"),
    ({"manifest_sequence": None, "item_id": "2019-01"}, "item 2019-01 was never scheduled for station st-01"),
    ({"at": "2024-09-02T05:30:01+07:00"}, "at 2024-09-02T05:30:01+07:00 is in the future"),
    ({"event": "synced", "item_id": None, "at": "2099-01-01T00:00:00+07:00"},
     "at 2099-01-01T00:00:00+07:00 is in the future: the centre received the report at 2024-05-02"),
    ({"played": {"started": "2099-01-01T00:00:00+07:00", "ended": "2099-01-01T00:10:00+07:00",
                 "seconds": 600.0, "outcome": "complete"}}, "played.started 2099-01-01"),
    ({"at": "1970-01-01T07:00:00+07:00", "airing_at": "2024-05-02T05:30:00+07:00"},
     "report time 1970-01-01T07:00:00+07:00 is far outside item 2024-05's airings"),
    ({"played": {"started": "2024-03-01T05:30:00+07:00", "ended": "2024-03-01T05:40:00+07:00",
                 "seconds": 600.0, "outcome": "complete"}}, "play start 2024-03-01T05:30:00+07:00 is far"),
    ({"event": "missed", "reason": "not held", "airing_at": "2023-05-02T05:30:00+07:00"},
     "airing time 2023-05-02T05:30:00+07:00 is far outside"),
    ({"item_id": None}, "names no item_id"),
])
def test_reports_that_cannot_be_true_are_refused_422_and_not_stored(
        served: tuple[str, Path, str], db: Engine, changes: dict[str, object], why: str) -> None:
    base, _, _ = served
    auth = {"Authorization": f"Bearer {issue_token(db, 'st-01', NOW)}"}
    answer = requests.post(f"{base}/api/reports", json=_report(**changes), headers=auth, timeout=5)
    assert answer.status_code == 422 and why in answer.text
    with transaction(db) as session:
        assert session.scalars(select(PlayReportRow)).all() == []


def test_a_station_whose_clock_reads_1970_is_stored_as_received_now(
        served: tuple[str, Path, str], db: Engine) -> None:
    """A sync report dated 1970 is true by the centre's clock when it arrives: stored, with the
    receive time the station's health goes by; a few minutes ahead is a clock to fix, not refused."""
    base, _, _ = served
    auth = {"Authorization": f"Bearer {issue_token(db, 'st-01', NOW)}"}
    for at in ("1970-01-01T07:00:00+07:00", "2024-05-02T07:05:00+07:00"):
        body = _report(event="synced", item_id=None, sha256=None, at=at)
        body["report_id"] = f"sync-{at[:4]}-{at[11:13]}{at[14:16]}"
        answer = requests.post(f"{base}/api/reports", json=body, headers=auth, timeout=5)
        assert answer.status_code == 201, answer.text
    with transaction(db) as session:
        stored = session.scalars(select(PlayReportRow).order_by(PlayReportRow.id)).all()
    assert [row.at.year for row in stored] == [1970, 2024]
    assert all(row.received_at == NOW for row in stored)


def test_a_missed_report_is_stored_with_its_reason(served: tuple[str, Path, str], db: Engine) -> None:
    base, _, _ = served
    auth = {"Authorization": f"Bearer {issue_token(db, 'st-01', NOW)}"}
    body = _report(event="missed", reason="station was off", airing_at="2024-05-02T05:30:00+07:00",
                   detail="requested 2024-05-02T05:30:00+07:00; the station agent was not running")
    assert requests.post(f"{base}/api/reports", json=body, headers=auth, timeout=5).status_code == 201
    with transaction(db) as session:
        stored = session.scalars(select(PlayReportRow)).one()
    assert stored.event == "missed" and stored.detail.startswith("station was off: requested")
