"""Calibrated speaking pace per engine, voice and rate, read from pace.toml (data, not code)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from radio.content.pace import Pace
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.tomlfile import Table, load_toml

PACE_FILE = Path(__file__).with_name("pace.toml")


@dataclass(frozen=True)
class PaceTable:
    gtts: Pace
    espeak: dict[str, tuple[tuple[int, Pace], ...]]  # voice → (rate_wpm, pace) sorted by rate


def _pace(t: Table) -> Pace:
    return Pace(syllables_per_s=t.get("syllables_per_s", float),
                comma_pause_s=t.get("comma_pause_s", float),
                sentence_pause_s=t.get("sentence_pause_s", float))


def parse_pace_table(path: Path) -> PaceTable:
    raw = Table(load_toml(path), path.name)
    gtts_table = raw.table("gtts")
    gtts_table.get("source", str, "")
    gtts = _pace(gtts_table)
    gtts_table.done()
    espeak: dict[str, list[tuple[int, Pace]]] = {}
    for row in raw.tables("espeak"):
        voice, rate = row.get("voice", str), row.get("rate_wpm", int)
        espeak.setdefault(voice, []).append((rate, _pace(row)))
        row.done()
    raw.done()
    if "vi" not in espeak:
        raise RadioError(N_("{file}: no [[espeak]] rows for voice \"vi\"; run scripts/calibrate-pace"),
                         file=str(path))
    return PaceTable(gtts, {voice: tuple(sorted(rows, key=lambda r: r[0]))
                            for voice, rows in espeak.items()})


@functools.cache
def _table() -> PaceTable:
    return parse_pace_table(PACE_FILE)


def gtts_pace() -> Pace:
    return _table().gtts


def espeak_pace(voice: str, rate_wpm: int) -> Pace:
    """Interpolated (linearly in rate) between calibrated rates; an uncalibrated voice uses "vi"."""
    rows = _table().espeak.get(voice) or _table().espeak["vi"]
    return interpolate(rows, rate_wpm)


def interpolate(rows: tuple[tuple[int, Pace], ...], rate: int) -> Pace:
    """Pace at `rate`, linear between the two nearest calibrated rates, clamped at the ends."""
    if rate <= rows[0][0]:
        return rows[0][1]
    for (low_rate, low), (high_rate, high) in zip(rows, rows[1:], strict=False):
        if rate <= high_rate:
            w = (rate - low_rate) / (high_rate - low_rate)
            return Pace(*(a + w * (b - a) for a, b in zip(
                (low.syllables_per_s, low.comma_pause_s, low.sentence_pause_s),
                (high.syllables_per_s, high.comma_pause_s, high.sentence_pause_s), strict=True)))
    return rows[-1][1]
