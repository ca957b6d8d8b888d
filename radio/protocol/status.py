"""A station's status (station → centre, POST api/status after every sync): how it is, in one small message.

The latest one per station is kept at the centre, so `radio stations` and the Studio can say which
stations are online, behind, missing their next airing, off on their clock, or short of disk,
before a single airing is missed. Sent with the station's report token.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from radio.core.i18n import N_
from radio.protocol.wire import AwareTime, WireError, decode, encode

STATUS_PATH = "api/status"  # below the centre URL
MAX_STATUS_BYTES = 16 * 1024
CLOCK_LIMIT_S = 60.0  # a station clock further off than this airs at the wrong time: reported
_Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
_Sequence = Annotated[int, msgspec.Meta(ge=0, lt=2**31)]


class StatusError(WireError):
    """A status the centre cannot take as it is (answered 400)."""


class StationStatusMessage(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    station: str
    agent_version: Annotated[str, msgspec.Meta(max_length=40)]
    clock: AwareTime  # the station's own clock when it sent this
    # Station clock minus centre clock, from the centre's Date header at this sync (None: unknown).
    clock_offset_s: Annotated[float, msgspec.Meta(ge=-1e9, le=1e9)] | None = None
    held_sequence: _Sequence | None = None  # the manifest whose audio is all held (playing from)
    newest_sequence: _Sequence | None = None  # the newest verified manifest (higher: behind)
    items: _Count = 0  # items in the manifest played from
    items_held: _Count = 0
    items_verified: _Count = 0  # held and hashed again just now
    next_airing: AwareTime | None = None
    next_airing_held: bool | None = None  # its audio held and verified
    free_disk_bytes: Annotated[int, msgspec.Meta(ge=0)] | None = None
    problems: Annotated[tuple[Annotated[str, msgspec.Meta(max_length=300)], ...],
                        msgspec.Meta(max_length=10)] = ()


def encode_status(status: StationStatusMessage) -> bytes:
    return encode(status)


def decode_status(data: bytes) -> StationStatusMessage:
    if len(data) > MAX_STATUS_BYTES:
        raise StatusError(N_("station status: {size} bytes, more than {cap}"), size=len(data), cap=MAX_STATUS_BYTES)
    return decode(data, StationStatusMessage, "station status", StatusError)
