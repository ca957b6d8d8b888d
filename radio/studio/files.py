"""Files the Studio writes besides episode.toml: recordings, station slots in schedule.toml."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import BinaryIO

import tomlkit

from radio.config import load_settings
from radio.core import ffmpeg
from radio.core.atomic import staging, write_text_atomic
from radio.core.errors import RadioError

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a")
MAX_UPLOAD = 50 * 1024 * 1024
RECORDINGS = "ghi-am"
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")


def store_recording(month_dir: Path, segment: str, filename: str, data: BinaryIO) -> str:
    """Check an uploaded recording and store it as ghi-am/<segment><suffix>; returns that path.

    The stored name comes from the segment key, never from the upload's own name (no path tricks);
    the file must decode as audio and be at most MAX_UPLOAD bytes.
    """
    if not _SEGMENT.match(segment):
        raise RadioError(f"segment {segment!r}: not a segment key such as greeting or news-1")
    suffix = Path(filename.replace("\\", "/")).suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        raise RadioError(f"{Path(filename).name}: send a WAV, MP3 or M4A file")
    target = month_dir / RECORDINGS / f"{segment}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with staging() as staged:
        part = staged.path_for(target)
        size = 0
        with part.open("wb") as out:
            while block := data.read(1 << 16):
                size += len(block)
                if size > MAX_UPLOAD:
                    raise RadioError(f"{Path(filename).name}: larger than {MAX_UPLOAD // (1024 * 1024)} MB")
                out.write(block)
        audio = ffmpeg.decode(str(part), 16000, f"the upload {Path(filename).name}")  # raises if not audio
        if len(audio) < 500:
            raise RadioError(f"{Path(filename).name}: holds less than half a second of audio")
    return f"{RECORDINGS}/{target.name}"


def set_slots(config_path: Path, station_id: str, slots: list[str]) -> None:
    """Replace one station's `slots` in schedule.toml, checked by loading the edited file first."""
    text = config_path.read_text(encoding="utf-8")
    doc = tomlkit.parse(text)
    station = next((s for s in doc.get("stations", []) if s.get("id") == station_id), None)
    if station is None:
        raise RadioError(f"station {station_id!r} is not in {config_path.name}")
    array = tomlkit.array()
    array.extend(slots)
    station["slots"] = array
    new_text = tomlkit.dumps(doc)
    with tempfile.TemporaryDirectory(prefix="radio-slots-") as temp:
        # Loaded where the real file lives, so relative paths (episodes, keys) resolve the same.
        probe = config_path.parent / f".{config_path.name}.check-{Path(temp).name}"
        try:
            probe.write_text(new_text, encoding="utf-8")
            load_settings(probe)
        except RadioError as err:
            raise RadioError(str(err).replace(probe.name, config_path.name)) from None
        finally:
            probe.unlink(missing_ok=True)
    write_text_atomic(config_path, new_text)
