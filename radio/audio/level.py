"""Levelling one segment (speech or jingle) to the target loudness, cached by its content.

Cold: one ffmpeg run per segment (process and measure), then an exact trim to the aim — a cut
done in Python, which is linear, so the measurement stays exact; a boost, which could push peaks
over the ceiling, goes back through ffmpeg's limiter (rarely: the chain's make-up is set from the
segment's crest factor to land just above the aim). Warm: a file read. The cache key covers the
input samples and the exact filter chain, so changing a setting or the chain's code invalidates
old entries by itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from pydub import AudioSegment

from radio.audio.loudness import (
    SILENCE_LUFS,
    Loudness,
    aim_lufs,
    crest_db,
    ebur128,
    limiter,
    parse_summary,
    segment_chain,
)
from radio.audio.settings import AudioSettings
from radio.core import ffmpeg
from radio.core.atomic import staging

_WORKERS = min(4, os.cpu_count() or 1)
_BOOSTS = 3  # limiter passes allowed to lift a segment that came out of the chain too quiet
_BOUGHT = 0.3  # LU a dB of boost buys through the limiter, first guess (measured 0.2-0.35):
#                aiming by it overshoots a little, and an overshoot costs only an exact cut


@dataclass(frozen=True)
class Levelled:
    """A segment ready to assemble: mono 16-bit PCM at the programme's rate, and its loudness.

    Kept in the cache, the PCM stays on disk until the encoder needs it (`pcm` reads it): a
    rebuild whose segment is already encoded never reads it, and a build holds no programme's
    worth of audio in memory.
    """

    sample_rate: int
    frames: int
    lufs: float            # integrated, as ebur128 measures the processed audio
    true_peak_dbtp: float  # likewise
    key: str               # what it was made from (input samples, chain, aim): names its piece
    data: bytes | None = None  # the PCM, when it is not kept in `path`
    path: Path | None = None

    @property
    def pcm(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None, "a Levelled has its PCM or a file holding it"
        return self.path.read_bytes()

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate


def _made(pcm: bytes, sample_rate: int, lufs: float, true_peak_dbtp: float) -> Levelled:
    """A freshly levelled segment (its key is set when it is cached or returned)."""
    return Levelled(sample_rate, len(pcm) // 2, lufs, true_peak_dbtp, "", data=pcm)


def level_all(items: Sequence[tuple[str, AudioSegment]], settings: AudioSettings,
              cache_dir: Path | None) -> list[Levelled]:
    """Level (name, audio) pairs in parallel (ffmpeg runs outside the GIL); results in order."""
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        return list(pool.map(lambda item: level(item[1], settings, cache_dir, item[0]), items))


def level(audio: AudioSegment, settings: AudioSettings, cache_dir: Path | None,
          name: str) -> Levelled:
    audio = audio.set_channels(1).set_sample_width(2)  # both return `audio` itself when already so
    key = _key(audio, settings)
    if cache_dir is not None:
        cached = _load(cache_dir, key, settings.sample_rate)
        if cached is not None:
            return cached
    levelled = replace(_process(audio, settings, name), key=key)
    if cache_dir is None:
        return levelled
    _store(cache_dir, key, levelled)
    return replace(levelled, data=None, path=_paths(cache_dir, key)[0])  # memory back


def _process(audio: AudioSegment, settings: AudioSettings, name: str) -> Levelled:
    # RMS in dBFS is within ~1 dB of LUFS on speech and the jingles: close enough to set the
    # compressor's working level (the trim after it is exact), and it saves an ffmpeg run
    pcm, processed = ffmpeg.run(
        [*ffmpeg.pcm_input(audio.frame_rate),
         "-af", f"{segment_chain(audio.dBFS, settings, crest_db(audio.raw_data))},{ebur128(True)}",
         *ffmpeg.pcm_output(settings.sample_rate)],
        feed=audio.raw_data, what=f"levelling {name}")
    return _trim(pcm, parse_summary(processed), settings, name)


def _trim(pcm: bytes, loudness: Loudness, settings: AudioSettings, name: str) -> Levelled:
    """Bring an already processed segment to the aim exactly."""
    gain = aim_lufs(settings) - loudness.integrated_lufs
    if loudness.integrated_lufs <= SILENCE_LUFS or abs(gain) < 0.01:
        return _made(pcm, settings.sample_rate, loudness.integrated_lufs,
                     loudness.true_peak_dbtp)
    if gain < 0:
        return _cut(pcm, loudness, gain, settings)
    # A boost meets the limiter, which takes most of it back: aim high by what a dB bought last
    # time (at first, by _BOUGHT), so one pass usually overshoots and the cut after it is exact
    best = _made(pcm, settings.sample_rate, loudness.integrated_lufs, loudness.true_peak_dbtp)
    bought, boost = _BOUGHT, 0.0
    for _ in range(_BOOSTS):
        step = min(gain / bought, 9.0)
        boost += step
        boosted, measured = ffmpeg.run(
            [*ffmpeg.pcm_input(settings.sample_rate),
             "-af", f"volume={boost:.3f}dB,{limiter(settings)},{ebur128(True)}",
             *ffmpeg.pcm_output(settings.sample_rate)], feed=pcm, what=f"levelling {name}")
        after = parse_summary(measured)
        short = aim_lufs(settings) - after.integrated_lufs  # ≤ 0: over the aim
        if short <= 0:
            return _cut(boosted, after, short, settings)
        best = _made(boosted, settings.sample_rate, after.integrated_lufs, after.true_peak_dbtp)
        if short < 0.1:
            break
        bought = max((gain - short) / step, 0.1)
        gain = short
    return best


def _cut(pcm: bytes, loudness: Loudness, gain: float, settings: AudioSettings) -> Levelled:
    """A linear cut of `gain` dB (≤ 0): loudness and true peak move by exactly that much."""
    cut = AudioSegment(data=pcm, sample_width=2, frame_rate=settings.sample_rate, channels=1)
    return _made(cut.apply_gain(gain).raw_data, settings.sample_rate,
                 loudness.integrated_lufs + gain, loudness.true_peak_dbtp + gain)


def _key(audio: AudioSegment, settings: AudioSettings) -> str:
    digest = hashlib.sha256()
    # the chain text at a fixed reference level stands for "this code with these settings"
    chains = "|".join(segment_chain(-20.0, settings, crest) for crest in (11.0, 14.0))
    digest.update(f"{chains}|{_BOUGHT}|{aim_lufs(settings)}|{audio.frame_rate}|".encode())
    digest.update(audio.raw_data)
    return digest.hexdigest()


def _paths(cache_dir: Path, key: str) -> tuple[Path, Path]:
    folder = cache_dir / key[:2]
    return folder / f"{key}.pcm", folder / f"{key}.json"


def _load(cache_dir: Path, key: str, sample_rate: int) -> Levelled | None:
    """The cached segment, its PCM left on disk; None when absent or damaged (level again)."""
    pcm_path, meta_path = _paths(cache_dir, key)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if pcm_path.stat().st_size != meta["bytes"] or meta["sample_rate"] != sample_rate:
            return None
        return Levelled(sample_rate, meta["bytes"] // 2, float(meta["lufs"]),
                        float(meta["true_peak_dbtp"]), key, path=pcm_path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(cache_dir: Path, key: str, levelled: Levelled) -> None:
    pcm_path, meta_path = _paths(cache_dir, key)
    meta = {"lufs": levelled.lufs, "true_peak_dbtp": levelled.true_peak_dbtp,
            "sample_rate": levelled.sample_rate, "bytes": 2 * levelled.frames}
    with staging() as staged:
        staged.path_for(pcm_path).write_bytes(levelled.pcm)
        staged.path_for(meta_path).write_text(json.dumps(meta), encoding="utf-8")
