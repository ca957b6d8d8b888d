"""radio.core.ffmpeg.run: a hung ffmpeg is stopped and named; the limit follows the input's size."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from radio.core import ffmpeg
from radio.core.errors import RadioError


def test_an_ffmpeg_still_running_at_the_limit_is_killed_with_a_message_naming_the_step(
        monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(real_popen(*args, **kwargs))  # type: ignore[call-overload]
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    # -re reads the (silent) source at its own pace: an hour of it is an ffmpeg that does not end
    hung = ["-re", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "3600", "-f", "null", "-"]
    with pytest.raises(RadioError, match=r"^levelling intro: ffmpeg was still running after 1 s"):
        ffmpeg.run(hung, what="levelling intro", timeout_s=1)
    assert started[0].poll() is not None  # stopped, not left running


def test_a_quick_run_is_unaffected_by_the_limit() -> None:
    pcm, _ = ffmpeg.run(["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "0.5",
                         *ffmpeg.pcm_output(8000)], timeout_s=60)
    assert len(pcm) == 8000  # half a second of 16-bit mono


def test_the_limit_grows_with_the_bytes_fed_and_the_files_read(tmp_path: Path) -> None:
    small = ffmpeg.timeout_for(["-i", "pipe:0"], b"\0" * 1000)
    fifteen_minutes = ffmpeg.timeout_for(["-i", "pipe:0"], b"\0" * (15 * 60 * 88_200))
    assert small >= 60
    assert fifteen_minutes > small + 15 * 60 / 2  # at least half real time for 44.1 kHz PCM
    recording = tmp_path / "voice.wav"
    recording.write_bytes(b"\0" * 10_000_000)
    assert ffmpeg.timeout_for(["-i", str(recording)], None) > ffmpeg.timeout_for(
        ["-i", str(tmp_path / "missing.wav")], None) + 60


def test_chunks_of_unknown_total_size_get_the_long_limit() -> None:
    chunks = iter([b"\0" * 10])
    assert ffmpeg.timeout_for(["-i", "pipe:0"], chunks) >= 30 * 60
