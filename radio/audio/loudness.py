"""Loudness as ffmpeg's `ebur128` measures it, and the filter chain that levels a segment.

Every segment (speech or jingle) is levelled on its own and cached: high-pass, gain to the target,
gentle compression, make-up (set by how peaky the voice is) and a peak limiter, then an exact trim
to the aim (the target plus what MP3 coding takes away). Every segment at the aim means the
programme is at the aim, so the encoding pass needs no levelling and a warm rebuild costs about
one plain MP3 encode.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from radio.audio.settings import AudioSettings
from radio.core.errors import RadioError
from radio.core.i18n import N_

SILENCE_LUFS = -70.0  # ebur128's absolute gate: what it reports for silence or < 400 ms of audio
HIGHPASS_HZ = 100     # rumble and DC out; horn loudspeakers reproduce nothing this low anyway
LIMITER_MARGIN_DB = 2.5  # sample-peak limit this far under the true-peak ceiling: room for
#                          inter-sample peaks and MP3 coding together. Measured here: 2024-05's
#                          encoder input peaked at -1.7 dBTP behind a -2.5 dBFS sample limit
#                          (0.8 dB of inter-sample peaks) and the MP3 at -0.8 dBTP (0.9 dB more from
#                          coding), over the -1 ceiling; a 1.0 dB margin had let an MP3 reach -0.9.

_SUMMARY = re.compile(r"Summary:(.*)", re.S)
_INTEGRATED = re.compile(r"\bI:\s*(-?[\d.]+|-?inf|nan) LUFS")
_PEAK = re.compile(r"\bPeak:\s*(-?[\d.]+|-?inf|nan) dBFS")


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float  # -inf for digital silence; nan when not measured


def ebur128(true_peak: bool) -> str:
    """The measuring filter; frame logging off so stderr holds only the summary."""
    return f"ebur128=framelog=quiet{':peak=true' if true_peak else ''}"


def parse_summary(stderr: str) -> Loudness:
    """The summary `ebur128` prints when its stream ends (the last one if there are several)."""
    summaries = _SUMMARY.findall(stderr)
    if not summaries:
        raise RadioError(N_("ffmpeg printed no loudness summary; is the file empty?"))
    summary = summaries[-1]
    integrated = _INTEGRATED.search(summary)
    if integrated is None:
        raise RadioError(N_("ffmpeg's loudness summary has no integrated loudness"))
    peak = _PEAK.search(summary)
    return Loudness(float(integrated[1]), float(peak[1]) if peak else math.nan)


def combined_lufs(parts: list[tuple[float, float]]) -> float:
    """Integrated loudness of (lufs, seconds) parts played in a row, silence gated out.

    Energy-weighted mean of the parts' loudness; exact when the parts are at similar levels (they
    are, after levelling) up to the few 400 ms blocks that straddle a boundary.
    """
    audible = [(lufs, seconds) for lufs, seconds in parts if lufs > SILENCE_LUFS and seconds > 0]
    if not audible:
        return SILENCE_LUFS
    energy = sum(seconds * 10 ** (lufs / 10) for lufs, seconds in audible)
    return 10 * math.log10(energy / sum(seconds for _, seconds in audible))


def mp3_loss_lu(bitrate_kbps: int) -> float:
    """How much quieter ebur128 measures LAME's MP3 than the PCM it was given.

    Measured with this ffmpeg on speech, bells and a 1 kHz sine alike, mono and 44.1/48 kHz:
    0.4 LU from 64 to 128 kbps, 0.2 LU at 192 kbps.
    """
    return 0.4 if bitrate_kbps < 192 else 0.2


def aim_lufs(settings: AudioSettings) -> float:
    """Loudness each levelled segment gets, so that the encoded file lands on the target."""
    return settings.target_lufs + mp3_loss_lu(settings.bitrate_kbps)


def limit_dbfs(settings: AudioSettings) -> float:
    return settings.true_peak_dbtp - LIMITER_MARGIN_DB


def limiter(settings: AudioSettings) -> str:
    # level=false: alimiter otherwise re-normalises its output, undoing the levelling;
    # latency=true: no shift of the audio by the look-ahead
    return (f"alimiter=limit={10 ** (limit_dbfs(settings) / 20):.6f}:attack=5:release=50"
            ":level=false:latency=true")


# The make-up that lands a segment just above the aim depends on how peaky the voice is: the
# limiter takes back more of it from a voice whose loud samples stand far above its RMS. Measured
# on 2024-05 (limit -3.5 dBFS, aim -15.6 LUFS): espeak-ng (99th-percentile crest 13.0-13.4 dB)
# landed at -17.4 LUFS with 10 dB of make-up and -15.2 with 20; the Piper voice (11.5-11.8 dB)
# at -15.8 with 10 and -14.5 with 14. A landing below the aim costs limiter passes (level.py),
# one above it only an exact cut, so the line below aims about 0.4 LU high for both.
MAKEUP_AT_CREST_DB = (11.75, 12.5)  # (crest, make-up) of the Piper voice at the default headroom
MAKEUP_PER_CREST_DB = 5.0
MAKEUP_RANGE_DB = (6.0, 20.0)


def crest_db(samples: bytes) -> float:
    """How far the loud samples of 16-bit PCM stand above its RMS: the 99th percentile of the
    magnitudes over their RMS, in dB, near-silent samples left out (pauses would lower the RMS)."""
    import numpy as np  # here: a rebuild that levels nothing does not pay for importing it

    magnitude = np.abs(np.frombuffer(samples, dtype="<i2").astype(np.float32))
    audible = magnitude[magnitude > 30.0]  # about -60 dBFS
    if audible.size < 100:
        return MAKEUP_AT_CREST_DB[0]
    rms = float(np.sqrt(np.mean(np.square(audible))))
    return 20 * math.log10(float(np.percentile(audible, 99)) / rms)


def segment_chain(raw_lufs: float, settings: AudioSettings, crest: float) -> str:
    """Filters for one segment whose loudness is about `raw_lufs` (-inf: silence) and whose
    `crest_db` is `crest`.

    The gain brings it to the target before the compressor, so the compressor's threshold is
    relative to the target. The make-up lifts it to just above the aim after limiting, so the
    exact trim that follows is nearly always a cut.
    """
    gain = settings.target_lufs - raw_lufs if raw_lufs > SILENCE_LUFS else 0.0
    headroom = limit_dbfs(settings) - settings.target_lufs  # 12.5 dB for -16 LUFS / -1 dBTP
    at_crest, base = MAKEUP_AT_CREST_DB
    low, high = MAKEUP_RANGE_DB
    # more headroom, less of the make-up is lost in the limiter (the figures are for 12.5 dB)
    makeup = base + MAKEUP_PER_CREST_DB * (crest - at_crest) - (headroom - 12.5)
    makeup = min(high, max(low, makeup))
    return ",".join([
        f"highpass=f={HIGHPASS_HZ}",
        f"volume={gain:.3f}dB",
        f"acompressor=threshold={settings.target_lufs - 2:.1f}dB:ratio=3:attack=5:release=150"
        f":knee=6:makeup={makeup:.2f}dB",
        f"aresample={settings.sample_rate}",
        limiter(settings),
    ])
