"""Each segment's MP3 piece, encoded once and kept: a rebuild encodes only what changed.

A piece is one segment with its edge silence (radio/audio/frames.py) encoded as an independent
MP3 stream, cached by its exact input and the encoder settings. While encoding, ebur128 logs the
momentary loudness of every 100 ms of the encoder's input: the programme's integrated loudness is
gated from those blocks over all pieces (EBU R 128's gates), with no pass over the whole audio.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from radio.audio.assemble import Programme
from radio.audio.frames import count_frames, frame_samples
from radio.audio.loudness import SILENCE_LUFS
from radio.audio.settings import AudioSettings
from radio.core import ffmpeg
from radio.core.atomic import staging
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.keylock import KeyedLocks

_VERSION = "piece-v1"  # bump when what a piece holds changes
_WORKERS = min(4, os.cpu_count() or 1)
_MOMENTARY = re.compile(r"\bM:\s*(-?[\d.]+|-?inf|nan)")
RELATIVE_GATE_LU = 10.0  # EBU R 128: blocks 10 LU under the ungated mean are left out
_KEYS = KeyedLocks()


@dataclass(frozen=True)
class EncodedPiece:
    path: Path                 # headerless MP3 frames
    blocks: tuple[float, ...]  # momentary loudness (LUFS) of the encoder's input, every 100 ms


def encoder_args(settings: AudioSettings) -> list[str]:
    """MP3 CBR output options: the same for the episode and for the benchmark's floor."""
    return ["-c:a", "libmp3lame", "-b:a", f"{settings.bitrate_kbps}k",
            "-ar", str(settings.sample_rate), "-ac", str(settings.channels)]


def upmix(settings: AudioSettings) -> tuple[str, float]:
    """(filter prefix, gain dB) that turns mono into the output's channels.

    ebur128 adds the channels' power: mono copied to both channels measures 3 dB louder, so the
    copies go 3 dB down; the measurement then sees exactly what the encoder gets.
    """
    if settings.channels != 2:
        return "", 0.0
    gain = -10 * math.log10(settings.channels)
    return f"pan=stereo|c0=c0|c1=c0,volume={gain:.4f}dB,", gain


def encode_pieces(programme: Programme, settings: AudioSettings,
                  folder: Path) -> list[EncodedPiece]:
    """Every piece of `programme`, from `folder` when already encoded there, else encoded into it
    (in parallel: ffmpeg runs outside the GIL)."""
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        return list(pool.map(lambda i: _piece(programme, i, settings, folder),
                             range(len(programme.parts))))


def join(pieces: Sequence[EncodedPiece], out: Path, head: bytes = b"") -> str:
    """`head` (the tag), then the pieces' frames back to back, in one file; its sha256, taken
    as it is written (no second read of a programme's megabytes)."""
    digest = hashlib.sha256(head)
    with out.open("wb") as joined:
        joined.write(head)
        for piece in pieces:
            frames = piece.path.read_bytes()
            digest.update(frames)
            joined.write(frames)
    return digest.hexdigest()


def gated_lufs(blocks: Sequence[float]) -> float:
    """Integrated loudness from 400 ms block loudnesses: absolute gate, then relative gate."""
    audible = [block for block in blocks if block > SILENCE_LUFS]
    if not audible:
        return SILENCE_LUFS
    relative = _mean(audible) - RELATIVE_GATE_LU
    return _mean([block for block in audible if block > relative])


def _mean(blocks: Sequence[float]) -> float:
    return 10 * math.log10(sum(10 ** (block / 10) for block in blocks) / len(blocks))


def _piece(programme: Programme, index: int, settings: AudioSettings,
           folder: Path) -> EncodedPiece:
    prefix, _ = upmix(settings)
    edge, segment, name = programme.edges[index], programme.parts[index], programme.names[index]
    # the levelled segment's key names its samples: a cached piece is found without reading them
    named = f"{_VERSION}|{prefix}|{encoder_args(settings)}|{programme.sample_rate}|" \
            f"{edge.lead}|{edge.trail}|{segment.frames}|{segment.key}"
    digest = hashlib.sha256(named.encode())
    if not segment.key:  # not made by level(): name it by its samples
        digest.update(segment.pcm)
    key = digest.hexdigest()
    # units' programmes rendered side by side share pieces: one encodes, the others find it
    with _KEYS.hold(key):
        mp3_path, meta_path = folder / key[:2] / f"{key}.mp3", folder / key[:2] / f"{key}.json"
        found = _kept(mp3_path, meta_path)
        return found if found is not None else _encode(programme, index, name, settings,
                                                       mp3_path, meta_path)


def _kept(mp3_path: Path, meta_path: Path) -> EncodedPiece | None:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if mp3_path.stat().st_size == meta["bytes"]:
            return EncodedPiece(mp3_path, tuple(float(block) for block in meta["blocks"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent or damaged: encode again
    return None


def _encode(programme: Programme, index: int, name: str, settings: AudioSettings, mp3_path: Path,
            meta_path: Path) -> EncodedPiece:
    prefix, _ = upmix(settings)
    mp3, stderr = ffmpeg.run(
        [*ffmpeg.pcm_input(programme.sample_rate), "-af", f"{prefix}ebur128=framelog=info",
         *encoder_args(settings), "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3",
         "pipe:1"],
        feed=programme.piece_chunks(index), what=f"encoding {name}")
    expected = programme.piece_frames(index)  # its input plus EXTRA, if LAME pads as measured
    try:
        decoded = count_frames(mp3) * frame_samples(settings.sample_rate)
    except ValueError as err:
        raise RadioError(N_("encoding {name}: the encoder wrote no plain MP3 stream ({problem})"), name=name,
                         problem=str(err)) from None
    if decoded != expected:  # another encoder build: the joins would no longer be exact
        raise RadioError(N_("encoding {name}: {decoded} samples encoded where {expected} were expected; this "
                            "ffmpeg's MP3 encoder pads differently"), name=name, decoded=decoded, expected=expected)
    blocks = [float(value) for value in _MOMENTARY.findall(stderr)]
    with staging() as staged:
        staged.path_for(mp3_path).write_bytes(mp3)
        staged.path_for(meta_path).write_text(
            json.dumps({"bytes": len(mp3), "blocks": blocks}), encoding="utf-8")
    return EncodedPiece(mp3_path, tuple(blocks))
