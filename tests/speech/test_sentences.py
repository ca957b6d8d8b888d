from __future__ import annotations

from radio.speech.sentences import gap_frames, split_sentences


def test_sentences_end_at_stops_and_line_ends_and_carry_words() -> None:
    text = "Câu một. Câu hai!  Câu ba?\nDòng bốn… câu năm. — "
    assert split_sentences(text) == ["Câu một.", "Câu hai!", "Câu ba?", "Dòng bốn…", "câu năm."]
    assert split_sentences("3.5 triệu đồng") == ["3.5 triệu đồng"]  # a decimal point is no end


def test_the_gap_follows_the_pace_within_what_a_listener_hears_as_a_sentence_break() -> None:
    assert gap_frames(0.5, 1000) == 400  # the pause less the two 50 ms margins the trim keeps
    assert gap_frames(2.0, 1000) == 1200
    assert gap_frames(0.0, 1000) == 200
