"""An announcer's recording (WAV, MP3, anything ffmpeg reads) replacing synthesis for a segment."""

from __future__ import annotations

from pathlib import Path

from pydub import AudioSegment

from radio.core.errors import RadioError
from radio.core.ffmpeg import decode
from radio.core.hashing import file_sha256
from radio.core.i18n import N_


def recording_identity(path: Path, sample_rate: int) -> str:
    """Cache identity: the file's content (not its name or date) and the rate it is decoded at."""
    try:
        digest = file_sha256(path)
    except FileNotFoundError:
        raise _not_found(path) from None
    except OSError as err:
        raise RadioError(N_("{file}: cannot read the recorded file ({problem})"), file=str(path),
                         problem=err.strerror) from None
    return f"recorded sha256={digest} sr={sample_rate}"


def load_recording(path: Path, sample_rate: int) -> AudioSegment:
    """Decode to mono 16-bit at `sample_rate` (the programme's rate: one resampling, by ffmpeg)."""
    if not path.is_file():
        raise _not_found(path)
    try:
        audio = decode(str(path), sample_rate, what="decoding")
    except RadioError as err:
        raise RadioError(N_("{file}: not a readable audio file ({problem}); supply a WAV or MP3 recording"),
                         file=str(path), problem=str(err)) from None
    if len(audio) < 100:
        raise RadioError(N_("{file}: the recording is empty (under 0.1 s)"), file=str(path))
    return audio


def _not_found(path: Path) -> RadioError:
    return RadioError(N_("{file}: recorded file not found; fix the path in the month's episode.toml or add "
                         "the file"), file=str(path))
