"""The programme to a broadcast-ready MP3: encoded and measured in one ffmpeg pass, then tagged.

The segments arrive levelled (see level.py), so this pass only encodes; `ebur128` sits in the
same filter graph and measures exactly the audio the encoder receives, in its own thread (LAME's
output measures a constant 0.2-0.4 LU lower, allowed for by the levelling and in the figure). A warm
rebuild therefore costs about one plain encode (`encoder_args` is shared with the benchmark's
floor). The result is checked against the target before the file replaces the old one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from radio.audio.assemble import Programme
from radio.audio.loudness import ebur128, mp3_loss_lu, parse_summary
from radio.audio.settings import AudioSettings
from radio.audio.tags import ChapterMark, EpisodeTags, write_tags
from radio.core import ffmpeg
from radio.core.atomic import Staging, staging
from radio.core.errors import RadioError
from radio.core.hashing import file_sha256


@dataclass(frozen=True)
class Rendered:
    path: Path
    duration_s: float
    loudness_lufs: float   # integrated: ebur128 on the encoder's input, less LAME's constant loss
    true_peak_dbtp: float  # ebur128 true peak of the encoder's input (the loudest segment's)
    sha256: str            # of the final file, tags included


def encoder_args(settings: AudioSettings) -> list[str]:
    """MP3 CBR output options: the same for the episode and for the benchmark's floor."""
    return ["-c:a", "libmp3lame", "-b:a", f"{settings.bitrate_kbps}k",
            "-ar", str(settings.sample_rate), "-ac", str(settings.channels)]


def render(programme: Programme, out_path: Path, tags: EpisodeTags, settings: AudioSettings,
           staged: Staging | None = None) -> Rendered:
    """Write `out_path` through a temporary file beside it: a failure keeps the old file.

    With `staged`, the file lands when the caller commits it (together with its other outputs);
    without, at the end of this call.
    """
    if staged is None:
        with staging() as own:
            return render(programme, out_path, tags, settings, own)
    # ebur128 adds the channels' power: mono copied to both channels measures 3 dB louder, so the
    # copies go 3 dB down; the measurement then sees exactly what the encoder gets
    stereo_db = -10 * math.log10(settings.channels)
    upmix = f"pan=stereo|c0=c0|c1=c0,volume={stereo_db:.4f}dB," if settings.channels == 2 else ""
    temp = staged.path_for(out_path)
    _, stderr = ffmpeg.run([
        "-y", *ffmpeg.pcm_input(programme.sample_rate),
        "-af", f"{upmix}{ebur128(False)}", *encoder_args(settings),
        "-id3v2_version", "0", "-f", "mp3", str(temp),  # tags are mutagen's job (v2.3)
    ], feed=programme.chunks(), what=f"encoding {out_path.name}")
    loudness = parse_summary(stderr).integrated_lufs - mp3_loss_lu(settings.bitrate_kbps)
    peak = programme.true_peak_dbtp + stereo_db
    _check(loudness, peak, settings, out_path)
    write_tags(temp, tags, programme.duration_s, _marks(programme))
    return Rendered(out_path, programme.duration_s, loudness, peak, file_sha256(temp))


def _check(loudness: float, peak: float, settings: AudioSettings, out_path: Path) -> None:
    if abs(loudness - settings.target_lufs) <= settings.tolerance_lu \
            and peak <= settings.true_peak_dbtp:
        return
    raise RadioError(
        f"{out_path}: the programme measures {loudness:.1f} LUFS, true peak {peak:.1f} dBTP "
        f"(wanted {settings.target_lufs:.1f} ± {settings.tolerance_lu:.1f} LU, peak ≤ "
        f"{settings.true_peak_dbtp:.1f} dBTP); a recording may be too quiet or distorted — "
        "check the recorded files and [audio] in schedule.toml")


def _marks(programme: Programme) -> list[ChapterMark]:
    """Chapters that tile the programme: each runs to the next one's start (pauses included)."""
    ends = [chapter.start_s for chapter in programme.chapters[1:]] + [programme.duration_s]
    return [ChapterMark(chapter.title, chapter.start_s, end)
            for chapter, end in zip(programme.chapters, ends, strict=True)]
