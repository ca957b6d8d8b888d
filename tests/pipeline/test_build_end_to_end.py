"""`radio build` end to end on the real 2024-05 input: real espeak-ng, real ffmpeg, real database."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from mutagen.id3 import ID3
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from radio.audio.loudness import ebur128, parse_summary
from radio.core import ffmpeg
from radio.store.tables import EpisodeRow, EpisodeSegmentRow


def measure(mp3: Path) -> tuple[float, float]:
    _, stderr = ffmpeg.run(["-i", str(mp3), "-af", ebur128(True), "-f", "null", "-"])
    loudness = parse_summary(stderr)
    return loudness.integrated_lufs, loudness.true_peak_dbtp


def listed_chapters(mp3: Path) -> list[str]:
    _, stderr = ffmpeg.run(["-i", str(mp3), "-f", "null", "-t", "0", "-"])
    return re.findall(r"Chapter #0:\d+", stderr)


@pytest.mark.slow
def test_build_makes_a_broadcast_ready_episode(radio: Callable[..., Result], workspace: Path,
                                               db_url: str) -> None:
    result = radio("build", "2024-05", "--engine", "espeak")
    assert result.exit_code == 0, result.stderr
    assert "Built Chuyên mục Cải cách hành chính tháng 5 năm 2024" in result.stdout
    assert "espeak" in result.stdout and "episode.mp3" in result.stdout

    folder = workspace / "episodes" / "2024-05"
    mp3 = folder / "episode.mp3"
    facts = json.loads((folder / "build.json").read_text())
    assert 600 <= facts["duration_s"] <= 900
    assert facts["month"] == "2024-05" and facts["topics"]
    lufs, peak = measure(mp3)
    assert abs(lufs - -16.0) <= 1.0 and peak <= -1.0
    assert abs(facts["loudness_lufs"] - lufs) < 0.2

    tags = ID3(mp3)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Chuyên mục Cải cách hành chính tháng 5 năm 2024"
    assert str(tags["TRCK"]).startswith("5")
    assert abs(int(str(tags["TLEN"])) / 1000 - facts["duration_s"]) < 0.5
    assert len(tags.getall("CHAP")) == len(facts["segments"])
    assert len(listed_chapters(mp3)) == len(facts["segments"])

    starts = [s["start_s"] for s in facts["segments"]]
    # the first sound starts after the MP3 encoder's priming (radio/audio/frames.py), to the sample
    assert starts == sorted(starts) and starts[0] == pytest.approx(1105 / 44100, abs=0.001)
    assert {s["engine"] for s in facts["segments"]} == {"jingle", "espeak"}
    assert [s["kind"] for s in facts["segments"]][0] == "jingle_open"
    assert [s["kind"] for s in facts["segments"]][-1] == "jingle_close"

    script = (folder / "script.md").read_text()
    assert "Đọc là" in script and "hai nghìn không trăm hai mươi tư" in script

    with Session(create_engine(db_url)) as session:
        episode = session.scalars(select(EpisodeRow).where(EpisodeRow.month == "2024-05")).one()
        assert episode.sha256 == facts["sha256"]
        assert len(episode.segments) == len(facts["segments"])


@pytest.mark.slow
def test_rebuild_reuses_speech_and_replaces_the_record(radio: Callable[..., Result],
                                                      workspace: Path, db_url: str) -> None:
    assert radio("build", "2024-05", "--engine", "espeak").exit_code == 0
    folder = workspace / "episodes" / "2024-05"
    first = json.loads((folder / "build.json").read_text())
    assert first["voice"] == "espeak-ng vi-vn-x-central 150 wpm" and first["inputs_sha256"]
    assert "Giọng đọc: espeak-ng vi-vn-x-central 150 wpm" in (folder / "script.md").read_text()

    again = radio("build", "2024-05", "--engine", "espeak")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith("Unchanged:") and "Speaking" not in again.stderr
    assert json.loads((folder / "build.json").read_text()) == first  # nothing rewritten

    episode_toml = folder / "episode.toml"
    # same length, so that the fit keeps the same optional material around it
    episode_toml.write_text(episode_toml.read_text().replace(
        "Hơn một nửa số hồ sơ", "Trên một nửa số hồ sơ"), encoding="utf-8")
    edited = radio("build", "2024-05", "--engine", "espeak")
    assert edited.exit_code == 0, edited.stderr
    spoken = re.search(r"espeak (\d+) segments \((\d+) from the cache\)", edited.stdout)
    assert spoken and int(spoken[2]) == int(spoken[1]) - 1  # only the edited news item re-spoken
    assert "voice: espeak-ng vi-vn-x-central 150 wpm" in edited.stdout
    with Session(create_engine(db_url)) as session:
        assert session.scalar(select(func.count()).select_from(EpisodeRow)) == 1
        episode_ids = set(session.scalars(select(EpisodeSegmentRow.episode_id)))
        assert len(episode_ids) == 1


@pytest.mark.slow
def test_a_changed_mp3_is_rebuilt_not_called_unchanged(radio: Callable[..., Result],
                                                       workspace: Path) -> None:
    assert radio("build", "2024-05", "--engine", "espeak").exit_code == 0
    mp3 = workspace / "episodes" / "2024-05" / "episode.mp3"
    mp3.write_bytes(mp3.read_bytes()[:-1000])  # damaged or replaced by hand
    again = radio("build", "2024-05", "--engine", "espeak")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith("Built") and "from the cache" in again.stdout
