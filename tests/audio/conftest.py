"""Short, deterministic test audio and settings for the audio tests (real ffmpeg throughout)."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import pytest
from pydub import AudioSegment

from radio.config import Settings, load_settings
from radio.content.script import Script, Segment
from radio.core.month import Month
from radio.speech.engine import SpokenSegment
from tests.conftest import IDENTITY_TOML

SCHEDULE = """
[program]
min_minutes = 0.1
target_minutes = 0.2
max_minutes = 1
""" + IDENTITY_TOML + """
[audio]
pause_ms = 500
"""


def speechlike(seconds: float, level_db: float = -20.0, rate: int = 22050,
               pitch: float = 140.0) -> AudioSegment:
    """A voiced buzz in ~4 Hz syllables with a falling pitch and sharp onsets: peaky like TTS."""
    samples = array("h")
    peak = 32767 * 10 ** (level_db / 20)
    phase = 0.0
    for n in range(int(seconds * rate)):
        t = n / rate
        syllable = t * 4.2 % 1.0
        envelope = math.exp(-6 * syllable) if syllable < 0.8 else 0.0
        phase += 2 * math.pi * pitch * (1.1 - 0.2 * (t % 1.5)) / rate
        value = sum(math.sin(k * phase) / k for k in range(1, 7))
        samples.append(int(max(-32767, min(32767, peak * envelope * value / 1.6))))
    return AudioSegment(data=samples.tobytes(), sample_width=2, frame_rate=rate, channels=1)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    path = tmp_path / "schedule.toml"
    path.write_text(SCHEDULE, encoding="utf-8")
    return load_settings(path)


@pytest.fixture
def script() -> Script:
    return Script(Month(2024, 5), "Chuyên mục Cải cách hành chính tháng 5 năm 2024", (
        Segment("00-jingle", "jingle_open", "Nhạc hiệu", ""),
        Segment("01-greeting", "greeting", "Lời chào", "Kính thưa quý vị"),
        Segment("02-topic-1", "topic", "Dịch vụ công trực tuyến", "Người dân nộp hồ sơ"),
        Segment("99-jingle", "jingle_close", "Nhạc kết", ""),
    ))


@pytest.fixture
def spoken() -> list[SpokenSegment]:
    """Two segments 14 dB apart in level, at gTTS and espeak-ng sample rates."""
    return [SpokenSegment("01-greeting", "espeak", speechlike(2.5, -12.0)),
            SpokenSegment("02-topic-1", "gtts",
                          speechlike(3.0, -26.0, rate=24000, pitch=190))]
