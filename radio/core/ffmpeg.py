"""The one door to ffmpeg: the binary from imageio-ffmpeg, run with errors users can act on.

imageio-ffmpeg ships ffmpeg but no ffprobe, so everything here (decoding, measuring, probing)
is done with ffmpeg itself. pydub is pointed at the same binary for callers that use it.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable, Sequence
from functools import cache

from pydub import AudioSegment

from radio.core.errors import RadioError

_TAIL_LINES = 6  # how much of ffmpeg's stderr a RadioError quotes


@cache
def executable() -> str:
    """Path of the bundled ffmpeg; also makes pydub use it (`AudioSegment.ffmpeg` does nothing)."""
    import imageio_ffmpeg

    try:
        exe = imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as err:
        raise RadioError(f"ffmpeg from imageio-ffmpeg is unusable ({err}); "
                         "reinstall with `pip install --force-reinstall imageio-ffmpeg`") from None
    AudioSegment.converter = exe
    return exe


def run(args: Sequence[str], *, feed: bytes | Iterable[bytes] | None = None,
        what: str = "ffmpeg") -> tuple[bytes, str]:
    """Run ffmpeg with `args`, writing `feed` (bytes or chunks) to its stdin.

    Returns (stdout, stderr text). A non-zero exit raises RadioError quoting `what` and the last
    lines ffmpeg wrote, which is where it says what went wrong.
    """
    cmd = [executable(), "-hide_banner", "-nostats", *args]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL if feed is None else subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as err:
        raise RadioError(f"{what}: cannot start ffmpeg ({err})") from None
    # stdin is fed from a thread so a full stdout/stderr pipe can never deadlock the exchange.
    feeder = None
    if feed is not None:
        feeder = threading.Thread(target=_feed, args=(proc, feed), daemon=True)
        feeder.start()
    stdout, stderr_bytes = _drain(proc)
    if feeder is not None:
        feeder.join()
    stderr = stderr_bytes.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RadioError(f"{what}: ffmpeg failed (exit {proc.returncode}): {tail(stderr)}")
    return stdout, stderr


def tail(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return " | ".join(lines[-_TAIL_LINES:]) or "no message"


def _feed(proc: subprocess.Popen[bytes], feed: bytes | Iterable[bytes]) -> None:
    assert proc.stdin is not None
    chunks = (feed,) if isinstance(feed, bytes) else feed
    try:
        for chunk in chunks:
            proc.stdin.write(chunk)
    except BrokenPipeError:
        pass  # ffmpeg stopped reading: it failed, and its exit status says why
    finally:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass


def _drain(proc: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """Read stdout and stderr to the end at the same time, then wait."""
    stdout, stderr = proc.stdout, proc.stderr
    assert stdout is not None and stderr is not None
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(stderr.read()), daemon=True)
    reader.start()
    out = stdout.read()
    reader.join()
    proc.wait()
    return out, errors[0] if errors else b""


def pcm_input(sample_rate: int) -> list[str]:
    """Input options for mono 16-bit little-endian PCM on stdin, the format used throughout."""
    return ["-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0"]


def pcm_output(sample_rate: int) -> list[str]:
    return ["-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "pipe:1"]


def decode(path_or_url: str, sample_rate: int, what: str) -> AudioSegment:
    """Any file ffmpeg reads (wav, mp3, ...) as mono 16-bit PCM at `sample_rate`."""
    pcm, _ = run(["-i", path_or_url, "-map", "0:a:0", *pcm_output(sample_rate)], what=what)
    return AudioSegment(data=pcm, sample_width=2, frame_rate=sample_rate, channels=1)
