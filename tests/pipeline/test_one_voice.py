"""One voice per programme: an engine failing part-way makes the next one speak it all, and the
voices CLI (list, import, remove; say and build with --engine piper --voice)."""

from __future__ import annotations

import json
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pydub.generators import Sine

from radio.config import load_settings
from radio.content.pace import Pace
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.core.progress import Collect, EngineSwitched
from radio.pipeline.build import build_month
from radio.speech.engine import SpeechUnavailable
from radio.speech.speaker import Speaker
from tests.speech.piper_voice import TEST_VOICE, make_voice


class Breaks:
    """Speaks `good` segments (a second of tone each), then cannot be reached any more."""

    def __init__(self, name: str, good: int) -> None:
        self.name, self.good, self.calls = name, good, 0
        self.pace = Pace(4.5, 0.2, 0.4)

    def identity(self) -> str:
        return f"breaks {self.name}"

    def describe(self) -> str:
        return f"{self.name} test voice"

    def synthesize(self, text: str):
        self.calls += 1
        if self.calls > self.good:
            raise SpeechUnavailable(f"{self.name} went away")
        return Sine(440).to_audio_segment(duration=1000, volume=-6).set_channels(1)


@pytest.mark.slow
def test_a_voice_failing_part_way_is_replaced_for_the_whole_programme(workspace: Path) -> None:
    settings = load_settings(workspace / "schedule.toml")
    piper, gtts = Breaks("piper", good=3), Breaks("gtts", good=0)
    speaker = Speaker(settings.speech, settings.reading, settings.audio.sample_rate, "auto",
                      engines={"piper": piper, "gtts": gtts})
    events = Collect()
    result = build_month(Month(2024, 5), settings, speaker=speaker, report=events)
    assert piper.calls > 3 and gtts.calls >= 1
    switched = [e for e in events.events if isinstance(e, EngineSwitched)]
    assert [(e.failed, e.next) for e in switched] == [("piper", "gtts"), ("gtts", "espeak")]
    assert switched[0].detail == "piper went away"
    said = [e.text().in_language("vi") for e in switched]  # Vietnamese, the engine's words after
    assert said[0] == ("giọng tự nhiên (Piper) lỗi giữa chừng; đọc lại toàn bộ chương trình bằng "
                       "giọng Google (trực tuyến) (chi tiết: piper went away)")
    facts = json.loads((result.folder / "build.json").read_text())
    assert facts["voice"] == "espeak-ng vi-vn-x-central 150 wpm"
    assert {s["engine"] for s in facts["segments"]} == {"jingle", "espeak"}  # never a mix
    assert {str(why).split(":")[0] for why in result.fallbacks} >= {"piper", "gtts"}


def test_when_every_engine_fails_the_build_says_why_for_each(workspace: Path) -> None:
    settings = load_settings(workspace / "schedule.toml")
    engines = {name: Breaks(name, good=1) for name in ("piper", "gtts", "espeak")}
    speaker = Speaker(settings.speech, settings.reading, settings.audio.sample_rate, "auto",
                      engines=engines)
    with pytest.raises(RadioError, match="No engine could speak the whole programme "
                                         r"\(piper: piper went away; gtts: .*; espeak: .*\)"):
        build_month(Month(2024, 5), settings, speaker=speaker)
    assert not (workspace / "episodes" / "2024-05" / "episode.mp3").exists()


@pytest.mark.slow
@pytest.mark.synthesis
def test_voices_cli_and_say_with_a_piper_voice(radio: Callable[..., Result], workspace: Path,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("radio.speech.calibrate.calibration_texts", lambda whole=True: [
        "Kính chào quý vị, hôm nay trời đẹp.", "Xin cảm ơn.", "Thứ hai, thứ ba, thứ tư.",
        "Kính chào quý vị, hôm nay trời đẹp. Xin cảm ơn."])
    model = make_voice(tmp_path / "usb")
    imported = radio("voices", "import", str(model))
    assert imported.exit_code == 0, imported.stderr
    assert f"Imported {TEST_VOICE}" in imported.stdout and "Measuring the voice's pace" in imported.stderr
    listed = radio("voices", "list")
    assert TEST_VOICE in listed.stdout and "vi_VN-vais1000-medium" in listed.stdout
    meta = json.loads((workspace / ".radio" / "voices" / TEST_VOICE / "radio-voice.json")
                      .read_text())
    assert meta["pace"]["syllables_per_s"] > 2 and 0 <= meta["fit_error_pct"] < 15  # stored

    out = tmp_path / "say.wav"
    said = radio("say", "Xin chào quý vị.", "--engine", "piper", "--voice", TEST_VOICE,
                 "-o", str(out))
    assert said.exit_code == 0, said.stderr
    assert f"piper {TEST_VOICE} (speed 1)" in said.stderr
    with wave.open(str(out)) as audio:
        assert audio.getframerate() == 22_050 and audio.getnframes() > 11_000

    missing = radio("build", "2024-05", "--engine", "piper", "--voice", "vi_VN-none-low")
    assert missing.exit_code == 1 and "no voice 'vi_VN-none-low' installed" in missing.stderr
    removed = radio("voices", "remove", TEST_VOICE)
    assert removed.exit_code == 0 and TEST_VOICE not in radio("voices", "list").stdout
