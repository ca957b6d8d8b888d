"""The programme to a broadcast-ready MP3: each segment's frames (encoded once, kept), joined, tagged.

The segments arrive levelled (see level.py) and each is encoded as its own MP3 piece
(radio/audio/encoded.py), kept in a cache when one is given: a rebuild after one changed
paragraph encodes that segment only and joins the others' frames. ebur128 measures each piece's
encoder input as it is encoded (LAME's output measures a constant 0.2-0.4 LU lower, allowed for
by the levelling and in the figure); the programme's loudness is gated from those measurements.
The result is checked against the target before the file replaces the old one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from radio.audio.assemble import Programme
from radio.audio.encoded import encode_pieces, encoder_args, gated_lufs, join, upmix
from radio.audio.loudness import mp3_loss_lu
from radio.audio.settings import AudioSettings
from radio.audio.tags import ChapterMark, EpisodeTags, tag_bytes
from radio.core.atomic import Staging, staging
from radio.core.errors import RadioError
from radio.core.i18n import N_

__all__ = ["Rendered", "encoder_args", "render"]


@dataclass(frozen=True)
class Rendered:
    path: Path
    duration_s: float
    loudness_lufs: float   # integrated: ebur128 on the encoder's input, less LAME's constant loss
    true_peak_dbtp: float  # ebur128 true peak of the encoder's input (the loudest segment's)
    sha256: str            # of the final file, tags included


def render(programme: Programme, out_path: Path, tags: EpisodeTags, settings: AudioSettings,
           staged: Staging | None = None, cache_dir: Path | None = None) -> Rendered:
    """Write `out_path` through a temporary file beside it: a failure keeps the old file.

    With `staged`, the file lands when the caller commits it (together with its other outputs);
    without, at the end of this call. With `cache_dir`, each segment's encoded piece is kept
    there and reused by the next render of the same segment.
    """
    if staged is None:
        with staging() as own:
            return render(programme, out_path, tags, settings, own, cache_dir)
    with _pieces_folder(cache_dir) as folder:
        pieces = encode_pieces(programme, settings, folder)
        blocks = [block for piece in pieces for block in piece.blocks]
        loudness = gated_lufs(blocks) - mp3_loss_lu(settings.bitrate_kbps)
        peak = programme.true_peak_dbtp + upmix(settings)[1]
        _check(loudness, peak, settings, out_path)
        sha256 = join(pieces, staged.path_for(out_path),
                      tag_bytes(tags, programme.duration_s, _marks(programme)))
    return Rendered(out_path, programme.duration_s, loudness, peak, sha256)


def _check(loudness: float, peak: float, settings: AudioSettings, out_path: Path) -> None:
    if abs(loudness - settings.target_lufs) <= settings.tolerance_lu \
            and peak <= settings.true_peak_dbtp:
        return
    raise RadioError(
        N_("{file}: the programme measures {loudness:.1f} LUFS, true peak {peak:.1f} dBTP (wanted "
           "{target:.1f} ± {tolerance:.1f} LU, peak ≤ {ceiling:.1f} dBTP); a recording may be too quiet "
           "or distorted — check the recorded files and [audio] in schedule.toml"),
        file=str(out_path), loudness=loudness, peak=peak, target=settings.target_lufs,
        tolerance=settings.tolerance_lu, ceiling=settings.true_peak_dbtp)


def _marks(programme: Programme) -> list[ChapterMark]:
    """Chapters that tile the programme: each runs to the next one's start (pauses included)."""
    ends = [chapter.start_s for chapter in programme.chapters[1:]] + [programme.duration_s]
    return [ChapterMark(chapter.title, chapter.start_s, end)
            for chapter, end in zip(programme.chapters, ends, strict=True)]


@contextmanager
def _pieces_folder(cache_dir: Path | None) -> Iterator[Path]:
    if cache_dir is not None:
        yield cache_dir
        return
    with tempfile.TemporaryDirectory(prefix="radio-pieces-") as scratch:
        yield Path(scratch)
