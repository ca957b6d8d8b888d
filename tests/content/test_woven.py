"""The editor's input woven in: a lead-in before the news, a preview naming it, the source inside
the item, figures said once, a Q&A beside its topic, and a stale-year check that reads numbers
and reviews of the past year right."""

from __future__ import annotations

import shutil
from pathlib import Path

from radio.config import load_settings
from radio.content.script import Script, SegmentKind
from radio.content.staleness import stale_lines
from radio.content.warnings import WarningCode, text_warnings
from radio.core.month import Month
from tests.content.conftest import GTTS_PACE, REPO, compile_for

EPISODE = '''topics = [5, 6, 3]
notes = "Số liệu minh họa: thay bằng số liệu thật trước khi trình duyệt."

[figures]
ky_bao_cao = "năm 2026"
ho_so_tiep_nhan = "12.418"
ho_so_dung_han_ty_le = "98,7%"

[[news]]
title = "Kết quả giải quyết thủ tục hành chính năm 2026"
source = "Văn phòng HĐND và UBND phường Trà Câu"
text = """
Năm 2026 vừa qua, Trung tâm Phục vụ hành chính công phường đã tiếp nhận 12.418 hồ sơ. 98,7% hồ sơ
được giải quyết đúng hạn và trước hạn, tăng so với năm trước.
"""

[[news]]
title = "Hướng dẫn nộp hồ sơ trực tuyến tại nhà văn hóa thôn"
source = "UBND thị xã Đức Phổ"
text = "Tổ công nghệ số cộng đồng hướng dẫn bà con nộp hồ sơ trực tuyến vào sáng thứ Bảy hằng tuần."

[[qa]]
question = "Làm căn cước cho con dưới 6 tuổi thì đi đâu?"
answer = "Quý vị làm trên ứng dụng VNeID hoặc đến công an phường, xã nơi cư trú."
topic = 6
'''


def _january_2027(tmp_path: Path) -> Script:
    """January 2027 with the shipped settings and the editor's input above."""
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    folder = tmp_path / "episodes" / "2027-01"
    folder.mkdir(parents=True)
    (folder / "episode.toml").write_text(EPISODE, encoding="utf-8")
    return compile_for(Month(2027, 1), load_settings(tmp_path / "schedule.toml"), GTTS_PACE)


def test_a_month_with_the_editors_news_figures_and_qa_reads_as_one_programme(
        tmp_path: Path) -> None:
    script = _january_2027(tmp_path)
    # a month of units opens with the station's words, then the shared greeting (issue 21)
    greeting = " ".join(s.text for s in script.segments if s.kind == SegmentKind.GREETING)
    assert "nghe một số tin trong tháng: kết quả giải quyết thủ tục hành chính năm 2026" in greeting
    assert "giải đáp những câu hỏi" in greeting
    news = [s for s in script.segments if s.kind == SegmentKind.NEWS]
    assert news[0].text.startswith("Sau đây là một số tin")
    assert not news[1].text.startswith("Sau đây")
    assert ("đã tiếp nhận 12.418 hồ sơ, theo Văn phòng HĐND và UBND phường Trà Câu." in news[0].text)
    assert "Theo thông tin từ" not in news[0].text and news[0].title not in news[0].text
    whole = "\n".join(s.text for s in script.segments)
    assert whole.count("12.418") == 1 and whole.count("98,7%") == 1  # said once, by the news
    # the editor's question on topic 6 comes right after topic 6's material, before the next topic
    ids = [s.id for s in script.segments]
    editor_qa = next(i for i, s in enumerate(script.segments) if s.id.endswith("-qa-1"))
    topic_6 = [i for i, s in enumerate(script.segments) if s.topic == 6 and i != editor_qa]
    assert editor_qa == max(topic_6) + 1, ids
    assert script.segments[editor_qa + 1].topic != 6


def test_the_editors_outdated_names_and_illustrative_figures_are_warned(
        tmp_path: Path) -> None:
    script = _january_2027(tmp_path)
    found = text_warnings(script)
    outdated = [w for w in found if w.code == WarningCode.OUTDATED_NAME]
    assert [dict(w.params)["word"] for w in outdated] == ["UBND thị xã"]
    assert "news-2" in dict(outdated[0].params)["segment"]
    assert any(w.code == WarningCode.ILLUSTRATIVE_FIGURE for w in found)
    assert "không còn từ ngày 01/7/2025" in outdated[0].message()


def test_a_review_of_last_year_and_thousands_separators_are_not_stale(
        tmp_path: Path) -> None:
    script = _january_2027(tmp_path)
    assert [line for line in stale_lines(script, 2026) if line.segment_id.endswith("news-1")] == []
