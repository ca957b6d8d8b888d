"""station.toml → the typed settings of one commune station, validated once on load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from radio.core.errors import ExitCode, RadioError
from radio.core.i18n import N_
from radio.core.tomlfile import Table, in_range, load_toml
from radio.protocol.manifest import manifest_path
from radio.protocol.minisign import PublicKey, SignatureError
from radio.protocol.report import REPORTS_PATH

DEFAULT_STATION_CONFIG = Path("station.toml")
TIMEZONE = "Asia/Ho_Chi_Minh"

_STATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class StationConfig:
    path: Path
    station_id: str
    centre_url: str  # base URL of the publish tree, always ending with "/"
    public_key: PublicKey  # the key this station was given when set up: pinned, never fetched
    report_token: str
    storage_dir: Path
    play_command: tuple[str, ...]  # "{file}" is replaced by the audio path; empty: built-in playback
    # Built-in playback: "" the default output, a name from `radio station devices`, "null" (plays
    # in real time, heard nowhere), or "log" (nothing is played, airings are only logged: dry runs).
    output_device: str
    lead_in_s: float  # a short tone before each programme (0: none)
    sync_interval_s: int
    timeout_s: float
    play_grace_s: int  # an airing missed by more than this is not played late
    timezone: ZoneInfo
    # A transfer slower than this is given up (and resumed at the next sync): each request's
    # deadline is timeout_s + the bytes it may carry / min_rate_bytes_s.
    min_rate_bytes_s: int = 8192
    # ...and a transfer that falls below that rate over this window is given up at once.
    rate_window_s: int = 30

    @property
    def manifest_url(self) -> str:
        return self.centre_url + manifest_path(self.station_id)

    @property
    def reports_url(self) -> str:
        return self.centre_url + REPORTS_PATH


class StationSettingsError(RadioError):
    """station.toml cannot be read or holds a bad value. One exit status for every such mistake —
    a broken file, a missing, unknown or out-of-range field — and it is 1, because `radio station
    pull` gives 3 to a refused manifest (README, "exit | meaning")."""

    exit_code = ExitCode.FAILED


def load_station_config(path: Path = DEFAULT_STATION_CONFIG) -> StationConfig:
    """Read and check station.toml; every error names the file and field (StationSettingsError)."""
    try:
        return _load(path)
    except StationSettingsError:
        raise
    except RadioError as err:
        raise StationSettingsError(err.text) from None


def _load(path: Path) -> StationConfig:
    raw = Table(load_toml(path), path.name)
    t = raw.table("station")
    config = StationConfig(
        path=path,
        station_id=_station_id(t),
        centre_url=_centre_url(t),
        public_key=_public_key(t, path.parent),
        report_token=_token(t, path.parent),
        storage_dir=(path.parent / t.get("storage", str, "station-data")).resolve(),
        play_command=_play_command(t),
        output_device=t.get("output_device", str, ""),
        lead_in_s=_lead_in(t),
        sync_interval_s=_positive(t, "sync_interval_s", 900, 30, 86400),
        timeout_s=float(_positive(t, "timeout_s", 30, 1, 600)),
        play_grace_s=_positive(t, "play_grace_s", 120, 1, 3600),
        timezone=_timezone(t),
        min_rate_bytes_s=_positive(t, "min_rate_bytes_s", 8192, 256, 100_000_000),
        rate_window_s=_positive(t, "rate_window_s", 30, 1, 600),
    )
    t.done()
    raw.done()
    return config


def _station_id(t: Table) -> str:
    value = t.get("id", str)
    if not _STATION_ID.match(value):
        raise RadioError(N_("{field}: {value!r} is not a station id like \"st-03\" (letters, digits, '-' "
                            "or '_'); use the id the centre gave you"), field=t.field("id"), value=value)
    return value


def _centre_url(t: Table) -> str:
    value = t.get("centre", str)
    if not re.match(r"^https?://[^/\s]+", value):
        raise RadioError(N_("{field}: {value!r} is not an http(s) URL such as "
                            "\"http://radio.ducpho.example/\""), field=t.field("centre"), value=value)
    return value if value.endswith("/") else value + "/"


def _public_key(t: Table, root: Path) -> PublicKey:
    """The pinned key: the base64 line itself, or a minisign.pub file beside station.toml."""
    value = t.get("public_key", str).strip()
    key_file = root / value
    if not value.startswith("RW") and key_file.is_file():
        value = key_file.read_text(encoding="utf-8")
    try:
        return PublicKey.parse(value)
    except SignatureError as err:
        raise RadioError(N_("{field}: {problem}; copy the line starting with RW from the minisign.pub the "
                            "centre gave you, or name that file"), field=t.field("public_key"), problem=err) from None


def _token(t: Table, root: Path) -> str:
    """The report token, inline or in a file (so station.toml can be shared without it)."""
    if t.has("token_file"):
        token_path = root / t.get("token_file", str)
        try:
            token = token_path.read_text(encoding="utf-8").strip()
        except OSError as err:
            raise RadioError(N_("{field}: cannot read {file}: {problem}"), field=t.field("token_file"),
                             file=str(token_path), problem=err.strerror) from None
    else:
        token = t.get("token", str, "")
    if not token:
        raise RadioError(N_("{where}: set token = \"...\" or token_file = \"...\" to the report token the "
                            "centre printed with `radio token`"), where=t.where)
    return token


def _play_command(t: Table) -> tuple[str, ...]:
    value = t.get("play_command", list, [])
    if not all(isinstance(part, str) and part for part in value):
        raise RadioError(N_("{field}: a list of words such as [\"mpg123\", \"-q\", \"{{file}}\"]; leave it "
                            "empty to play through the sound card"), field=t.field("play_command"))
    if value and not any("{file}" in part for part in value):
        raise RadioError(N_("{field}: must contain \"{{file}}\" where the audio path goes"),
                         field=t.field("play_command"))
    return tuple(value)


def _lead_in(t: Table) -> float:
    value = float(t.get("lead_in_s", (int, float), 0.0))
    in_range(t, "lead_in_s", value, 0, 5, "seconds (0: no lead-in tone)")
    return value


def _positive(t: Table, key: str, default: int, low: int, high: int) -> int:
    value = t.get(key, int, default)
    in_range(t, key, value, low, high)  # the one range check every settings file uses
    return value


def _timezone(t: Table) -> ZoneInfo:
    name = t.get("timezone", str, TIMEZONE)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RadioError(N_("{field}: unknown time zone {name!r}; use {zone!r}"), field=t.field("timezone"),
                         name=name, zone=TIMEZONE) from None
