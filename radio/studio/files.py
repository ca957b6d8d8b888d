"""Files the Studio writes besides episode.toml: recordings, station slots in schedule.toml."""

from __future__ import annotations

import logging
import re
import tempfile
import wave
from pathlib import Path
from typing import BinaryIO

import tomlkit

from radio.config import load_settings
from radio.core import ffmpeg
from radio.core.atomic import staging, write_text_atomic
from radio.core.errors import RadioError
from radio.core.i18n import N_

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a")
MAX_UPLOAD = 50 * 1024 * 1024
RECORDINGS = "ghi-am"
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
log = logging.getLogger("radio.studio")


def store_recording(month_dir: Path, segment: str, filename: str, data: BinaryIO,
                    sample_rate: int, max_seconds: float) -> str:
    """Check an uploaded recording and store it as ghi-am/<segment>.wav; returns that path.

    The stored name comes from the segment key, never from the upload's own name (no path tricks).
    The upload is at most MAX_UPLOAD bytes and is opened only by the demuxer its suffix names (an
    ffconcat or playlist text is not audio); its duration is read first and a recording longer
    than `max_seconds` (the longest a segment can be) is refused before decoding; the decode
    itself stops there too, and ffmpeg writes it straight to disk, so a long file at a low
    bitrate cannot fill the Studio's memory. What is kept is the WAV we wrote, never the upload.
    """
    if not _SEGMENT.match(segment):
        raise RadioError(N_("segment {segment!r}: not a segment key such as greeting or news-1"), segment=segment)
    shown = Path(filename.replace("\\", "/")).name
    suffix = Path(shown).suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        raise _not_audio(shown)
    target = month_dir / RECORDINGS / f"{segment}.wav"
    with tempfile.TemporaryDirectory(prefix="radio-upload-") as temp, staging() as staged:
        upload = Path(temp) / f"upload{suffix}"
        size = 0
        with upload.open("wb") as out:
            while block := data.read(1 << 16):
                size += len(block)
                if size > MAX_UPLOAD:
                    raise RadioError(N_("{file}: larger than {megabytes} MB"), file=shown,
                                     megabytes=MAX_UPLOAD // (1024 * 1024))
                out.write(block)
        source = _DEMUXERS[suffix] + ["-protocol_whitelist", "file", "-i", str(upload)]
        duration = _duration(source, shown)
        if duration > max_seconds:
            raise RadioError(N_("{file}: {minutes:.0f} minutes long; a segment is at most {limit:.0f} minutes"),
                             file=shown, minutes=duration / 60, limit=max_seconds / 60)
        target.parent.mkdir(parents=True, exist_ok=True)
        wav = staged.path_for(target)
        _decode([*source, "-map", "0:a:0", "-t", f"{max_seconds + 1:.0f}", "-ac", "1",
                 "-ar", str(sample_rate), "-c:a", "pcm_s16le", "-f", "wav", "-y", str(wav)], shown)
        seconds = _wav_seconds(wav, shown)
        if seconds > max_seconds:  # the header's duration was an estimate, and a wrong one
            raise RadioError(N_("{file}: longer than {limit:.0f} minutes; a segment is never that long"),
                             file=shown, limit=max_seconds / 60)
        if seconds < 0.5:
            raise RadioError(N_("{file}: holds less than half a second of audio"), file=shown)
    return f"{RECORDINGS}/{target.name}"


_DEMUXERS = {".wav": ["-f", "wav"], ".mp3": ["-f", "mp3"], ".m4a": ["-f", "mov,mp4,m4a,3gp,3g2,mj2"]}
_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")


def _not_audio(shown: str) -> RadioError:
    return RadioError(N_("The file {file} is not audio; send a WAV, MP3 or M4A file."), file=shown)


def _decode(args: list[str], shown: str) -> str:
    """ffmpeg on the upload; its failure is a file that is not audio, told without ffmpeg's text or
    the temporary path (those go to the log, for the technician)."""
    try:
        return ffmpeg.run(args, what=f"the upload {shown}")[1]
    except RadioError as err:
        log.warning("studio: upload %s refused: %s", shown, err)
        raise _not_audio(shown) from None


def _duration(source: list[str], shown: str) -> float:
    """The duration ffmpeg reads from the file's header (no decoding), in seconds."""
    output = _decode([*source, "-map", "0:a:0", "-t", "0", "-f", "null", "-"], shown)
    match = _DURATION.search(output)
    if match is None:
        raise RadioError(N_("{file}: its length cannot be read; send a WAV, MP3 or M4A file"), file=shown)
    return int(match[1]) * 3600 + int(match[2]) * 60 + float(match[3])


def _wav_seconds(path: Path, shown: str) -> float:
    try:
        with wave.open(str(path), "rb") as audio:
            return audio.getnframes() / audio.getframerate()
    except (OSError, EOFError, wave.Error):
        raise _not_audio(shown) from None


def set_slots(config_path: Path, station_id: str, slots: list[str]) -> None:
    """Replace one station's `slots` in schedule.toml, checked by loading the edited file first."""
    text = config_path.read_text(encoding="utf-8")
    doc = tomlkit.parse(text)
    station = next((s for s in doc.get("stations", []) if s.get("id") == station_id), None)
    if station is None:
        raise RadioError(N_("station {station!r} is not in {file}"), station=station_id, file=config_path.name)
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
            raise RadioError(err.text.replace(probe.name, config_path.name)) from None
        finally:
            probe.unlink(missing_ok=True)
    write_text_atomic(config_path, new_text)
