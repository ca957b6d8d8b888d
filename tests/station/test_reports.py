"""The on-disk report queue and its upload, against the spec's answers."""

from __future__ import annotations

import json

import pytest

from radio.protocol.kinds import ReportEvent
from radio.protocol.report import REPORTS_PATH, new_report
from radio.station.client import StationClient
from radio.station.reports import ReportQueue
from tests.station.helpers import STATION, FaultServer, Tree, local, programme


@pytest.fixture(autouse=True)
def published(tree: Tree) -> None:
    """Release 3 with 2024-05 aired at 05:30 and 17:00: what the reports below are about."""
    tree.manifest(3, [programme("2024-05", tree.audio(b"audio" * 100),
                                ["2024-05-02T05:30:00", "2024-05-02T17:00:00"])])


def test_reports_are_written_whole_and_uploaded_oldest_first(tmp_path, server: FaultServer) -> None:
    queue = ReportQueue(tmp_path / "reports")
    late = queue.put(new_report(STATION, ReportEvent.PLAYED, local("2024-05-02T17:00:05"), item_id="2024-05",
                                sha256="ab" * 32, sequence=3, detail="requested 17:00"))
    early = queue.put(new_report(STATION, ReportEvent.FAILED, local("2024-05-02T05:30:01"),
                                 item_id="2024-05"))
    assert queue.pending() == [early, late]
    assert not list((tmp_path / "reports" / "pending").glob(".*"))  # no temp files left behind
    body = json.loads(late.read_text())
    assert body == {"station": STATION, "report_id": body["report_id"], "event": "played",
                    "item_id": "2024-05", "sha256": "ab" * 32, "manifest_sequence": 3,
                    "at": "2024-05-02T17:00:05+07:00", "detail": "requested 17:00"}
    session = StationClient(5.0, 8192)
    result = queue.upload(session, server.url + REPORTS_PATH, server.token)
    assert (result.sent, result.duplicates, result.pending, result.problem) == (2, 0, 0, None)
    assert [r.event for r in server.reports()] == ["failed", "played"]


def test_a_replayed_report_counts_as_delivered(tmp_path, server: FaultServer) -> None:
    queue = ReportQueue(tmp_path / "reports")
    path = queue.put(new_report(STATION, ReportEvent.PLAYED, local("2024-05-02T05:30:00"), item_id="2024-05"))
    copy = path.read_bytes()
    session = StationClient(5.0, 8192)
    queue.upload(session, server.url + REPORTS_PATH, server.token)
    path.write_bytes(copy)  # the centre stored it but its answer was lost
    result = queue.upload(session, server.url + REPORTS_PATH, server.token)
    assert (result.sent, result.duplicates, result.pending) == (0, 1, 0)
    assert len(server.reports()) == 1


def test_bad_token_or_dead_centre_keeps_reports_and_malformed_ones_are_set_aside(
        tmp_path, server: FaultServer) -> None:
    queue = ReportQueue(tmp_path / "reports")
    queue.put(new_report(STATION, ReportEvent.PLAYED, local("2024-05-02T05:30:00"), item_id="2024-05"))
    session = StationClient(5.0, 8192)
    refused = queue.upload(session, server.url + REPORTS_PATH, "wrong")
    assert refused.pending == 1 and "token" in refused.problem
    server.down = True
    down = queue.upload(session, server.url + REPORTS_PATH, server.token)
    assert down.pending == 1 and "503" in down.problem
    server.down = False
    broken = queue.pending_dir / "20240502T000000+0700-broken.json"
    broken.write_text("{not json")
    result = queue.upload(session, server.url + REPORTS_PATH, server.token)
    assert (result.sent, result.rejected, result.pending) == (1, 1, 0)
    assert (queue.rejected_dir / broken.name).exists()
