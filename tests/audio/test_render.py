from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from radio.audio.assemble import Programme, assemble
from radio.audio.inspect import inspect_mp3
from radio.audio.render import Rendered, render
from radio.audio.tags import episode_tags
from radio.cli import main
from radio.config import Settings
from radio.content.script import Script
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.speech.engine import SpokenSegment


@pytest.fixture
def programme(settings: Settings, script: Script, spoken: list[SpokenSegment]) -> Programme:
    return assemble(script, spoken, settings.audio)


@pytest.fixture
def rendered(tmp_path: Path, settings: Settings, programme: Programme) -> Rendered:
    tags = episode_tags(settings.program, Month(2024, 5))
    return render(programme, tmp_path / "episode.mp3", tags, settings.audio)


@pytest.mark.slow
def test_file_loudness_and_peak_meet_the_target(rendered: Rendered, settings: Settings) -> None:
    found = inspect_mp3(rendered.path)  # ffmpeg ebur128=peak=true on the MP3 itself
    assert found.loudness_lufs == pytest.approx(settings.audio.target_lufs,
                                                abs=settings.audio.tolerance_lu)
    assert found.true_peak_dbtp <= settings.audio.true_peak_dbtp
    # what render reports agrees with the file
    assert rendered.loudness_lufs == pytest.approx(found.loudness_lufs, abs=0.3)
    assert rendered.true_peak_dbtp == pytest.approx(found.true_peak_dbtp, abs=0.5)
    assert (found.bitrate_kbps, found.sample_rate, found.channels) == (96, 44100, 1)
    assert found.duration_s == pytest.approx(rendered.duration_s, abs=0.03)
    assert rendered.sha256 == hashlib.sha256(rendered.path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_tags_are_id3v23_in_vietnamese(rendered: Rendered, settings: Settings) -> None:
    id3 = ID3(rendered.path, translate=False)
    assert id3.version == (2, 3, 0)
    assert str(id3["TIT2"]) == "Chuyên mục Cải cách hành chính tháng 5 năm 2024"
    assert str(id3["TPE1"]) == settings.program.identity_of(Month(2024, 5)).centre
    assert str(id3["TYER"]) == "2024" and not id3.getall("TDRC")
    assert str(id3["TRCK"]) == "5/12"
    assert str(id3["TLEN"]) == str(round(rendered.duration_s * 1000))
    assert id3.getall("COMM") and id3.getall("TCON") and id3.getall("TALB")
    toc = id3.getall("CTOC")[0]
    assert len(toc.child_element_ids) == 4


@pytest.mark.slow
def test_ffmpeg_lists_one_chapter_per_segment(rendered: Rendered, programme: Programme) -> None:
    chapters = inspect_mp3(rendered.path).chapters
    assert [c.title for c in chapters] == [c.title for c in programme.chapters]
    for listed, chapter in zip(chapters, programme.chapters, strict=True):
        assert listed.start_s == pytest.approx(chapter.start_s, abs=0.002)
    assert chapters[-1].end_s == pytest.approx(programme.duration_s, abs=0.002)


@pytest.mark.slow
def test_failed_encode_keeps_the_old_file(tmp_path: Path, settings: Settings,
                                          programme: Programme) -> None:
    target = tmp_path / "episode.mp3"
    target.write_bytes(b"the last good episode")
    broken = dataclasses.replace(settings.audio, sample_rate=12345)  # LAME cannot do this rate
    with pytest.raises(RadioError, match="ffmpeg failed"):
        render(programme, target, episode_tags(settings.program, Month(2024, 5)), broken)
    assert target.read_bytes() == b"the last good episode"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["episode.mp3", "schedule.toml"]


@pytest.mark.slow
def test_stereo_output_is_still_on_target(tmp_path: Path, settings: Settings,
                                          programme: Programme) -> None:
    stereo = dataclasses.replace(settings.audio, channels=2, bitrate_kbps=128)
    done = render(programme, tmp_path / "s.mp3", episode_tags(settings.program, Month(2024, 5)),
                  stereo)
    found = inspect_mp3(done.path)
    assert found.channels == 2
    assert found.loudness_lufs == pytest.approx(-16.0, abs=0.5)


@pytest.mark.slow
def test_check_command_passes_a_good_file(rendered: Rendered, settings: Settings) -> None:
    result = CliRunner().invoke(main, ["--config", str(settings.path), "check",
                                       str(rendered.path)])
    assert result.exit_code == 0, result.output
    assert "LUFS" in result.output and "dBTP" in result.output
    assert "Chuyên mục Cải cách hành chính tháng 5 năm 2024" in result.output
    assert "Dịch vụ công trực tuyến" in result.output  # a chapter
    assert "Meets the programme's rules" in result.output


@pytest.mark.slow
def test_check_command_fails_a_file_outside_the_window(rendered: Rendered, tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text("[program]\nmin_minutes = 10\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(strict), "check", str(rendered.path)])
    assert result.exit_code == 1
    assert "outside 10–15 minutes" in result.output


@pytest.mark.parametrize("name, content, message", [
    ("missing.mp3", None, "no such file"),
    ("notes.mp3", b"hello, not audio at all" * 100, "not an MP3"),
])
def test_check_command_rejects_missing_and_non_mp3_files(
        tmp_path: Path, settings: Settings, name: str, content: bytes | None,
        message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(main, ["--config", str(settings.path), "check", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
