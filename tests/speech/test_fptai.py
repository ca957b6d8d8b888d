"""FPT.AI TTS v5 against its documented API, mocked at the HTTP layer (`responses`): POST the
text with api_key/voice/speed headers, get {"error": 0, "async": URL}, poll URL for the MP3."""

from __future__ import annotations

from dataclasses import replace

import pytest
import requests
import responses
from responses import matchers

from radio.config import Settings
from radio.core.errors import RadioError
from radio.speech.engine import SpeechUnavailable
from radio.speech.fptai_engine import API_URL, KEY_VARIABLE, FptaiEngine
from radio.speech.speaker import Speaker

AUDIO = "https://file01.fpt.ai/text2speech-v5/short/2024-05-02/banmai.0.abc.mp3"


def answer(error: int = 0, message: str = "The content will be returned after a few seconds "
           "under the async link.") -> dict[str, object]:
    return {"async": AUDIO, "error": error, "message": message, "request_id": "a1b2"}


def make(sleeps: list[float], **options: object) -> FptaiEngine:
    settings = dict(api_key="k-123", voice="leminh", speed=1, timeout_s=5, retries=2,
                    poll_every_s=3, max_polls=4, sleep=sleeps.append)
    return FptaiEngine(**{**settings, **options})  # type: ignore[arg-type]


@responses.activate
def test_posts_the_text_then_polls_until_the_mp3_is_ready(tone_mp3: bytes) -> None:
    responses.post(API_URL, json=answer(), match=[
        matchers.header_matcher({"api_key": "k-123", "voice": "leminh", "speed": "1",
                                 "format": "mp3"}),
        matchers.body_matcher("Kính chào quý vị.")])
    responses.get(AUDIO, status=404)  # not ready yet (the docs: 5 s to 2 min)
    responses.get(AUDIO, status=404)
    responses.get(AUDIO, body=tone_mp3, content_type="audio/mpeg")
    sleeps: list[float] = []
    audio = make(sleeps).synthesize("Kính chào quý vị.")
    assert audio.frame_rate == 22_050 and 1000 <= len(audio) <= 1300
    assert sleeps == [3, 3, 3]
    assert [c.request.method for c in responses.calls] == ["POST", "GET", "GET", "GET"]


@responses.activate
def test_polling_is_bounded() -> None:
    responses.post(API_URL, json=answer())
    responses.get(AUDIO, status=404)
    sleeps: list[float] = []
    with pytest.raises(SpeechUnavailable, match="not ready after 12 s"):
        make(sleeps).synthesize("Kính chào quý vị.")
    assert len(responses.calls) == 1 + 4


@responses.activate
def test_an_error_answer_and_a_refused_key_are_unavailable() -> None:
    responses.post(API_URL, json=answer(error=1, message="Invalid content"))
    with pytest.raises(SpeechUnavailable, match="FPT.AI error 1: Invalid content"):
        make([]).synthesize("Kính chào quý vị.")
    responses.replace(responses.POST, API_URL, status=401, json={"message": "bad key"})
    with pytest.raises(SpeechUnavailable, match=f"refused the key in {KEY_VARIABLE}"):
        make([]).synthesize("Kính chào quý vị.")
    assert len(responses.calls) == 2  # neither is retried


@responses.activate
def test_network_errors_and_503_are_retried_then_given_up() -> None:
    responses.post(API_URL, body=requests.ConnectionError("no route"))
    responses.post(API_URL, status=503)
    responses.post(API_URL, status=503)
    sleeps: list[float] = []
    with pytest.raises(SpeechUnavailable, match="HTTP 503 after 3 attempts"):
        make(sleeps).synthesize("Kính chào quý vị.")
    assert len(sleeps) == 2


def test_key_comes_from_the_environment(settings: Settings,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    assert FptaiEngine.unavailable(settings.speech) == f"{KEY_VARIABLE} is not set"
    with pytest.raises(RadioError, match=f"needs an API key in {KEY_VARIABLE}"):
        Speaker(settings.speech, settings.reading, 22_050, "fptai")
    auto = Speaker(replace(settings.speech, order=("fptai", "espeak")), settings.reading,
                   22_050, "auto")
    assert auto.candidates == ("espeak",)  # skipped without a key, and said so
    monkeypatch.setenv(KEY_VARIABLE, "k-123")
    engine = FptaiEngine.from_settings(replace(settings.speech, fptai_voice="myan", fptai_speed=-1))
    assert engine.api_key == "k-123" and engine.describe() == "fptai myan (speed -1)"
    assert engine.pace.syllables_per_s < FptaiEngine.from_settings(settings.speech).pace.syllables_per_s
    with pytest.raises(RadioError, match="not an FPT.AI voice"):
        make([], voice="alloy")


@responses.activate
def test_an_unreachable_network_is_not_retried() -> None:
    from tests.speech.test_gtts import refused
    responses.post(API_URL, body=refused())
    sleeps: list[float] = []
    with pytest.raises(SpeechUnavailable, match="unreachable"):
        make(sleeps).synthesize("Kính chào quý vị.")
    assert len(responses.calls) == 1 and sleeps == []
