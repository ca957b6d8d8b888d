"""Pace model: counting, fitting, interpolation, and the shipped calibration data."""

from __future__ import annotations

import pytest

from radio.content.pace import Pace, TextFeatures, text_features
from radio.speech.calibrate import Sample, corpus_texts, fit_pace
from radio.speech.pace import PACE_FILE, espeak_pace, gtts_pace, interpolate, parse_pace_table


def test_text_features_count_syllables_commas_and_sentence_ends() -> None:
    f = text_features("Xin chào bà con, cô bác. Hôm nay: cải cách – hành chính!\n\nHẹn gặp lại")
    assert f == TextFeatures(syllables=15, commas=3, sentences=3)  # "!\n\n" is one pause
    assert text_features("Một câu.") == TextFeatures(2, 0, 1)  # the end of the text counts once
    assert text_features("  ") == TextFeatures(0, 0, 0)


def test_fit_recovers_known_pace() -> None:
    truth = Pace(4.0, 0.2, 0.6)
    shapes = [(10, 1, 1), (25, 3, 2), (40, 0, 4), (7, 2, 1), (60, 5, 3)]
    samples = [Sample(TextFeatures(*s), truth.seconds(TextFeatures(*s))) for s in shapes]
    assert fit_pace(samples) == truth


def test_fit_never_returns_a_negative_pause() -> None:
    # durations that need no comma pause at all (and slightly less): the comma pause is pinned at 0
    shapes = [(10, 2, 1), (20, 4, 2), (30, 1, 3), (15, 3, 1)]
    samples = [Sample(TextFeatures(*s), s[0] / 5 + s[2] * 0.3 - s[1] * 0.01) for s in shapes]
    pace = fit_pace(samples)
    assert pace.comma_pause_s == 0 and pace.sentence_pause_s > 0


def test_interpolates_between_rates_and_clamps_outside() -> None:
    rows = ((100, Pace(2.0, 0.4, 1.0)), (200, Pace(4.0, 0.2, 0.5)))
    assert interpolate(rows, 150) == Pace(3.0, pytest.approx(0.3), 0.75)
    assert interpolate(rows, 80) == rows[0][1] and interpolate(rows, 300) == rows[1][1]


def test_shipped_pace_data_covers_every_voice() -> None:
    table = parse_pace_table(PACE_FILE)
    assert set(table.espeak) == {"vi", "vi-vn-x-central", "vi-vn-x-south"}
    assert 3 < espeak_pace("vi", 150).syllables_per_s < espeak_pace("vi", 200).syllables_per_s
    assert gtts_pace().syllables_per_s > 0


def test_corpus_gives_sentences_paragraphs_and_the_whole() -> None:
    texts = corpus_texts("Một. Hai, ba.\nBốn!")
    assert texts == ["Một.", "Hai, ba.", "Bốn!", "Một. Hai, ba.", "Bốn!", "Một. Hai, ba.\nBốn!"]
