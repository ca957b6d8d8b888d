"""Inspecting any MP3: duration, loudness, true peak, tags and chapters, and the programme's rules.

Chapters are read from ffmpeg's own listing (what players built on ffmpeg will show); loudness is
ffmpeg's `ebur128` on the decoded file; tags come from mutagen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import ID3, ID3NoHeaderError
from mutagen.mp3 import MP3, HeaderNotFoundError

from radio.audio.loudness import ebur128, parse_summary
from radio.audio.settings import AudioSettings
from radio.content.settings import ProgramSettings
from radio.core import ffmpeg
from radio.core.errors import RadioError
from radio.core.i18n import N_, Text

_INPUT = re.compile(r"^Input #0, ([\w,]+), from", re.M)
_CHAPTER = re.compile(r"Chapter #0:\d+: start (-?[\d.]+), end (-?[\d.]+)\n"
                      r"(?:\s+Metadata:\n\s+title\s+: (.*)\n)?")
# ID3 frames shown by `radio check`, in this order, with a plain name
TAG_NAMES = {"TIT2": "title", "TPE1": "artist", "TALB": "album", "TYER": "year",
             "TDRC": "date", "TRCK": "track", "TCON": "genre", "COMM": "comment",
             "TLEN": "length (ms)"}


@dataclass(frozen=True)
class ChapterInfo:
    title: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Inspection:
    path: Path
    duration_s: float
    bitrate_kbps: int
    sample_rate: int
    channels: int
    loudness_lufs: float
    true_peak_dbtp: float
    id3_version: str  # "2.3.0", or "" when the file has no ID3v2 tag
    tags: tuple[tuple[str, str], ...]  # (plain name, text) in TAG_NAMES order
    chapters: tuple[ChapterInfo, ...]  # as ffmpeg lists them, sorted by start


def inspect_mp3(path: Path) -> Inspection:
    if not path.is_file():
        raise RadioError(N_("{path}: no such file"), path=str(path))
    try:
        info = MP3(path).info
    except (HeaderNotFoundError, MutagenError):
        info = None
    if info is None:
        raise RadioError(N_("{path}: not an MP3 file (no MPEG audio frames found)"), path=str(path))
    _, stderr = ffmpeg.run(["-i", str(path), "-map", "0:a:0", "-af", ebur128(True),
                            "-f", "null", "-"], what=str(path))
    container = _INPUT.search(stderr)
    if container is None or "mp3" not in container[1].split(","):
        raise RadioError(N_("{path}: not an MP3 file (ffmpeg reads it as {format})"), path=str(path),
                         format=container[1] if container else "?")
    loudness = parse_summary(stderr)
    version, tags = _tags(path)
    return Inspection(path, info.length, round(info.bitrate / 1000), info.sample_rate,
                      info.channels, loudness.integrated_lufs, loudness.true_peak_dbtp,
                      version, tags, _chapters(stderr))


def _tags(path: Path) -> tuple[str, tuple[tuple[str, str], ...]]:
    try:
        id3 = ID3(path, translate=False)  # the frames as stored, not upgraded to v2.4
    except ID3NoHeaderError:
        return "", ()
    found = []
    for frame_id, name in TAG_NAMES.items():
        for frame in id3.getall(frame_id):
            found.append((name, " / ".join(str(text) for text in frame.text)))
    return ".".join(str(part) for part in id3.version), tuple(found)


def _chapters(stderr: str) -> tuple[ChapterInfo, ...]:
    # Only the input's listing: ffmpeg repeats the chapters under "Output #0"
    listing = stderr.split("Output #0", 1)[0]
    chapters = [ChapterInfo((title or "").strip(), float(start), float(end))
                for start, end, title in _CHAPTER.findall(listing)]
    return tuple(sorted(chapters, key=lambda chapter: chapter.start_s))


def problems(inspection: Inspection, program: ProgramSettings,
             audio: AudioSettings) -> list[Text]:
    """What keeps the file from meeting the programme's rules; empty when it meets them all."""
    found = []
    low, high = program.window_s
    if not low <= inspection.duration_s <= high:
        found.append(Text.of(N_("duration {length} is outside {low:g}–{high:g} minutes"),
                             length=_minutes(inspection.duration_s), low=program.min_minutes,
                             high=program.max_minutes))
    if abs(inspection.loudness_lufs - audio.target_lufs) > audio.tolerance_lu:
        found.append(Text.of(N_("loudness {lufs:.1f} LUFS is outside {target:.1f} ± {tolerance:.1f} LU"),
                             lufs=inspection.loudness_lufs, target=audio.target_lufs,
                             tolerance=audio.tolerance_lu))
    if inspection.true_peak_dbtp > audio.true_peak_dbtp:
        found.append(Text.of(N_("true peak {peak:.1f} dBTP is above {ceiling:.1f} dBTP"),
                             peak=inspection.true_peak_dbtp, ceiling=audio.true_peak_dbtp))
    return found


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"
