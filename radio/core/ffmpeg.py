"""The one door to ffmpeg: the binary from imageio-ffmpeg, run with errors users can act on.

imageio-ffmpeg ships ffmpeg but no ffprobe, so everything here (decoding, measuring, probing)
is done with ffmpeg itself. pydub is pointed at the same binary for callers that use it.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from pydub import AudioSegment

from radio.core.errors import RadioError
from radio.core.i18n import N_

_TAIL_LINES = 6  # how much of ffmpeg's stderr a RadioError quotes
_BASE_TIMEOUT_S = 120.0  # starting ffmpeg and reading a small input, on a slow, busy PC
_TIMEOUT_BYTES_PER_S = 100_000  # input bytes allowed per second beyond that
_UNKNOWN_SIZE_TIMEOUT_S = 60 * 60.0


@cache
def executable() -> str:
    """Path of the bundled ffmpeg; also makes pydub use it (`AudioSegment.ffmpeg` does nothing)."""
    import imageio_ffmpeg

    try:
        exe = imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as err:
        raise RadioError(N_("ffmpeg from imageio-ffmpeg is unusable ({problem}); reinstall with "
                            "`pip install --force-reinstall imageio-ffmpeg`"), problem=str(err)) from None
    AudioSegment.converter = exe
    return exe


def run(args: Sequence[str], *, feed: bytes | Iterable[bytes] | None = None,
        what: str = "ffmpeg", timeout_s: float | None = None) -> tuple[bytes, str]:
    """Run ffmpeg with `args`, writing `feed` (bytes or chunks) to its stdin.

    Returns (stdout, stderr text). A non-zero exit raises RadioError quoting `what` and the last
    lines ffmpeg wrote, which is where it says what went wrong. An ffmpeg still running after
    `timeout_s` (default: `timeout_for(args, feed)`) is killed and a RadioError says so: a hung
    ffmpeg must not hang a build, a publish or a station forever.
    """
    limit = timeout_for(args, feed) if timeout_s is None else timeout_s
    cmd = [executable(), "-hide_banner", "-nostats", *args]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL if feed is None else subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as err:
        raise RadioError(N_("{what}: cannot start ffmpeg ({problem})"), what=what, problem=str(err)) from None
    # Killing on expiry ends the reads below (the pipes close), so one timer covers every wait.
    expired = threading.Event()
    timer = threading.Timer(limit, _expire, args=(proc, expired))
    timer.daemon = True
    timer.start()
    try:
        # stdin is fed from a thread so a full stdout/stderr pipe can never deadlock the exchange.
        feeder = None
        if feed is not None:
            feeder = threading.Thread(target=_feed, args=(proc, feed), daemon=True)
            feeder.start()
        stdout, stderr_bytes = _drain(proc)
        if feeder is not None:
            feeder.join()
    except BaseException:  # Ctrl-C, or a failing feed: leave no ffmpeg running behind us
        proc.kill()
        proc.wait()
        raise
    finally:
        timer.cancel()
    stderr = stderr_bytes.decode("utf-8", "replace")
    if expired.is_set() and proc.returncode != 0:
        raise RadioError(N_("{what}: ffmpeg was still running after {limit:.0f} s and was stopped (last "
                            "output: {output}); check that the input file is complete and readable, "
                            "and that the computer is not overloaded"),
                         what=what, limit=limit, output=tail(stderr))
    if proc.returncode != 0:
        raise RadioError(N_("{what}: ffmpeg failed (exit {code}): {output}"), what=what,
                         code=proc.returncode, output=tail(stderr))
    return stdout, stderr


def timeout_for(args: Sequence[str], feed: bytes | Iterable[bytes] | None) -> float:
    """How long one ffmpeg run may take: generous, scaled by the input's size where it is known.

    Measured here: encoding a 15-minute programme (79 MB of PCM, true-peak metering, MP3) takes
    8.5 s. The limit is a fixed two minutes plus one second per 100 kB of input (about real time
    for 44.1 kHz PCM, so a PC a hundred times slower still finishes). Chunks fed one by one have
    no size before they are read: then the limit is an hour, a 15-minute programme encoded at a
    quarter of real time.
    """
    if feed is not None and not isinstance(feed, bytes | bytearray | memoryview):
        return _UNKNOWN_SIZE_TIMEOUT_S
    size = len(feed) if feed is not None else 0
    for flag, value in zip(args, args[1:], strict=False):
        if flag == "-i" and value != "pipe:0":
            with contextlib.suppress(OSError, ValueError):  # a URL: the fixed part covers it
                size += Path(value).stat().st_size
    return _BASE_TIMEOUT_S + size / _TIMEOUT_BYTES_PER_S


def _expire(proc: subprocess.Popen[bytes], expired: threading.Event) -> None:
    expired.set()
    with contextlib.suppress(OSError):  # it ended in the meantime
        proc.kill()


def tail(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return " | ".join(lines[-_TAIL_LINES:]) or "no message"


def _feed(proc: subprocess.Popen[bytes], feed: bytes | memoryview | Iterable[bytes]) -> None:
    assert proc.stdin is not None
    chunks = (feed,) if isinstance(feed, bytes | bytearray | memoryview) else feed
    try:
        for chunk in chunks:
            proc.stdin.write(chunk)
    except BrokenPipeError:
        pass  # ffmpeg stopped reading: it failed, and its exit status says why
    finally:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()


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
