"""FPT.AI Text to Speech v5: a commercial Vietnamese voice with a contract (optional, online).

The text leaves the office: it is sent to FPT.AI, which charges per character. The API key comes
from the environment (RADIO_FPTAI_KEY), never from schedule.toml, so it is not committed with the
settings. The API is asynchronous: a POST of the text answers with an `async` URL where the MP3
appears 5 s to 2 min later; it is polled a bounded number of times.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import requests
from pydub import AudioSegment

from radio.content.pace import Pace
from radio.core.environment import FPTAI_KEY
from radio.core.errors import RadioError
from radio.core.i18n import N_, Text
from radio.speech.engine import SpeechUnavailable
from radio.speech.gtts_engine import Backoff, decode_answer, split_for_google
from radio.speech.kinds import Voice
from radio.speech.network import timeouts, unreachable
from radio.speech.settings import SpeechSettings

API_URL = "https://api.fpt.ai/hmi/tts/v5"
KEY_VARIABLE = FPTAI_KEY.name
VOICES = ("banmai", "lannhi", "leminh", "myan", "thuminh", "giahuy", "linhsan")
MAX_CHARS = 5000      # FPT.AI's limit per request
SAMPLE_RATE = 22_050  # decoded at this rate whatever FPT.AI sends
# ESTIMATE (no access from here to measure): a news reader's pace at speed 0; each speed step
# assumed ±10 %. Replace with a calibration on a networked machine.
PACE = Pace(4.8, 0.25, 0.5)
_RNG = random.Random()


class FptaiEngine:
    """Speaks through api.fpt.ai; SpeechUnavailable when it cannot be reached or refuses."""

    name = Voice.FPTAI

    def __init__(self, *, api_key: str, voice: str, speed: int, timeout_s: float, retries: int,
                 poll_every_s: float = 3.0, max_polls: int = 40, url: str = API_URL,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if voice not in VOICES:
            raise RadioError(N_("speech.fptai_voice: {voice!r} is not an FPT.AI voice; use one of {voices}"),
                             voice=voice, voices=", ".join(VOICES))
        self.api_key = api_key
        self.voice = voice
        self.speed = speed
        self.timeout_s = timeout_s
        self.retries = retries
        self.poll_every_s = poll_every_s
        self.max_polls = max_polls
        self.url = url
        factor = 1 + 0.1 * speed
        self.pace = Pace(PACE.syllables_per_s * factor, PACE.comma_pause_s / factor,
                         PACE.sentence_pause_s / factor)
        self._sleep = sleep  # injected so tests never wait
        self._backoff = Backoff()

    @classmethod
    def from_settings(cls, settings: SpeechSettings) -> FptaiEngine:
        key = FPTAI_KEY.get()
        if not key:
            raise RadioError(N_("the fptai engine needs an API key in {variable} (from console.fpt.ai)"),
                             variable=KEY_VARIABLE)
        return cls(api_key=key, voice=settings.fptai_voice, speed=settings.fptai_speed,
                   timeout_s=settings.timeout_s, retries=settings.retries)

    @classmethod
    def unavailable(cls, settings: SpeechSettings, voice: str | None = None) -> str | None:
        return None if FPTAI_KEY.get() else f"{KEY_VARIABLE} is not set"

    def identity(self) -> str:
        return f"fptai v5 voice={self.voice} speed={self.speed} pieces={MAX_CHARS} rate={SAMPLE_RATE}"

    def describe(self) -> str:
        return f"fptai {self.voice} (speed {self.speed:+d})"

    def synthesize(self, text: str) -> AudioSegment:
        pieces = split_for_google(text, MAX_CHARS)
        if not pieces:
            raise ValueError("nothing to speak")
        return decode_answer(b"".join(self._fetch(self._order(piece)) for piece in pieces),
                             SAMPLE_RATE, "FPT.AI's")

    def _order(self, piece: str) -> str:
        """POST one piece; the URL where its MP3 will appear. Network errors and 429/5xx retried."""
        headers = {"api_key": self.api_key, "voice": self.voice, "speed": str(self.speed),
                   "format": "mp3"}
        for attempt in range(self.retries + 1):
            try:
                response = requests.post(self.url, data=piece.encode("utf-8"), headers=headers,
                                         timeout=timeouts(self.timeout_s))
            except requests.RequestException as err:
                why = Text.of(N_("FPT.AI unreachable: {problem}"), problem=type(err).__name__)
                if unreachable(err):  # offline: the next attempt would fail the same way
                    raise SpeechUnavailable(why) from None
            else:
                if response.status_code in (401, 403):
                    raise SpeechUnavailable(N_("FPT.AI refused the key in {variable} (HTTP {status})"),
                                            variable=KEY_VARIABLE, status=response.status_code)
                if response.status_code == 429 or response.status_code >= 500:
                    why = Text.of(N_("FPT.AI HTTP {status}"), status=response.status_code)
                elif response.status_code != 200:
                    raise SpeechUnavailable(N_("FPT.AI HTTP {status}: {answer}"), status=response.status_code,
                                            answer=response.text[:200])
                else:
                    return self._async_url(response)
            if attempt < self.retries:
                self._sleep(self._backoff.delay_s(attempt, _RNG))
        raise SpeechUnavailable(N_("{why} after {attempts} attempts"), why=why, attempts=self.retries + 1)

    @staticmethod
    def _async_url(response: requests.Response) -> str:
        try:
            answer = response.json()
        except ValueError:
            raise SpeechUnavailable(N_("FPT.AI answered without JSON")) from None
        if answer.get("error") != 0 or not isinstance(answer.get("async"), str):
            raise SpeechUnavailable(N_("FPT.AI error {code}: {message}"), code=answer.get("error"),
                                    message=answer.get("message", "no message"))
        return answer["async"]

    def _fetch(self, url: str) -> bytes:
        """Poll the async URL until the MP3 is there, at most `max_polls` times."""
        for _poll in range(self.max_polls):
            self._sleep(self.poll_every_s)
            try:
                response = requests.get(url, timeout=timeouts(self.timeout_s))
            except requests.RequestException:
                continue
            if response.status_code == 200 and response.content:
                return response.content
            if response.status_code not in (403, 404) and response.status_code < 500:
                raise SpeechUnavailable(N_("FPT.AI's audio link answered HTTP {status}"),
                                        status=response.status_code)
        waited = self.max_polls * self.poll_every_s
        raise SpeechUnavailable(N_("FPT.AI's audio was not ready after {waited:.0f} s"), waited=waited)
