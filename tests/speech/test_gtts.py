"""gTTS engine against a mocked Google (the `responses` package): never the network."""

from __future__ import annotations

import base64
import random
import re

import pytest
import requests
import responses
from gtts import gTTS

from radio.content.pace import Pace
from radio.speech.engine import SpeechUnavailable
from radio.speech.gtts_engine import Backoff, GttsEngine, split_for_google

URL = re.compile(r"https://translate\.google\.com\.vn/_/TranslateWebserverUi/data/batchexecute.*")


def google_body(mp3: bytes) -> str:
    """What translate.google answers: a batchexecute envelope around the base64 MP3."""
    b64 = base64.b64encode(mp3).decode("ascii")
    return ")]}'\n\n" + '[["wrb.fr","jQ1olc","[\\"' + b64 + '\\"]",null,null,null,"generic"]]\n'


def make_engine(sleeps: list[float], retries: int = 3) -> GttsEngine:
    return GttsEngine(tld="com.vn", timeout_s=5, retries=retries, pace=Pace(4.6, 0.25, 0.5),
                      sleep=sleeps.append, rng=random.Random(1))


@responses.activate
def test_success_decodes_google_mp3(tone_mp3: bytes) -> None:
    responses.add(responses.POST, URL, body=google_body(tone_mp3))
    sleeps: list[float] = []
    audio = make_engine(sleeps).synthesize("Xin chào bà con.")
    assert audio.frame_rate == 24_000 and audio.channels == 1 and audio.sample_width == 2
    assert 1000 <= len(audio) <= 1300  # the 1.1 s tone, plus the MP3 encoder's padding
    assert audio.max_dBFS > -10
    assert len(responses.calls) == 1 and sleeps == []
    sent = gTTS("Xin chào bà con.", lang="vi", lang_check=False, pre_processor_funcs=[])
    assert responses.calls[0].request.body == sent.get_bodies()[0]  # Vietnamese, the whole text


@responses.activate
def test_long_text_is_one_request_per_piece(tone_mp3: bytes) -> None:
    responses.add(responses.POST, URL, body=google_body(tone_mp3))
    text = "Bà con nộp hồ sơ trực tuyến tại nhà, không phải đi lại nhiều lần. " * 4
    audio = make_engine([]).synthesize(text)
    pieces = split_for_google(text)
    assert len(responses.calls) == len(pieces) == 4  # two 66-character sentences exceed 100
    assert len(audio) >= 4 * 1000  # every piece's audio, back to back


@responses.activate
def test_429_is_retried_after_a_backoff(tone_mp3: bytes) -> None:
    responses.add(responses.POST, URL, status=429)
    responses.add(responses.POST, URL, body=google_body(tone_mp3))
    sleeps: list[float] = []
    audio = make_engine(sleeps).synthesize("Xin chào.")
    assert len(audio) > 900
    assert len(responses.calls) == 2
    assert len(sleeps) == 1 and 0.25 <= sleeps[0] <= 0.5  # first backoff: half fixed, half jitter


@responses.activate
def test_503_is_retried_until_retries_run_out() -> None:
    responses.add(responses.POST, URL, status=503)
    sleeps: list[float] = []
    with pytest.raises(SpeechUnavailable, match="after 3 attempts"):
        make_engine(sleeps, retries=2).synthesize("Xin chào.")
    assert len(responses.calls) == 3 and len(sleeps) == 2
    assert sleeps[1] > sleeps[0] * 0.9  # exponential: the second wait is from a doubled range


@responses.activate
@pytest.mark.parametrize("status", [403, 404])
def test_403_and_404_are_not_retried(status: int) -> None:
    responses.add(responses.POST, URL, status=status)
    sleeps: list[float] = []
    with pytest.raises(SpeechUnavailable, match=str(status)):
        make_engine(sleeps).synthesize("Xin chào.")
    assert len(responses.calls) == 1 and sleeps == []


@responses.activate
def test_connection_failure_after_retries_is_unavailable() -> None:
    responses.add(responses.POST, URL, body=requests.ConnectionError("network unreachable"))
    sleeps: list[float] = []
    with pytest.raises(SpeechUnavailable, match="Failed to connect"):
        make_engine(sleeps, retries=2).synthesize("Xin chào.")
    assert len(responses.calls) == 3 and len(sleeps) == 2


def test_backoff_grows_and_is_capped() -> None:
    backoff, rng = Backoff(base_s=0.5, cap_s=4.0), random.Random(7)
    delays = [backoff.delay_s(attempt, rng) for attempt in range(6)]
    for attempt, delay in enumerate(delays):
        full = min(4.0, 0.5 * 2 ** attempt)
        assert full / 2 <= delay <= full


def test_split_packs_sentences_and_respects_the_limit() -> None:
    text = ("Căn cứ Kế hoạch số mười bốn của Ủy ban nhân dân thị xã về chuyển đổi số, các xã, "
            "phường đã đẩy mạnh dịch vụ công trực tuyến. Xin chào. Hẹn gặp lại!  ...")
    pieces = split_for_google(text, limit=60)
    assert all(len(p) <= 60 for p in pieces)
    assert " ".join(pieces).split() == text.split()  # every word kept, in order
    assert "phường đã đẩy mạnh dịch vụ công trực tuyến. Xin chào." in pieces  # sentences share
    assert all(len(a) + 1 + len(b) > 60 for a, b in zip(pieces, pieces[1:], strict=False))  # packed greedily
    assert split_for_google("... !") == []  # nothing to speak: no request
    assert split_for_google("Xin chào.") == ["Xin chào."]
    assert split_for_google("a" * 250, limit=100) == ["a" * 100, "a" * 100, "a" * 50]


@responses.activate
def test_an_answer_without_audio_is_unavailable_not_silently_dropped(tone_mp3: bytes) -> None:
    # gTTS yields nothing (and raises nothing) for a 200 whose body holds no audio line
    responses.add(responses.POST, URL, body=google_body(tone_mp3))
    responses.add(responses.POST, URL, body=")]}'\n\n[]\n")
    sleeps: list[float] = []
    text = "Bà con nộp hồ sơ trực tuyến tại nhà, không phải đi lại nhiều lần. " * 2
    with pytest.raises(SpeechUnavailable, match="without audio"):
        make_engine(sleeps).synthesize(text)
    assert len(responses.calls) == 2 and sleeps == []  # a bad body is not retried


def refused() -> requests.ConnectionError:
    """What requests raises when nothing answers (connection refused; no DNS is a subclass)."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError
    return requests.ConnectionError(MaxRetryError(None, "/", NewConnectionError(None, "refused")))


@responses.activate
@pytest.mark.parametrize("error", [refused(), requests.ConnectTimeout("connect timed out")])
def test_an_unreachable_network_fails_at_once_without_retries(error: Exception) -> None:
    responses.add(responses.POST, URL, body=error)
    sleeps: list[float] = []
    with pytest.raises(SpeechUnavailable, match="Failed to connect"):
        make_engine(sleeps, retries=4).synthesize("Xin chào.")
    assert len(responses.calls) == 1 and sleeps == []


@responses.activate
def test_the_connection_waits_about_a_second_and_the_answer_the_settings_timeout(
        tone_mp3: bytes) -> None:
    responses.add(responses.POST, URL, body=google_body(tone_mp3))
    make_engine([]).synthesize("Xin chào.")
    assert responses.calls[0].request.req_kwargs["timeout"] == (1.0, 5)
