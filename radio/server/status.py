"""POST api/status: a station's status after each sync, checked by its report token, kept as its latest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from radio.core.errors import RadioError
from radio.protocol.status import StationStatusMessage, StatusError, decode_status
from radio.server.reports import Answer, token_station
from radio.store import stations
from radio.store.db import transaction
from radio.store.tables import StationStatusRow


def accept_status(engine: Engine, authorization: str | None, body: bytes, now: datetime) -> Answer:
    """Check the token and the message; store it as the station's latest (204 has no body: 200)."""
    try:
        owner = token_station(engine, authorization)
        if isinstance(owner, Answer):
            return owner
        try:
            message = decode_status(body)
        except StatusError as err:
            return Answer(400, str(err))
        if message.station != owner:
            return Answer(403, f"this token belongs to {owner}, not {message.station}")
        with transaction(engine) as session:
            stations.save_status(session, _row(message, now))
    except RadioError as err:  # the database failed: the station sends a fresh one next sync
        return Answer(503, str(err))
    return Answer(200, "stored")


def _row(message: StationStatusMessage, now: datetime) -> StationStatusRow:
    return StationStatusRow(
        station_id=message.station, received_at=now, station_clock=message.clock,
        clock_offset_s=message.clock_offset_s, agent_version=message.agent_version,
        held_sequence=message.held_sequence, newest_sequence=message.newest_sequence,
        items=message.items, items_held=message.items_held, items_verified=message.items_verified,
        next_airing=message.next_airing, next_airing_held=message.next_airing_held,
        free_disk_bytes=message.free_disk_bytes, problems=list(message.problems))
