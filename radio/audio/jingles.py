"""Opening and closing jingles: the user's files from schedule.toml, else the shipped originals.

The shipped ones are made by `scripts/make-jingles` (original, synthesised; no third-party music).
"""

from __future__ import annotations

from pathlib import Path

from radio import ffmpeg
from radio.config import AudioSettings
from radio.content.script import JINGLE_CLOSE, JINGLE_OPEN, Segment
from radio.errors import RadioError
from radio.speech.engine import SpokenSegment

SHIPPED = Path(__file__).resolve().parent / "jingles"
_SETTING = {JINGLE_OPEN: "jingle_open", JINGLE_CLOSE: "jingle_close"}
_SHIPPED_FILE = {JINGLE_OPEN: "open.wav", JINGLE_CLOSE: "close.wav"}


def jingle_path(kind: str, settings: AudioSettings) -> Path:
    chosen: Path | None = getattr(settings, _SETTING[kind])
    return chosen if chosen is not None else SHIPPED / _SHIPPED_FILE[kind]


def load_jingle(segment: Segment, settings: AudioSettings) -> SpokenSegment:
    """The jingle for a jingle segment, decoded (wav, mp3, anything ffmpeg reads) to mono PCM."""
    if segment.kind not in _SETTING:
        raise ValueError(f"{segment.id} is a {segment.kind} segment, not a jingle")
    path = jingle_path(segment.kind, settings)
    if not path.is_file():
        raise RadioError(f"[audio].{_SETTING[segment.kind]}: {path} does not exist; "
                         "fix the path in schedule.toml or remove the line to use the default")
    try:
        audio = ffmpeg.decode(str(path), settings.sample_rate, what=str(path))
    except RadioError as err:
        raise RadioError(f"[audio].{_SETTING[segment.kind]}: cannot read {path} as audio; "
                         f"use a WAV or MP3 file ({err})") from None
    if len(audio) == 0:
        raise RadioError(f"[audio].{_SETTING[segment.kind]}: {path} holds no audio")
    return SpokenSegment(segment.id, "jingle", audio)
