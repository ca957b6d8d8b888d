"""Opening and closing jingles: the user's files from schedule.toml, else the shipped originals.

The shipped ones are made by `scripts/make-jingles` (original, synthesised; no third-party music).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydub import AudioSegment

from radio.audio.settings import AudioSettings
from radio.content.script import JINGLE_KINDS, SegmentKind
from radio.core import ffmpeg
from radio.core.atomic import staging
from radio.core.errors import RadioError
from radio.core.i18n import N_

SHIPPED = Path(__file__).resolve().parent / "jingles"
_SETTING = {SegmentKind.JINGLE_OPEN: "jingle_open", SegmentKind.JINGLE_CLOSE: "jingle_close"}
_SHIPPED_FILE = {SegmentKind.JINGLE_OPEN: "open.wav", SegmentKind.JINGLE_CLOSE: "close.wav"}


def jingle_path(kind: SegmentKind, settings: AudioSettings) -> Path:
    chosen: Path | None = getattr(settings, _SETTING[kind])
    return chosen if chosen is not None else SHIPPED / _SHIPPED_FILE[kind]


def load_jingle(kind: SegmentKind, settings: AudioSettings) -> AudioSegment:
    """The jingle of `kind`, decoded (wav, mp3, anything ffmpeg reads) to mono PCM."""
    if kind not in _SETTING:
        raise ValueError(f"{kind} is not a jingle kind")
    path = jingle_path(kind, settings)
    if not path.is_file():
        raise RadioError(N_("[audio].{setting}: {file} does not exist; fix the path in schedule.toml or "
                            "remove the line to use the default"), setting=_SETTING[kind], file=str(path))
    try:
        audio = ffmpeg.decode(str(path), settings.sample_rate, what=str(path))
    except RadioError as err:
        raise RadioError(N_("[audio].{setting}: cannot read {file} as audio; use a WAV or MP3 file "
                            "({problem})"), setting=_SETTING[kind], file=str(path), problem=str(err)) from None
    if len(audio) == 0:
        raise RadioError(N_("[audio].{setting}: {file} holds no audio"), setting=_SETTING[kind], file=str(path))
    return audio


def load_jingles(settings: AudioSettings, cache_dir: Path | None = None) -> dict[str, AudioSegment]:
    """Both jingles by kind, decoded once: a build needs their lengths to fit the script and
    their audio to assemble it. With `cache_dir`, each decoded jingle is kept there by its file's
    bytes and the rate: two ffmpeg runs (about 0.2 s) a one-word fix does not wait for."""
    if cache_dir is None:
        return {kind: load_jingle(kind, settings) for kind in JINGLE_KINDS}
    return {kind: _cached_jingle(kind, settings, cache_dir) for kind in JINGLE_KINDS}


def _cached_jingle(kind: SegmentKind, settings: AudioSettings, cache_dir: Path) -> AudioSegment:
    try:
        content = jingle_path(kind, settings).read_bytes()
    except OSError:
        return load_jingle(kind, settings)  # which says what is wrong with the file
    key = hashlib.sha256(content + f"|{settings.sample_rate}".encode()).hexdigest()
    kept = cache_dir / f"{key}.pcm"
    try:
        return AudioSegment(data=kept.read_bytes(), sample_width=2,
                            frame_rate=settings.sample_rate, channels=1)
    except (OSError, ValueError):
        pass  # not decoded yet, or damaged (an odd number of bytes): decoded again
    audio = load_jingle(kind, settings)
    with staging() as staged:
        staged.path_for(kept).write_bytes(audio.raw_data)
    return audio
