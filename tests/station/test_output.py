"""Built-in playback: decoded lengths, real playback to miniaudio's null device, lead-in, interruption."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import imageio_ffmpeg
import pytest

from radio.protocol.played import PlayOutcome
from radio.station.output import (
    NULL_DEVICE,
    RATE,
    OutputError,
    SoundOutput,
    decoded_seconds,
    list_devices,
    tone,
)


def sine_mp3(path: Path, seconds: float) -> Path:
    """A real MP3 made by ffmpeg (the centre's tool, in the test environment only)."""
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={seconds}", "-ac", "1", "-ar", "44100", "-b:a", "64k",
                    str(path)], check=True, timeout=60)
    return path


def test_an_mp3_decodes_in_memory_to_its_length(tmp_path: Path) -> None:
    # MP3 frames add an encoder delay of a few ms; the decoder strips it (LAME/Xing header).
    assert decoded_seconds(sine_mp3(tmp_path / "a.mp3", 2.0)) == pytest.approx(2.0, abs=0.03)


def test_a_file_that_is_not_audio_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"not an mp3 at all" * 100)
    with pytest.raises(OutputError, match="bad.mp3: cannot be decoded"):
        decoded_seconds(bad)


def test_playing_to_the_null_device_sends_every_frame_and_says_complete(tmp_path: Path) -> None:
    path = sine_mp3(tmp_path / "a.mp3", 0.6)
    span = SoundOutput(NULL_DEVICE).play(path, limit_s=30)
    assert span.outcome == PlayOutcome.COMPLETE
    assert span.seconds == pytest.approx(decoded_seconds(path), abs=0.01)
    assert span.ended > span.started  # real time passed: the null device plays in real time


def test_the_lead_in_tone_comes_first_and_is_not_counted_as_the_programme(tmp_path: Path) -> None:
    assert len(tone(0.5)) == int(0.5 * RATE) * 2  # interleaved stereo
    assert max(tone(0.5)) < 32767 * 0.3  # about −12 dBFS
    path = sine_mp3(tmp_path / "a.mp3", 0.4)
    span = SoundOutput(NULL_DEVICE, lead_in_s=0.3).play(path, limit_s=30)
    assert span.outcome == PlayOutcome.COMPLETE
    assert span.seconds == pytest.approx(decoded_seconds(path), abs=0.01)
    assert (span.ended - span.started).total_seconds() >= 0.6


def test_stop_interrupts_a_play_and_reports_only_what_went_out(tmp_path: Path) -> None:
    path = sine_mp3(tmp_path / "long.mp3", 5.0)
    output = SoundOutput(NULL_DEVICE)
    timer = threading.Timer(0.5, output.stop)
    timer.start()
    span = output.play(path, limit_s=60)
    timer.join()
    assert span.outcome == PlayOutcome.INTERRUPTED
    assert 0 < span.seconds < 4


def test_an_unknown_device_fails_the_play_with_no_audio_counted(tmp_path: Path) -> None:
    span = SoundOutput("no such sound card 42").play(sine_mp3(tmp_path / "a.mp3", 0.3), limit_s=10)
    assert span.outcome == PlayOutcome.FAILED and span.seconds == 0


def test_the_device_list_always_offers_the_null_device() -> None:
    assert list_devices()[-1].name == NULL_DEVICE
