"""MP3 frame arithmetic: how a segment is laid out so that its encoded frames join exactly.

Each segment is encoded on its own as an independent MP3 stream (no Xing/LAME header, so nothing
tells a decoder to trim): LAME puts 576 samples of priming before the input and the decoder 529
more, and the stream ends one frame's worth after the input when the input is a whole number of
frames (measured here with this ffmpeg at 22.05, 32, 44.1 and 48 kHz: always 1105 and 1152).
So a piece whose input is a whole number of frames decodes to exactly `input + EXTRA` samples,
its first input sample at `DELAY`. Streams joined frame after frame then decode to exactly the
sum: every segment's start is known to the sample, and each stream starts with an empty bit
reservoir, so no frame refers to bytes of another stream. The joins lie inside the pauses, in
silence, so the decoder's overlap across a join adds nothing audible.
"""

from __future__ import annotations

from dataclasses import dataclass

DELAY = 1105   # samples of priming a piece decodes to before its first input sample
EXTRA = 1152   # a piece decodes to its input plus this many samples (priming and tail)


def frame_samples(sample_rate: int) -> int:
    """Samples per MP3 frame: 1152 for MPEG-1 rates (32 kHz and up), 576 for MPEG-2 ones."""
    return 1152 if sample_rate >= 32000 else 576


@dataclass(frozen=True)
class Edges:
    """Silence encoded with a segment: `lead` before it, `trail` after it (samples)."""

    lead: int
    trail: int


def edges(frames: int, before: int, after: int, sample_rate: int) -> Edges:
    """The silence around one piece, from its own length and the pauses either side of it only
    (never from its position), so an unchanged piece keeps its encoding whatever changed before it.

    `before`/`after`: the pause (samples) to the previous/next piece, 0 at the programme's ends.
    A pause between two pieces becomes trail + EXTRA + lead, which is the pause rounded up to the
    next frame boundary (at most one frame, 26 ms, longer), and never less than EXTRA.
    """
    lead = max(0, before - EXTRA) // 2
    room = max(0, after - EXTRA)
    trail = room - room // 2
    frame = frame_samples(sample_rate)
    trail += -(lead + frames + trail) % frame
    return Edges(lead, trail)


def count_frames(mp3: bytes) -> int:
    """MPEG audio frames in a headerless stream; ValueError when the bytes are not one."""
    rates = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
    kbps = {3: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
            2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)}
    count = position = 0
    while position < len(mp3):
        header = mp3[position:position + 4]
        if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
            raise ValueError(f"no MP3 frame at byte {position}")
        version = (header[1] >> 3) & 3
        rate = rates[version][(header[2] >> 2) & 3]
        bitrate = kbps[3 if version == 3 else 2][header[2] >> 4] * 1000
        padding = (header[2] >> 1) & 1
        size = (144 if version == 3 else 72) * bitrate // rate + padding
        if size <= 4:
            raise ValueError(f"a free-format or damaged MP3 frame at byte {position}")
        position += size
        count += 1
    return count
