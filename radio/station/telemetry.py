"""What the station tells the centre after each sync, and its clock checked against the centre's.

The clock offset is estimated from the centre's `Date` header: the centre's time is taken to be
the middle of the request (HTTP dates have one-second resolution, so the estimate is good to about
a second — plenty against the 60 s that matters for airing on time).
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from radio import __version__
from radio.protocol.manifest import Manifest
from radio.protocol.status import CLOCK_LIMIT_S, STATUS_PATH, StationStatusMessage, encode_status
from radio.station.client import StationClient, TooLarge, Unreachable
from radio.station.config import StationConfig
from radio.station.player import cues, upcoming
from radio.station.reports import write_atomic
from radio.station.store import Clock, StationStore, playable

log = logging.getLogger("radio.station.telemetry")

_PROBLEMS_SENT = 10
_ANSWER_CAP = 4096
_DISK_LOW_BYTES = 500 * 1024 * 1024  # as the centre's view (radio.store.stations) judges it


def clock_offset(date_header: str | None, sent: datetime, received: datetime) -> float | None:
    """Seconds the station's clock is ahead of the centre's (negative: behind), or None."""
    if not date_header:
        return None
    try:
        centre = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
    if centre.tzinfo is None:
        return None
    middle = sent + (received - sent) / 2
    return round((middle - centre).total_seconds(), 1)


def check_clock(offset: float | None) -> str | None:
    """The problem line for a clock off by more than the limit (logged), or None."""
    if offset is None or abs(offset) <= CLOCK_LIMIT_S:
        return None
    way = "ahead of" if offset > 0 else "behind"
    message = (f"this PC's clock is {abs(offset):.0f} s {way} the centre's: airings would start at the "
               "wrong time; turn on automatic time setting (NTP) in the system settings")
    log.error("%s", message)
    return message


def free_disk(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder if folder.exists() else folder.parent).free
    except OSError:
        return None


def station_status(station: str, now: datetime, playing: Manifest | None, newest: Manifest | None,
                   holds: Callable[[str], bool], verified: Callable[[str], bool],
                   next_airing: tuple[datetime, str] | None, storage: Path, offset: float | None,
                   problems: Iterable[str] = ()) -> StationStatusMessage:
    """The status message; `next_airing` is (time, sha256 of its audio) of the next normal airing."""
    items = playing.items if playing else ()
    shas = {item.audio.sha256 for item in items}
    held = {sha for sha in shas if holds(sha)}
    good = {sha for sha in held if verified(sha)}
    return StationStatusMessage(
        station=station, agent_version=__version__, clock=now.replace(microsecond=0),
        clock_offset_s=offset,
        held_sequence=playing.sequence if playing else None,
        newest_sequence=newest.sequence if newest else None,
        items=len(items), items_held=sum(item.audio.sha256 in held for item in items),
        items_verified=sum(item.audio.sha256 in good for item in items),
        next_airing=next_airing[0].replace(microsecond=0) if next_airing else None,
        next_airing_held=(next_airing[1] in good) if next_airing else None,
        free_disk_bytes=free_disk(storage),
        problems=tuple(problem[:300] for problem in problems)[:_PROBLEMS_SENT])


@dataclass(frozen=True)
class StatusSent:
    status: int | None  # the centre's answer (None: unreachable)
    offset_s: float | None  # measured on this request (None: no Date header or unreachable)
    problem: str | None  # unreachable, refused, or the clock off


class ClockFile:
    """clock.json in the store: the offset measured at the last status, sent with the next one."""

    def __init__(self, store: StationStore) -> None:
        self.path = store.root / "clock.json"

    def load(self) -> tuple[float, datetime] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return float(data["offset_s"]), datetime.fromisoformat(data["measured_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, offset: float, at: datetime) -> None:
        body = json.dumps({"offset_s": offset, "measured_at": at.isoformat(timespec="seconds")})
        write_atomic(self.path, body.encode("utf-8"))


def next_airing(manifest: Manifest | None, now: datetime) -> tuple[datetime, str] | None:
    if manifest is None:
        return None
    ahead = upcoming(cues(manifest), now)
    return (ahead[0].at, ahead[0].item.audio.sha256) if ahead else None


def status_now(config: StationConfig, store: StationStore, now: datetime,
               problems: Iterable[str] = ()) -> StationStatusMessage:
    """The station's status from its own files (no network), as it is sent and shown."""
    holding = store.holding(config.public_key)
    playing = playable(holding, store.holds)
    last = ClockFile(store).load()
    return station_status(config.station_id, now, playing,
                          holding.newest.manifest if holding.newest else None, store.holds,
                          store.verified, next_airing(playing, now), config.storage_dir,
                          last[0] if last else None, problems)


def send_status(config: StationConfig, client: StationClient, store: StationStore, clock: Clock,
                problems: Iterable[str] = ()) -> StatusSent:
    """POST the status; measure the clock against the answer's Date header and keep the offset."""
    message = status_now(config, store, clock(), problems)
    body = encode_status(message)
    sent = clock()
    try:
        with client.request("POST", config.centre_url + STATUS_PATH, "station status",
                            client.deadline(len(body) + _ANSWER_CAP),
                            {"Authorization": f"Bearer {config.report_token}",
                             "Content-Type": "application/json"}, body) as answer:
            status, date = answer.status, answer.header("Date")
            with contextlib.suppress(TooLarge):
                answer.read_capped(_ANSWER_CAP)
    except Unreachable as err:
        return StatusSent(None, None, f"status not sent: centre unreachable ({err})")
    offset = clock_offset(date, sent, clock())
    if offset is not None:
        try:
            ClockFile(store).save(offset, sent)
        except OSError as err:  # a read-only disk: the status was sent, only the offset is lost
            log.warning("cannot keep the clock offset: %s", err.strerror)
    problem = check_clock(offset)
    if status != 200:
        problem = f"status refused: HTTP {status}" + ("" if status != 401 else "; check the token")
    return StatusSent(status, offset, problem)


def describe_health(message: StationStatusMessage, zone: ZoneInfo, measured: datetime | None,
                    lang: str = "vi") -> list[str]:
    """Clock, disk and version lines of `radio station status`, in the station's local time."""
    vi = lang == "vi"
    lines = []
    offset = message.clock_offset_s
    if offset is None:
        lines.append("Đồng hồ máy: chưa đo được (chưa gửi trạng thái lên trung tâm)" if vi
                     else "Clock: not measured yet (no status sent to the centre)")
    else:
        when = f"{measured.astimezone(zone):%d/%m/%Y %H:%M}" if measured else "?"
        off = abs(offset) > CLOCK_LIMIT_S
        lines.append((f"Đồng hồ máy: lệch {offset:+.0f} giây so với trung tâm (đo lúc {when})"
                      + (" — QUÁ 60 GIÂY: bật tự động đặt giờ (NTP) trong cài đặt hệ thống" if off else ""))
                     if vi else (f"Clock: {offset:+.0f} s against the centre's (measured {when})"
                                 + (" — MORE THAN 60 s: turn on automatic time (NTP)" if off else "")))
    if message.free_disk_bytes is not None:
        low = message.free_disk_bytes < _DISK_LOW_BYTES
        gb = f"{message.free_disk_bytes / 1e9:.1f}".replace(".", "," if vi else ".")
        lines.append((f"Ổ đĩa còn trống: {gb} GB" + (" — SẮP ĐẦY" if low else "")) if vi
                     else (f"Free disk: {gb} GB" + (" — LOW" if low else "")))
    lines.append(f"{'Phiên bản phần mềm' if vi else 'Agent version'}: {message.agent_version}")
    return lines
