"""Built-in playback through the sound card (miniaudio: its own MP3 decoder, ALSA/PulseAudio/WASAPI).

A station needs no external player: the verified MP3 is decoded and streamed to the default output
or a chosen device, optionally after a short lead-in tone, and what really went out is measured in
frames (not assumed from the programme's length). `null` is miniaudio's null device: it consumes
audio in real time and nothing is heard (tests, and a dry run on a PC without a sound card).
"""

from __future__ import annotations

import array
import logging
import math
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.protocol.played import PlayedSpan, PlayOutcome

if TYPE_CHECKING:
    import miniaudio

log = logging.getLogger("radio.station.output")

NULL_DEVICE = "null"
DEFAULT_DEVICE = ""  # the system's default output
RATE = 44100
CHANNELS = 2
_TONE_HZ = 1000.0
_TONE_LEVEL = 0.25  # −12 dBFS: audible, not startling
_FADE_S = 0.02  # no click at the tone's edges
_DRAIN_S = 0.5  # the device's buffer still playing after the last frame was handed over


class OutputError(RadioError):
    """The sound output could not be opened or a file could not be decoded."""


@dataclass(frozen=True)
class OutputDevice:
    """A playback device as `radio station devices` lists it."""

    name: str
    backend: str


def list_devices() -> list[OutputDevice]:
    """The playback devices of the system's audio backend, then the null device."""
    import miniaudio

    found: list[OutputDevice] = []
    try:
        devices = miniaudio.Devices()
        found = [OutputDevice(str(d["name"]), devices.backend) for d in devices.get_playbacks()]
    except miniaudio.MiniaudioError as err:
        log.warning("no audio backend answered: %s", err)
    return [*found, OutputDevice(NULL_DEVICE, "Null")]


def decoded_seconds(path: Path) -> float:
    """The file's length as decoded in memory (frames / rate), e.g. to check audio without a card."""
    import miniaudio

    try:
        decoded = miniaudio.decode_file(str(path), nchannels=1, sample_rate=RATE)
    except miniaudio.DecodeError as err:
        raise OutputError(N_("{file}: cannot be decoded as audio ({problem})"), file=str(path),
                          problem=str(err)) from None
    return decoded.num_frames / RATE


def tone(seconds: float, rate: int = RATE, channels: int = CHANNELS) -> array.array:
    """A short sine lead-in (interleaved 16-bit), faded in and out."""
    frames = int(seconds * rate)
    fade = max(1, int(_FADE_S * rate))
    samples = array.array("h")
    for n in range(frames):
        edge = min(1.0, n / fade, (frames - 1 - n) / fade)
        value = int(32767 * _TONE_LEVEL * edge * math.sin(2 * math.pi * _TONE_HZ * n / rate))
        samples.extend([value] * channels)
    return samples


class SoundOutput:
    """Plays one file at a time to a device; `stop()` from another thread interrupts it."""

    def __init__(self, device: str = DEFAULT_DEVICE, lead_in_s: float = 0.0,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.device = device
        self.lead_in_s = lead_in_s
        self.clock = clock or (lambda: datetime.now().astimezone())
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def play(self, path: Path, limit_s: float) -> PlayedSpan:
        """Play `path` (after the lead-in) and block until it ends, is stopped, or `limit_s` passes."""
        import miniaudio

        self._stop.clear()
        started = self.clock()
        finished = threading.Event()
        sent = [0]  # frames of the file handed to the device
        try:
            stream = miniaudio.stream_file(str(path), nchannels=CHANNELS, sample_rate=RATE)
            device = self._open()
        except (miniaudio.MiniaudioError, miniaudio.DecodeError, OSError) as err:
            log.error("cannot play %s on %s: %s", path.name, self.device or "the default output", err)
            return PlayedSpan(started=started, ended=self.clock(), seconds=0.0,
                              outcome=PlayOutcome.FAILED)
        feed = self._feed(stream, tone(self.lead_in_s) if self.lead_in_s else None, sent, finished)
        next(feed)
        try:
            device.start(feed)
            ended_in_time = finished.wait(limit_s)
            if ended_in_time and not self._stop.is_set():
                self._stop.wait(_DRAIN_S)  # let the device play out its buffer
        finally:
            device.close()
        ended = self.clock()
        seconds = sent[0] / RATE
        if self._stop.is_set():
            outcome = PlayOutcome.INTERRUPTED
        elif not ended_in_time:
            outcome = PlayOutcome.FAILED
            log.error("%s: still playing after %.0f s; stopped", path.name, limit_s)
        else:
            outcome = PlayOutcome.COMPLETE
        return PlayedSpan(started=started, ended=ended, seconds=round(seconds, 3), outcome=outcome)

    def _open(self) -> miniaudio.PlaybackDevice:
        import miniaudio as ma

        if self.device == NULL_DEVICE:
            return ma.PlaybackDevice(nchannels=CHANNELS, sample_rate=RATE, backends=[ma.Backend.NULL],
                                     app_name="radio")
        device_id = None
        if self.device:
            devices = ma.Devices()
            matches = [d for d in devices.get_playbacks() if self.device.lower() in str(d["name"]).lower()]
            if not matches:
                raise ma.MiniaudioError(f"no output device named like {self.device!r}; "
                                        "`radio station devices` lists them")
            device_id = matches[0]["id"]
        return ma.PlaybackDevice(nchannels=CHANNELS, sample_rate=RATE, device_id=device_id,
                                 app_name="radio")

    def _feed(self, stream: Generator[array.array, int, None], lead: array.array | None,
              sent: list[int], finished: threading.Event) -> Generator[array.array | bytes, int, None]:
        """miniaudio's callback generator: the lead-in, then the file, until stopped."""
        wanted = yield b""
        try:
            if lead is not None:
                position = 0
                while position < len(lead) and not self._stop.is_set():
                    chunk = lead[position:position + wanted * CHANNELS]
                    position += len(chunk)
                    wanted = yield chunk
            while not self._stop.is_set():
                try:
                    chunk = stream.send(wanted)
                except StopIteration:
                    break
                sent[0] += len(chunk) // CHANNELS
                wanted = yield chunk
        finally:
            finished.set()
