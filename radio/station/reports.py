"""Play reports: queued on disk one JSON file each, uploaded to the centre when it answers.

A report is written atomically before anything tries to send it, so a crash or a dead line never
loses one; the centre ignores a replayed report_id, so sending one twice is harmless.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests

from radio.core.atomic import staging

log = logging.getLogger("radio.station.reports")

EVENTS = ("synced", "played", "failed")


@dataclass(frozen=True)
class PlayReport:
    station: str
    report_id: str
    event: str
    item_id: str | None
    sha256: str | None
    manifest_sequence: int | None
    at: datetime
    detail: str

    def to_json(self) -> dict[str, object]:
        return {"station": self.station, "report_id": self.report_id, "event": self.event,
                "item_id": self.item_id, "sha256": self.sha256,
                "manifest_sequence": self.manifest_sequence,
                "at": self.at.isoformat(timespec="seconds"), "detail": self.detail}


def new_report(station: str, event: str, at: datetime, *, item_id: str | None = None,
               sha256: str | None = None, sequence: int | None = None, detail: str = "") -> PlayReport:
    if event not in EVENTS:
        raise ValueError(f"unknown report event {event!r}")
    return PlayReport(station=station, report_id=str(uuid.uuid4()), event=event, item_id=item_id,
                      sha256=sha256, manifest_sequence=sequence, at=at, detail=detail)


@dataclass(frozen=True)
class UploadResult:
    sent: int  # stored by the centre (201)
    duplicates: int  # already stored (200): an earlier upload whose answer was lost
    rejected: int  # malformed by the centre's judgement (400): set aside, not retried
    pending: int  # still queued
    problem: str | None  # why uploading stopped early, for the operator


class ReportQueue:
    """reports/pending/*.json waiting for the centre; reports/rejected/ for ones it refused."""

    def __init__(self, folder: Path) -> None:
        self.pending_dir = folder / "pending"
        self.rejected_dir = folder / "rejected"

    def put(self, report: PlayReport) -> Path:
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        # Names sort by time, so reports are uploaded in the order they happened.
        name = f"{report.at.strftime('%Y%m%dT%H%M%S%z')}-{report.report_id}.json"
        target = self.pending_dir / name
        write_atomic(target, json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8"))
        return target

    def pending(self) -> list[Path]:
        if not self.pending_dir.is_dir():
            return []
        return sorted(self.pending_dir.glob("*.json"))

    def upload(self, session: requests.Session, url: str, token: str, timeout: float) -> UploadResult:
        """Send queued reports oldest first; stop at the first sign the centre cannot take them."""
        sent = duplicates = rejected = 0
        problem = None
        for path in self.pending():
            try:
                body = path.read_bytes()
                answer = session.post(url, data=body, timeout=timeout, headers={
                    "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            except requests.RequestException as err:
                problem = f"centre unreachable ({type(err).__name__}); reports stay queued"
                break
            if answer.status_code in (200, 201):
                path.unlink()
                sent += answer.status_code == 201
                duplicates += answer.status_code == 200
            elif answer.status_code == 400:
                # Retrying a report the centre calls malformed would block the queue forever.
                self.rejected_dir.mkdir(parents=True, exist_ok=True)
                os.replace(path, self.rejected_dir / path.name)
                rejected += 1
                log.warning("centre rejected report %s as malformed: %s", path.name, answer.text[:200])
            elif answer.status_code in (401, 403):
                problem = (f"centre refused the report token (HTTP {answer.status_code}); check token "
                           "in station.toml against `radio token` at the centre")
                break
            else:
                problem = f"centre answered HTTP {answer.status_code}; reports stay queued"
                break
        if problem:
            log.warning("report upload stopped: %s", problem)
        return UploadResult(sent, duplicates, rejected, len(self.pending()), problem)


def write_atomic(target: Path, data: bytes) -> None:
    """radio.core.atomic's temp-and-rename, flushed to disk first: a station PC may lose power."""
    with staging() as staged, staged.path_for(target).open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
