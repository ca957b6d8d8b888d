"""The station's status message and its clock checked against the centre's Date header."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from radio.protocol.manifest import decode_manifest
from radio.protocol.status import decode_status, encode_status
from radio.station.telemetry import check_clock, clock_offset, station_status
from tests.station.helpers import Tree, local, programme


def test_the_offset_is_measured_against_the_middle_of_the_request() -> None:
    sent = local("2024-05-01T08:00:00")
    received = sent + timedelta(seconds=2)
    # The centre says 00:59:01 UTC = 07:59:01 +07 at the middle (08:00:01): we are 60 s ahead.
    assert clock_offset("Wed, 01 May 2024 00:59:01 GMT", sent, received) == 60.0
    assert clock_offset("Wed, 01 May 2024 01:00:01 GMT", sent, received) == 0.0
    assert clock_offset(None, sent, received) is None
    assert clock_offset("yesterday", sent, received) is None


def test_a_clock_more_than_a_minute_off_is_a_problem_naming_the_fix() -> None:
    assert check_clock(59.0) is None and check_clock(None) is None
    problem = check_clock(-125.0)
    assert problem is not None and "125 s behind the centre's" in problem and "NTP" in problem


def test_the_status_counts_what_is_held_and_verified_and_the_next_airing(tmp_path: Path) -> None:
    tree = Tree(tmp_path / "publish")
    one, two = tree.audio(b"a" * 1000), tree.audio(b"b" * 1000)
    items = [programme("2024-05", one, ["2024-05-03T19:00:00"]),
             programme("2024-05b", two, ["2024-05-04T19:00:00"])]
    manifest = decode_manifest(tree.manifest(3, items))
    now = local("2024-05-01T08:00:00")
    status = station_status("st-03", now, manifest, manifest, holds=lambda sha: True,
                            verified=lambda sha: sha == one.sha256,
                            next_airing=(local("2024-05-03T19:00:00"), one.sha256), storage=tmp_path,
                            offset=1.5, problems=["x" * 1000])
    assert (status.items, status.items_held, status.items_verified) == (2, 2, 1)
    assert status.next_airing_held is True and status.held_sequence == 3
    assert status.free_disk_bytes and status.free_disk_bytes > 0
    assert len(status.problems[0]) == 300  # capped: the message stays small
    assert decode_status(encode_status(status)) == status
    assert len(encode_status(status)) < 1024
    assert isinstance(status.clock, datetime)
