"""A play report (station → centre, POST api/reports): encoded by the station, decoded by the centre.

The station writes each report to its queue as these bytes before sending it, so the queue and the
wire share one format; the centre stores a report_id once, so resending one is harmless.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from radio.protocol.kinds import MissReason, ReportEvent
from radio.protocol.played import PlayedSpan
from radio.protocol.wire import AwareTime, Sha256, WireError, decode, encode

REPORTS_PATH = "api/reports"  # below the centre URL
# PostgreSQL's INTEGER would refuse a larger sequence with a server error; SQLite would store anything.
_SEQUENCE_LIMIT = 2**31
ReportId = Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9-]{8,64}$",
                                       description="8-64 letters, digits or '-' (a uuid4)")]


class ReportError(WireError):
    """A play report the centre cannot take as it is (answered 400, never retried)."""


class PlayReportMessage(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    station: str
    report_id: ReportId
    event: ReportEvent
    item_id: str | None = None
    sha256: Sha256 | None = None
    manifest_sequence: Annotated[int, msgspec.Meta(ge=0, lt=_SEQUENCE_LIMIT)] | None = None
    at: AwareTime
    detail: str = ""
    # The slot an airing report is about (`at` is when the station acted), and why it was missed.
    airing_at: AwareTime | None = None
    reason: MissReason | None = None
    # What really went out (start, end, measured seconds, outcome); absent from older stations,
    # whose plays the report credits with the programme's whole length.
    played: PlayedSpan | None = None

    def __post_init__(self) -> None:
        if self.event == ReportEvent.MISSED and self.reason is None:
            raise ValueError("a `missed` report needs a reason")


# Reports about one airing share one id, whatever happens at the station (a restart, a journal
# line lost to a power cut): the centre stores a report_id once, so an airing is counted once.
_AIRING_IDS = uuid.UUID("5b7e4c1e-8f0a-4d39-9a52-2f8d7f0c6a11")


def airing_report_id(station: str, key: str) -> str:
    """The one report id of an airing (or emergency) `key` at `station`."""
    return str(uuid.uuid5(_AIRING_IDS, f"{station}/{key}"))


def new_report(station: str, event: ReportEvent, at: datetime, *, item_id: str | None = None,
               sha256: str | None = None, sequence: int | None = None, detail: str = "",
               airing_at: datetime | None = None, reason: MissReason | None = None,
               played: PlayedSpan | None = None, report_id: str | None = None) -> PlayReportMessage:
    """A report with a fresh id (or the given one); times travel to the second."""
    return PlayReportMessage(station=station, report_id=report_id or str(uuid.uuid4()),
                             event=ReportEvent(event),
                             item_id=item_id, sha256=sha256, manifest_sequence=sequence,
                             at=at.replace(microsecond=0), detail=detail,
                             airing_at=airing_at.replace(microsecond=0) if airing_at else None,
                             reason=reason, played=played)


def encode_report(report: PlayReportMessage) -> bytes:
    return encode(report)


def decode_report(data: bytes) -> PlayReportMessage:
    """Request body → PlayReportMessage; ReportError names the offending field."""
    return decode(data, PlayReportMessage, "play report", ReportError)
