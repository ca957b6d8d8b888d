"""`radio station init`: a station's settings written from what the centre handed over, checked first.

station.toml is written only after it loads as a valid station config (a typo in the key or URL is
refused before any file is left behind); the token goes to its own file readable by the owner only,
so station.toml can be shown or copied without it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.station.config import StationConfig, load_station_config
from radio.station.reports import write_atomic

TOKEN_FILE = "token.txt"


@dataclass(frozen=True)
class StationSetup:
    centre: str
    station_id: str
    public_key: str  # the RW... line, or a path to minisign.pub
    token: str
    storage: str = "station-data"
    output_device: str = ""  # "" the default output; "null"; or a name from `radio station devices`
    play_command: tuple[str, ...] = ()


def station_toml(setup: StationSetup, key_line: str) -> str:
    lines = ["# Written by `radio station init`; see the README's \"A commune station\".", "[station]",
             f"id = {_q(setup.station_id)}", f"centre = {_q(setup.centre)}",
             f"public_key = {_q(key_line)}  # pinned: the line `radio keygen` printed at the centre",
             f"token_file = {_q(TOKEN_FILE)}", f"storage = {_q(setup.storage)}"]
    if setup.output_device:
        lines.append(f"output_device = {_q(setup.output_device)}")
    if setup.play_command:
        lines.append("play_command = [" + ", ".join(_q(part) for part in setup.play_command) + "]")
    return "\n".join(lines) + "\n"


def init_station(path: Path, setup: StationSetup, force: bool = False) -> StationConfig:
    """Write station.toml (+ token.txt) beside each other, create the storage folder; answer the config."""
    if path.is_dir():
        raise RadioError(N_("{file}: is a folder; name the station.toml file to write"), file=str(path))
    if path.exists() and not force:
        raise RadioError(N_("{file}: exists already; pass --force to replace it"), file=str(path))
    folder = path.parent
    key_line = setup.public_key.strip()
    key_file = folder / key_line
    if not key_line.startswith("RW") and key_file.is_file():
        key_line = key_file.read_text(encoding="utf-8").strip().splitlines()[-1]
    candidate = path.with_name(f".{path.name}.new")
    token_path = folder / TOKEN_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        candidate.write_text(station_toml(setup, key_line), encoding="utf-8")
        token_path.write_text(setup.token.strip() + "\n", encoding="utf-8")
        os.chmod(token_path, 0o600)
        try:
            config = load_station_config(candidate)
        except RadioError as err:
            raise RadioError(err.text.replace(candidate.name, path.name)) from None
        write_atomic(path, candidate.read_bytes())
        config.storage_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RadioError(N_("{file}: cannot write: {problem}"), file=str(err.filename or folder),
                         problem=err.strerror) from None
    finally:
        candidate.unlink(missing_ok=True)
    return load_station_config(path)


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)
