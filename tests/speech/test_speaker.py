"""speak_script: normalisation, cache, fallback, recorded files, concurrency, progress."""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from pydub import AudioSegment

from radio.config import Settings
from radio.content.pace import Pace
from radio.content.script import Script, Segment, SegmentKind
from radio.core.errors import RadioError
from radio.core.ffmpeg import decode
from radio.core.month import Month
from radio.reading import Normalizer
from radio.speech.gtts_engine import GttsEngine
from radio.speech.outages import Outages
from radio.speech.sentences import join_sentences
from radio.speech.speaker import EngineFailed, Speaker
from radio.speech.trim import trim_silence

from .conftest import CountingEngine, encode_tone
from .test_gtts import URL, google_body


def speaker_for(settings: Settings, mode: str | None = None, **options: Any) -> Speaker:
    """A Speaker with the speech, reading and sample rate of `settings`, as the build makes one."""
    return Speaker(settings.speech, settings.reading, settings.audio.sample_rate, mode, **options)


def script(*segments: Segment) -> Script:
    return Script(Month.parse("2024-05"), "Chuyên mục tháng 5", segments)


def spoken(i: int, text: str | None = None, **kw: object) -> Segment:
    text = text or f"Nội dung thứ {i}, xin chào."
    return Segment(f"{i:02d}-topic", SegmentKind.TOPIC, f"Mục {i}", text, **kw)


FRAME = script(
    Segment("00-jingle", SegmentKind.JINGLE_OPEN, "Nhạc hiệu", ""),
    Segment("01-greeting", SegmentKind.GREETING, "Chào", "Kính chào quý vị."),
    Segment("02-topic", SegmentKind.TOPIC, "Một cửa", "Bộ phận Một cửa tiếp nhận hồ sơ.", topic=5),
    Segment("03-closing", SegmentKind.CLOSING, "Kết", "Xin chào và hẹn gặp lại."),
    Segment("04-jingle", SegmentKind.JINGLE_CLOSE, "Nhạc hiệu", ""),
)


def test_speaks_spoken_segments_in_order_and_skips_jingles(settings: Settings) -> None:
    engine = CountingEngine()
    progress: list[str] = []
    result = speaker_for(settings, "espeak", engines={"espeak": engine}).speak_script(
        FRAME, progress=lambda s: progress.append(s.segment_id))
    ids = ["01-greeting", "02-topic", "03-closing"]
    assert [s.segment_id for s in result.segments] == ids
    assert sorted(progress) == ids
    assert result.engine_counts == {"espeak": 3} and result.fallbacks == ()
    assert all(not s.cached and len(s.audio) > 900 for s in result.segments)


def test_text_is_normalised_before_the_engine(settings: Settings) -> None:
    engine = CountingEngine()
    written = unicodedata.normalize("NFD", "UBND thị xã tiếp nhận 1.250 hồ sơ.")
    speaker_for(settings, "espeak", engines={"espeak": engine}).speak_text(written)
    assert engine.texts == [Normalizer(settings.reading).read(written)]
    assert unicodedata.is_normalized("NFC", engine.texts[0])


def test_second_run_comes_from_the_cache_without_engine_calls(settings: Settings) -> None:
    first = CountingEngine()
    speaker_for(settings, "espeak", engines={"espeak": first}).speak_script(FRAME)
    assert len(first.texts) == 3
    second = CountingEngine()
    result = speaker_for(settings, "espeak", engines={"espeak": second}).speak_script(FRAME)
    assert second.texts == []
    assert all(s.cached for s in result.segments)


def test_real_espeak_output_is_cached_as_wav(settings: Settings) -> None:
    first = speaker_for(settings, "espeak").speak_text("Xin chào bà con.")
    assert first.engine == "espeak" and first.audio.frame_rate == 22_050 and len(first.audio) > 500
    assert list(settings.speech.cache_dir.rglob("*.wav"))
    again = speaker_for(settings, "espeak").speak_text("Xin chào bà con.")
    assert again.cached and again.audio.raw_data == first.audio.raw_data


def test_trim_keeps_fifty_ms_around_the_sound(tmp_path: Path) -> None:
    # 0.3 s silence, 0.5 s tone, 0.3 s silence
    tone = decode(str(encode_tone(tmp_path / "t", ".wav")), 24_000, what="test tone")
    trimmed = trim_silence(tone)
    assert 570 <= len(trimmed) <= 620


@responses.activate
def test_a_failing_engine_stops_the_whole_script_and_the_next_one_speaks_all(
        settings: Settings) -> None:
    responses.add(responses.POST, URL, body=requests.ConnectionError("no route to host"))
    sleeps: list[float] = []
    gtts = GttsEngine(tld="com.vn", timeout_s=1, retries=2, pace=Pace(4.6, 0.25, 0.5),
                      sleep=sleeps.append)
    settings = replace(settings, speech=replace(settings.speech, concurrency=1))
    segments = [spoken(i) for i in range(4)]
    speaker = speaker_for(settings, "auto",
                      engines={"gtts": gtts})
    assert speaker.candidates == ("gtts", "espeak")  # no Piper voice installed here
    with pytest.raises(EngineFailed) as failed:
        speaker.speak_script(script(*segments))
    assert failed.value.engine == "gtts"
    assert len(responses.calls) == 3  # one segment's attempts; the other three never asked Google
    result = speaker.speak_script(script(*segments), engine="espeak")
    assert result.engine_counts == {"espeak": 4}  # all of it: never a mix
    assert result.engine == "espeak" and result.voice.startswith("espeak-ng vi")
    assert any(str(note).startswith("piper: no Vietnamese voice") for note in result.fallbacks)
    assert all(s.audio.frame_rate == 22_050 for s in result.segments)  # real espeak-ng spoke


@responses.activate
def test_auto_uses_google_when_it_answers(settings: Settings, tone_mp3: bytes) -> None:
    responses.add(responses.POST, URL, body=google_body(tone_mp3))
    gtts = GttsEngine(tld="com.vn", timeout_s=1, retries=2, pace=Pace(4.6, 0.25, 0.5),
                      sleep=lambda s: None)
    result = speaker_for(settings, "auto", engines={"gtts": gtts}).speak_script(FRAME)
    assert result.engine_counts == {"gtts": 3} and result.engine == "gtts"


@responses.activate
def test_gtts_only_mode_fails_with_a_clear_message(settings: Settings) -> None:
    responses.add(responses.POST, URL, status=403)
    gtts = GttsEngine(tld="com.vn", timeout_s=1, retries=2, pace=Pace(4.6, 0.25, 0.5),
                      sleep=lambda s: None)
    with pytest.raises(RadioError, match=r"segment \d\d-\w+ \(.+\): gtts cannot speak now.*403"):
        speaker_for(settings, "gtts", engines={"gtts": gtts}).speak_script(FRAME)


def test_recorded_file_replaces_synthesis(settings: Settings, tmp_path: Path) -> None:
    engine = CountingEngine()
    recording = encode_tone(tmp_path / "announcer", ".mp3")
    segments = (spoken(1), spoken(2, recorded=recording))
    result = speaker_for(settings, "espeak", engines={"espeak": engine}).speak_script(script(*segments))
    assert [s.engine for s in result.segments] == ["espeak", "recorded"]
    assert len(engine.texts) == 1
    voice = result.segments[1].audio
    assert voice.frame_rate == settings.audio.sample_rate and 1000 <= len(voice) <= 1300
    again = speaker_for(settings, "espeak", engines={"espeak": engine}).speak_script(script(*segments))
    assert again.segments[1].cached and again.segments[1].engine == "recorded"


def test_missing_recorded_file_names_it(settings: Settings, tmp_path: Path) -> None:
    missing = tmp_path / "episodes" / "2024-05" / "greeting.wav"
    with pytest.raises(RadioError, match=re.escape(str(missing)) + ": recorded file not found"):
        speaker_for(settings, "espeak").speak_script(
            script(spoken(1, recorded=missing)))


def test_unreadable_recorded_file_names_it(settings: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "greeting.mp3"
    broken.write_text("this is not audio")
    with pytest.raises(RadioError, match=re.escape(str(broken)) + ": not a readable audio file"):
        speaker_for(settings, "espeak").speak_script(
            script(spoken(1, recorded=broken)))


def test_segment_without_words_is_an_error(settings: Settings) -> None:
    with pytest.raises(RadioError, match=r"segment 03-topic \(Mục 3\): no words to speak"):
        speaker_for(settings, "espeak", engines={"espeak": CountingEngine()}).speak_script(
            script(spoken(3, text=" … ")))


@pytest.mark.parametrize("bound", [1, 3])
def test_concurrency_bound_is_respected_and_reached(settings: Settings, bound: int) -> None:
    engine = CountingEngine("gtts", wait=threading.Barrier(bound))
    settings = replace(settings, speech=replace(settings.speech, concurrency=bound))
    segments = [spoken(i) for i in range(bound * 3)]
    result = speaker_for(settings, "gtts", engines={"gtts": engine}).speak_script(script(*segments))
    assert len(result.segments) == bound * 3
    assert engine.max_active == bound  # the barrier only opens when `bound` calls run together


def test_unknown_mode_is_an_error(settings: Settings) -> None:
    with pytest.raises(RadioError, match="unknown speech engine 'festival'"):
        speaker_for(settings, "festival")


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 5, 2, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@responses.activate
def test_an_outage_is_remembered_so_the_next_run_does_not_wait_on_google(
        settings: Settings, tmp_path: Path) -> None:
    responses.add(responses.POST, URL, body=requests.ConnectionError("no route to host"))
    clock = _Clock()
    outages = Outages(tmp_path / "outages.json", clock, hold=timedelta(minutes=15))

    def speaker() -> Speaker:
        gtts = GttsEngine(tld="com.vn", timeout_s=1, retries=2, pace=Pace(4.6, 0.25, 0.5),
                          sleep=lambda s: None)
        return speaker_for(settings, "auto", engines={"gtts": gtts}, outages=outages)

    first = speaker()
    assert first.expected_engine == "gtts"
    with pytest.raises(EngineFailed):
        first.speak_script(script(spoken(1)))
    asked = len(responses.calls)
    assert asked == 3

    clock.now += timedelta(minutes=10)
    second = speaker()
    assert second.expected_engine == "espeak"
    result = second.speak_script(script(spoken(2)))
    assert len(responses.calls) == asked  # Google was not asked again
    assert result.engine_counts == {"espeak": 1}
    assert any("found unreachable at" in str(note) and "--engine gtts" in str(note)
               for note in result.fallbacks)

    clock.now += timedelta(minutes=6)
    assert speaker().expected_engine == "gtts"  # the hold is over: Google is tried again


def test_an_explicitly_chosen_engine_is_always_tried(settings: Settings, tmp_path: Path) -> None:
    outages = Outages(tmp_path / "outages.json")
    outages.record("gtts", "Failed to connect")
    assert speaker_for(settings, "gtts", outages=outages).expected_engine == "gtts"
    assert speaker_for(settings, "auto", outages=outages).expected_engine == "espeak"


def test_a_damaged_outage_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "outages.json"
    path.write_text("{not json")
    assert Outages(path).current() == {}


def test_a_speaker_made_as_the_studio_and_cli_make_it_honours_the_outage_file(
        settings: Settings) -> None:
    """build_month (the Studio's and the CLI's path) makes its Speaker with no outages given:
    the record it reads is the one a failed build wrote under the speech cache."""
    Outages(settings.speech.cache_dir / "outages.json").record("gtts", "Failed to connect")
    made = Speaker(settings.speech, settings.reading, settings.audio.sample_rate)
    assert made.mode == "auto" and "gtts" not in made.candidates


def test_the_summary_says_plainly_when_the_robot_voice_spoke_for_want_of_a_natural_one(
        settings: Settings) -> None:
    # no voice installed in the test settings' voices folder: auto falls to Google, then espeak-ng
    outages = Outages(settings.speech.cache_dir / "outages.json")
    outages.record("gtts", "Failed to connect")
    made = speaker_for(settings, "auto", outages=outages)
    notes = made.speak_script(script(spoken(1))).fallbacks
    assert str(notes[0]).startswith("the robot voice (espeak-ng) spoke because no natural voice is "
                                    "installed") and "radio voices install" in str(notes[0])
    assert "giọng máy" in notes[0].in_language("vi")  # type: ignore[union-attr]
    chosen = speaker_for(settings, "espeak").speak_script(script(spoken(1))).fallbacks
    assert not any("robot voice" in str(note) for note in chosen)  # chosen, not for want of a voice


def test_a_local_engine_speaks_by_sentence_so_a_fixed_word_re_speaks_one_sentence(
        settings: Settings) -> None:
    engine = CountingEngine()
    engine.by_sentence = True  # type: ignore[attr-defined]
    text = "Câu thứ nhất. Câu thứ hai có một từ sai! Câu thứ ba?"
    first = speaker_for(settings, "espeak", engines={"espeak": engine}).speak_script(
        script(spoken(1, text)))
    assert len(engine.texts) == 3
    fixed = text.replace("từ sai", "từ đúng")
    again = speaker_for(settings, "espeak", engines={"espeak": engine}).speak_script(
        script(spoken(1, fixed)))
    assert engine.texts[3:] == [Normalizer(settings.reading).read("Câu thứ hai có một từ đúng!")]
    assert not again.segments[0].cached
    # the same pauses: three trimmed takes and two equal gaps, to the sample, fresh or cached
    one, two = first.segments[0].audio, again.segments[0].audio
    assert len(one.raw_data) == len(two.raw_data)
    take = trim_silence(engine.synthesize("x"))
    gap = round((engine.pace.sentence_pause_s - 0.1) * take.frame_rate)
    assert one.frame_count() == 3 * take.frame_count() + 2 * gap
    cached = speaker_for(settings, "espeak", engines={"espeak": engine}).speak_script(
        script(spoken(1, fixed)))
    assert cached.segments[0].cached and cached.segments[0].audio.raw_data == two.raw_data
    # its takes come with it (a unit's local segment is levelled by sentence): the audio is them
    # joined by the gap it names
    spoken_again = cached.segments[0]
    assert len(spoken_again.takes) == 3 and round(spoken_again.gap_s * take.frame_rate) == gap
    assert join_sentences(list(spoken_again.takes), engine.pace.sentence_pause_s).raw_data == two.raw_data
    # ... and they are windows on its bytes, not a second copy of the segment
    assert all(take.raw_data.obj is spoken_again.audio.raw_data for take in spoken_again.takes)


def test_each_segment_is_a_file_as_soon_as_it_is_spoken(settings: Settings) -> None:
    engine = CountingEngine()
    heard: list[bool] = []
    made = speaker_for(settings, "espeak", engines={"espeak": engine})
    path = made.take_path("2024-05", "01-topic")

    def progress(done: object) -> None:  # the build's progress: the file is there already
        heard.append(path.is_file())

    result = made.speak_script(script(spoken(1)), progress)
    assert heard == [True]
    assert decode(str(path), 24000, "take").frame_count() > 0
    assert len(result.segments[0].audio) == pytest.approx(len(decode(str(path), 24000, "take")),
                                                          abs=50)


class _SlowEngine(CountingEngine):
    """Speaks slowly enough that segments spoken side by side overlap."""

    by_sentence = True

    def synthesize(self, text: str) -> AudioSegment:
        time.sleep(0.2)
        return super().synthesize(text)


def test_a_sentence_several_segments_share_is_synthesised_once_and_heard_the_same(
        settings: Settings) -> None:
    """Every unit's greeting opens with the same sentence and is spoken side by side: one take
    for all (espeak-ng's output differs from call to call, so two would be two sounds)."""
    engine = _SlowEngine()
    shared = "Kính thưa quý vị và các bạn!"
    segments = [spoken(i, f"{shared} Đài truyền thanh số {i} kính chào quý vị.") for i in range(4)]
    result = speaker_for(settings, "espeak", engines={"espeak": engine}).speak_script(
        script(*segments))
    read = Normalizer(settings.reading).read(shared)
    assert engine.texts.count(read) == 1 and len(engine.texts) == 5
    assert len({s.takes[0].raw_data.tobytes() for s in result.segments}) == 1
