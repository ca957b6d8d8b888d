"""Play reports: queued on disk one JSON file each, uploaded to the centre when it answers.

A report is written atomically before anything tries to send it, so a crash or a dead line never
loses one; the centre ignores a replayed report_id, so sending one twice is harmless.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from radio.core.atomic import staging
from radio.protocol.report import PlayReportMessage, encode_report
from radio.station.client import StationClient, TooLarge, Unreachable

_ANSWER_CAP = 4096  # the centre answers a line of text: read no more of it

log = logging.getLogger("radio.station.reports")


@dataclass(frozen=True)
class UploadResult:
    sent: int  # stored by the centre (201)
    duplicates: int  # already stored (200): an earlier upload whose answer was lost
    rejected: int  # malformed or impossible by the centre's judgement (400, 422): set aside
    pending: int  # still queued
    problem: str | None  # why uploading stopped early, for the operator


class ReportQueue:
    """reports/pending/*.json waiting for the centre; reports/rejected/ for ones it refused."""

    def __init__(self, folder: Path) -> None:
        self.pending_dir = folder / "pending"
        self.rejected_dir = folder / "rejected"

    def put(self, report: PlayReportMessage) -> Path:
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        # Names sort by time, so reports are uploaded in the order they happened.
        name = f"{report.at.strftime('%Y%m%dT%H%M%S%z')}-{report.report_id}.json"
        target = self.pending_dir / name
        write_atomic(target, encode_report(report))  # the queue holds the very bytes sent
        return target

    def pending(self) -> list[Path]:
        if not self.pending_dir.is_dir():
            return []
        return sorted(self.pending_dir.glob("*.json"))

    def upload(self, client: StationClient, url: str, token: str) -> UploadResult:
        """Send queued reports oldest first; stop at the first sign the centre cannot take them."""
        sent = duplicates = rejected = 0
        problem = None
        for path in self.pending():
            try:
                body = path.read_bytes()
            except FileNotFoundError:
                continue  # sent by another thread meanwhile
            try:
                with client.request("POST", url, "play report", client.deadline(len(body) + _ANSWER_CAP),
                                    {"Authorization": f"Bearer {token}",
                                     "Content-Type": "application/json"}, body) as answer:
                    status = answer.status
                    try:
                        text = answer.read_capped(_ANSWER_CAP).decode("utf-8", errors="replace")
                    except TooLarge:
                        text = "(a long answer)"
            except Unreachable as err:
                problem = f"centre unreachable ({err}); reports stay queued"
                break
            try:
                if status in (200, 201):
                    path.unlink(missing_ok=True)
                    sent += status == 201
                    duplicates += status == 200
                    continue
                if status in (400, 422):
                    # Retrying a report the centre calls malformed or impossible would block the
                    # queue forever; it is kept aside for a person to look at.
                    self.rejected_dir.mkdir(parents=True, exist_ok=True)
                    os.replace(path, self.rejected_dir / path.name)
                    rejected += 1
                    log.warning("centre rejected report %s (HTTP %d): %s", path.name, status,
                                text[:200])
                    continue
            except OSError as err:  # sent, but the queue cannot change: resent later, counted once
                problem = f"cannot update the report queue: {err.strerror}"
                break
            if status in (401, 403):
                problem = (f"centre refused the report token (HTTP {status}); check token "
                           "in station.toml against `radio token` at the centre")
            else:
                problem = f"centre answered HTTP {status}; reports stay queued"
            break
        if problem:
            log.warning("report upload stopped: %s", problem)
        return UploadResult(sent, duplicates, rejected, len(self.pending()), problem)


def write_atomic(target: Path, data: bytes) -> None:
    """radio.core.atomic's temp-and-rename (which flushes to disk first: a station PC may lose power)."""
    with staging() as staged:
        staged.path_for(target).write_bytes(data)
