"""Station status at the centre: token-checked, one row per station, the fleet's health from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from radio.cli.stations import table
from radio.lifecycle.stations import fleet
from radio.protocol.status import StationStatusMessage, encode_status
from radio.server.reports import issue_token
from radio.server.status import accept_status
from radio.store.db import transaction
from radio.store.publications import claim_release

NOW = datetime(2024, 5, 1, 1, 0, tzinfo=UTC)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _status(station: str = "st-01", **fields: object) -> bytes:
    values: dict[str, object] = dict(station=station, agent_version="0.1.0", clock=NOW, clock_offset_s=0.4,
                                     held_sequence=1, newest_sequence=1, items=1, items_held=1,
                                     items_verified=1, next_airing=NOW + timedelta(hours=5),
                                     next_airing_held=True, free_disk_bytes=20 * 10**9)
    values.update(fields)
    return encode_status(StationStatusMessage(**values))  # type: ignore[arg-type]


def test_a_status_needs_the_stations_own_token_and_a_valid_body(db: Engine) -> None:
    token = issue_token(db, "st-01", NOW)
    assert accept_status(db, None, _status(), NOW).status == 401
    assert accept_status(db, "Bearer nope", _status(), NOW).status == 401
    assert accept_status(db, f"Bearer {token}", _status("st-02"), NOW).status == 403
    bad = accept_status(db, f"Bearer {token}", b'{"station": "st-01", "clock": "yesterday"}', NOW)
    assert bad.status == 400 and "station status $.clock" in bad.message
    assert accept_status(db, f"Bearer {token}", b"[" * 10_000 + b"]" * 10_000, NOW).status == 400
    assert accept_status(db, f"Bearer {token}", _status(), NOW).status == 200


def test_the_latest_status_replaces_the_last_and_the_fleet_reads_each_flag(db: Engine) -> None:
    tokens = {station: issue_token(db, station, NOW) for station in ("st-01", "st-02", "st-03", "st-04")}
    with transaction(db) as session:
        claim_release(session, NOW, ["2024-05"])
        claim_release(session, NOW, ["2024-05"])  # release 2 is the newest
    send = lambda station, at, **f: accept_status(db, f"Bearer {tokens[station]}",  # noqa: E731
                                                  _status(station, **f), at)
    send("st-01", NOW - timedelta(hours=3), held_sequence=1)  # seen long ago
    send("st-01", NOW, held_sequence=2, newest_sequence=2)  # ...and now: fine
    send("st-02", NOW, held_sequence=1, newest_sequence=2, next_airing_held=False)  # behind, missing
    send("st-03", NOW, held_sequence=2, clock_offset_s=-95.0, free_disk_bytes=100 * 10**6)
    send("st-04", NOW - timedelta(hours=2), held_sequence=2)
    with transaction(db) as session:
        rows = {row.station_id: row for row in fleet(session, NOW + timedelta(minutes=5), ["st-05"])}
    assert rows["st-01"].ok and rows["st-01"].flags == ()
    assert rows["st-02"].flags == ("behind", "missing next airing")
    assert rows["st-03"].flags == ("clock off", "disk low")
    assert rows["st-04"].flags == ("offline",) and rows["st-04"].last_seen == NOW - timedelta(hours=2)
    assert rows["st-05"].last_seen is None and "offline" in rows["st-05"].flags  # in the network, silent
    lines = table(list(rows.values()), {"st-01": "Phổ Ninh"}, TZ)
    assert lines[1].split()[:5] == ["st-01", "Phổ", "Ninh", "online", "01/05"]
    assert "08:00" in lines[1]  # local time, +07, never UTC
    assert rows["st-01"].agent_version and f" {rows['st-01'].agent_version[:9]} " in lines[1]
    assert rows["st-05"].agent_version is None  # never sent a status
    assert "OFFLINE" in lines[4] and "never" in lines[5]
    assert lines[-1] == "5 station(s), 1 fine, 4 need attention (times Asia/Ho_Chi_Minh)"


def test_without_the_stations_estimate_the_centre_compares_the_clock_itself(db: Engine) -> None:
    token = issue_token(db, "st-01", NOW)
    body = _status(clock=NOW + timedelta(minutes=3), clock_offset_s=None)
    assert accept_status(db, f"Bearer {token}", body, NOW).status == 200
    with transaction(db) as session:
        (row,) = fleet(session, NOW)
    assert row.clock_offset_s == 180.0 and row.clock_off
