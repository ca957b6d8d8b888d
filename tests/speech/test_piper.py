"""The Piper engine for real: the joe voice's model speaking Vietnamese phonemes (espeak-ng vi).

Synthesis is kept to a sentence or two per test; the tests that synthesise are marked
`synthesis` (they run everywhere, CI included)."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from radio.config import Settings
from radio.content.pace import Pace
from radio.content.script import Script, Segment, SegmentKind
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.speech.engine import SpeechUnavailable
from radio.speech.piper_engine import PiperEngine, resolve_voice, scaled_pace, split_long
from radio.speech.speaker import EngineFailed, Speaker
from radio.speech.voices import find_voice

from .piper_voice import TEST_VOICE, make_voice

SENTENCE = "Xin chào quý vị thính giả."


def engine(settings: Settings, **options: object) -> PiperEngine:
    voice = find_voice(settings.speech.voices_dir, TEST_VOICE)
    return PiperEngine.for_voice(voice, **options)  # type: ignore[arg-type]


def test_piper_phonemises_vietnamese_with_its_own_espeak_ng(piper_settings: Settings) -> None:
    # Through the voice, as synthesis does: a second EspeakPhonemizer() in the process would
    # initialise piper's espeak-ng again, which corrupts the first one's state (seen here)
    voice = engine(piper_settings)._load()
    assert voice.config.espeak_voice == "vi"
    sentences = voice.phonemize("Xin chào quý vị. Hồ sơ một cửa.")
    assert len(sentences) == 2
    # tone digits: what a voice's phoneme map may lack (rhasspy/piper#60)
    assert {"2", "6"} <= set(sentences[0]) and "ʃ" in sentences[0]


def test_pace_scales_with_speed() -> None:
    assert scaled_pace(Pace(4.0, 0.2, 0.4), 1.25) == Pace(5.0, 0.16, 0.32)


def test_identity_names_voice_model_and_length_scale(piper_settings: Settings) -> None:
    fast = engine(piper_settings, speed=1.25)
    assert f"voice={TEST_VOICE}" in fast.identity() and "length_scale=0.8" in fast.identity()
    assert fast.identity() != engine(piper_settings).identity()
    assert fast.describe() == f"piper {TEST_VOICE} (speed 1.25)"


@pytest.mark.slow
@pytest.mark.synthesis
def test_speaks_with_explicit_threads_and_length_scale(piper_settings: Settings) -> None:
    slow, fast = engine(piper_settings, speed=0.6), engine(piper_settings, speed=1.6, threads=1)
    slow_take, fast_take = slow.synthesize(SENTENCE), fast.synthesize(SENTENCE)
    assert slow_take.frame_rate == 22_050 and slow_take.channels == 1
    assert slow_take.max_dBFS > -6  # each sentence at full scale, as piper does
    assert len(fast_take) < 0.7 * len(slow_take)  # length scale 0.625 against 1.667
    options = fast._voice.session.get_session_options()
    assert options.intra_op_num_threads == 1 and options.inter_op_num_threads == 1
    assert slow._voice.session.get_session_options().intra_op_num_threads == 2


@pytest.mark.synthesis
def test_a_phoneme_the_voice_lacks_is_dropped_and_logged(tmp_path, caplog) -> None:
    from radio.speech.voices import import_voice

    from .conftest import stub_calibration

    source = make_voice(tmp_path / "usb", "vi_VN-notones-medium", drop=("2", "6"))
    voice = import_voice(source, tmp_path / "voices", stub_calibration)
    piper = PiperEngine.for_voice(voice)
    with caplog.at_level(logging.WARNING, logger="radio.speech.piper"):
        take = piper.synthesize("Xin chào quý vị.")
    assert len(take) > 300
    assert piper.dropped == {"2": 1, "6": 1}
    assert "vi_VN-notones-medium lacks phoneme(s) '2'×1, '6'×1" in caplog.text


def test_a_damaged_model_is_unavailable_not_a_crash(tmp_path) -> None:
    from radio.speech.voices import import_voice

    from .conftest import stub_calibration

    source = make_voice(tmp_path / "usb", "vi_VN-broken-medium", link=False)
    source.write_bytes(b"not an onnx model")
    voice = import_voice(source, tmp_path / "voices", stub_calibration)
    with pytest.raises(SpeechUnavailable, match="does not load"):
        PiperEngine.for_voice(voice).synthesize(SENTENCE)


def test_a_damaged_model_warmed_in_the_background_fails_at_synthesis(tmp_path) -> None:
    from radio.speech.voices import import_voice

    from .conftest import stub_calibration

    source = make_voice(tmp_path / "usb", "vi_VN-broken-medium", link=False)
    source.write_bytes(b"not an onnx model")
    piper = PiperEngine.for_voice(import_voice(source, tmp_path / "voices", stub_calibration))
    piper.warm()  # the background load fails quietly...
    with pytest.raises(SpeechUnavailable, match="does not load"):
        piper.synthesize(SENTENCE)  # ...and the first synthesis says why, as without warming


@pytest.mark.synthesis
def test_a_warmed_voice_is_loaded_once_and_speaks(piper_settings: Settings) -> None:
    piper = engine(piper_settings)
    piper.warm()
    take = piper.synthesize(SENTENCE)  # waits for the load under the engine's lock
    loaded = piper._voice
    assert loaded is not None and len(take) > 500
    piper.synthesize(SENTENCE)
    assert piper._voice is loaded


def test_voice_resolution(piper_settings: Settings, tmp_path) -> None:
    assert resolve_voice(piper_settings.speech).name == TEST_VOICE  # the only Vietnamese one
    with pytest.raises(RadioError, match="no voice 'vi_VN-none-low' installed.*radio voices install"):
        resolve_voice(piper_settings.speech, "vi_VN-none-low")
    empty = replace(piper_settings.speech, voices_dir=tmp_path / "none")
    with pytest.raises(RadioError, match="no Vietnamese Piper voice installed"):
        resolve_voice(empty)
    assert PiperEngine.unavailable(empty) is not None
    assert PiperEngine.unavailable(piper_settings.speech) is None


def _script(*texts: str) -> Script:
    return Script(Month.parse("2024-05"), "Chuyên mục", tuple(
        Segment(f"{i:02d}-news", SegmentKind.NEWS, f"Tin {i}", text) for i, text in enumerate(texts)))


class _FailsOn:
    """The real Piper engine, unavailable for one text: a fault part-way through a programme."""

    def __init__(self, inner: PiperEngine, poison: str) -> None:
        self.inner, self.poison = inner, poison
        self.name, self.pace = inner.name, inner.pace

    def identity(self) -> str:
        return self.inner.identity()

    def describe(self) -> str:
        return self.inner.describe()

    def synthesize(self, text: str):
        if self.poison in text:
            raise SpeechUnavailable("the voice stopped answering")
        return self.inner.synthesize(text)


@pytest.mark.synthesis
def test_auto_speaks_everything_with_piper_caches_it_and_never_mixes(
        piper_settings: Settings) -> None:
    speech = replace(piper_settings.speech, concurrency=1)
    speaker = Speaker(speech, piper_settings.reading, 22_050, "auto")
    assert speaker.candidates == ("piper", "gtts", "espeak")
    first = speaker.speak_script(_script("Xin chào.", "Hẹn gặp lại."))
    assert first.engine_counts == {"piper": 2} and first.voice == f"piper {TEST_VOICE} (speed 1)"

    again = Speaker(speech, piper_settings.reading, 22_050, "auto")
    cached = again.speak_script(_script("Xin chào.", "Hẹn gặp lại."))
    assert all(s.cached for s in cached.segments)
    assert again._engines["piper"]._voice is None  # the model was not even loaded

    flaky = _FailsOn(engine(piper_settings), "hỏng")
    speaker = Speaker(speech, piper_settings.reading, 22_050, "piper", engines={"piper": flaky})
    with pytest.raises(EngineFailed, match="piper cannot speak now"):
        speaker.speak_script(_script("Xin chào.", "Máy hỏng rồi."))
    # the next engine re-speaks the whole script, including what piper had spoken
    espeak = Speaker(speech, piper_settings.reading, 22_050, "espeak")
    redo = espeak.speak_script(_script("Xin chào.", "Máy hỏng rồi."))
    assert redo.engine_counts == {"espeak": 2}


def test_a_long_sentence_is_cut_after_commas_to_bound_memory() -> None:
    sentence = list("aaaa bbbb, cccc dddd, eeee ffff, gggg hhhh.")
    pieces = split_long(sentence, limit=16)
    assert ["".join(p) for p in pieces] == ["aaaa bbbb,", "cccc dddd,", "eeee ffff,",
                                            "gggg hhhh."]
    assert ["".join(p) for p in split_long(list("aaaa bbbb cccc dddd"), limit=10)] == [
        "aaaa bbbb ", "cccc dddd"]  # no comma: at a space
    assert split_long(sentence, limit=100) == [sentence]
