from __future__ import annotations

import struct
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from radio.cli import main
from radio.config import Settings
from radio.content.pace import Pace
from radio.content.script import SegmentKind
from radio.core.errors import RadioError
from radio.core.month import Month
from tests.content.conftest import GTTS_PACE, compile_for

MAY = Month(2024, 5)
MakeSettings = Callable[..., Settings]


def _tiny_wav(path: Path, seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(struct.pack("<h", 0) * int(8000 * seconds))


def _episode(root: Path, text: str, month: str = "2024-05") -> Path:
    folder = root / month
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "episode.toml").write_text(text, encoding="utf-8")
    return folder


def test_may_2024_example_fits_the_window(make_settings: MakeSettings) -> None:
    script = compile_for(MAY, make_settings(), GTTS_PACE, jingle_seconds=(8.0, 6.0))
    assert 600 <= script.predicted_s <= 900
    assert abs(script.predicted_s - 750) < 60  # near the 12.5-minute target
    ids = [s.id for s in script.segments]
    assert ids[:3] == ["01-jingle-open", "02-greeting", "03-news-1"]
    assert "06-topic-05" in ids
    assert ids[-2:] == [f"{len(ids) - 1:02d}-closing", f"{len(ids):02d}-jingle-close"]
    kinds_in_order = [s.kind for s in script.segments]
    assert kinds_in_order[0] == SegmentKind.JINGLE_OPEN and kinds_in_order[-3:] == [
        SegmentKind.HOTLINE, SegmentKind.CLOSING, SegmentKind.JINGLE_CLOSE]
    assert script.topics == (5, 6, 11)
    assert script.segments[0].predicted_s == 8.0 and script.segments[-1].predicted_s == 6.0
    assert all(s.predicted_s > 0 for s in script.segments)
    assert script.title == "Chuyên mục Cải cách hành chính tháng 5 năm 2024"
    greeting = script.segments[1].text
    assert "tháng 5 năm 2024" in greeting and "bộ phận một cửa" in greeting
    topic5 = next(s for s in script.segments if s.id.endswith("topic-05"))
    # the figure the editor's news gives is said once, by the news, not again by the topic
    assert "6.842" not in topic5.text
    assert "\n".join(s.text for s in script.segments).count("6.842") == 1
    assert script.pause_s == 0.7 and "Số liệu minh họa" in script.notes
    assert script == compile_for(MAY, make_settings(), GTTS_PACE, jingle_seconds=(8.0, 6.0))


@pytest.mark.parametrize("pace", [Pace(3.8, 0.1, 0.5), Pace(4.6, 0.25, 0.5), Pace(2.3, 0.3, 0.6)])
def test_may_2024_fits_at_other_paces(make_settings: MakeSettings, pace: Pace) -> None:
    """espeak-ng at 150 wpm, the gTTS estimate of the speech stage, a slow voice."""
    assert 600 <= compile_for(MAY, make_settings(), pace).predicted_s <= 900


def test_the_fit_uses_the_normalised_reading(make_settings: MakeSettings) -> None:
    plain = compile_for(MAY, make_settings(), GTTS_PACE)
    longer = compile_for(MAY, make_settings(), GTTS_PACE,
                            read=lambda text: f"{text} {text[:len(text) // 2]}")
    # a reading half as long again leaves room for less optional material
    assert len(longer.segments) < len(plain.segments)
    assert longer.segments[1].text == plain.segments[1].text  # written text is kept


def test_a_month_without_input_follows_the_year_plan(make_settings: MakeSettings,
                                                     tmp_path: Path) -> None:
    episodes = tmp_path / "episodes"
    episodes.mkdir()
    script = compile_for(Month(2024, 1), make_settings(episodes), GTTS_PACE)
    topic_ids = [s.topic for s in script.segments if s.kind == SegmentKind.TOPIC]
    assert 2 <= len(topic_ids) <= 4 and 11 in script.topics
    assert 600 <= script.predicted_s <= 900


def test_recorded_segment_uses_its_file(make_settings: MakeSettings, tmp_path: Path) -> None:
    folder = _episode(tmp_path, 'topics = [5, 6]\n[recorded]\n"topic-05" = "ghi-am/mot-cua.wav"\n')
    _tiny_wav(folder / "ghi-am" / "mot-cua.wav", 95.0)
    script = compile_for(MAY, make_settings(tmp_path), GTTS_PACE)
    segment = next(s for s in script.segments if s.id.endswith("topic-05"))
    assert segment.recorded == folder / "ghi-am" / "mot-cua.wav"
    assert segment.predicted_s == pytest.approx(95.0)
    assert "##" not in segment.text and segment.text.startswith("Thưa quý vị!")


def test_unknown_recorded_segment_is_named(make_settings: MakeSettings, tmp_path: Path) -> None:
    folder = _episode(tmp_path, 'topics = [5, 6]\n[recorded]\n"topic-07" = "a.wav"\n')
    _tiny_wav(folder / "a.wav", 1.0)
    with pytest.raises(RadioError, match=r"recorded\.topic-07: no segment 'topic-07'.*topic-05"):
        compile_for(MAY, make_settings(tmp_path), GTTS_PACE)


def test_template_error_names_the_users_file_and_line(make_settings: MakeSettings,
                                                      tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "closing.md").write_text("# Lời kết\nHết.\n\nHẹn ${ngay_phat_lai}.\n", encoding="utf-8")
    with pytest.raises(RadioError, match=r"mine/closing\.md:4: variable \$\{ngay_phat_lai\}"):
        compile_for(MAY, make_settings(templates=mine), GTTS_PACE)


def test_figure_may_not_shadow_a_built_in_variable(make_settings: MakeSettings,
                                                   tmp_path: Path) -> None:
    _episode(tmp_path, 'topics = [5, 6]\n[figures]\nhotline = "113"\n')
    with pytest.raises(RadioError, match=r"figures\.hotline: hotline is a built-in"):
        compile_for(MAY, make_settings(tmp_path), GTTS_PACE)


def test_too_little_content_fails_clearly(make_settings: MakeSettings, tmp_path: Path) -> None:
    fast = Pace(syllables_per_s=9.0, comma_pause_s=0.0, sentence_pause_s=0.0)
    _episode(tmp_path, "topics = [7, 9]\n")
    with pytest.raises(RadioError, match=r"2024-05 \(.*episode\.toml\): \d+ s short of the 10:00"):
        compile_for(MAY, make_settings(tmp_path), fast)


def test_too_much_fixed_content_fails_clearly(make_settings: MakeSettings, tmp_path: Path) -> None:
    item = '[[news]]\ntitle = "Tin {}"\nsource = "Phòng Nội vụ"\ntext = "{}"\n'
    news = "".join(item.format(i, "Tin dài. " * 60) for i in range(10))
    _episode(tmp_path, "topics = [5, 6]\n" + news)
    with pytest.raises(RadioError, match=r"s over the 15:00 maximum; cut .*Tin: Tin"):
        compile_for(MAY, make_settings(tmp_path), GTTS_PACE)


def test_topic_11_when_chosen_comes_last_before_the_hotline(make_settings: MakeSettings,
                                                             tmp_path: Path) -> None:
    _episode(tmp_path, "topics = [11, 5]\n")
    script = compile_for(MAY, make_settings(tmp_path), GTTS_PACE)
    keys = [s.id.split("-", 1)[1] for s in script.segments
            if s.kind in (SegmentKind.TOPIC, SegmentKind.HOTLINE)]
    assert keys == ["topic-05", "topic-11", "hotline"]


@pytest.mark.slow
def test_radio_plan_prints_the_year(make_settings: MakeSettings) -> None:
    settings = make_settings()
    result = CliRunner().invoke(main, ["--config", str(settings.path), "plan", "2024"])
    assert result.exit_code == 0, result.output
    assert "2024-05  5, 6" in result.output and "episode.toml" in result.output
    assert "All 11 areas are covered this year." in result.output


def test_radio_plan_reports_a_bad_input_without_traceback(make_settings: MakeSettings,
                                                          tmp_path: Path) -> None:
    _episode(tmp_path, "topics = [5, 99]\n", month="2024-07")
    settings = make_settings(tmp_path)
    result = CliRunner().invoke(main, ["--config", str(settings.path), "plan", "2024"])
    assert result.exit_code == 1
    assert "2024-07/episode.toml.topics[1]: 99 is not a content area" in result.output
    assert "Traceback" not in result.output
