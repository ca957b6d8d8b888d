"""An announcement typed as text, spoken by the month's engine into an MP3 (emergencies)."""

from __future__ import annotations

from pathlib import Path

from radio.config import Settings
from radio.core import ffmpeg
from radio.speech.speaker import Speaker


def speak_to_mp3(text: str, settings: Settings, output: Path) -> float:
    """Speak `text` (through the reading normaliser) into a mono MP3; returns its seconds."""
    spoken = Speaker(settings.speech, settings.reading, settings.audio.sample_rate).speak_text(text)
    audio = spoken.audio.set_channels(1).set_sample_width(2)
    ffmpeg.run(
        [
            "-y",
            *ffmpeg.pcm_input(audio.frame_rate),
            "-c:a",
            "libmp3lame",
            "-b:a",
            f"{settings.audio.bitrate_kbps}k",
            "-f",
            "mp3",
            str(output),
        ],
        feed=audio.raw_data,
        what=f"writing {output}",
    )
    return len(audio) / 1000
