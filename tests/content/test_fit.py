from __future__ import annotations

import pytest

from radio.content.fit import STEADY_S, FitItem, FitWindow, fit
from radio.content.pace import Pace, text_features
from radio.core.errors import RadioError

WINDOW = FitWindow(min_s=600, target_s=750, max_s=900)
FRAME = [FitItem("greeting", "Lời chào", 60), FitItem("topic-05", "Một cửa", 300),
         FitItem("hotline", "Đường dây nóng", 60)]  # 420 s fixed


def test_options_fill_towards_the_target_in_preference_order() -> None:
    options = [FitItem(f"o{i}", "x", 80) for i in range(8)]
    result = fit(FRAME, options, WINDOW, "2024-05")
    assert result.chosen == ("o0", "o1", "o2", "o3")  # 420 + 4×80 = 740, a fifth would be 820
    assert result.total_s == pytest.approx(740)
    assert WINDOW.min_s <= result.total_s <= WINDOW.max_s


def test_an_option_too_big_is_skipped_and_a_later_smaller_one_taken() -> None:
    options = [FitItem("big", "x", 500), FitItem("small", "y", 250)]
    result = fit(FRAME, options, WINDOW, "2024-05")
    assert result.chosen == ("small",) and result.total_s == pytest.approx(670)


def test_below_the_minimum_an_option_past_the_target_is_still_taken() -> None:
    window = FitWindow(min_s=600, target_s=610, max_s=900)
    frame = [FitItem("frame", "x", 590)]  # 20 s from the target, yet short of the minimum
    result = fit(frame, [FitItem("long", "y", 300)], window, "2024-05")  # 890: farther, but inside
    assert result.chosen == ("long",) and result.total_s == pytest.approx(890)


def test_a_rebuild_keeps_its_material_when_an_edit_moves_it_a_little() -> None:
    options = [FitItem(f"o{i}", "x", 80) for i in range(8)]
    before = fit(FRAME, options, WINDOW, "2024-05")  # o0..o3: 740 s
    longer = [*FRAME[:2], FitItem("hotline", "Đường dây nóng", 60 + 12)]  # 12 s of news added
    assert fit(longer, options, WINDOW, "2024-05").chosen == before.chosen  # 752: o3 still kept
    # a fresh choice would now drop o3 (672 is closer to 750 than 792 from 712 + 80)
    edited = [*FRAME[:2], FitItem("hotline", "Đường dây nóng", 60 + 52)]
    assert fit(edited, options, WINDOW, "2024-05").chosen == ("o0", "o1", "o2")
    steady = fit(edited, options, WINDOW, "2024-05", kept=before.chosen)
    assert steady.chosen == before.chosen and steady.total_s == pytest.approx(792)


def test_a_rebuild_chooses_afresh_when_its_material_no_longer_fits() -> None:
    options = [FitItem(f"o{i}", "x", 80) for i in range(8)]
    kept = ("o0", "o1", "o2", "o3")
    far = [*FRAME[:2], FitItem("hotline", "Đường dây nóng", 60 + 80 + STEADY_S + 30)]
    assert fit(far, options, WINDOW, "2024-05", kept=kept).chosen == ("o0", "o1")  # 710, not 870
    over = [*FRAME[:2], FitItem("hotline", "Đường dây nóng", 60 + 170)]  # kept: 910 > 900
    assert fit(over, options, WINDOW, "2024-05", kept=kept).total_s <= WINDOW.max_s
    gone = fit(FRAME, options[2:], WINDOW, "2024-05", kept=kept)  # the topic changed: o0, o1 gone
    assert gone.chosen == ("o2", "o3", "o4", "o5")


def test_too_little_material_says_how_many_seconds_short() -> None:
    with pytest.raises(RadioError, match=r"2024-05: 100 s short of the 10:00 minimum .*"
                                         r"episode\.toml"):
        fit(FRAME, [FitItem("a", "x", 80)], WINDOW, "2024-05")


def test_too_long_a_frame_says_how_many_seconds_over_and_what_to_cut() -> None:
    frame = [*FRAME, FitItem("news-1", "Tin dài", 580)]  # 1000 s
    with pytest.raises(RadioError, match=r"100 s over the 15:00 maximum.*Tin dài \(580 s\)"):
        fit(frame, [], WINDOW, "2024-05")


def test_nothing_fits_when_every_option_overshoots() -> None:
    with pytest.raises(RadioError, match=r"180 s short"):
        fit(FRAME, [FitItem("huge", "x", 600)], WINDOW, "2024-05")


PACE = Pace(syllables_per_s=2.5, comma_pause_s=0.2, sentence_pause_s=0.5)


def test_prediction_counts_syllables_commas_and_sentences() -> None:
    text = "Thưa quý vị, hôm nay có tin mới. Mời nghe"  # 10 syllables, 1 comma, 2 sentence ends
    assert text_features(text).syllables == 10
    assert PACE.predict_s(text) == pytest.approx(10 / 2.5 + 0.2 + 2 * 0.5)
    assert PACE.predict_s("   ") == 0.0


def test_predictions_add_up_across_paragraphs() -> None:
    first, second = "Câu một, có phẩy.", "Câu hai! Câu ba"
    joined = PACE.predict_s(first + "\n\n" + second)
    assert joined == pytest.approx(PACE.predict_s(first) + PACE.predict_s(second))
    # a slower voice predicts longer
    assert Pace(2.0, 0.2, 0.5).predict_s(first) > PACE.predict_s(first)
