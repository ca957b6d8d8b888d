"""Speech fixtures: settings with a private cache, real MP3 for a mocked Google, counting engines."""

from __future__ import annotations

import subprocess
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from pydub import AudioSegment

from radio.config import Settings, load_settings
from radio.content.pace import Pace
from radio.core.ffmpeg import executable

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    loaded = load_settings(REPO / "schedule.toml")
    return replace(loaded, speech=replace(loaded.speech, cache_dir=tmp_path / "cache"))


def encode_tone(path: Path, suffix: str) -> Path:
    """0.3 s silence, 0.5 s of 440 Hz, 0.3 s silence, encoded by the real ffmpeg."""
    out = path.with_suffix(suffix)
    subprocess.run([executable(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", "aevalsrc='if(between(t,0.3,0.8),0.5*sin(2*PI*440*t),0)':s=24000:d=1.1",
                    "-ac", "1", str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def tone_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return encode_tone(tmp_path_factory.mktemp("tone") / "tone", ".mp3").read_bytes()


class CountingEngine:
    """A stand-in engine: one second of tone per call, counting calls and the texts it was given."""

    def __init__(self, name: str = "espeak", *, wait: threading.Barrier | None = None) -> None:
        self.name = name
        self.pace = Pace(4.0, 0.1, 0.4)
        self.texts: list[str] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        self._wait = wait

    def identity(self) -> str:
        return f"counting {self.name}"

    def describe(self) -> str:
        return f"counting {self.name} voice"

    def synthesize(self, text: str) -> AudioSegment:
        with self._lock:
            self.texts.append(text)
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            if self._wait is not None:
                self._wait.wait(timeout=10)  # proves `parties` calls run at the same time
            from pydub.generators import Sine
            return Sine(440).to_audio_segment(duration=1000, volume=-6).set_channels(1)
        finally:
            with self._lock:
                self.active -= 1


def stub_calibration(model: Path, config: Path) -> tuple[Pace, float]:
    """Instead of synthesising the calibration text: for tests about files, not about pace."""
    return Pace(4.5, 0.2, 0.4), 1.0


@pytest.fixture(scope="session")
def voice_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Vietnamese-phonemising Piper voice as it would come on a USB stick: its .onnx path."""
    from .piper_voice import make_voice

    return make_voice(tmp_path_factory.mktemp("usb"))


@pytest.fixture(scope="session")
def voices_dir(tmp_path_factory: pytest.TempPathFactory, voice_source: Path) -> Path:
    """A voices folder with that voice installed (stub calibration). Shared: do not modify."""
    from radio.speech.voices import import_voice

    folder = tmp_path_factory.mktemp("voices")
    import_voice(voice_source, folder, stub_calibration)
    return folder


@pytest.fixture
def piper_settings(settings: Settings, voices_dir: Path) -> Settings:
    return replace(settings, speech=replace(settings.speech, voices_dir=voices_dir))
