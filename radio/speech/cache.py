"""Content-addressed store of spoken audio: sha256(engine identity, normalised text) → WAV file.

Decoded audio is stored as WAV, so a warm rebuild reads PCM straight back: no MP3 decoding, no
network. Entries are staged (radio.core.atomic) and renamed into place, so a crash never leaves a
half-written entry under a real key.
"""

from __future__ import annotations

import hashlib
import wave
from pathlib import Path

from pydub import AudioSegment

from radio.core.atomic import staging
from radio.core.errors import RadioError
from radio.core.i18n import N_

FORMAT_VERSION = "v1"  # bump to invalidate every entry when the stored format changes


def cache_key(identity: str, text: str) -> str:
    """Whitespace differences do not change speech, so they do not change the key either."""
    normalised = " ".join(text.split())
    payload = f"{FORMAT_VERSION}\n{identity}\n{normalised}".encode()
    return hashlib.sha256(payload).hexdigest()


class SpeechCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def get(self, key: str) -> AudioSegment | None:
        """The stored audio, or None when absent or unreadable (then it is simply re-made)."""
        try:
            with wave.open(str(self.path(key)), "rb") as wav:
                frames = wav.readframes(wav.getnframes())
                return AudioSegment(data=frames, sample_width=wav.getsampwidth(),
                                    frame_rate=wav.getframerate(), channels=wav.getnchannels())
        except (FileNotFoundError, EOFError, wave.Error):
            return None

    def put(self, key: str, audio: AudioSegment) -> None:
        try:
            with staging() as staged, wave.open(str(staged.path_for(self.path(key))), "wb") as wav:
                wav.setnchannels(audio.channels)
                wav.setsampwidth(audio.sample_width)
                wav.setframerate(audio.frame_rate)
                wav.writeframes(audio.raw_data)
        except OSError as err:
            raise RadioError(N_("{folder}: cannot write the speech cache ({problem}); set [speech] cache in "
                                "schedule.toml to a writable folder"), folder=str(self.root),
                             problem=err.strerror) from None
