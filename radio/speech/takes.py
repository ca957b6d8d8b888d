"""Each spoken segment's own audio, as a file, as soon as it is spoken: edit-to-listen.

After a reading fix or a changed paragraph the editor wants to hear that segment at once, not
after the programme is levelled, encoded and joined. The Speaker writes every segment it speaks
to `<cache>/takes/<month>/<segment id>.wav` (staged, then renamed: never half a file) the moment
it is done; an unchanged segment's file is left as it is. The Studio plays it from there.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import TYPE_CHECKING

from radio.core.atomic import staging

if TYPE_CHECKING:  # the Studio imports take_path: no pydub for that
    from pydub import AudioSegment


def take_path(cache_dir: Path, month: str, segment_id: str) -> Path:
    """Where segment `segment_id` of `month` is (or will be) as a WAV file."""
    return cache_dir / "takes" / month / f"{segment_id}.wav"


def keep_take(cache_dir: Path, month: str, segment_id: str, key: str,
              audio: AudioSegment) -> Path:
    """Write the segment's audio unless the file already holds the take made from `key`."""
    path = take_path(cache_dir, month, segment_id)
    made_from = path.with_suffix(".key")
    try:
        if path.is_file() and made_from.read_text(encoding="utf-8") == key:
            return path
    except OSError:
        pass  # no record of what the file holds: write it
    with staging() as staged:
        with wave.open(str(staged.path_for(path)), "wb") as wav:
            wav.setnchannels(audio.channels)
            wav.setsampwidth(audio.sample_width)
            wav.setframerate(audio.frame_rate)
            wav.writeframes(audio.raw_data)
        staged.path_for(made_from).write_text(key, encoding="utf-8")
    return path
