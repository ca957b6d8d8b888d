"""The centre's approval covers what is heard: a recording, a jingle or a voice changed after
approval stops `radio publish`, which names what changed; script.md shows a recording as one.

Real builds (espeak-ng, a short programme of own templates) through the CLI.
"""

from __future__ import annotations

import json
import math
import re
import struct
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from radio.core.errors import ExitCode
from radio.core.hashing import file_sha256
from tests.pipeline.test_kill_build import MONTH, tiny  # noqa: F401  (the fixture)

RECORDING = "ghi-am/mot-cua.wav"


def tone(path: Path, hertz: float, seconds: float = 1.5) -> None:
    """A sine tone as 16-bit mono WAV: an announcer's recording or a jingle, for the test."""
    rate = 22050
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * hertz * i / rate)))
                      for i in range(int(rate * seconds)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)


@pytest.fixture
def approved_with_recording(tiny: Path, radio: Callable[..., Result]) -> Path:  # noqa: F811
    """Built with a recorded greeting, approved, scheduled, published once; a key made."""
    folder = tiny / "episodes" / MONTH
    tone(folder / RECORDING, 440)
    (folder / "episode.toml").write_text(f'topics = [1, 2]\n[recorded]\ngreeting = "{RECORDING}"\n',
                                         encoding="utf-8")
    for args in (("build", MONTH, "--engine", "espeak"), ("approve", MONTH, "--by", "Nguyễn Văn A"),
                 ("schedule", MONTH), ("keygen",), ("publish", MONTH)):
        done = radio(*args)
        assert done.exit_code == 0, (args, done.stdout, done.stderr)
    return folder


def refused_to_publish(radio: Callable[..., Result], *names: str) -> str:
    result = radio("publish", MONTH)
    assert result.exit_code == ExitCode.NOT_READY, result.stdout + result.stderr
    line = result.stderr.strip()
    assert "Traceback" not in result.stderr and len(line.splitlines()) == 1
    for name in names:
        assert name in line
    return line


def rebuild(radio: Callable[..., Result]) -> None:
    done = radio("build", MONTH, "--engine", "espeak")
    assert done.exit_code == 0, done.stderr


@pytest.mark.slow
def test_script_md_shows_a_recording_not_the_text_it_replaced(approved_with_recording: Path) -> None:
    folder = approved_with_recording
    script = (folder / "script.md").read_text(encoding="utf-8")
    sha = file_sha256(folder / RECORDING)
    # The greeting's own section (in a month of units its local part, greeting-local, is another one).
    heading = re.search(r"^## \d+\. (?:Lời chào|Đoạn greeting)$", script, re.M)
    assert heading, script
    section = script[heading.start():].split("\n## ", 1)[0]
    assert f"**Bản ghi âm:** `{RECORDING}` · " in section and f"sha256 `{sha}`" in section
    assert "Kính thưa quý vị" not in section  # the template's words are not what airs
    assert f"- Ghi âm {RECORDING}: `{sha}`" in script  # listed among what the approval covers
    facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    assert {"kind": "recording", "name": RECORDING, "sha256": sha} in facts["inputs"]
    assert {i["kind"] for i in facts["inputs"]} == {"voice", "jingle", "recording", "text"}
    recorded = [s for s in facts["segments"] if s.get("recording")]
    assert [(s["recording"], s["recording_sha256"]) for s in recorded] == [(RECORDING, sha)]


@pytest.mark.slow
def test_a_recording_replaced_after_approval_is_not_published(
        approved_with_recording: Path, radio: Callable[..., Result]) -> None:
    tone(approved_with_recording / RECORDING, 660)  # another take, same file name
    rebuild(radio)
    line = refused_to_publish(radio, f"the recorded file {RECORDING} changed after Nguyễn Văn A "
                                     "approved it on ", f"radio approve {MONTH} --by NAME")
    assert "the words of segment" not in line  # only what changed is named
    assert radio("approve", MONTH, "--by", "Nguyễn Văn A").exit_code == 0
    assert radio("publish", MONTH).exit_code == 0


@pytest.mark.slow
def test_a_jingle_or_a_voice_changed_after_approval_is_named(
        approved_with_recording: Path, radio: Callable[..., Result]) -> None:
    workspace = approved_with_recording.parent.parent
    tone(workspace / "my-open.wav", 880, seconds=1.0)
    settings = workspace / "schedule.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace('# jingle_open = "jingles/open.wav"', 'jingle_open = "my-open.wav"')
    settings.write_text(text, encoding="utf-8")
    rebuild(radio)
    refused_to_publish(radio, "the opening jingle changed after Nguyễn Văn A approved it")

    assert radio("approve", MONTH, "--by", "Nguyễn Văn A").exit_code == 0
    settings.write_text(text.replace("espeak_rate_wpm = 150", "espeak_rate_wpm = 170"), encoding="utf-8")
    rebuild(radio)
    refused_to_publish(radio, "the voice espeak changed after Nguyễn Văn A approved it")


@pytest.mark.slow
def test_an_unchanged_rebuild_stays_approved(approved_with_recording: Path,
                                             radio: Callable[..., Result]) -> None:
    rebuild(radio)
    done = radio("publish", MONTH)
    assert done.exit_code == 0, done.stderr
