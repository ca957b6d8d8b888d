from __future__ import annotations

import math

import pytest

from radio.audio.loudness import combined_lufs, parse_summary
from radio.core.errors import RadioError

SUMMARY = """[Parsed_ebur128_0 @ 0x1] Summary:

  Integrated loudness:
    I:         -16.3 LUFS
    Threshold: -26.4 LUFS

  Loudness range:
    LRA:         2.0 LU

  True peak:
    Peak:       -1.7 dBFS
"""


def test_parse_summary_reads_integrated_and_true_peak() -> None:
    loudness = parse_summary("Input #0 ...\n" + SUMMARY)
    assert (loudness.integrated_lufs, loudness.true_peak_dbtp) == (-16.3, -1.7)


def test_parse_summary_of_silence_and_without_peak() -> None:
    silent = SUMMARY.replace("-16.3", "-70.0").replace("-1.7 dBFS", "-inf dBFS")
    assert parse_summary(silent).true_peak_dbtp == -math.inf
    assert math.isnan(parse_summary(SUMMARY.split("True peak")[0]).true_peak_dbtp)


def test_parse_summary_without_one_is_an_error() -> None:
    with pytest.raises(RadioError, match="no loudness summary"):
        parse_summary("Error opening input")


def test_combined_loudness_is_energy_weighted_and_ignores_silence() -> None:
    assert combined_lufs([(-16.0, 10.0), (-16.0, 30.0)]) == pytest.approx(-16.0)
    # 10 s at -10 and 10 s at -20: mean energy is (1 + 0.1) / 2 of -10's
    assert combined_lufs([(-10.0, 10.0), (-20.0, 10.0)]) == pytest.approx(-12.596, abs=0.01)
    assert combined_lufs([(-16.0, 5.0), (-70.0, 50.0)]) == pytest.approx(-16.0)
    assert combined_lufs([]) == -70.0
