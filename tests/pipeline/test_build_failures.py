"""Bad input and failed builds: one clear message, exit 1, no traceback, nothing overwritten."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from radio.content.script import Script
from radio.content.settings import ProgramSettings
from radio.core.atomic import Staging
from radio.core.errors import ExitCode, RadioError
from radio.core.month import Month
from radio.pipeline import build as pipeline
from radio.pipeline.build import check_duration
from radio.store.db import open_engine
from radio.store.tables import EpisodeRow


def refused(result: Result, *fragments: str, code: ExitCode = ExitCode.FAILED) -> None:
    assert result.exit_code == code, result.stdout + result.stderr
    assert isinstance(result.exception, SystemExit)  # a handled error, not an escaped exception
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.fixture
def last_good(workspace: Path) -> Path:
    folder = workspace / "episodes" / "2024-05"
    for name in ("episode.mp3", "build.json", "script.md"):
        (folder / name).write_text(f"last good {name}")
    return folder


def untouched(folder: Path) -> None:
    for name in ("episode.mp3", "build.json", "script.md"):
        assert (folder / name).read_text() == f"last good {name}"
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("month", ["2024-13", "24-05"])
def test_invalid_month(radio: Callable[..., Result], month: str) -> None:
    # A usage error (exit 2): click names the argument and the form, before any work.
    refused(radio("build", month), f"`MONTH`: {month!r}", "YYYY-MM", code=ExitCode.USAGE)


def test_malformed_episode_input_names_file_and_line(radio: Callable[..., Result], workspace: Path,
                                                     last_good: Path) -> None:
    toml = workspace / "episodes" / "2024-05" / "episode.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[[news]\n", encoding="utf-8")
    refused(radio("build", "2024-05"), "episode.toml", "line", code=ExitCode.SETTINGS)
    untouched(last_good)


def test_unknown_topic_is_named(radio: Callable[..., Result], workspace: Path,
                                last_good: Path) -> None:
    toml = workspace / "episodes" / "2024-05" / "episode.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("topics = [5, 6]", "topics = [5, 12]"),
                    encoding="utf-8")
    refused(radio("build", "2024-05"), "episode.toml", "12", "1 to 11")
    untouched(last_good)


def test_missing_recorded_file_is_named(radio: Callable[..., Result], workspace: Path,
                                        last_good: Path) -> None:
    toml = workspace / "episodes" / "2024-05" / "episode.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[recorded]\ngreeting = "ghi-am/chao.mp3"\n',
                    encoding="utf-8")
    refused(radio("build", "2024-05"), "ghi-am/chao.mp3")
    untouched(last_good)


def test_missing_jingle_is_named(radio: Callable[..., Result], workspace: Path) -> None:
    settings = workspace / "schedule.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        '# jingle_open = "jingles/open.wav"', 'jingle_open = "jingles/open.wav"'), encoding="utf-8")
    refused(radio("build", "2024-05"), "audio.jingle_open", "jingles/open.wav", code=ExitCode.SETTINGS)


def test_unwritable_output_folder(radio: Callable[..., Result], workspace: Path) -> None:
    (workspace / "blocked").write_text("a file where the episodes folder should be")
    settings = workspace / "schedule.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'episodes = "episodes"', 'episodes = "blocked"'), encoding="utf-8")
    refused(radio("build", "2024-05", "--engine", "espeak"), "cannot write here", code=ExitCode.FILES)


@pytest.mark.slow
def test_a_failed_encode_keeps_the_last_good_episode(radio: Callable[..., Result], last_good: Path,
                                                     db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_render(_programme: object, out_path: Path, _tags: object, _settings: object,
                      staged: Staging, _cache_dir: object = None) -> None:
        staged.path_for(out_path).write_bytes(b"half an mp3")
        raise RadioError("encoding episode.mp3: ffmpeg was killed")

    monkeypatch.setattr(pipeline, "render", broken_render)
    refused(radio("build", "2024-05", "--engine", "espeak"), "ffmpeg was killed")
    untouched(last_good)


@pytest.mark.slow
def test_a_failed_record_keeps_files_and_database_as_they_were(
        radio: Callable[..., Result], last_good: Path, db_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_record(*_args: object) -> None:
        raise RadioError("database is locked")

    monkeypatch.setattr(pipeline, "record_episode", broken_record)
    refused(radio("build", "2024-05", "--engine", "espeak"), "database is locked")
    untouched(last_good)
    with Session(create_engine(db_url)) as session:
        assert session.scalar(select(func.count()).select_from(EpisodeRow)) == 0


def test_a_read_only_database_fails_before_any_speech(
        radio: Callable[..., Result], last_good: Path, db_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened read-only by SQLite itself (file modes would not stop root, who runs CI)."""
    if not db_url.startswith("sqlite:///"):
        pytest.skip("a read-only SQLite file; a read-only server is another setup")
    open_engine(db_url).dispose()  # the database exists, at head
    monkeypatch.setenv("RADIO_DB", f"sqlite:///file:{db_url.removeprefix('sqlite:///')}?mode=ro&uri=true")
    spoken: list[str] = []

    def speak_script(*_args: object, **_kwargs: object) -> None:
        spoken.append("speech")
        raise AssertionError("the build reached speech with a read-only database")

    monkeypatch.setattr("radio.speech.speaker.Speaker.speak_script", speak_script)
    refused(radio("build", "2024-05", "--engine", "espeak"), "is read-only", code=ExitCode.DATABASE)
    assert spoken == []
    untouched(last_good)


@dataclass(frozen=True)
class _Chapter:
    segment_id: str
    duration_s: float


@dataclass(frozen=True)
class _Programme:
    duration_s: float
    chapters: tuple[_Chapter, ...]


PROGRAM = ProgramSettings(name="x", min_minutes=10, max_minutes=15, target_minutes=12.5,
                          templates_dir=None, plans_dir=None, episodes_dir=Path("episodes"),
                          identities=())
CHAPTERS = (_Chapter("02-greeting", 40.0), _Chapter("04-topic-05", 310.0), _Chapter("05-topic-06", 200.0))
SCRIPT = Script(Month(2024, 5), "x", ())


def test_too_long_says_how_much_and_names_the_longest_segments() -> None:
    with pytest.raises(RadioError) as caught:
        check_duration(_Programme(952.0, CHAPTERS), SCRIPT, PROGRAM)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "52 s over the 15:00 maximum" in message
    assert message.index("04-topic-05") < message.index("05-topic-06")
    assert "untouched" in message


def test_too_short_says_how_much() -> None:
    with pytest.raises(RadioError, match="30 s under the 10:00 minimum"):
        check_duration(_Programme(570.0, CHAPTERS), SCRIPT, PROGRAM)  # type: ignore[arg-type]


def test_inside_the_window_passes() -> None:
    check_duration(_Programme(750.0, CHAPTERS), SCRIPT, PROGRAM)  # type: ignore[arg-type]


def test_a_month_that_cannot_fill_the_window_is_refused_before_speech(
        radio: Callable[..., Result], workspace: Path, last_good: Path) -> None:
    settings = workspace / "schedule.toml"
    text = settings.read_text(encoding="utf-8")
    for key, value in (("min_minutes", 55), ("target_minutes", 58), ("max_minutes", 60)):
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    settings.write_text(text, encoding="utf-8")
    result = radio("build", "2024-05", "--engine", "espeak")
    refused(result, "2024-05", "short")
    assert "Speaking" not in result.stderr
    untouched(last_good)
