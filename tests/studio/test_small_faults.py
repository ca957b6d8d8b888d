"""Issue 20's smaller faults: upload refusals in words, a published month's warning, notices by kind,
titles cut at a word, slot lines in the office's words."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from radio.broadcast.slots import SlotLine, parse_slot_line, slot_line, slots_label
from radio.core.errors import RadioError
from radio.studio.pages.common import shorten
from tests.studio.conftest import sign_in


def test_a_text_file_renamed_mp3_is_refused_in_words(client: TestClient) -> None:
    token = sign_in(client, "editor")
    answer = client.post("/month/2024-05/upload", data={"segment": "greeting", "csrf": token},
                         files={"file": ("loi-chao.mp3", b"hello, this is text\n" * 50, "audio/mpeg")})
    assert answer.status_code == 400
    assert "Tệp loi-chao.mp3 không phải là âm thanh; hãy gửi tệp WAV, MP3 hoặc M4A" in answer.text
    assert "ffmpeg" not in answer.text and "/tmp" not in answer.text and "radio-upload" not in answer.text
    other = client.post("/month/2024-05/upload", data={"segment": "greeting", "csrf": token},
                        files={"file": ("ghi-chu.txt", b"x", "text/plain")})
    assert "Tệp ghi-chu.txt không phải là âm thanh" in other.text


def test_slot_lines_read_in_vietnamese_and_keep_the_files_format() -> None:
    line = parse_slot_line("Mon Wed Fri 05:30")
    assert line == SlotLine((0, 2, 4), time(5, 30))
    assert line.label("vi") == "Thứ Hai, Thứ Tư, Thứ Sáu 05:30" and line.toml() == "Mon Wed Fri 05:30"
    assert slot_line(["6", "5"], "7:05", 1).toml() == "Sat Sun 07:05"
    assert slots_label(["Sun 18:00", "not a slot"], "vi") == "Chủ nhật 18:00; not a slot"
    with pytest.raises(RadioError, match="Slot 2: tick at least one weekday"):
        slot_line([], "05:30", 2)
    with pytest.raises(RadioError, match="'24:00' is not a time of day"):
        slot_line(["0"], "24:00", 1)


def test_titles_are_cut_at_a_word_boundary() -> None:
    assert shorten("Cải cách thủ tục hành chính", 100) == "Cải cách thủ tục hành chính"
    assert shorten("Cải cách thủ tục hành chính", 14) == "Cải cách thủ…"
    assert shorten("Cảicáchthủtục", 5) == "Cảicá…"


def test_a_published_month_warns_before_it_is_edited(app, client: TestClient, workspace: Path) -> None:
    from radio.store.db import transaction
    from radio.store.publications import claim_release

    sign_in(client, "editor")
    assert "đã phát hành" not in client.get("/month/2024-05").text
    with transaction(app.state.studio.engine) as session:
        claim_release(session, app.state.studio.clock(), ["2024-05"])
    page = client.get("/month/2024-05").text
    assert "Tháng này đã phát hành" in page and "dựng lại, duyệt lại và phát hành lại" in page


def test_a_refusal_is_not_shown_as_a_success(client: TestClient) -> None:
    token = sign_in(client, "editor")
    answer = client.post("/month/2024-09/submit", data={"csrf": token})  # never built
    page = client.get(answer.headers["location"]).text
    assert 'class="flash hint"' in page and "Hãy dựng chương trình trước khi trình duyệt" in page


def test_a_recording_is_chosen_by_name_heard_and_removed(client: TestClient, workspace: Path,
                                                         tmp_path: Path) -> None:
    from radio.core import ffmpeg

    token = sign_in(client, "editor")
    page = client.get("/month/2024-05").text
    assert '<option value="greeting">Lời chào' in page or 'value="greeting">' in page
    assert "02-greeting" not in page and "01-greeting" not in page
    mp3 = tmp_path / "chao.mp3"
    ffmpeg.run(["-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-y", str(mp3)], what="test")
    client.post("/month/2024-05/upload", data={"segment": "greeting", "csrf": token},
                files={"file": ("chao.mp3", mp3.read_bytes(), "audio/mpeg")})
    page = client.get("/month/2024-05").text
    assert 'src="/month/2024-05/recording/greeting"' in page
    heard = client.get("/month/2024-05/recording/greeting")
    assert heard.status_code == 200 and heard.content[:4] == b"RIFF"
    assert client.get("/month/2024-05/recording/..%2Fepisode.toml").status_code == 404
    version = re.search(r'name="version" value="([^"]+)"', page)[1]  # type: ignore[index]
    gone = client.post("/month/2024-05/recording/greeting/remove", data={"csrf": token, "version": version})
    assert gone.status_code == 303
    episode = workspace / "episodes" / "2024-05" / "episode.toml"
    assert "ghi-am/greeting.wav" not in episode.read_text(encoding="utf-8")
    assert not (workspace / "episodes" / "2024-05" / "ghi-am" / "greeting.wav").exists()
    assert client.get("/month/2024-05/recording/greeting").status_code == 404


def test_the_figures_the_months_topics_use_are_listed(client: TestClient) -> None:
    sign_in(client, "editor")
    page = client.get("/month/2024-05").text  # topics 5 and 6
    listed = re.findall(r"<li><code>(\w+)</code> · chủ đề (\d+): ([^<]+)</li>", page)
    assert listed, page[-3000:]
    names = [name for name, _, _ in listed]
    assert len(names) == len(set(names)) and "hotline" not in names and "month" not in names
    assert all(int(topic) in (5, 6) for _, topic, _ in listed)


def test_an_emergency_group_is_named_by_its_unit(workspace: Path) -> None:
    from datetime import date

    from radio.broadcast.stations import group_label
    from radio.config import load_settings

    network = load_settings(workspace / "schedule.toml").network
    assert group_label(network, "sa-huynh", date(2027, 1, 1)) == "phường Sa Huỳnh"
    assert group_label(network, "sa-huynh", date(2024, 5, 1)) == "phường Sa Huỳnh (phường Phổ Thạnh, xã Phổ Châu)"
