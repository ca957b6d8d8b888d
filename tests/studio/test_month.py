"""The month page: the file stays the source of truth, comments kept, no lost edit, bad input refused."""

from __future__ import annotations

import io
import math
import struct
import wave
from pathlib import Path

from starlette.testclient import TestClient

from radio.core.hashing import text_sha256
from radio.studio.months import form_from_text
from tests.studio.conftest import sign_in


def fields(path: Path, **changes: str) -> dict[str, object]:
    """The month page's form as a browser would post it, from the file."""
    form = form_from_text(path.read_text(encoding="utf-8"))
    data: dict[str, object] = {
        "topics": [str(t) for t in form.topics],
        "notes": form.notes,
        "version": text_sha256(path.read_text(encoding="utf-8")),
    }
    for i, (name, value) in enumerate(form.figures):
        data[f"fig-{i}-name"], data[f"fig-{i}-value"] = name, value
    for i, n in enumerate(form.news):
        data.update({f"news-{i}-title": n.title, f"news-{i}-source": n.source, f"news-{i}-text": n.text})
    for i, q in enumerate(form.qa):
        data.update({f"qa-{i}-question": q.question, f"qa-{i}-answer": q.answer, f"qa-{i}-topic": q.topic})
    data.update(changes)
    return data


def test_saving_the_form_edits_the_file_and_keeps_its_comments(client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "editor")
    path = workspace / "episodes" / "2024-05" / "episode.toml"
    before = path.read_text(encoding="utf-8")
    page = client.get("/month/2024-05")
    assert page.status_code == 200 and "Kết quả giải quyết thủ tục hành chính" in page.text
    answer = client.post("/month/2024-05", data=fields(path, **{"news-0-title": "Tin đã sửa", "csrf": token}))
    assert answer.status_code == 303, answer.text
    after = path.read_text(encoding="utf-8")
    assert 'title = "Tin đã sửa"' in after and "Kết quả giải quyết thủ tục hành chính 4 tháng" not in after
    assert after.splitlines()[:4] == before.splitlines()[:4]  # the author's comments
    assert "Đã lưu" in client.get("/month/2024-05").text


def test_errors_show_beside_the_field_and_the_file_is_untouched(client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "editor")
    path = workspace / "episodes" / "2024-05" / "episode.toml"
    before = path.read_text(encoding="utf-8")
    answer = client.post(
        "/month/2024-05", data=fields(path, **{"news-1-source": "", "topics": ["5"], "csrf": token})
    )
    assert answer.status_code == 400
    assert "Ô này đang để trống" in answer.text and "Chọn từ 2 đến 4 chủ đề" in answer.text
    assert path.read_text(encoding="utf-8") == before


def test_a_second_save_from_an_old_page_is_refused(client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "editor")
    path = workspace / "episodes" / "2024-05" / "episode.toml"
    stale = fields(path, **{"news-0-title": "Bản thứ hai", "csrf": token})
    first = client.post(
        "/month/2024-05", data=fields(path, **{"news-0-title": "Bản thứ nhất", "csrf": token})
    )
    assert first.status_code == 303
    second = client.post("/month/2024-05", data=stale)
    assert second.status_code == 409 and "Đã có thay đổi kể từ khi bạn mở trang" in second.text
    assert "Bản thứ hai" in second.text  # their text is kept on the page
    assert 'title = "Bản thứ nhất"' in path.read_text(encoding="utf-8")


def test_a_malformed_file_opens_with_its_error_and_stays_untouched(
    client: TestClient, workspace: Path
) -> None:
    sign_in(client, "editor")
    path = workspace / "episodes" / "2024-05" / "episode.toml"
    broken = path.read_text(encoding="utf-8").replace("topics = [5, 6]", "topics = [5, 6")
    path.write_text(broken, encoding="utf-8")
    page = client.get("/month/2024-05")
    assert page.status_code == 200
    assert "chưa dùng được; tệp không bị thay đổi" in page.text and "Sai cú pháp ở dòng" in page.text
    assert "topics = [5, 6\n" in page.text  # shown in the text editor to fix
    assert path.read_text(encoding="utf-8") == broken


def test_the_text_editor_checks_before_saving(client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "editor")
    path = workspace / "episodes" / "2024-05" / "episode.toml"
    before = path.read_text(encoding="utf-8")
    version = text_sha256(before)
    bad = client.post(
        "/month/2024-05/raw", data={"raw": before + "\nmystery = 1\n", "version": version, "csrf": token}
    )
    assert bad.status_code == 400 and "mystery" in bad.text
    assert path.read_text(encoding="utf-8") == before
    good = client.post(
        "/month/2024-05/raw", data={"raw": before + "\n# ghi chú\n", "version": version, "csrf": token}
    )
    assert good.status_code == 303 and path.read_text(encoding="utf-8").endswith("# ghi chú\n")


def test_the_predicted_length_is_the_compilers_fit(client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "editor")
    path = workspace / "episodes" / "2024-05" / "episode.toml"
    answer = client.post("/month/2024-05/predict", data=fields(path, csrf=token)).json()
    assert 600 <= answer["seconds"] <= 900 and answer["in_window"] and ":" in answer["clock"]


def _wav(seconds: float = 1.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(
            b"".join(struct.pack("<h", int(8000 * math.sin(i / 10))) for i in range(int(16000 * seconds)))
        )
    return buffer.getvalue()


def test_uploads_must_be_audio_and_cannot_choose_their_path(client: TestClient, workspace: Path) -> None:
    token = sign_in(client, "editor")
    month = workspace / "episodes" / "2024-05"
    fake = client.post(
        "/month/2024-05/upload",
        data={"segment": "greeting", "csrf": token},
        files={"file": ("loi-chao.mp3", b"not audio at all", "audio/mpeg")},
    )
    assert fake.status_code == 400 and "Tệp ghi âm bị từ chối" in fake.text
    tricky = client.post(
        "/month/2024-05/upload",
        data={"segment": "../../schedule", "csrf": token},
        files={"file": ("x.wav", _wav(), "audio/wav")},
    )
    assert tricky.status_code == 400
    wrong = client.post(
        "/month/2024-05/upload",
        data={"segment": "greeting", "csrf": token},
        files={"file": ("x.exe", _wav(), "audio/wav")},
    )
    assert wrong.status_code == 400
    assert not (month / "ghi-am").exists() or not any((month / "ghi-am").iterdir())
    good = client.post(
        "/month/2024-05/upload",
        data={"segment": "greeting", "csrf": token},
        files={"file": ("..\\..\\Lời chào.wav", _wav(), "audio/wav")},
    )
    assert good.status_code == 303, good.text
    assert (month / "ghi-am" / "greeting.wav").is_file()
    assert 'greeting = "ghi-am/greeting.wav"' in (month / "episode.toml").read_text(encoding="utf-8")


def test_an_upload_over_the_cap_is_refused(client: TestClient, workspace: Path, monkeypatch) -> None:
    import radio.studio.files

    monkeypatch.setattr(radio.studio.files, "MAX_UPLOAD", 10_000)
    token = sign_in(client, "editor")
    big = client.post("/month/2024-05/upload", data={"segment": "greeting", "csrf": token},
                      files={"file": ("loi-chao.wav", _wav(2.0), "audio/wav")})
    assert big.status_code == 400 and "lớn hơn" in big.text
    assert not (workspace / "episodes" / "2024-05" / "ghi-am" / "greeting.wav").exists()
